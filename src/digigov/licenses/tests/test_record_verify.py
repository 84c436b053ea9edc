"""A licence held here verifies by its identifier: the seal's signature over its data, then its standing; a hand
issue seals its PDF and OFD once committed."""

import datetime as dt

import pytest

from digigov.licenses.choices import IssueSource
from digigov.licenses.file_verify import verify_record
from digigov.licenses.models import LicenceUse, LicenceVersion
from digigov.licenses.services import issuance
from digigov.licenses.tests.factories import ID_NUMBER, LicenceTypeFactory, department

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def _issue(handler, licence_type, number="420100000009"):
    return issuance.issue(
        actor=handler,
        licence_type=licence_type,
        holder_name="张伟",
        holder_code=ID_NUMBER,
        number=number,
        issued_on=TODAY,
        valid_from=TODAY,
        data={"vehicle_class": "C1"},
        source=IssueSource.HAND,
        today=TODAY,
    )


def test_a_licence_verifies_by_identifier_and_a_revoked_one_reads_revoked():
    org, handler, _admin = department()
    licence = _issue(handler, LicenceTypeFactory(issuer=org))
    assert len(bytes(licence.versions.get().signature)) < 300  # compact: the seal's picture is not copied
    verdict = verify_record(licence.identifier)
    assert verdict.ok and verdict.verdict == "证照真实有效。"
    assert LicenceUse.objects.filter(licence=licence).count() == 1
    issuance.revoke(actor=handler, licence=licence, reason="以欺骗手段取得")
    verdict = verify_record(licence.identifier, record=False)
    assert not verdict.ok and "吊销" in verdict.verdict
    assert LicenceUse.objects.filter(licence=licence).count() == 1


def test_an_unknown_identifier_is_said_plainly():
    verdict = verify_record("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U")
    assert not verdict.ok and "没有该证照标识" in verdict.verdict


def test_a_hand_issue_seals_its_documents_once_committed(django_capture_on_commit_callbacks):
    org, handler, _admin = department()
    with django_capture_on_commit_callbacks(execute=True):
        licence = _issue(handler, LicenceTypeFactory(issuer=org), number="420100000010")
    version = LicenceVersion.objects.get(licence=licence)
    assert version.pdf and version.ofd
    with version.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
