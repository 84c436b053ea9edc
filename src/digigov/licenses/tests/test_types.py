"""The licence type catalogue (GB/T 36902/36903, R6.1): codes, items by kind, who keeps which types, and the
catalogue's screens (another department's types read-only)."""

import pytest

from digigov.core.choices import Role
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.licenses import identifiers
from digigov.licenses.choices import HolderKind, ItemKind
from digigov.licenses.services import types
from digigov.licenses.tests.factories import LicenceTypeFactory, officer

pytestmark = pytest.mark.django_db

ITEMS = [
    {"key": "vehicle_class", "label": "准驾车型", "kind": ItemKind.TEXT, "required": True},
    {"key": "birth_date", "label": "出生日期", "kind": ItemKind.DATE},
]


def save(actor, issuer, **overrides):
    values = {"name": "机动车驾驶证", "holder_kind": HolderKind.PERSON, "items": ITEMS, "validity_years": 6}
    return types.licence_type_save(actor=actor, issuer=issuer, **(values | overrides))


def test_an_org_admin_adds_types_numbered_after_the_departments_credit_code():
    org = OrganisationFactory()
    admin = officer(Role.ORG_ADMIN, org)
    first = save(admin, org)
    second = save(admin, org, name="道路运输证")
    assert first.code == f"{org.uscc}001" and second.code == f"{org.uscc}002"
    assert identifiers.is_type_code(first.code)
    assert first.items[1] == {"key": "birth_date", "label": "出生日期", "kind": "date", "required": False}
    assert first.appearance == {"title": "机动车驾驶证", "colour": "#b22222", "layout": "certificate"}
    assert LedgerEntry.objects.filter(action="licenses.type.saved", object_id=str(first.pk)).exists()


def test_editing_keeps_the_code_and_the_issuer():
    org = OrganisationFactory()
    admin = officer(Role.ORG_ADMIN, org)
    licence_type = save(admin, org)
    saved = types.licence_type_save(
        actor=admin,
        licence_type=licence_type,
        issuer=OrganisationFactory(),  # ignored: a type stays its department's
        name="机动车驾驶证（电子）",
        holder_kind=HolderKind.PERSON,
        items=ITEMS[:1],
        validity_years=None,
        appearance={"title": "驾驶证", "colour": "#1F4E9C"},
    )
    assert (saved.code, saved.issuer_id) == (licence_type.code, org.pk)
    assert saved.validity_years is None and saved.appearance["colour"] == "#1f4e9c"


def test_items_are_checked_by_key_label_and_kind():
    org = OrganisationFactory()
    admin = officer(Role.ORG_ADMIN, org)
    bad = [
        {"key": "Class", "label": "准驾车型", "kind": "text"},
        {"key": "number", "label": "编号", "kind": "text"},  # a common item of every licence
        {"key": "colour", "label": "", "kind": "photo"},
        {"key": "colour", "label": "颜色", "kind": "text"},
    ]
    with pytest.raises(DomainError) as refused:
        save(admin, org, items=bad, validity_years=0, appearance={"colour": "red"})
    messages = " ".join(str(m) for ms in refused.value.fields.values() for m in ms)
    assert "Item 1" in messages or "第 1" in messages
    assert {"items", "validity_years", "colour"} <= set(refused.value.fields)
    assert len(refused.value.fields["items"]) == 5


def test_only_the_departments_org_admin_or_a_platform_admin_keeps_its_types():
    org = OrganisationFactory()
    for outsider in (officer(Role.HANDLER, org), officer(Role.ORG_ADMIN, OrganisationFactory())):
        with pytest.raises(PermissionDeniedError):
            save(outsider, org)
    platform = officer(Role.PLATFORM_ADMIN, OrganisationFactory())
    assert save(platform, org).issuer == org


def test_the_catalogue_lists_every_type_and_another_departments_is_read_only(client):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    own = LicenceTypeFactory(issuer=mine, name="本部门证照")
    other = LicenceTypeFactory(issuer=theirs, name="他部门证照")
    client.force_login(officer(Role.ORG_ADMIN, mine))
    page = client.get("/admin/licenses/types/").content.decode()
    assert "本部门证照" in page and "他部门证照" in page
    assert f"/admin/licenses/types/{own.pk}/edit/" in page
    assert f"/admin/licenses/types/{other.pk}/edit/" not in page
    assert client.get(f"/admin/licenses/types/{other.pk}/").status_code == 200
    assert client.get(f"/admin/licenses/types/{other.pk}/edit/").status_code == 403
    posted = client.post(f"/admin/licenses/types/{other.pk}/edit/", {"name": "改名"})
    assert posted.status_code == 403
    other.refresh_from_db()
    assert other.name == "他部门证照"


def test_the_type_form_creates_a_type_with_items_typed_one_per_line(client):
    org = OrganisationFactory()
    client.force_login(officer(Role.ORG_ADMIN, org))
    response = client.post(
        "/admin/licenses/types/new/",
        {
            "issuer": org.pk,
            "name": "教师资格证",
            "holder_kind": HolderKind.PERSON,
            "items": "subject | 任教学科 | 文本 | 必填\nlevel | 资格种类",
            "validity_years": "",
            "trust_grade": "A",
            "title": "教师资格证书",
            "colour": "#006400",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    licence_type = org and types.LicenceType.objects.get(name="教师资格证")
    assert licence_type.items == [
        {"key": "subject", "label": "任教学科", "kind": "text", "required": True},
        {"key": "level", "label": "资格种类", "kind": "text", "required": False},
    ]
    assert licence_type.validity_years is None
    refused = client.post("/admin/licenses/types/new/", {"issuer": org.pk, "name": "", "items": "x"})
    assert refused.status_code == 200 and "name" in refused.context["form"].errors


def test_a_handler_may_not_open_the_new_type_form(client):
    client.force_login(officer(Role.HANDLER, OrganisationFactory()))
    assert client.get("/admin/licenses/types/new/").status_code == 403
