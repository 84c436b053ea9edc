"""Hosted tables are uploaded through background jobs (R1.4): the form answers at once about the file's type and size,
the job's page shows the progress, then the new service or every bad cell (nothing stored then); a reload replaces
every row or none. A real worker process runs the upload as in production."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core.choices import JobStatus
from digigov.core.errors import DomainError
from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.core.tests.exports import ATTACKS, assert_csv_keeps_as_text, assert_xlsx_keeps_as_text
from digigov.core.tests.files import csv_file, program, xlsx
from digigov.core.tests.worker import real_worker
from digigov.exchange import services
from digigov.exchange.models import DataService, HostedRow, HostedTable, Mount

pytestmark = pytest.mark.django_db
NEW = "/admin/exchange/services/new/"
PEOPLE = [
    ["身份证号", "姓名", "电话"],
    ["420102199001011234", "张三", "13800000001"],
    ["420102199202022345", "李四", ""],
]


@pytest.fixture
def private_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "private"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def register(client, content: bytes, name="people.csv", key="身份证号", service_name="人口库表"):
    return client.post(
        NEW,
        {"name": service_name, "kind": "hosted_table", "key_column": key, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "field_message"),
    [
        ("people.xlsx", program(), "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"),
        ("people.exe", program(), "只能上传 CSV 或 .xlsx 文件。"),
        ("people.csv", program(), "文件既不是 CSV 文本文件，也不是 Excel 工作簿（.xlsx）。"),
        ("people.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "只能上传 CSV 或 .xlsx 文件。"),
    ],
)
def test_a_wrong_file_is_refused_on_the_form_at_once(client, world, private_dir, name, content, field_message):
    client.force_login(world.prov_handler)
    response = register(client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert field_message in page and 'value="人口库表"' in page, "the error at the field, what was typed kept"
    assert not BackgroundJob.objects.exists() and not DataService.objects.exists() and leftovers(private_dir) == []


def test_a_missing_key_column_is_refused_on_the_form_with_the_file_s_problem(client, world, private_dir):
    client.force_login(world.prov_handler)
    page = register(client, program(), name="people.xlsx", key="").content.decode()
    assert "请填写主键列：使用方按该列查询记录。" in page and "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。" in page
    assert not BackgroundJob.objects.exists()


def test_a_good_table_becomes_a_service_through_the_job(client, world, private_dir, django_capture_on_commit_callbacks):
    client.force_login(world.prov_handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, csv_file(PEOPLE, encoding="gb18030"))
    job = BackgroundJob.objects.get()
    service = DataService.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.label, job.organisation) == (JobStatus.DONE, "托管库表“人口库表”", world.provider)
    assert job.result_url == f"/admin/exchange/services/{service.pk}/"
    page = client.get(response.url).content.decode()
    assert "2 行数据已托管为数据服务“人口库表”。" in page and f'href="{job.result_url}"' in page
    assert [(r.row_no, r.key, r.data["姓名"]) for r in HostedRow.objects.filter(table=service.table)] == [
        (1, "420102199001011234", "张三"),
        (2, "420102199202022345", "李四"),
    ]
    assert LedgerEntry.objects.filter(action="exchange.service.registered", object_id=str(service.pk)).exists()
    assert leftovers(private_dir) == []


def test_every_bad_cell_is_on_the_job_page_and_nothing_is_stored(
    client, world, private_dir, django_capture_on_commit_callbacks
):
    rows = [*PEOPLE, ["", "王五", ""], ["420102199001011234", "赵六", "", "多余"]]
    client.force_login(world.prov_handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, xlsx(rows), name="people.xlsx")
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.problems == [
        {"cell": "A4", "message": "必须填写“身份证号”。"},
        {"cell": "A5", "message": "主键“420102199001011234”与 A2 重复。"},
        {"cell": "D5", "message": "第 1 行没有为该单元格所在列命名：请删除该内容，或在第 1 行填写列名。"},
    ]
    page = client.get(response.url).content.decode()
    assert "未导入任何数据：文件中有 3 处错误，请改正后重新导入。" in page
    assert "<code>A5</code></td><td>主键“420102199001011234”与 A2 重复。" in page
    assert f'href="{NEW}"' in page, "back to the form"
    assert not DataService.objects.exists() and not HostedTable.objects.exists() and not HostedRow.objects.exists()
    assert leftovers(private_dir) == []


def hosted_table(world):
    """The provider's hosted table 人口库表 (PEOPLE, keyed by 身份证号)."""
    return services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename="v1.csv",
        content=csv_file(PEOPLE),
        key_column="身份证号",
    )


def mounted_table(world, field_map: dict):
    """hosted_table() mounted to world.resource with `field_map`."""
    service = hosted_table(world)
    services.service_mount(
        actor=world.prov_handler, service=service, resource_id=world.resource.pk, field_map=field_map
    )
    return service


