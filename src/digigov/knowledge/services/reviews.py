"""Review alarms (GB/T 44191 知识更新: every article is checked again by a date): a daily job puts one to-do on the
owning department's workbench for each published article whose review date is within the warning lead time
(`knowledge.review_warning_days`) or past. It is idempotent: an article with an open review to-do gets no second
one; editing the review date, confirming the review or withdrawing the article settles it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.inbox import inbox_register, lazy_text
from digigov.core.models import InboxItem
from digigov.knowledge.selectors import articles_due_for_review
from digigov.knowledge.services.articles import REVIEW_DUE_TASK


@transaction.atomic
def review_alarms(*, on: dt.date | None = None) -> int:
    """Register the review to-dos due on `on` (today); returns how many were added."""
    due = list(articles_due_for_review(on))
    open_ids = set(
        InboxItem.objects.filter(
            object_type="knowledge.article", kind=REVIEW_DUE_TASK, done_at__isnull=True,
            object_id__in=[str(a.pk) for a in due],
        ).values_list("object_id", flat=True)
    )  # fmt: skip
    added = 0
    for article in due:
        if str(article.pk) in open_ids:
            continue
        inbox_register(
            source="knowledge",
            kind=REVIEW_DUE_TASK,
            title=lazy_text(_("Review the knowledge article “%(title)s”"), title=article.title),
            url=reverse("knowledge_article", args=[article.pk]),
            assignee_org=article.department,
            deadline=article.review_on,
            obj=article,
        )
        ledger.record(
            action="knowledge.article.review_due",
            organisation=article.department,
            obj=article,
            after={"title": article.title, "review_on": article.review_on.isoformat() if article.review_on else ""},
        )
        added += 1
    return added
