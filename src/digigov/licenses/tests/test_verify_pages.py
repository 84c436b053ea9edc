"""The public verification pages and `POST /api/v1/licenses/verify` (issue #12 items 5, 9), over real HTTP."""

import base64

import pytest

from digigov.core.tests.factories import staff
from digigov.licenses.choices import LicenceStatus, UseKind
from digigov.licenses.models import LicenceUse
from digigov.licenses.services import documents
from digigov.licenses.tests import factories_documents as make
from digigov.signing import api as signing

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def version():
    return make.issued_version()


def test_the_page_offers_upload_and_scanner_text(client):
    page = client.get("/zwfw/licences/verify/", **ZH).content.decode()
    assert "电子证照核验" in page and "证照文件（PDF 或 OFD）" in page and "或二维码文本" in page


def test_an_uploaded_pdf_shows_the_verdict_and_only_the_masked_code(client, version):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("证照.pdf", documents.pdf_of(version), content_type="application/pdf")
    page = client.post("/zwfw/licences/verify/", {"file": upload}, **ZH).content.decode()
    assert "证照真实有效。" in page and 'data-outcome="valid"' in page
    assert "4201************34" in page and "420102199003071234" not in page
    assert f"/zwfw/licences/seals/{version.seal_code}.pem" in page


def test_the_phone_camera_address_shows_the_verdict(client, version):
    version.licence.status = LicenceStatus.REVOKED
    version.licence.save()
    page = client.get(documents.qr_url(version).split("127.0.0.1:8000", 1)[-1], **ZH).content.decode()
    assert "证照已吊销。" in page and "张伟" in page
    assert LicenceUse.objects.get(licence=version.licence).kind == UseKind.VERIFIED


def test_a_signed_in_officer_scanning_is_named_in_the_use(client, version):
    officer = staff()
    client.force_login(officer)
    page = client.post("/zwfw/licences/verify/", {"qr": documents.qr_parameter(version)}, **ZH).content.decode()
    assert "证照真实有效。" in page
    assert LicenceUse.objects.get(licence=version.licence).user == officer


def test_refusals_are_chinese_sentences_on_the_page(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post("/zwfw/licences/verify/", {}, **ZH).content.decode()
    assert "请选择证照文件，或粘贴其二维码的文本。" in page
    picture = SimpleUploadedFile("a.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page = client.post("/zwfw/licences/verify/", {"file": picture}, **ZH).content.decode()
    assert 'role="alert"' in page and "PDF" in page
    page = client.get("/zwfw/licences/v/", **ZH).content.decode()
    assert "地址中没有二维码数据。" in page


def test_the_seal_certificate_is_published(client, version):
    response = client.get(f"/zwfw/licences/seals/{version.seal_code}.pem")
    assert response.status_code == 200 and response.content.startswith(b"-----BEGIN CERTIFICATE-----")
    assert client.get("/zwfw/licences/seals/00000000000000.pem").status_code == 404


def test_the_api_verifies_a_file_and_a_qr(client, version):
    data = base64.b64encode(documents.ofd_of(version)).decode()
    answer = client.post("/api/v1/licenses/verify", {"file": data}, content_type="application/json", **ZH).json()
    assert answer["ok"] and answer["outcome"] == "valid" and answer["kind"] == "ofd"
    assert {"label": "持证主体代码", "value": "4201************34"} in answer["details"]
    answer = client.post(
        "/api/v1/licenses/verify", {"qr": documents.qr_url(version)}, content_type="application/json", **ZH
    ).json()
    assert answer["ok"] and answer["kind"] == "qr" and answer["verdict"] == "证照真实有效。"


def test_the_api_refuses_nothing_bad_base64_and_other_files(client):
    def post(body):
        return client.post("/api/v1/licenses/verify", body, content_type="application/json", **ZH)

    empty = post({})
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "file"
    assert post({"file": "not base64!"}).json()["errors"][0]["message"] == "文件不是有效的 base64 编码。"
    png = post({"file": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()})
    assert png.status_code == 400 and png.json()["code"] == "upload_invalid"


def test_the_api_says_tampered_for_a_changed_pdf(client, version):
    data = bytearray(documents.pdf_of(version))
    at = data.index(b"/LicenceIdentifier") + 30
    data[at] ^= 1
    answer = client.post(
        "/api/v1/licenses/verify",
        {"file": base64.b64encode(bytes(data)).decode()},
        content_type="application/json",
        **ZH,
    ).json()
    assert answer["outcome"] == "tampered" and not answer["ok"]
    assert signing.seal_by_code(version.seal_code) is not None
