"""The service-item lifecycle and its checks, on the real database (R4.1, R4.3)."""

import pytest
from django.core.exceptions import ValidationError

from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.eservices import selectors, services
from digigov.eservices.choices import ItemStatus, Substitute
from digigov.eservices.lifecycle import ITEM
from digigov.eservices.models import ServiceItemVersion
from digigov.eservices.services.validation import validate_service_phone
from digigov.eservices.tests.factories import BasicItemFactory, ThemeFactory, guide, process_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="省市场监管局")


@pytest.fixture
def handler(org):
    return staff(Role.HANDLER, org)


@pytest.fixture
def reviewer(org):
    return staff(Role.REVIEWER, org)


def draft(handler, org, **extra):
    materials = extra.pop("materials", [{"name": "营业执照", "originals": 1}])
    return services.item_create(
        actor=handler,
        basic=BasicItemFactory(name="食品经营许可"),
        organisation=org,
        materials=materials,
        **guide(**extra),
    )


def published(handler, reviewer, org, **extra):
    item = draft(handler, org, process=process_definition(), **extra)
    services.item_submit(actor=handler, item=item)
    return services.item_review(actor=reviewer, item=item, approve=True)


def test_a_draft_is_coded_from_the_department_and_the_basic_code(handler, org):
    item = draft(handler, org)
    assert item.implementation_code == f"{org.uscc}{item.basic.basic_code}"
    assert item.division_id == org.division_id and item.status == ItemStatus.DRAFT
    assert [m.name for m in item.materials.all()] == ["营业执照"]
    assert LedgerEntry.objects.filter(action="eservices.item.created", object_id=str(item.pk)).exists()


def test_draft_submit_review_publish_freezes_version_one(handler, reviewer, org):
    item = draft(handler, org, process=process_definition())
    services.item_submit(actor=handler, item=item)
    todo = InboxItem.objects.get(kind="eservices.item.review", object_id=str(item.pk))
    assert todo.assignee_org == org and todo.assignee_role == Role.REVIEWER and todo.done_at is None
    services.item_review(actor=reviewer, item=item, approve=True, comment="准确")
    item.refresh_from_db()
    todo.refresh_from_db()
    assert (item.status, item.version, todo.done_at is not None) == (ItemStatus.PUBLISHED, 1, True)
    version = ServiceItemVersion.objects.get(item=item, number=1)
    assert version.snapshot["fields"]["promised_days"] == 5
    assert version.snapshot["materials"][0]["name"] == "营业执照"


def test_a_returned_item_needs_a_reason_and_comes_back_to_the_handler(handler, reviewer, org):
    item = draft(handler, org, process=process_definition())
    services.item_submit(actor=handler, item=item)
    with pytest.raises(DomainError) as refused:
        services.item_review(actor=reviewer, item=item, approve=False, comment=" ")
    assert "comment" in refused.value.fields
    services.item_review(actor=reviewer, item=item, approve=False, comment="办理地点不准确")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED and item.review_comment == "办理地点不准确"
    assert ITEM.actions_for(handler, item) == ["edit", "submit", "withdraw"]


def test_a_published_item_is_revised_under_review_while_the_guide_keeps_serving(handler, reviewer, org):
    item = published(handler, reviewer, org)
    services.item_update(
        actor=handler, item=item, promised_days=3, materials=[{"name": "营业执照"}, {"name": "承诺书"}]
    )
    item.refresh_from_db()
    assert (item.status, item.revision_status, item.promised_days) == (ItemStatus.PUBLISHED, ItemStatus.DRAFT, 5)
    assert item.materials.count() == 1 and len(item.revision["materials"]) == 2
    services.item_submit(actor=handler, item=item)
    services.item_review(actor=reviewer, item=item, approve=True)
    item.refresh_from_db()
    assert (item.version, item.promised_days, item.revision, item.revision_status) == (2, 3, None, "")
    assert [m.name for m in item.materials.all()] == ["营业执照", "承诺书"]
    v1, v2 = (ServiceItemVersion.objects.get(item=item, number=n).snapshot for n in (1, 2))
    assert (v1["fields"]["promised_days"], v2["fields"]["promised_days"]) == (5, 3)
    assert selectors.version_get(item, 1).snapshot == v1


def test_discarding_a_revision_leaves_the_published_version(handler, reviewer, org):
    item = published(handler, reviewer, org)
    services.item_update(actor=handler, item=item, visits=2, online_depth=2)
    services.item_revision_discard(actor=handler, item=item)
    item.refresh_from_db()
    assert (item.revision, item.revision_status, item.visits) == (None, "", 0)


def test_the_promised_limit_may_not_exceed_the_legal_limit(handler, org):
    with pytest.raises(DomainError) as refused:
        draft(handler, org, legal_days=10, promised_days=12)
    assert "不能长于法定时限" in str(refused.value.fields["promised_days"][0])
    assert draft(handler, org, legal_days=0, promised_days=3).promised_days == 3  # no legal limit: nothing to compare


def test_depth_four_means_no_visit_and_phones_are_checked(handler, org):
    with pytest.raises(DomainError) as refused:
        draft(handler, org, online_depth=4, visits=1, consult_phone="8765", complaint_phone="abc")
    assert set(refused.value.fields) >= {"visits", "consult_phone", "complaint_phone"}


