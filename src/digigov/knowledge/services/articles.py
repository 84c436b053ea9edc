"""Writes on knowledge articles (GB/T 44191: 知识采集, 审核发布, 下架, 使用评价; issue #13 item 7).

Every write checks the right first (the owning department's editors, or a knowledge manager: `permissions`),
changes the article under a row lock and records the change in the ledger in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import inbox_complete_for
from digigov.core.models import Organisation
from digigov.core.rules import rule
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article, Category
from digigov.knowledge.permissions import can_edit, editable_department_ids

REVIEW_DUE_TASK = "review"
FIELDS = ("category", "title", "keywords", "answer", "department", "valid_from", "valid_until", "review_on")


def _text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Category | Organisation):
        return value.name
    return value


def _snapshot(article: Article) -> dict[str, Any]:
    return {name: _text(getattr(article, name)) for name in FIELDS}


def _editable(actor, article_id: int) -> Article:
    """The article under a row lock, once the actor may edit its department's articles."""
    try:
        article = Article.objects.select_for_update().select_related("category", "department").get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFoundError() from None
    if not can_edit(actor, article.department):
        raise PermissionDeniedError()
    return article


def _saved(article: Article, *, actor, action: str, before: dict[str, Any], after: dict[str, Any]) -> Article:
    """Save a change of the article's standing by `actor`, with its ledger entry (same transaction)."""
    article.updated_by = actor
    article.save()
    ledger.record(action=action, actor=actor, organisation=article.department, obj=article, before=before, after=after)
    return article


def _checked(
    *,
    actor,
    category: Category | None,
    title: str,
    answer: str,
    keywords: str,
    department: Organisation | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    review_on: dt.date | None,
) -> dict[str, Any]:
    errors = FieldErrors()
    title, answer, keywords = (title or "").strip(), (answer or "").strip(), " ".join((keywords or "").split())
    if not title:
        errors.add("title", _("Give the article a title."))
    if not answer:
        errors.add("answer", _("Write the answer."))
    if category is None:
        errors.add("category", _("Choose the subject category."))
    elif not category.is_active:
        errors.add("category", _("This category is no longer in use; choose another."))
    if department is None:
        errors.add("department", _("Choose the owning department."))
    elif not can_edit(actor, department):
        errors.add("department", _("You may only keep your own department's articles."))
    if valid_from and valid_until and valid_until < valid_from:
        errors.add("valid_until", _("The end of validity is before its start."))
    errors.check_lengths(Article, {"title": title, "keywords": keywords})
    errors.raise_if_any()
    return {
        "category": category, "title": title, "answer": answer, "keywords": keywords, "department": department,
        "valid_from": valid_from, "valid_until": valid_until, "review_on": review_on,
    }  # fmt: skip


@transaction.atomic
def article_create(
    *,
    actor,
    category: Category | None,
    title: str,
    answer: str,
    department: Organisation | None,
    keywords: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    review_on: dt.date | None = None,
) -> Article:
    """A new draft article of `department` (the actor's own, or any for a knowledge manager)."""
    if editable_department_ids(actor) == set():
        raise PermissionDeniedError()
    values = _checked(
        actor=actor, category=category, title=title, answer=answer, keywords=keywords, department=department,
        valid_from=valid_from, valid_until=valid_until, review_on=review_on,
    )  # fmt: skip
    article = Article.objects.create(**values, created_by=actor, updated_by=actor, status=ArticleStatus.DRAFT)
    ledger.record(
        action="knowledge.article.created",
        actor=actor,
        organisation=article.department,
        obj=article,
        after=_snapshot(article),
    )
    return article


@transaction.atomic
def article_update(
    *,
    actor,
    article_id: int,
    category: Category | None,
    title: str,
    answer: str,
    department: Organisation | None,
    keywords: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    review_on: dt.date | None = None,
) -> Article:
    """Change an article of one's own department (a knowledge manager: any), published or not; a new review date
    settles an open review to-do."""
    article = _editable(actor, article_id)
    values = _checked(
        actor=actor, category=category, title=title, answer=answer, keywords=keywords, department=department,
        valid_from=valid_from, valid_until=valid_until, review_on=review_on,
    )  # fmt: skip
    before = _snapshot(article)
    old_review = article.review_on
    for name, value in values.items():
        setattr(article, name, value)
    article.updated_by = actor
    article.save()
    after = _snapshot(article)
    changed = {k: v for k, v in after.items() if before[k] != v}
    ledger.record(
        action="knowledge.article.changed",
        actor=actor,
        organisation=article.department,
        obj=article,
        before={k: before[k] for k in changed},
        after={**changed, "title": article.title},
    )
    if article.review_on != old_review and article.review_on and article.review_on > timezone.localdate():
        inbox_complete_for(obj=article, kind=REVIEW_DUE_TASK)
    return article


