"""Articles past (or near) their review date alarm their owners (GB/T 44191 知识更新): one to-do per article on
the department's workbench from the daily job, none twice; confirming the review or a new date settles it."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core import periodic
from digigov.core.choices import Role
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.knowledge import services
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_due_articles_get_one_todo_for_their_department_and_a_review_settles_it():
    today = timezone.localdate()
    lead = rule("knowledge.review_warning_days")
    department = OrganisationFactory(name="市市场监督管理局")
    handler = staff(Role.HANDLER, department)
    past = ArticleFactory(department=department, title="食品经营许可", review_on=today - dt.timedelta(days=3))
    near = ArticleFactory(department=department, title="个体户登记", review_on=today + dt.timedelta(days=lead))
    ArticleFactory(department=department, title="远期", review_on=today + dt.timedelta(days=lead + 1))
    ArticleFactory(department=department, title="草稿", review_on=today, status=ArticleStatus.DRAFT)

    assert services.review_alarms() == 2
    assert services.review_alarms() == 0  # idempotent: an open to-do is not repeated
    todos = InboxItem.objects.filter(source="knowledge", done_at__isnull=True).order_by("deadline")
    assert [(t.object_id, t.assignee_org_id, t.deadline) for t in todos] == [
        (str(past.pk), department.pk, past.review_on),
        (str(near.pk), department.pk, near.review_on),
    ]
    assert "食品经营许可" in todos[0].title and todos[0].url.endswith(f"/knowledge/articles/{past.pk}/")
    assert LedgerEntry.objects.filter(action="knowledge.article.review_due").count() == 2

    reviewed = services.article_review_confirm(actor=handler, article_id=past.pk)
    assert reviewed.review_on == today + dt.timedelta(days=rule("knowledge.review_period_days"))
    assert not InboxItem.objects.filter(object_id=str(past.pk), done_at__isnull=True).exists()
    services.article_update(
        actor=handler, article_id=near.pk, category=near.category, title=near.title, answer=near.answer,
        department=department, review_on=today + dt.timedelta(days=200),
    )  # fmt: skip
    assert not InboxItem.objects.filter(source="knowledge", done_at__isnull=True).exists()
    assert services.review_alarms() == 0


def test_the_daily_job_registered_with_the_scheduler_raises_the_alarms():
    job = periodic.REGISTRY["knowledge.review_alarms"]
    assert isinstance(job.schedule, periodic.Daily)
    article = ArticleFactory(review_on=timezone.localdate())
    job.task.enqueue()  # the tests' task backend runs it at once, as a worker would
    assert InboxItem.objects.filter(source="knowledge", object_id=str(article.pk), done_at__isnull=True).exists()
