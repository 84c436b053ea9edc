"""Issuing a licence (R6.1): every check, the GB/T 36904 identifier, the seal's signature over the snapshot and over
the QR text, one transaction; change, renewal, cancellation and revocation with reasons and history."""

import datetime as dt

import pytest

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory
from digigov.licenses import identifiers, permissions, qr, snapshot
from digigov.licenses.choices import HolderKind, IssueSource, ItemKind, LicenceStatus, VersionKind
from digigov.licenses.models import Licence, LicenceVersion
from digigov.licenses.services import issuance
from digigov.licenses.tests.factories import ID_NUMBER, USCC, LicenceTypeFactory, department, officer, platform_admin
from digigov.signing import api as signing

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def issue(actor, licence_type, **overrides):
    values = {
        "holder_name": "张伟",
        "holder_code": ID_NUMBER,
        "number": "420100000001",
        "issued_on": TODAY,
        "valid_from": TODAY,
        "data": {"vehicle_class": "C1", "first_issued": "2016/05/20"},
        "source": IssueSource.HAND,
        "today": TODAY,
    }
    return issuance.issue(actor=actor, licence_type=licence_type, **(values | overrides))


@pytest.fixture
def dept():
    org, handler, org_admin = department()
    return org, handler, LicenceTypeFactory(issuer=org)


def test_a_handler_issues_a_sealed_licence_with_a_standard_identifier(dept):
    org, handler, licence_type = dept
    licence = issue(handler, licence_type)
    parts = identifiers.parse(licence.identifier)
    assert parts is not None and parts.version == 1
    assert (parts.type_code, parts.issuer_code, parts.serial) == (licence_type.code, org.uscc, licence.serial)
    assert licence.valid_until == dt.date(2032, 12, 3)  # 6 years from the type, the day before
    assert licence.data == {"vehicle_class": "C1", "first_issued": "2016-05-20"}
    version = licence.versions.get()
    assert version.kind == VersionKind.ISSUED and version.created_by == handler
    shot = version.snapshot
    assert shot["identifier"] == licence.identifier and shot["holder_code"] == ID_NUMBER
    assert shot["valid_until"] == "2032-12-03" and shot["issuer_name"] == org.name
    assert ("准驾车型", "C1") in snapshot.rows(shot)
    verdict = signing.verify_seal_signature(issuance.signature_der(version), snapshot.canonical(shot))
    assert verdict.ok and verdict.seal_code == version.seal_code
    assert not signing.verify_seal_signature(
        issuance.signature_der(version), snapshot.canonical(shot | {"number": "X"})
    ).ok
    text = qr.signed_text(shot, seal_code=version.seal_code)
    assert signing.verify_seal_raw(seal_code=version.seal_code, data=text, signature=bytes(version.qr_signature))
    assert not signing.verify_seal_raw(
        seal_code=version.seal_code, data=text + b"x", signature=bytes(version.qr_signature)
    )
    entry = LedgerEntry.objects.get(action="licenses.issued", object_id=str(licence.pk))
    assert licence.identifier in entry.summary


def test_every_problem_of_the_input_is_named_at_its_field_and_nothing_is_saved(dept):
    _org, handler, licence_type = dept
    with pytest.raises(DomainError) as refused:
        issue(
            handler,
            licence_type,
            holder_name=" ",
            holder_code="420102197901209700",  # wrong check digit
            number="",
            issued_on=TODAY + dt.timedelta(days=1),
            valid_from=TODAY,
            valid_until=TODAY - dt.timedelta(days=1),
            data={"first_issued": "去年", "colour": "红"},
        )
    fields = refused.value.fields
    assert {
        "holder_name",
        "holder_code",
        "number",
        "issued_on",
        "valid_until",
        "data.vehicle_class",
        "data.first_issued",
        "data.colour",
    } <= set(fields)
    assert not Licence.objects.exists() and not LicenceVersion.objects.exists()


def test_items_are_checked_by_their_kind(dept):
    org, handler, _type = dept
    licence_type = LicenceTypeFactory(
        issuer=org,
        holder_kind=HolderKind.LEGAL_PERSON,
        items=[
            {"key": "capital", "label": "注册资本", "kind": ItemKind.NUMBER, "required": True},
            {"key": "legal_rep_id", "label": "法定代表人身份证号", "kind": ItemKind.ID_NUMBER},
            {"key": "parent", "label": "上级单位代码", "kind": ItemKind.USCC},
            {"key": "place", "label": "住所区划", "kind": ItemKind.DIVISION},
        ],
    )
    bad = {"capital": "一百万", "legal_rep_id": "123", "parent": "ABC", "place": "42"}
    with pytest.raises(DomainError) as refused:
        issue(handler, licence_type, holder_name="武汉某公司", holder_code=USCC, data=bad)
    assert set(refused.value.fields) == {f"data.{k}" for k in bad}
    good = {"capital": "1000000.00", "legal_rep_id": ID_NUMBER, "parent": USCC.lower(), "place": "420102"}
    licence = issue(handler, licence_type, holder_name="武汉某公司", holder_code=USCC, data=good)
    assert licence.data["parent"] == USCC and licence.holder_kind == HolderKind.LEGAL_PERSON
    with pytest.raises(DomainError) as wrong_kind:  # a company's type takes a credit code, not an ID number
        issue(handler, licence_type, number="2", holder_code=ID_NUMBER, data=good)
    assert "holder_code" in wrong_kind.value.fields


