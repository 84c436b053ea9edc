"""Reads of the knowledge base."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from digigov.knowledge.models import Article, Category


def category_list(*, active_only: bool = True) -> QuerySet[Category]:
    qs = Category.objects.select_related("parent")
    return qs.filter(is_active=True) if active_only else qs


def article_search(*, terms: str, category: Category | None = None, limit: int = 10) -> list[Article]:
    """Published articles in force today that hold every word of `terms` in their title, keywords or answer, the
    most used first; those of `category` and its sub-categories only when one is given."""
    today = timezone.localdate()
    qs = (
        Article.objects.published()
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("category", "department")
    )
    for word in (terms or "").split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(keywords__icontains=word) | Q(answer__icontains=word))
    if category is not None:
        qs = qs.filter(category__code__startswith=category.code)
    return list(qs.order_by("-used_count", "title")[: max(1, min(limit, 50))])
