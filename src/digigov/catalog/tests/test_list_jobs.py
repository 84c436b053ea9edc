"""The lists' Excel import as a background job, and their exports as safe Excel and CSV (R1.3, R0.5).

The request checks only what is quick (the list, the right to import it, the file's size and real type) and answers
on the form; the rows are read by the job, whose page shows the result or every bad cell, nothing saved then.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.catalog import services
from digigov.catalog.models import NegativeEntry
from digigov.catalog.tests.helpers import operator_user
from digigov.core.choices import JobStatus, Role
from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.exports import ATTACKS, assert_csv_keeps_as_text, assert_xlsx_keeps_as_text
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.core.tests.files import program, xlsx
from digigov.core.tests.test_background import back_office

pytestmark = pytest.mark.django_db
NEG_HEADER = ["部门", "资源名称", "信息项", "依据类型", "法律依据"]
LIST_URL = "/admin/catalog/lists/negative/"


@pytest.fixture
def private_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "private"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


@pytest.fixture
def psb():
    return OrganisationFactory(name="省公安厅")


@pytest.fixture
def handler(psb):
    return back_office(staff(Role.HANDLER, psb))


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def upload(client, content: bytes, name="negative.xlsx", url=LIST_URL):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("negative.xlsx", program(), "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"),
        ("negative.csv", "部门,资源名称\n".encode(), "只能上传 .xlsx 文件。"),
        ("negative.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "只能上传 .xlsx 文件。"),
        ("negative.xlsx", b"", "所提交的是空文件。"),
    ],
)
def test_a_wrong_file_is_refused_on_the_form_without_a_job(client, handler, private_dir, name, content, message):
    client.force_login(handler)
    response = upload(client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-file-error"' in page and message in page
    assert not BackgroundJob.objects.exists() and leftovers(private_dir) == []


def test_a_file_over_the_size_rule_is_refused_on_the_form(client, handler, private_dir):
    rule_set(actor=UserFactory(is_superuser=True), key="catalog.import_max_mb", value=1)
    client.force_login(handler)
    page = upload(client, xlsx([NEG_HEADER]) + b"\x00" * (1024 * 1024)).content.decode()
    assert "文件超过 1 MB。" in page and not BackgroundJob.objects.exists()


def test_a_good_file_is_imported_by_the_job_which_links_back_to_the_list(
    client, handler, private_dir, django_capture_on_commit_callbacks
):
    rows = [NEG_HEADER, ["省公安厅", "涉密案件", "案件编号", "法律", "《保守国家秘密法》第九条"]]
    rows.append(["省公安厅", "侦查信息", "", "行政法规", "《公安机关办理刑事案件程序规定》"])
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, xlsx(rows))
    job = BackgroundJob.objects.get(owner=handler)
    assert response.status_code == 302 and response.url == f"/admin/jobs/{job.pk}/"
    assert (job.status, job.label, job.result_url) == (JobStatus.DONE, "导入负面清单", LIST_URL)
    page = client.get(response.url).content.decode()
    assert "已导入 2 条。" in page and f'href="{LIST_URL}"' in page
    assert sorted(NegativeEntry.objects.values_list("resource_name", flat=True)) == ["侦查信息", "涉密案件"]
    assert LedgerEntry.objects.filter(action="catalog.negative.imported", actor_id=handler.pk).exists()
    assert leftovers(private_dir) == [], "the upload is removed once imported"


def test_a_bad_file_lists_every_bad_cell_on_the_job_page_and_saves_nothing(
    client, handler, private_dir, django_capture_on_commit_callbacks
):
    rows = [
        NEG_HEADER,
        ["省公安厅", "涉密案件", "", "法律", "《保守国家秘密法》"],
        ["省公安厅", "", "", "法规", "某法"],
        ["不存在的厅", "名称", "", "法律", ""],
    ]
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, xlsx(rows))
    job = BackgroundJob.objects.get(owner=handler)
    assert job.status == JobStatus.FAILED and job.error.startswith("未导入任何数据：文件中有 4 处错误")
    assert [p["cell"] for p in job.problems] == ["B3", "D3", "A4", "E4"]
    page = client.get(response.url).content.decode()
    assert "<code>B3</code></td><td>必须填写“资源名称”。" in page and "不存在的厅" in page
    assert f'href="{LIST_URL}"' in page, "a way back to the list to upload the corrected file"
    assert not NegativeEntry.objects.exists() and leftovers(private_dir) == []


def test_only_the_operator_imports_the_responsibility_list(client, handler, private_dir):
    client.force_login(handler)
    response = upload(client, xlsx([["责任部门"]]), url="/admin/catalog/lists/responsibility/")
    assert response.status_code == 403 and "您无权" in response.content.decode()  # the platform's refusal page
    assert not BackgroundJob.objects.exists() and leftovers(private_dir) == []


# --- exports: Excel and CSV, never a formula ---------------------------------------------------------------------


@pytest.fixture
def hostile_lists(psb, handler):
    """One entry of each list whose texts a spreadsheet would run: =cmd…, +1+1, -2+3, @SUM(…)."""
    attack, plus, minus, at = ATTACKS
    operator = operator_user()
    services.responsibility_create(
        actor=operator, organisation=psb, resource_name=attack, due_date=dt.date(2026, 12, 31), items=plus,
        duty_basis=f"{minus}\n{at}",
    )  # fmt: skip
    services.responsibility_create(
        actor=operator, organisation=psb, resource_name=minus, due_date=dt.date(2026, 12, 31), duty_basis=at
    )
    services.responsibility_create(actor=operator, organisation=psb, resource_name=at, due_date=dt.date(2026, 12, 31))
    services.responsibility_create(actor=operator, organisation=psb, resource_name=plus, due_date=dt.date(2027, 1, 4))
    services.demand_create(actor=handler, requester=psb, resource_name=attack, purpose=plus, items=minus, basis=at)
    services.negative_create(
        actor=handler, organisation=psb, resource_name=attack, legal_basis_kind="law", legal_basis=plus, items=minus
    )
    services.negative_create(
        actor=handler, organisation=psb, resource_name=at, legal_basis_kind="law", legal_basis="《保守国家秘密法》"
    )
    return operator


@pytest.mark.parametrize("kind", ["responsibility", "demand", "negative"])
def test_every_list_exports_formula_like_text_as_text_in_excel_and_csv(client, handler, hostile_lists, kind):
    client.force_login(back_office(hostile_lists))
    xlsx_export = client.get(f"/admin/catalog/lists/{kind}/export/")
    assert xlsx_export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_xlsx_keeps_as_text(xlsx_export.content)
    csv_export = client.get(f"/admin/catalog/lists/{kind}/export/?format=csv")
    assert csv_export["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_export["Content-Disposition"].endswith('.csv"')
    rows = assert_csv_keeps_as_text(csv_export.content)
    assert rows[0][0] in ("责任部门", "需求部门", "部门") and rows[1][0] == "省公安厅", "Chinese reads right"
    assert LedgerEntry.objects.filter(action=f"catalog.{kind}.exported", summary__contains='"format": "csv"').exists()


def test_the_api_exports_the_lists_as_excel_or_csv(client, handler, hostile_lists):
    client.force_login(hostile_lists)
    assert_xlsx_keeps_as_text(client.get("/api/v1/catalog/lists/demand/export").content)
    assert_csv_keeps_as_text(client.get("/api/v1/catalog/lists/demand/export?format=csv").content)
    assert client.get("/api/v1/catalog/lists/demand/export?format=xls").status_code == 422
