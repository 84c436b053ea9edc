"""Reads of the knowledge base (GB/T 44191): the category tree, the agent's search, the back office's list."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.utils import timezone

from digigov.core.errors import NotFoundError
from digigov.core.models import LedgerEntry, Organisation
from digigov.core.rules import rule
from digigov.knowledge import search
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article, Category
from digigov.knowledge.permissions import editable_department_ids, is_staff_member

MAX_RESULTS = 50


def category_list(*, active_only: bool = True) -> QuerySet[Category]:
    qs = Category.objects.select_related("parent")
    return qs.filter(is_active=True) if active_only else qs


def category_get(pk: int) -> Category:
    try:
        return Category.objects.select_related("parent").get(pk=pk)
    except Category.DoesNotExist:
        raise NotFoundError() from None


def _in_subtree(qs: QuerySet[Article], category: Category | None) -> QuerySet[Article]:
    # A node's code is its parent's code and two more digits, so a subtree is a prefix (an index range scan).
    return qs if category is None else qs.filter(category__code__startswith=category.code)


def _ranked(ids: list[int], terms: list[str], limit: int, held: dict[int, int] | None = None) -> list[Article]:
    """The matches in order: those holding the most query terms when `held` counts them, then most query terms in
    the title, then the most used (helped marks add, not-helped marks subtract), then the order of `ids`."""
    found = Article.objects.filter(pk__in=ids).select_related("category", "department")
    position = {pk: n for n, pk in enumerate(ids)}
    held = held or {}
    return sorted(
        found,
        key=lambda a: (
            -held.get(a.pk, 0),
            -search.title_hits(terms, a.title),
            -(a.used_count + a.helped_count - a.not_helped_count),
            position[a.pk],
        ),
    )[:limit]


def article_search(
    *, terms: str, category: Category | None = None, limit: int = 10, on: dt.date | None = None
) -> list[Article]:
    """What an agent finds while the caller talks (GB/T 44191 知识检索): published articles in force on `on`
    (today) holding every word of `terms` — segmented by jieba like the articles' stored search text — in their
    title, keywords, answer or category name, within `category` and its sub-categories when given; those with the
    words in the title first, then the most used. Without words, the category's articles in force, most used first.
    """
    limit = max(1, min(limit, MAX_RESULTS))
    qs = _in_subtree(Article.objects.in_force(on), category)
    query_terms = search.terms(terms)
    if not query_terms:
        return list(qs.select_related("category", "department").order_by("-used_count", "title")[:limit])
    return _ranked(search.search(terms, within=qs), query_terms, limit)


SUGGESTION_WORDS = 8  # a request's first content words that are looked up one by one


def article_suggestions(*, text: str, limit: int = 5, on: dt.date | None = None) -> list[Article]:
    """Articles for a request in the caller's own words (a ticket's content), where `article_search` would ask for
    every word: the published articles in force holding the most of the request's first content words, at least
    two of them (or its only one); among equals, as there, those with the words in the title first, then the most
    used."""
    words = search.terms(text)[:SUGGESTION_WORDS]
    if not words:
        return []
    qs = Article.objects.in_force(on)
    held: Counter[int] = Counter()
    for word in words:
        held.update(search.search(word, within=qs))
    enough = min(2, len(words))
    ids = sorted(pk for pk, count in held.items() if count >= enough)
    return _ranked(ids, words, max(1, min(limit, MAX_RESULTS)), held)


def visible_articles(actor) -> QuerySet[Article]:
    """Every staff member reads published articles; drafts and withdrawn ones only their department's editors
    and the knowledge managers."""
    if not is_staff_member(actor):
        return Article.objects.none()
    departments = editable_department_ids(actor)
    qs = Article.objects.select_related("category", "department")
    if departments is None:
        return qs
    return qs.filter(Q(status=ArticleStatus.PUBLISHED) | Q(department_id__in=departments))


def article_list(
    *,
    actor,
    q: str = "",
    category: Category | None = None,
    department_id: int | None = None,
    status: str = "",
    due_for_review: bool = False,
) -> QuerySet[Article]:
    """The back office's list: the articles `actor` may read, filtered; with words, only the (at most 200) best
    matches, in their ranked order."""
    qs = _in_subtree(visible_articles(actor), category)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if status:
        qs = qs.filter(status=status)
    if due_for_review:
        due = timezone.localdate() + dt.timedelta(days=rule("knowledge.review_warning_days"))
        qs = qs.filter(status=ArticleStatus.PUBLISHED, review_on__lte=due)
    query_terms = search.terms(q)
    if not query_terms:
        return qs.order_by("category__code", "title")
    ids = [a.pk for a in _ranked(search.search(q, within=qs), query_terms, search.MAX_MATCHES)]
    order = Case(*[When(pk=pk, then=n) for n, pk in enumerate(ids)], output_field=IntegerField())
    return qs.filter(pk__in=ids).order_by(order)


def article_get(*, actor, pk: int) -> Article:
    try:
        return visible_articles(actor).get(pk=pk)
    except Article.DoesNotExist:
        raise NotFoundError() from None


def article_get_published(pk: int, *, on: dt.date | None = None) -> Article:
    """One article in force, for the hotline and the API; NotFoundError otherwise."""
    try:
        return Article.objects.in_force(on).select_related("category", "department").get(pk=pk)
    except Article.DoesNotExist:
        raise NotFoundError() from None


def articles_due_for_review(on: dt.date | None = None) -> QuerySet[Article]:
    """Published articles whose review date falls within the warning lead time of `on` (today), or has passed."""
    due = (on or timezone.localdate()) + dt.timedelta(days=rule("knowledge.review_warning_days"))
    return Article.objects.published().filter(review_on__isnull=False, review_on__lte=due).select_related("department")


def article_history(article: Article) -> QuerySet[LedgerEntry]:
    """Creation, changes, publication, withdrawal, reviews as the ledger recorded them (uses and marks left out:
    the counts show them)."""
    return (
        LedgerEntry.objects.filter(object_type="knowledge.article", object_id=str(article.pk))
        .exclude(action__in=["knowledge.article.used", "knowledge.article.marked"])
        .order_by("seq")
    )


def department_choices(actor) -> QuerySet[Organisation]:
    """The departments whose articles `actor` may keep (every active one for a knowledge manager)."""
    qs = Organisation.objects.filter(is_active=True).order_by("name")
    departments = editable_department_ids(actor)
    return qs if departments is None else qs.filter(pk__in=departments)
