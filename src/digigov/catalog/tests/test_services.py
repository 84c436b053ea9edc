"""The catalogue's lifecycle and rules, on the real database (R1.1, R1.2, R1.6, R1.9)."""

import pytest

from digigov.catalog import selectors, services
from digigov.catalog.choices import ResourceStatus
from digigov.catalog.models import Classification, NegativeEntry, ResourceVersion
from digigov.catalog.tests.helpers import fields, item, operator_user, seeded
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff

pytestmark = pytest.mark.django_db


def draft(handler, org, code="101001", items=None, **extra):
    return services.resource_create(
        actor=handler, provider=org, classification=seeded(code), items=items or [item()], **fields(**extra)
    )


def published(handler, org, operator, **kw):
    resource = draft(handler, org, **kw)
    services.resource_submit(actor=handler, resource=resource)
    return services.resource_review(actor=operator, resource=resource, approve=True)


def test_classification_seed_is_idempotent_and_follows_the_guide():
    first = services.classification_seed()
    again = services.classification_seed()
    assert first.created > 30 and again.created == 0 and again.updated == 0
    population = Classification.objects.get(code="101")
    assert (population.name, population.level, population.parent.code, population.base_topic) == (
        "人口",
        2,
        "1",
        "population",
    )
    assert Classification.objects.get(code="101001").base_topic == "population"
    assert Classification.objects.filter(category="theme", level=2).count() >= 5


def test_resource_codes_are_front_segment_slash_sequence_and_never_reused():
    org = OrganisationFactory()
    handler = staff(Role.HANDLER, org)
    a, b = draft(handler, org), draft(handler, org, name="户籍")
    assert (a.code, b.code) == ("101001/000001", "101001/000002")
    a.delete()
    assert draft(handler, org).code == "101001/000003"


def test_departmental_class_files_each_provider_under_its_own_item():
    org, other = OrganisationFactory(name="省公安厅"), OrganisationFactory(name="省民政厅")
    resource = draft(staff(Role.HANDLER, org), org, code="3")
    assert resource.classification.code == "301" and resource.classification.organisation == org
    assert resource.code == "301/000001"
    assert draft(staff(Role.HANDLER, other), other, code="3").classification.code == "302"
    with pytest.raises(DomainError):
        draft(staff(Role.HANDLER, other), other, code="301")


def test_only_the_providers_handler_creates_and_edits():
    org = OrganisationFactory()
    outsider = staff(Role.HANDLER)
    with pytest.raises(PermissionDeniedError):
        draft(outsider, org)
    resource = draft(staff(Role.HANDLER, org), org)
    with pytest.raises(PermissionDeniedError):
        services.resource_update(actor=outsider, resource=resource, name="改名")
    with pytest.raises(PermissionDeniedError):
        services.resource_submit(actor=outsider, resource=resource)


def test_conditional_and_not_shared_need_a_legal_basis_named_in_chinese():
    org = OrganisationFactory()
    with pytest.raises(DomainError) as caught:
        draft(staff(Role.HANDLER, org), org, code="201001", share_type="not_shared")
    assert set(caught.value.fields) == {"legal_basis_kind", "legal_basis"}
    assert "法律依据" in str(caught.value.fields["legal_basis"][0])
    with pytest.raises(DomainError) as caught:
        draft(staff(Role.HANDLER, org), org, code="201001", share_type="conditional")
    assert "share_conditions" in caught.value.fields


def test_base_topics_may_only_be_shared_unconditionally():
    org = OrganisationFactory()
    basis = {"legal_basis_kind": "law", "legal_basis": "《居民身份证法》第六条", "share_conditions": "仅限办事"}
    with pytest.raises(DomainError) as caught:
        draft(staff(Role.HANDLER, org), org, code="101001", share_type="conditional", **basis)
    assert "无条件共享" in str(caught.value.fields["share_type"][0]) and "人口" in str(caught.value.message)
    # social credit is a base topic that may be conditional
    assert draft(staff(Role.HANDLER, org), org, code="104001", share_type="conditional", **basis).pk