def test_a_number_is_unique_per_type(dept):
    org, handler, licence_type = dept
    issue(handler, licence_type)
    with pytest.raises(DomainError) as refused:
        issue(handler, licence_type, holder_code="420102196307154041")
    assert "number" in refused.value.fields
    assert issue(handler, LicenceTypeFactory(issuer=org), number="420100000001").number == "420100000001"


def test_only_the_issuing_departments_staff_issue_not_another_department_nor_a_platform_admin(dept):
    _org, _handler, licence_type = dept
    for outsider in (officer(Role.HANDLER, OrganisationFactory()), platform_admin()):
        with pytest.raises(PermissionDeniedError):
            issue(outsider, licence_type)
    assert not Licence.objects.exists()


def test_a_department_system_issues_once_the_operator_allowed_it(dept):
    org, _handler, licence_type = dept
    system = SystemActor(client_id=77, name="公安交管系统", organisation_id=org.pk, roles=frozenset({Role.HANDLER}))
    licence = issue(system, licence_type, source=IssueSource.API)
    assert licence.versions.get().created_by is None
    entry = LedgerEntry.objects.get(action="licenses.issued", object_id=str(licence.pk))
    assert entry.actor_name.startswith("系统：公安交管系统")

    class Client:
        pk, name, organisation_id = 77, "公安交管系统", org.pk

    assert permissions.system_actor(Client()) is None
    rule_set(actor=platform_admin(), key="licenses.issue_systems", value="3，77")
    assert permissions.system_actor(Client()).organisation_id == org.pk


def test_without_a_seal_in_use_nothing_is_issued():
    org, handler, _admin = department(sealed=False)
    with pytest.raises(DomainError) as refused:
        issue(handler, LicenceTypeFactory(issuer=org))
    assert refused.value.code == "no_seal" and org.name in str(refused.value.message)
    assert not Licence.objects.exists() and not LedgerEntry.objects.filter(action="licenses.issued").exists()


def test_a_change_is_a_new_sealed_version_with_the_next_identifier_and_a_reason(dept):
    _org, handler, licence_type = dept
    licence = issue(handler, licence_type)
    first = licence.identifier
    with pytest.raises(DomainError) as refused:
        issuance.change(actor=handler, licence=licence, reason=" ", data={"vehicle_class": "B2"})
    assert "reason" in refused.value.fields
    licence = issuance.change(
        actor=handler, licence=licence, reason="增驾 B2", data={"vehicle_class": "B2"}, today=TODAY
    )
    parts = identifiers.parse(licence.identifier)
    assert parts.version == 2 and parts.serial == identifiers.parse(first).serial
    versions = list(licence.versions.order_by("version"))
    assert [v.kind for v in versions] == [VersionKind.ISSUED, VersionKind.CHANGED]
    assert versions[0].identifier == first and versions[0].snapshot["items"][0]["value"] == "C1"
    assert versions[1].reason == "增驾 B2" and versions[1].snapshot["items"][0]["value"] == "B2"
    assert signing.verify_seal_signature(
        issuance.signature_der(versions[1]), snapshot.canonical(versions[1].snapshot)
    ).ok
    assert LedgerEntry.objects.filter(action="licenses.changed", object_id=str(licence.pk)).exists()


def test_a_renewal_extends_validity_under_a_new_version(dept):
    _org, handler, licence_type = dept
    licence = issue(handler, licence_type)
    with pytest.raises(DomainError) as refused:
        issuance.renew(actor=handler, licence=licence, valid_from=TODAY, valid_until=TODAY, today=TODAY)
    assert "valid_until" in refused.value.fields
    licence = issuance.renew(actor=handler, licence=licence, valid_from=dt.date(2032, 12, 4), today=TODAY)
    assert licence.valid_until == dt.date(2038, 12, 3) and licence.version == 2
    assert licence.versions.get(version=2).kind == VersionKind.RENEWED


def test_cancel_and_revoke_need_a_reason_and_end_the_licence_for_good(dept):
    _org, handler, licence_type = dept
    cancelled = issue(handler, licence_type)
    with pytest.raises(DomainError):
        issuance.cancel(actor=handler, licence=cancelled, reason="")
    cancelled = issuance.cancel(actor=handler, licence=cancelled, reason="持证人申请注销")
    assert cancelled.status == LicenceStatus.CANCELLED and cancelled.status_changed_at is not None
    with pytest.raises(ConflictError):
        issuance.change(actor=handler, licence=cancelled, reason="改", holder_name="张三")
    revoked = issuance.revoke(actor=handler, licence=issue(handler, licence_type, number="2"), reason="违法被吊销")
    assert (revoked.status, revoked.status_reason) == (LicenceStatus.REVOKED, "违法被吊销")
    with pytest.raises(ConflictError):
        issuance.cancel(actor=handler, licence=revoked, reason="再注销")
    assert LedgerEntry.objects.filter(action__in=["licenses.cancelled", "licenses.revoked"]).count() == 2
    with pytest.raises(PermissionDeniedError):
        issuance.revoke(
            actor=officer(Role.LEADER, OrganisationFactory()),
            licence=issue(handler, licence_type, number="3"),
            reason="x",
        )
