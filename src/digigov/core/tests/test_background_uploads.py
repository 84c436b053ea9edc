"""An import as a background job: the upload waits in private storage and is removed when the job ends; a refused
import lists every bad cell on the job's page; the request checks only what is quick (the size, the real type)."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core import spreadsheets
from digigov.core.background import PROBLEMS_KEPT, keep_upload, kept_upload, launch
from digigov.core.choices import JobStatus, Role
from digigov.core.errors import DomainError
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.files import program
from digigov.core.tests.jobs import import_names
from digigov.core.tests.test_background import back_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "private"
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


@pytest.fixture
def owner():
    return back_office(staff(Role.HANDLER, OrganisationFactory(name="省民政厅"), first_name="李娜"))


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def run_import(owner, data: bytes, capture):
    with capture(execute=True):
        job = launch(import_names, owner=owner, label="导入姓名", upload=keep_upload(data, "名单.csv"))
    job.refresh_from_db()
    return job


def test_an_upload_waits_in_private_storage_not_in_media_and_is_removed_after_the_job(
    owner, private_dir, django_capture_on_commit_callbacks
):
    name = keep_upload("张三\n李四\n".encode(), "../名单.csv")
    kept = private_dir / name
    assert kept.read_bytes() == "张三\n李四\n".encode() and kept.name == "名单.csv"
    assert private_dir in kept.parents and Path(django_settings.MEDIA_ROOT) not in kept.parents
    with kept_upload(name) as data:
        assert data.decode() == "张三\n李四\n"
    assert not kept.exists() and not kept.parent.exists(), "the file and its folder are gone"

    job = run_import(owner, "王五\n赵六\n".encode(), django_capture_on_commit_callbacks)
    assert (job.status, job.message, job.stage) == (JobStatus.DONE, "导入了 2 个姓名", "正在检查")
    assert files_in(private_dir) == []


def test_a_refused_import_lists_every_bad_cell_on_its_page_and_its_upload_is_removed_too(
    owner, private_dir, client, django_capture_on_commit_callbacks
):
    job = run_import(owner, "张三\n123\n李四\n456\n".encode(), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert job.error == "未导入任何数据：文件中有 2 处错误，请改正后重新导入。"
    assert job.problems == [{"cell": "A2", "message": "姓名不能是数字"}, {"cell": "A4", "message": "姓名不能是数字"}]
    assert files_in(private_dir) == []
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<code>A2</code></td><td>姓名不能是数字" in page and "<code>A4</code>" in page
    assert "仅列出前" not in page
    state = client.get(f"/admin/jobs/{job.pk}/status.json").json()
    assert state["status"] == "failed" and "problems" not in state, "the poller reads no cell list"


def test_the_api_lists_every_bad_cell_of_a_refused_import(
    owner, private_dir, client, django_capture_on_commit_callbacks
):
    job = run_import(owner, "张三\n42\n7\n".encode(), django_capture_on_commit_callbacks)
    client.force_login(owner)
    state = client.get(f"/api/v1/core/jobs/{job.pk}").json()
    assert state["status"] == "failed" and state["finished"] and state["message"] == ""
    assert state["problems"] == [
        {"cell": "A2", "message": "姓名不能是数字"},
        {"cell": "A3", "message": "姓名不能是数字"},
    ]


def test_a_file_with_more_bad_cells_than_kept_says_so(owner, private_dir, client, django_capture_on_commit_callbacks):
    lines = "\n".join(str(n) for n in range(PROBLEMS_KEPT + 5))
    job = run_import(owner, lines.encode(), django_capture_on_commit_callbacks)
    assert len(job.problems) == PROBLEMS_KEPT and job.problems[-1]["cell"] == f"A{PROBLEMS_KEPT}"
    assert f"文件中有 {PROBLEMS_KEPT + 5} 处错误" in job.error, "the message still counts them all"
    client.force_login(owner)
    assert f"仅列出前 {PROBLEMS_KEPT} 处问题。" in client.get(job.get_absolute_url()).content.decode()


def test_a_job_whose_upload_is_gone_says_so_in_chinese(owner, private_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = launch(import_names, owner=owner, label="导入姓名", upload="uploads/nothing/名单.csv")
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "上传的文件已不存在，请重新上传。")


def test_the_page_of_a_running_job_names_its_stage(owner, client):
    job = launch(import_names, owner=owner, label="导入姓名", upload="x")  # not run: no commit in this test
    type(job).objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, stage="正在保存", done=30, total=120)
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "正在保存：</span><span data-job-count>30 / 120 (25%)" in page
    assert client.get(f"/admin/jobs/{job.pk}/status.json").json()["stage"] == "正在保存"


class Unreadable(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("the size alone refuses it")


def test_check_upload_refuses_by_size_before_reading_and_by_real_type():
    too_big = Unreadable("大表.csv", b"")
    too_big.size = 2 * 1024 * 1024 + 1
    with pytest.raises(spreadsheets.SpreadsheetFileError, match="文件超过 2 MB。"):
        spreadsheets.check_upload(too_big, max_mb=2)
    with pytest.raises(DomainError) as caught:
        spreadsheets.check_upload(SimpleUploadedFile("名单.xlsx", program()), max_mb=2)
    assert caught.value.fields == {"file": ["文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"]}
    with pytest.raises(DomainError, match="请选择要上传的文件。"):
        spreadsheets.check_upload(None, max_mb=2)
    assert spreadsheets.check_upload(SimpleUploadedFile("名单.csv", "姓名\n张三\n".encode()), max_mb=2).startswith(
        "姓名".encode()
    )