def test_a_reload_from_the_screen_replaces_every_row_or_none(
    client, world, private_dir, django_capture_on_commit_callbacks
):
    service = mounted_table(world, {"sfzh": "身份证号"})
    first_table = service.table_id
    url = f"/admin/exchange/services/{service.pk}/"
    client.force_login(world.prov_handler)
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post(url, {"op": "reload", "file": SimpleUploadedFile("v2.csv", csv_file([["证件号"], ["1"]]))})
    assert BackgroundJob.objects.get().status == JobStatus.FAILED
    assert "第 1 行中没有主键列“身份证号”（现有列：证件号）。" in client.get(bad.url).content.decode()
    service.refresh_from_db()
    assert service.table_id == first_table and service.table.rows.count() == 2, "the failed reload changed nothing"

    new_rows = [["身份证号", "姓名"], ["420102199303033456", "王五"]]
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(url, {"op": "reload", "file": SimpleUploadedFile("v3.csv", csv_file(new_rows))})
    job = BackgroundJob.objects.latest("pk")
    assert job.status == JobStatus.DONE and job.result_url == url
    assert "库表“人口库表”现有 1 行数据。" in client.get(good.url).content.decode()
    service.refresh_from_db()
    assert list(service.table.rows.values_list("key", flat=True)) == ["420102199303033456"]
    assert not HostedTable.objects.filter(pk=first_table).exists(), "the old rows are gone"
    assert Mount.objects.get(service=service).is_active and leftovers(private_dir) == []

    page = client.post(url, {"op": "reload", "file": SimpleUploadedFile("v4.pdf", b"%PDF-1.4")}, follow=True)
    assert "只能上传 CSV 或 .xlsx 文件。" in page.content.decode() and BackgroundJob.objects.count() == 2


def test_a_reload_that_drops_a_mounted_column_is_refused_before_anything_is_written(world):
    service = mounted_table(world, {"sfzh": "身份证号", "xm": "姓名"})
    with pytest.raises(DomainError, match="已挂接的资源要读取的列在新文件中缺失：姓名。"):
        services.table_reload(
            actor=world.prov_handler, service=service, filename="v2.csv", content=csv_file([["身份证号"], ["1"]])
        )
    assert HostedTable.objects.count() == 1 and HostedRow.objects.count() == 2


def test_another_department_cannot_upload_for_the_provider(client, world, private_dir):
    service = hosted_table(world)
    client.force_login(world.other_handler)
    response = client.post(
        f"/admin/exchange/services/{service.pk}/", {"op": "reload", "file": SimpleUploadedFile("x.csv", b"a\n1\n")}
    )
    assert response.status_code == 404 and not BackgroundJob.objects.exists() and leftovers(private_dir) == []


@pytest.mark.parametrize("queue", ["rq", "database"])
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_an_uploaded_table(client, world, tmp_path, queue):
    """Production's path (Redis) and `make run`'s (the database): the upload request only checks and queues."""
    rows = [PEOPLE[0], *[[f"4201021990{n:08d}", f"张{n}", ""] for n in range(1, 2501)]]
    with real_worker(tmp_path, queue=queue) as worker:
        client.force_login(world.prov_handler)
        response = register(client, csv_file(rows))
        job = BackgroundJob.objects.get()
        assert response.url == job.get_absolute_url() and job.status == JobStatus.QUEUED
        assert not DataService.objects.exists(), "the request stored nothing but the upload"
        assert len(leftovers(tmp_path / "private")) == 1
        worker.run()
        job.refresh_from_db()
        assert (job.status, job.done, job.total) == (JobStatus.DONE, 2500, 2500), job.error
        service = DataService.objects.get()
        assert service.table.row_count == 2500 and HostedRow.objects.filter(table=service.table).count() == 2500
        assert leftovers(tmp_path / "private") == [], "the worker removed the upload"
        assert "2500 行数据已托管为数据服务“人口库表”。" in client.get(response.url).content.decode()


def test_the_provider_downloads_its_table_as_excel_or_csv_with_formula_like_cells_as_text(
    client, world, django_capture_on_commit_callbacks
):
    rows = [["身份证号", "备注"], *[[f"42010219900101{n:04d}", text] for n, text in enumerate(ATTACKS)]]
    service = services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename="v1.csv",
        content=csv_file(rows),
        key_column="身份证号",
    )
    url = f"/admin/exchange/services/{service.pk}/"
    client.force_login(world.prov_handler)
    assert 'data-testid="table-download"' in client.get(url).content.decode()
    files = {}
    for fmt in ("xlsx", "csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"op": "download", "fmt": fmt})
        job = BackgroundJob.objects.latest("pk")
        assert response.url == job.get_absolute_url() and job.status == JobStatus.DONE, job.error
        assert job.label == f"下载库表“人口库表”（{fmt.upper()}）" and job.result_file.name.endswith(f"人口库表.{fmt}")
        files[fmt] = b"".join(client.get(f"/admin/jobs/{job.pk}/file").streaming_content)
    assert_xlsx_keeps_as_text(files["xlsx"])
    csv_rows = assert_csv_keeps_as_text(files["csv"])
    assert csv_rows[0] == ["身份证号", "备注"] and [r[0] for r in csv_rows[1:]] == [r[0] for r in rows[1:]]
    assert LedgerEntry.objects.filter(action="exchange.table.downloaded", actor_id=world.prov_handler.pk).count() == 2

    client.force_login(world.other_handler)
    assert client.post(url, {"op": "download", "fmt": "csv"}).status_code == 404
    assert BackgroundJob.objects.count() == 2
