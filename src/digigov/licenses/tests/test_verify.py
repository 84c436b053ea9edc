"""Verification of a licence file or QR (issue #12 item 5): one verdict from the seal, the bytes and the licence's
standing today; each check of a known licence is a use its holder sees."""

import base64
import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.core.uploads import UploadError
from digigov.licenses import file_verify, ofd, qr
from digigov.licenses.choices import LicenceStatus, UseKind
from digigov.licenses.models import LicenceUse
from digigov.licenses.services import documents
from digigov.licenses.tests import factories_documents as make
from digigov.signing import api as signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return make.issued_version()


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _rezip(data: bytes, *, change: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            package.writestr(name, (change or {}).get(name, source.read(name)))
        for name, content in (add or {}).items():
            package.writestr(name, content)
    return out.getvalue()


def test_a_genuine_pdf_verifies_and_the_holder_sees_the_check(version):
    verdict = file_verify.verify_file(documents.pdf_of(version))
    assert verdict.ok and verdict.outcome == file_verify.VALID
    assert verdict.verdict == "证照真实有效。"
    assert verdict.holder_code == "4201************34", "no more of the ID number than the QR shows"
    assert ("持证主体代码", "4201************34") in verdict.details()
    assert verdict.seal_code == version.seal_code and verdict.version == 1
    use = LicenceUse.objects.get(licence=version.licence)
    assert use.kind == UseKind.VERIFIED and use.user is None and use.organisation is None
    assert LedgerEntry.objects.filter(action="licenses.verified").count() == 1


def test_a_staff_members_check_names_them_and_their_department(version):
    officer = staff()
    file_verify.verify_file(documents.pdf_of(version), actor=officer)
    use = LicenceUse.objects.get(licence=version.licence)
    assert use.user == officer and use.organisation is not None


def test_one_changed_byte_in_a_pdf_says_tampered(version):
    data = documents.pdf_of(version)
    verdict = file_verify.verify_file(_flip(data, data.index(b"/LicenceIdentifier") + 30))
    assert not verdict.ok and verdict.outcome == file_verify.TAMPERED
    assert verdict.verdict == "文件已被篡改：签章后内容有改动。"
    assert not LicenceUse.objects.exists(), "a forged file is not a use of the licence"


def test_bytes_appended_to_a_pdf_say_tampered(version):
    data = documents.pdf_of(version) + b"\n% an incremental update\n"
    assert file_verify.verify_file(data).outcome == file_verify.TAMPERED


def test_a_genuine_ofd_verifies(version):
    verdict = file_verify.verify_file(documents.ofd_of(version))
    assert verdict.ok and verdict.kind == "ofd" and verdict.identifier == version.identifier


def test_a_changed_page_or_an_added_file_in_an_ofd_says_tampered(version):
    data = documents.ofd_of(version)
    page = "Doc_0/Pages/Page_0/Content.xml"
    content = zipfile.ZipFile(io.BytesIO(data)).read(page).replace("张伟".encode(), "李四".encode())
    changed = file_verify.verify_file(_rezip(data, change={page: content}))
    assert changed.outcome == file_verify.TAMPERED
    assert any(page in message for message in changed.messages)
    added = file_verify.verify_file(_rezip(data, add={"Doc_0/Annots/Page_0/Annotation.xml": b"<x/>"}))
    assert added.outcome == file_verify.TAMPERED
    signature = ofd.SIGNATURE_FILE
    xml = zipfile.ZipFile(io.BytesIO(data)).read(signature).replace(b"digigov", b"digigoV", 1)
    assert file_verify.verify_file(_rezip(data, change={signature: xml})).outcome == file_verify.TAMPERED


@pytest.mark.parametrize(
    ("status", "outcome", "text"),
    [
        (LicenceStatus.REVOKED, file_verify.REVOKED, "证照已吊销。"),
        (LicenceStatus.CANCELLED, file_verify.CANCELLED, "证照已注销。"),
    ],
)
def test_a_withdrawn_licence_verifies_as_such(version, status, outcome, text):
    data = documents.pdf_of(version)
    version.licence.status = status
    version.licence.save()
    verdict = file_verify.verify_file(data)
    assert not verdict.ok and verdict.outcome == outcome and verdict.verdict == text
    assert verdict.signature_valid and verdict.data_intact


def test_an_older_version_says_a_newer_one_exists(version):
    data = documents.pdf_of(version)
    make.new_version(version, holder_name="张伟", data={"class": "A1"})
    verdict = file_verify.verify_file(data)
    assert verdict.outcome == file_verify.SUPERSEDED and verdict.current_version == 2


def test_an_expired_licence_says_expired():
    version = make.issued_version(valid_until=timezone.localdate() - dt.timedelta(days=1))
    verdict = file_verify.verify_file(documents.pdf_of(version))
    assert verdict.outcome == file_verify.EXPIRED and verdict.verdict == "证照已过期。"


def test_a_seal_reported_lost_makes_its_licences_untrusted(version):
    data = documents.pdf_of(version)
    signing.Seal.objects.filter(code=version.seal_code).update(
        status=signing.SealStatus.LOST, status_since=timezone.now()
    )
    verdict = file_verify.verify_file(data)
    assert not verdict.ok and verdict.outcome == file_verify.SEAL_INVALID
    assert "挂失" in verdict.verdict
    qr_verdict = file_verify.verify_qr(documents.qr_parameter(version))
    assert qr_verdict.outcome == file_verify.SEAL_INVALID


def test_another_departments_seal_over_this_identifier_is_not_the_issuers(version):
    _, other_seal = make.issuer_with_seal("另一个厅")
    claimed = file_verify.FileVerdict(
        ok=False, outcome="", verdict="", kind="pdf", identifier=version.identifier, seal_code=other_seal.code
    )
    department = other_seal.organisation.root().pk
    verdict = file_verify._standing(claimed, seal_department=department, actor=None, purpose="test")
    assert verdict.outcome == file_verify.SEAL_MISMATCH and not verdict.ok


def test_files_that_are_not_licences_are_refused_in_chinese(version):
    with pytest.raises(UploadError, match="请上传"):
        file_verify.verify_file(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(UploadError, match="程序"):
        file_verify.verify_file(b"MZ\x90\x00" + b"\0" * 100)
    with pytest.raises(UploadError, match="10 MB"):
        file_verify.verify_file(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    unsigned = file_verify.verify_file(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    assert unsigned.outcome == file_verify.NOT_SIGNED and "未找到电子印章" in unsigned.verdict


def test_an_ofd_zip_bomb_is_refused_before_anything_unpacks():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", b'<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        with package.open("Doc_0/Res/big.bin", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                entry.write(chunk)
    with pytest.raises(UploadError, match="MB"):
        file_verify.verify_file(out.getvalue())


def test_the_qr_verifies_offline_signed_text_and_refuses_an_altered_one(version):
    verdict = file_verify.verify_qr(documents.qr_parameter(version))
    assert verdict.ok and verdict.kind == "qr" and verdict.holder_code == "4201************34"
    assert file_verify.verify_qr(documents.qr_url(version)).ok, "the whole address a scanner typed"
    payload = qr.decode(documents.qr_parameter(version))
    altered = qr.encode(payload.text.replace(b"2032-01-04", b"2099-01-04"), payload.signature)
    bad = file_verify.verify_qr(altered)
    assert bad.outcome == file_verify.BAD_SIGNATURE and not bad.ok
    assert file_verify.verify_qr("hello").outcome == file_verify.NOT_SIGNED
    assert LicenceUse.objects.filter(kind=UseKind.VERIFIED).count() == 2


def test_a_genuine_seal_over_an_unknown_identifier_says_so():
    version = make.issued_version()
    data = documents.pdf_of(version)
    version.licence.delete()
    verdict = file_verify.verify_file(data)
    assert verdict.outcome == file_verify.UNKNOWN and not verdict.ok
    assert base64.b64encode(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2000))
def test_any_bytes_give_a_verdict_or_a_chinese_refusal_never_an_error(body):
    for data in (b"%PDF-1.7\n" + body, b"%PDF-1.7\n/ByteRange [0 10 20 5] /Contents <30" + body.hex().encode() + b">"):
        assert file_verify.verify_file(data).outcome in {file_verify.NOT_SIGNED, file_verify.BAD_SIGNATURE,
                                                          file_verify.TAMPERED}  # fmt: skip
    try:
        verdict = file_verify.verify_file(_zip({"OFD.xml": body, "Doc_0/Signs/Signatures.xml": body}))
    except UploadError:
        return
    assert not verdict.ok


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300))
def test_any_qr_text_gives_a_verdict(text):
    assert not file_verify.verify_qr(text).ok


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()
