"""Articles are kept by their department and the centre's knowledge managers (GB/T 44191): create, change,
publish, withdraw, review; uses and marks counted; every change in the ledger; another organisation cannot edit."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.knowledge import api, selectors, services
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.tests.factories import ArticleFactory, category, make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    department = OrganisationFactory(name="市人力资源和社会保障局")
    pension = category("0301", "养老保险")
    return department, staff(Role.HANDLER, department), pension


def _draft(actor, department, pension, **overrides):
    values = {
        "category": pension,
        "title": "养老保险关系转移接续",
        "answer": "向新参保地经办机构申请。",
        "department": department,
        "keywords": "社保 转移",
    } | overrides
    return services.article_create(actor=actor, **values)


def _actions(article):
    return list(
        LedgerEntry.objects.filter(object_type="knowledge.article", object_id=str(article.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_department_writes_publishes_changes_and_withdraws_its_article_and_the_ledger_has_each_step(setting):
    department, handler, pension = setting
    article = _draft(handler, department, pension)
    assert article.status == ArticleStatus.DRAFT
    assert api.article_search(terms="转移接续") == []  # a draft answers nobody

    published = services.article_publish(actor=handler, article_id=article.pk)
    assert published.status == ArticleStatus.PUBLISHED and published.published_at
    assert published.review_on == timezone.localdate() + dt.timedelta(days=rule("knowledge.review_period_days"))
    assert api.article_search(terms="转移接续") == [published]

    changed = services.article_update(
        actor=handler, article_id=article.pk, category=pension, title="城乡居民养老保险转移接续",
        answer="带身份证到新参保地办理。", department=department, keywords="社保", valid_from=None,
        valid_until=None, review_on=published.review_on,
    )  # fmt: skip
    assert api.article_search(terms="城乡居民") == [changed]
    entry = LedgerEntry.objects.filter(action="knowledge.article.changed").get()
    change = json.loads(entry.summary)
    assert (
        change["before"]["title"] == "养老保险关系转移接续" and change["after"]["title"] == "城乡居民养老保险转移接续"
    )
    assert entry.actor_id == handler.pk and entry.organisation_id == department.pk

    with pytest.raises(DomainError) as no_reason:
        services.article_withdraw(actor=handler, article_id=article.pk, reason=" ")
    assert "reason" in no_reason.value.fields
    services.article_withdraw(actor=handler, article_id=article.pk, reason="政策已调整")
    assert api.article_search(terms="城乡居民") == []
    assert _actions(article) == [
        "knowledge.article.created",
        "knowledge.article.published",
        "knowledge.article.changed",
        "knowledge.article.withdrawn",
    ]
    with pytest.raises(ConflictError):
        services.article_withdraw(actor=handler, article_id=article.pk, reason="再次")


def test_another_organisation_cannot_edit_publish_or_withdraw_a_departments_article_nor_read_its_draft(setting):
    department, handler, pension = setting
    article = _draft(handler, department, pension)
    stranger = staff(Role.LEADER, OrganisationFactory(name="市住房和城乡建设局"))
    values = {"category": pension, "title": "改", "answer": "改", "department": department}
    with pytest.raises(PermissionDeniedError):
        services.article_update(actor=stranger, article_id=article.pk, **values)
    with pytest.raises(PermissionDeniedError):
        services.article_publish(actor=stranger, article_id=article.pk)
    with pytest.raises(NotFoundError):
        selectors.article_get(actor=stranger, pk=article.pk)  # a draft of another department
    with pytest.raises(DomainError) as refused:
        _draft(stranger, department, pension)  # writing in someone else's name
    assert "department" in refused.value.fields
    services.article_publish(actor=handler, article_id=article.pk)
    assert selectors.article_get(actor=stranger, pk=article.pk) == article  # published: every staff member reads
    with pytest.raises(PermissionDeniedError):
        services.article_withdraw(actor=stranger, article_id=article.pk, reason="不对")
    with pytest.raises(PermissionDeniedError):
        _draft(UserFactory(), department, pension)  # no role anywhere
    article.refresh_from_db()
    assert article.title == "养老保险关系转移接续" and article.status == ArticleStatus.PUBLISHED


def test_the_centres_knowledge_manager_keeps_every_departments_articles_its_agents_do_not(setting):
    department, handler, pension = setting
    article = _draft(handler, department, pension)
    centre, manager = make_centre()
    agent = staff(Role.HANDLER, centre)
    services.article_publish(actor=manager, article_id=article.pk)
    with pytest.raises(PermissionDeniedError):
        services.article_withdraw(actor=agent, article_id=article.pk, reason="不对")
    other = _draft(manager, OrganisationFactory(name="市医疗保障局"), pension, title="医保转移")
    assert other.department.name == "市医疗保障局"


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(setting):
    department, handler, pension = setting
    pension.is_active = False
    pension.save()
    with pytest.raises(DomainError) as refused:
        _draft(
            handler, department, pension, title=" ", answer="", valid_from=dt.date(2026, 5, 1),
            valid_until=dt.date(2026, 4, 1),
        )  # fmt: skip
    assert set(refused.value.fields) == {"title", "answer", "category", "valid_until"}
    with pytest.raises(DomainError) as too_long:
        _draft(handler, department, category("0302", "医保"), title="长" * 201)
    assert "title" in too_long.value.fields
    assert not LedgerEntry.objects.filter(action__startswith="knowledge.").exists()


def test_an_article_past_its_validity_cannot_be_published(setting):
    department, handler, pension = setting
    article = _draft(handler, department, pension, valid_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        services.article_publish(actor=handler, article_id=article.pk)
    assert "valid_until" in refused.value.fields


def test_uses_and_marks_are_counted_on_articles_in_force_only_and_recorded():
    article = ArticleFactory(title="公积金提取")
    assert api.article_used(article_id=article.pk) == 1
    assert api.article_used(article_id=article.pk) == 2
    marked = api.article_mark(article_id=article.pk, helped=True)
    marked = api.article_mark(article_id=article.pk, helped=False)
    assert (marked.used_count, marked.helped_count, marked.not_helped_count) == (2, 1, 1)
    assert _actions(article).count("knowledge.article.used") == 2
    assert _actions(article).count("knowledge.article.marked") == 2
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    with pytest.raises(NotFoundError):
        api.article_used(article_id=draft.pk)
    with pytest.raises(NotFoundError):
        api.article_mark(article_id=draft.pk, helped=True)