@pytest.mark.parametrize("phone", ["027-87654321", "(027)87654321", "0710-3456789-12", "12345", "13812345678"])
def test_service_phones_accepted(phone):
    assert validate_service_phone(phone)


@pytest.mark.parametrize("phone", ["87654321", "027-123", "1234", "2345678901234", "电话"])
def test_service_phones_refused(phone):
    with pytest.raises(ValidationError, match="区号"):
        validate_service_phone(phone)


def test_fees_are_named_with_their_basis_and_a_positive_amount(handler, org):
    with pytest.raises(DomainError) as refused:
        draft(handler, org, fee=[{"name": "工本费", "basis": "", "amount_fen": 0}])
    assert len(refused.value.fields["fee"]) == 2
    item = draft(handler, org, fee=[{"name": "工本费", "basis": "发改价格〔2019〕1号", "amount_fen": 2000}])
    assert item.fee[0]["amount_fen"] == 2000


def test_submission_needs_a_complete_guide_and_a_process(handler, org):
    item = draft(handler, org, place="", consult_phone="")
    with pytest.raises(DomainError) as refused:
        services.item_submit(actor=handler, item=item)
    assert {"place", "consult_phone", "process"} <= set(refused.value.fields)


def test_publication_needs_a_process(handler, reviewer, org):
    """A draft may be kept without a process; the reviewer is refused the publication until it has one."""
    item = draft(handler, org, process=process_definition())
    services.item_submit(actor=handler, item=item)
    type(item).objects.filter(pk=item.pk).update(process=None)
    item.refresh_from_db()
    with pytest.raises(ConflictError):
        services.item_review(actor=reviewer, item=item, approve=True)
    assert ITEM.actions_for(reviewer, item) == ["return", "withdraw"]


def test_material_substitutes_are_checked(handler, org):
    resource = ResourceFactory(name="人口基础信息")
    InformationItemFactory(resource=resource, identifier="id_number", name="公民身份号码")
    bad = [
        {"name": "身份证", "substitute": Substitute.LICENCE},
        {"name": "户口簿", "substitute": Substitute.SHARED, "resource": resource.pk, "items": ["nope"], "key": ""},
    ]
    with pytest.raises(DomainError) as refused:
        draft(handler, org, materials=bad)
    assert {"materials.0.licence_type", "materials.1.items", "materials.1.key"} <= set(refused.value.fields)
    good = [
        {"name": "身份证", "substitute": Substitute.LICENCE, "licence_type": "11100000000013338W001"},
        {
            "name": "户口簿",
            "substitute": Substitute.SHARED,
            "resource": resource,
            "items": ["id_number"],
            "key": "id_number",
        },
    ]
    item = draft(handler, org, materials=good)
    assert item.materials.get(name="户口簿").resource == resource


def test_joint_parts_name_their_department_and_materials(handler, org):
    police = OrganisationFactory(name="省公安厅")
    parts = [
        {"code": "seal", "organisation": police, "name": "印章刻制备案", "working_days": 1, "materials": ["营业执照"]}
    ]
    item = draft(handler, org, parts=parts)
    part = item.parts.get()
    assert (part.organisation, [m.name for m in part.materials.all()]) == (police, ["营业执照"])
    with pytest.raises(DomainError) as refused:
        services.item_update(actor=handler, item=item, parts=[parts[0] | {"materials": ["不存在"], "code": "Seal"}])
    assert {"parts.0.materials", "parts.0.code"} <= set(refused.value.fields)


def test_themes_and_basic_items_are_the_operators(handler):
    operator = staff(Role.HANDLER, OrganisationFactory(is_platform_operator=True))
    with pytest.raises(PermissionDeniedError):
        services.theme_create(actor=handler, audience="person", code="birth", name="出生")
    theme = services.theme_create(actor=operator, audience="person", code="birth", name="出生")
    with pytest.raises(DomainError) as refused:
        services.basic_item_create(
            actor=operator, basic_code="070000000001", name="出生登记", kind="licence", legal_basis="x"
        )
    assert "01" in str(refused.value.fields["basic_code"][0])
    basic = services.basic_item_create(
        actor=operator, basic_code="070000000001", name="出生登记", kind="confirmation", legal_basis="《户口登记条例》"
    )
    assert (theme.code, basic.kind) == ("birth", "confirmation")


def test_item_links_point_to_another_item(handler, org):
    a, b = draft(handler, org), draft(handler, org, name="社会保障卡申领")
    services.item_link_create(actor=handler, item=a, related=b, reason="新生儿可申领社保卡")
    with pytest.raises(DomainError):
        services.item_link_create(actor=handler, item=a, related=a, reason="x")
    assert a.links.get().related == b


def test_themes_are_set_by_code(handler, org):
    ThemeFactory(code="food", name="餐饮")
    item = draft(handler, org, themes=["food"])
    assert list(item.themes.values_list("code", flat=True)) == ["food"]
    with pytest.raises(DomainError):
        services.item_update(actor=handler, item=item, themes=["unknown"])
