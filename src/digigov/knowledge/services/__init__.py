"""Writes of the knowledge base (GB/T 44191): articles, the category tree, review alarms."""

from digigov.knowledge.services.articles import (
    REVIEW_DUE_TASK,
    article_create,
    article_mark,
    article_publish,
    article_review_confirm,
    article_update,
    article_used,
    article_withdraw,
)
from digigov.knowledge.services.categories import (
    COLUMNS,
    category_create,
    category_export,
    category_import,
    category_update,
)
from digigov.knowledge.services.reviews import review_alarms

__all__ = [
    "COLUMNS",
    "REVIEW_DUE_TASK",
    "article_create",
    "article_mark",
    "article_publish",
    "article_review_confirm",
    "article_update",
    "article_used",
    "article_withdraw",
    "category_create",
    "category_export",
    "category_import",
    "category_update",
    "review_alarms",
]