def test_what_is_opened_to_the_public_holds_no_sensitive_item_and_is_shared_between_departments():
    """R3.1: anyone downloads a dataset open without conditions, so it may hold no personal data; a resource the
    departments themselves may not share is not opened at all."""
    org = OrganisationFactory()
    handler = staff(Role.HANDLER, org)
    phone = item("lxdh", "联系电话", sensitive="phone")
    with pytest.raises(DomainError) as caught:
        draft(handler, org, code="205001", items=[item("zdmc", "站点名称"), phone], open_type="unconditional")
    assert "敏感信息项" in str(caught.value.fields["items.2.sensitive"][0])
    basis = {"legal_basis_kind": "law", "legal_basis": "《保守国家秘密法》第九条"}
    with pytest.raises(DomainError) as caught:
        draft(handler, org, code="205001", share_type="not_shared", open_type="conditional", **basis)
    assert "不予共享的资源不能向社会开放" in str(caught.value.fields["open_type"][0])
    assert draft(handler, org, code="205001", items=[item("zdmc", "站点名称"), phone], open_type="conditional").pk
    assert draft(handler, org, code="205001", items=[item("zdmc", "站点名称")], open_type="unconditional").pk


def test_submit_review_publish_freezes_version_and_notifies_the_operator():
    org = OrganisationFactory()
    handler, operator = staff(Role.HANDLER, org), operator_user()
    resource = draft(handler, org)
    services.resource_submit(actor=handler, resource=resource)
    todo = InboxItem.objects.get(kind="catalog.resource.review", done_at__isnull=True)
    assert todo.assignee_org.is_platform_operator and todo.deadline
    with pytest.raises(PermissionDeniedError):
        services.resource_review(actor=staff(Role.REVIEWER, org), resource=resource, approve=True)
    with pytest.raises(DomainError):
        services.resource_review(actor=operator, resource=resource, approve=False, comment="")
    services.resource_review(actor=operator, resource=resource, approve=False, comment="摘要过短")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.RETURNED and resource.review_comment == "摘要过短"
    services.resource_update(actor=handler, resource=resource, summary="全省常住人口基本信息，按日更新")
    services.resource_submit(actor=handler, resource=resource)
    services.resource_review(actor=operator, resource=resource, approve=True)
    resource.refresh_from_db()
    assert (resource.status, resource.version, resource.release_date is not None) == ("published", 1, True)
    version = ResourceVersion.objects.get(resource=resource)
    assert version.snapshot["items"][0]["identifier"] == "sfzh"
    assert LedgerEntry.objects.filter(action="catalog.resource.published", object_id=str(resource.pk)).exists()
    assert not InboxItem.objects.filter(kind="catalog.resource.review", done_at__isnull=True).exists()


def test_revision_keeps_the_published_version_serving_until_republished():
    org = OrganisationFactory()
    handler, operator = staff(Role.HANDLER, org), operator_user()
    resource = published(handler, org, operator)
    kept_item = resource.items.get()
    services.resource_update(
        actor=handler,
        resource=resource,
        name="常住人口信息",
        items=[item(name="身份证号"), item("xm", "姓名", sensitive="name")],
    )
    resource.refresh_from_db()
    assert (resource.status, resource.revision_status, resource.name) == ("published", "draft", "常住人口基本信息")
    assert selectors.published_resource_get(resource.pk).items.count() == 1, "exchange still sees version 1"
    with pytest.raises(ConflictError):
        services.resource_review(actor=operator, resource=resource, approve=True)
    services.resource_submit(actor=handler, resource=resource)
    services.resource_review(actor=operator, resource=resource, approve=True)
    resource.refresh_from_db()
    assert (resource.version, resource.name, resource.revision, resource.revision_status) == (
        2,
        "常住人口信息",
        None,
        "",
    )
    assert resource.items.get(identifier="sfzh").pk == kept_item.pk, "kept items keep their rows (and grants)"
    change = selectors.version_diff(resource, 1, 2)
    assert change["fields"] == [{"field": "name", "old": "常住人口基本信息", "new": "常住人口信息"}]
    assert [i["identifier"] for i in change["items_added"]] == ["xm"]
    assert change["items_changed"][0]["changes"] == [{"field": "name", "old": "公民身份号码", "new": "身份证号"}]
    assert change["items_removed"] == []


