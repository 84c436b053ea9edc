"""Batches (R6.1): the type's Excel template, an upload issued by a background job (all rows or none, every bad
cell named in Chinese), and `issue_bulk` fast enough for the demo's 100,000 licences."""

import random
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from digigov.core import spreadsheets
from digigov.core.codegen import make_id_number
from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.licenses import qr, snapshot
from digigov.licenses.choices import IssueSource
from digigov.licenses.models import Licence, LicenceVersion
from digigov.licenses.services import batch, issuance
from digigov.licenses.tests.factories import ID_NUMBER, ID_NUMBER_2, LicenceTypeFactory, department
from digigov.signing import api as signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_dir(settings, tmp_path):
    """Kept uploads and licence files in a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


def workbook(licence_type, rows):
    headers = [str(c.header) for c in batch.columns(licence_type)]
    return spreadsheets.write_xlsx(headers, rows, title="batch")


def test_the_template_names_the_common_columns_then_the_types_items():
    org, _handler, _admin = department(sealed=False)
    licence_type = LicenceTypeFactory(issuer=org)
    sheet = spreadsheets.read_sheet(batch.template(licence_type), max_mb=5)
    assert sheet.header[:3] == ["持证主体", "持证主体代码", "证照编号"]
    assert sheet.header[-2:] == ["准驾车型*", "初次领证日期"]


def test_an_upload_is_issued_by_a_job_and_a_bad_file_issues_nothing_and_names_each_cell(
    client, private_dir, django_capture_on_commit_callbacks
):
    org, handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    today = timezone.localdate().isoformat()
    client.force_login(handler)
    bad = workbook(
        licence_type,
        [
            ["张伟", ID_NUMBER, "P1", today, today, "", "C1", ""],
            ["李娜", "42010219630715404X", "P1", "昨天", today, "", "", "2020-01-01"],
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/licenses/batch/",
            {"licence_type": licence_type.pk, "file": SimpleUploadedFile("batch.xlsx", bad)},
        )
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and job.status == "failed"
    cells = {p["cell"] for p in job.problems}
    assert {"B3", "C3", "D3", "G3"} <= cells
    assert not Licence.objects.exists()
    good = workbook(
        licence_type,
        [
            ["张伟", ID_NUMBER, "P1", today, today, "", "C1", ""],
            ["李娜", ID_NUMBER_2, "P2", today, today, "", "B2", "2020-01-01"],
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/licenses/batch/", {"licence_type": licence_type.pk, "file": SimpleUploadedFile("b.xlsx", good)}
        )
    job = BackgroundJob.objects.latest("pk")
    assert job.status == "done", job.message
    assert Licence.objects.filter(source=IssueSource.BATCH, source_ref=f"job-{job.pk}").count() == 2
    licence = Licence.objects.get(number="P2")
    version = licence.versions.get()
    assert licence.data == {"vehicle_class": "B2", "first_issued": "2020-01-01"}
    assert signing.verify_seal_signature(issuance.signature_der(version), snapshot.canonical(version.snapshot)).ok
    assert LedgerEntry.objects.filter(action="licenses.issued_batch").count() == 1


def _rows(count, *, start=0):
    rng = random.Random(start)
    today = timezone.localdate()
    return [
        {
            "holder_name": f"测试{n}",
            "holder_code": make_id_number(rng),
            "number": f"BULK{n:06d}",
            "issued_on": today,
            "valid_from": today,
            "data": {"vehicle_class": "C1"},
        }
        for n in range(start, start + count)
    ]


def _rate(call, count) -> float:
    started = time.perf_counter()
    assert call() == count
    return count / (time.perf_counter() - started)


def test_issue_bulk_seals_every_row_and_a_bulk_load_signs_qr_codes_at_first_show(capsys):
    org, handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    with_qr = _rate(lambda: batch.issue_bulk(actor=handler, licence_type=licence_type, rows=_rows(300)), 300)
    bulk = _rate(
        lambda: batch.issue_bulk(actor=handler, licence_type=licence_type, rows=_rows(2000, start=300), sign_qr=False),
        2000,
    )
    with capsys.disabled():
        print(f"\nissue_bulk: {with_qr:.0f} rows/s with QR signatures, {bulk:.0f} rows/s without (bulk load)")
    assert LicenceVersion.objects.count() == 2300
    assert len(set(Licence.objects.values_list("identifier", flat=True))) == 2300
    assert LicenceVersion.objects.filter(qr_signature=b"").count() == 2000
    version = LicenceVersion.objects.filter(qr_signature=b"").first()
    signature = issuance.qr_signature_ensure(version=version)
    text = qr.signed_text(version.snapshot, seal_code=version.seal_code)
    assert signing.verify_seal_raw(seal_code=version.seal_code, data=text, signature=signature)
    assert issuance.qr_signature_ensure(version=version) == signature  # made once
    assert signing.verify_seal_signature(issuance.signature_der(version), snapshot.canonical(version.snapshot)).ok