@transaction.atomic
def article_publish(*, actor, article_id: int) -> Article:
    """A draft or withdrawn article answers callers again; without a review date it gets one a review period on."""
    article = _editable(actor, article_id)
    if article.status == ArticleStatus.PUBLISHED:
        raise ConflictError(_("The article is already published."))
    today = timezone.localdate()
    if article.valid_until and article.valid_until < today:
        raise FieldErrors.one("valid_until", _("The article's validity has ended; extend it before publishing."))
    before = {"status": article.status}
    article.status = ArticleStatus.PUBLISHED
    article.published_at = timezone.now()
    if article.review_on is None or article.review_on <= today:
        article.review_on = today + dt.timedelta(days=rule("knowledge.review_period_days"))
    return _saved(
        article, actor=actor, action="knowledge.article.published", before=before,
        after={"status": article.status, "title": article.title, "review_on": article.review_on.isoformat()},
    )  # fmt: skip


@transaction.atomic
def article_withdraw(*, actor, article_id: int, reason: str = "") -> Article:
    """A published article stops answering (下架), e.g. when the policy it explains has changed."""
    article = _editable(actor, article_id)
    if article.status != ArticleStatus.PUBLISHED:
        raise ConflictError(_("Only a published article can be withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors.one("reason", _("Say why the article is withdrawn."))
    if len(reason) > 500:
        raise FieldErrors.one("reason", _("Keep the reason to 500 characters."))
    article.status = ArticleStatus.WITHDRAWN
    inbox_complete_for(obj=article, kind=REVIEW_DUE_TASK)
    return _saved(
        article, actor=actor, action="knowledge.article.withdrawn", before={"status": ArticleStatus.PUBLISHED},
        after={"status": article.status, "title": article.title, "reason": reason},
    )  # fmt: skip


@transaction.atomic
def article_review_confirm(*, actor, article_id: int) -> Article:
    """The department checked a published article and it still holds: the next review is a review period on."""
    article = _editable(actor, article_id)
    if article.status != ArticleStatus.PUBLISHED:
        raise ConflictError(_("Only a published article is reviewed."))
    before = {"review_on": _text(article.review_on)}
    article.review_on = timezone.localdate() + dt.timedelta(days=rule("knowledge.review_period_days"))
    inbox_complete_for(obj=article, kind=REVIEW_DUE_TASK)
    return _saved(
        article, actor=actor, action="knowledge.article.reviewed", before=before,
        after={"review_on": article.review_on.isoformat()},
    )  # fmt: skip


def _published(article_id: int) -> Article:
    try:
        return Article.objects.in_force().select_related("department").get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFoundError(_("No article in force has this number.")) from None


@transaction.atomic
def article_used(*, article_id: int, actor=None) -> int:
    """An article answered a ticket (the hotline calls this): one more use; returns the new count."""
    article = _published(article_id)
    Article.objects.filter(pk=article.pk).update(used_count=F("used_count") + 1)
    count = Article.objects.values_list("used_count", flat=True).get(pk=article.pk)
    ledger.record(
        action="knowledge.article.used",
        actor=actor,
        organisation=article.department,
        obj=article,
        after={"used_count": count},
    )
    return count


@transaction.atomic
def article_mark(*, article_id: int, helped: bool, actor=None) -> Article:
    """An agent or caller says the article helped (or did not); the counts rank the search and show its owner
    what to improve."""
    article = _published(article_id)
    field = "helped_count" if helped else "not_helped_count"
    Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
    article.refresh_from_db(fields=["helped_count", "not_helped_count"])
    ledger.record(
        action="knowledge.article.marked",
        actor=actor,
        organisation=article.department,
        obj=article,
        after={"helped": helped, "helped_count": article.helped_count, "not_helped_count": article.not_helped_count},
    )
    return article
