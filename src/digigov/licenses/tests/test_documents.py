"""The licence documents (issue #12 items 3, 7): a sealed PDF and OFD per version, stored or made on first
request, watermarked copies for one use — and the three independent checks: qpdf + pdftoppm on the PDF, an
independent OFD reader (ofdparser, MIT) on the OFD, and openssl alone on the signature (scripts/verify-licence.sh)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from digigov.core.models import LedgerEntry
from digigov.licenses import ofd, pdf, snapshot
from digigov.licenses.services import documents
from digigov.licenses.tests import factories_documents as make
from digigov.signing import api as signing

pytestmark = pytest.mark.django_db
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "verify-licence.sh"


@pytest.fixture
def version():
    return make.issued_version()


def test_produce_stores_a_sealed_pdf_and_ofd_whose_signatures_verify(version):
    documents.produce(version)
    version.refresh_from_db()
    assert version.pdf.name.endswith(".pdf") and version.ofd.name.endswith(".ofd")
    found = pdf.read_signature(documents.pdf_of(version))
    assert found.covers_whole_file and found.info["LicenceIdentifier"] == version.identifier
    verdict = signing.verify_seal_signature(found.der, found.protected)
    assert verdict.ok and verdict.seal_code == version.seal_code
    package = ofd.read_signature(documents.ofd_of(version))
    assert not package.mismatched and not package.unprotected
    assert package.identifier == version.identifier
    assert package.seal_file == bytes(signing.seal_by_code(version.seal_code).seseal_der)
    assert signing.verify_seal_signature(package.der, package.signature_xml).ok
    assert LedgerEntry.objects.filter(action="licenses.documents.produced").count() == 1


def test_a_version_without_files_gets_them_on_first_request_and_keeps_them(version):
    assert not version.pdf
    first = documents.pdf_of(version)
    version.refresh_from_db()
    assert version.pdf and version.ofd
    assert documents.pdf_of(version) == first, "the stored file is served, not a new one"


def test_without_an_active_seal_no_document_is_made(version):
    signing.Seal.objects.update(status=signing.SealStatus.CANCELLED)
    with pytest.raises(documents.ConflictError):
        documents.produce(version)


def test_the_pdf_passes_qpdf_and_renders_with_pdftoppm(version, tmp_path, screenshot_dir):
    path = tmp_path / "licence.pdf"
    path.write_bytes(documents.pdf_of(version))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert round(height / width, 2) == round(297 / 210, 2), "one A4 page"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for label, value in snapshot.rows(version.snapshot)[:11]:
        assert label in text
        assert value.split(".")[0] in text
    shutil.copy(tmp_path / "page.png", screenshot_dir / "licence-pdf.png")


READER = """
import base64, json, sys
from ofdparser.ofdparser import OfdParser
pages = OfdParser(base64.b64encode(open(sys.argv[1], "rb").read())).parserodf2json()
print(json.dumps([line["objContent"] for page in pages for line in page["lineList"]], ensure_ascii=False))
"""


def ofd_reader_lines(path: Path, workdir: Path) -> list[str]:
    """The text lines an independent reader (ofdparser 0.0.8) finds. It registers Windows font files by name when
    imported and unpacks into the working folder, so it runs in a folder of its own with a TrueType face under
    those names (its text extraction does not draw glyphs)."""
    face = next(Path("/usr/share/fonts/truetype/dejavu").glob("DejaVuSans.ttf"))
    for name in ("simsun.ttc", "simkai.ttf", "COURI.TTF", "simhei.ttf"):
        (workdir / name).symlink_to(face)
    run = subprocess.run(
        [sys.executable, "-c", READER, str(path)], cwd=workdir, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_an_independent_ofd_reader_shows_every_printed_row(version, tmp_path):
    path = tmp_path / "licence.ofd"
    path.write_bytes(documents.ofd_of(version))
    workdir = tmp_path / "reader"
    workdir.mkdir()
    lines = ofd_reader_lines(path, workdir)
    text = "".join(lines)
    assert lines[:2] == ["电子证照", "机动车驾驶证"]
    for label, value in snapshot.rows(version.snapshot):
        assert label in lines, label
        assert value.replace(" ", "") in text, value
    assert "湖北省公安厅" in lines


def _script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_openssl_alone_verifies_the_pdf_signature_and_one_changed_byte_fails_it(version, tmp_path):
    data = documents.pdf_of(version)
    cert = tmp_path / "seal.pem"
    cert.write_text(signing.seal_certificate_pem(signing.seal_by_code(version.seal_code)))
    good = tmp_path / "licence.pdf"
    good.write_bytes(data)
    run = _script(str(good), str(cert))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: sealed by this seal and unchanged since" in run.stdout

    found = pdf.read_signature(data)
    at = data.index(b"/LicenceIdentifier") + 30  # inside the protected part
    assert at < len(found.protected)
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    run = _script(str(bad), str(cert))
    assert run.returncode == 1
    assert "FAILED: the file was changed after it was sealed" in run.stdout


def test_openssl_alone_verifies_the_qr_text_and_refuses_an_altered_one(version, tmp_path):
    cert = tmp_path / "seal.pem"
    cert.write_text(signing.seal_certificate_pem(signing.seal_by_code(version.seal_code)))
    run = _script("--qr", documents.qr_url(version), str(cert))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4201************34" in run.stdout and "OK: the QR text is signed by this seal" in run.stdout

    text, signature = documents.qr_parameter(version).split(".")
    from digigov.licenses import qr

    altered = qr.encode(qr.decode(documents.qr_parameter(version)).text.replace(b"2032", b"2099"), b"")
    run = _script("--qr", altered.split(".")[0] + "." + signature, str(cert))
    assert run.returncode == 1 and "does not verify" in run.stdout


def test_a_copy_for_one_use_carries_its_watermark_under_the_seal(version, tmp_path):
    data = documents.copy_for_use(version, "办理不动产登记")
    found = pdf.read_signature(data)
    assert found.info["LicenceUse"].startswith("仅供办理不动产登记使用 ")
    assert signing.verify_seal_signature(found.der, found.protected).ok
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "".join(text.split()).count("仅供办理不动产登记使用") == 3, "drawn three times across the page"
    assert LedgerEntry.objects.filter(action="licenses.copy.made").count() == 1
    with pytest.raises(documents.ConflictError):
        documents.copy_for_use(version, "  ")