def test_not_shared_resource_keeps_its_negative_entry_in_step():
    org = OrganisationFactory()
    handler, operator = staff(Role.HANDLER, org), operator_user()
    basis = {"share_type": "not_shared", "legal_basis_kind": "law", "legal_basis": "《保守国家秘密法》第九条"}
    resource = published(handler, org, operator, code="208001", name="涉密案件信息", **basis)
    entry = NegativeEntry.objects.get(resource=resource)
    assert (entry.organisation, entry.legal_basis, entry.items) == (org, "《保守国家秘密法》第九条", "公民身份号码")
    services.resource_update(
        actor=handler, resource=resource, share_type="unconditional", legal_basis_kind="", legal_basis=""
    )
    services.resource_submit(actor=handler, resource=resource)
    services.resource_review(actor=operator, resource=resource, approve=True)
    assert not NegativeEntry.objects.filter(resource=resource).exists()


def test_single_source_conflict_is_flagged_to_the_operator_and_resolved():
    psb, civil = OrganisationFactory(name="省公安厅"), OrganisationFactory(name="省民政厅")
    operator = operator_user()
    claim = [item(element="公民身份号码", is_authoritative=True)]
    first = published(staff(Role.HANDLER, psb), psb, operator, items=claim)
    second_handler = staff(Role.HANDLER, civil)
    second = draft(second_handler, civil, code="101003", name="婚姻登记信息", items=claim)
    services.resource_submit(actor=second_handler, resource=second)
    flag = InboxItem.objects.get(kind="catalog.single_source", done_at__isnull=True)
    assert flag.assignee_org.is_platform_operator and "公民身份号码" in flag.title
    assert list(selectors.single_source_conflicts(second)) == ["公民身份号码"]
    with pytest.raises(PermissionDeniedError):
        services.single_source_resolve(actor=second_handler, element="公民身份号码", source=second)
    # A source that does not claim the element would leave it with none: refused, nothing cleared.
    for element in ("婚姻状况", ""):
        with pytest.raises(DomainError, match="并未将数据元"):
            services.single_source_resolve(actor=operator, element=element, source=first)
    assert second.items.get().is_authoritative
    services.single_source_resolve(actor=operator, element="公民身份号码", source=first)
    assert not second.items.get().is_authoritative and first.items.get().is_authoritative
    assert not InboxItem.objects.filter(kind="catalog.single_source", done_at__isnull=True).exists()


def test_withdraw_by_provider_or_operator_only():
    org = OrganisationFactory()
    handler, operator = staff(Role.HANDLER, org), operator_user()
    resource = published(handler, org, operator)
    with pytest.raises(PermissionDeniedError):
        services.resource_withdraw(actor=staff(Role.HANDLER), resource=resource)
    services.resource_withdraw(actor=handler, resource=resource, reason="职能调整")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.WITHDRAWN
    with pytest.raises(ConflictError):
        services.resource_withdraw(actor=operator, resource=resource)


def test_drafts_stay_with_their_provider_published_resources_are_visible_to_all_staff():
    org = OrganisationFactory()
    handler, operator = staff(Role.HANDLER, org), operator_user()
    pub = published(handler, org, operator)
    own_draft = draft(handler, org, name="草稿资源")
    stranger = staff(Role.HANDLER)
    assert set(selectors.resource_list(actor=stranger)) == {pub}
    assert set(selectors.resource_list(actor=handler)) == {pub, own_draft}
    assert set(selectors.resource_list(actor=operator, status="draft")) == {own_draft}
    assert list(selectors.resource_list(actor=stranger, q="常住")) == [pub]


def test_mount_rate_per_department_and_overall_against_the_target():
    org, other = OrganisationFactory(name="甲厅"), OrganisationFactory(name="乙厅")
    operator = operator_user()
    a = published(staff(Role.HANDLER, org), org, operator)
    published(staff(Role.HANDLER, org), org, operator, name="另一个")
    published(staff(Role.HANDLER, other), other, operator)
    services.resource_set_mounted(resource=a, mounted=True)
    per, total = selectors.mount_rates()
    by_name = {r.organisation: r for r in per}
    assert (by_name["甲厅"].rate, by_name["乙厅"].rate, total.rate, total.target) == (50.0, 0.0, 33.3, 90.0)
    assert not total.meets_target
    assert selectors.resource_counts_by_provider()[org.pk] == (2, 1)
