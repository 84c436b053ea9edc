"""Long work runs as a background job: progress on its page, the result or a Chinese error when done, owner only."""

import time

import pytest
from django.contrib.auth.models import Permission

from digigov.core.background import launch
from digigov.core.choices import JobStatus, Role
from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.jobs import count_rows, crash, refuse
from digigov.core.tests.worker import real_worker

pytestmark = pytest.mark.django_db


def back_office(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def owner():
    return back_office(staff(Role.HANDLER, OrganisationFactory(name="省人社厅"), first_name="张敏"))


def run(work, owner, django_capture_on_commit_callbacks, **params) -> BackgroundJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = launch(work, owner=owner, label="统计行数", **params)
    job.refresh_from_db()
    return job


def test_a_job_reports_progress_and_keeps_its_result_for_the_owner(owner, client, django_capture_on_commit_callbacks):
    job = run(count_rows, owner, django_capture_on_commit_callbacks, rows=3000)
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 3000, 3000, 100)
    assert job.message == "数了 3000 行" and job.started_at <= job.finished_at
    assert LedgerEntry.objects.filter(action="core.job.started", object_id=str(job.pk), actor_id=owner.pk).exists()

    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "统计行数" in page and "已完成" in page and "数了 3000 行" in page and "结果.csv" in page
    assert "<script>" not in page and "core/background_job.js" in page
    state = client.get(f"/admin/jobs/{job.pk}/status.json").json()
    assert state["status"] == "done" and state["percent"] == 100 and state["file_url"].endswith("/file")
    download = client.get(state["file_url"])
    assert b"".join(download.streaming_content).decode() == "行,值\n1,2\n"
    assert "结果.csv" in download["Content-Disposition"] or "%E7%BB%93%E6%9E%9C.csv" in download["Content-Disposition"]
    assert "统计行数" in client.get("/admin/jobs/").content.decode()


def test_only_the_owner_and_a_platform_administrator_see_a_job(owner, client, django_capture_on_commit_callbacks):
    job = run(count_rows, owner, django_capture_on_commit_callbacks, rows=2)
    colleague = back_office(staff(Role.HANDLER, owner.memberships.first().organisation))
    client.force_login(colleague)
    for url in (job.get_absolute_url(), f"/admin/jobs/{job.pk}/status.json", f"/admin/jobs/{job.pk}/file"):
        assert client.get(url).status_code == 404
    assert "统计行数" not in client.get("/admin/jobs/").content.decode()
    client.force_login(back_office(staff(Role.PLATFORM_ADMIN)))
    assert client.get(job.get_absolute_url()).status_code == 200


def test_the_api_shows_a_job_to_its_owner_and_an_administrator_only(owner, client, django_capture_on_commit_callbacks):
    job = run(count_rows, owner, django_capture_on_commit_callbacks, rows=3)
    url = f"/api/v1/core/jobs/{job.pk}"
    assert client.get(url).status_code == 401, "signed out: not even whether it exists"
    client.force_login(owner)
    state = client.get(url).json()
    assert (state["status"], state["status_label"], state["percent"], state["message"]) == (
        "done",
        "已完成",
        100,
        "数了 3 行",
    )
    assert state["file_url"] == f"/admin/jobs/{job.pk}/file" and state["page_url"] == job.get_absolute_url()
    assert client.get(f"/api/v1/core/jobs/{job.pk + 1}").json()["code"] == "not_found"
    client.force_login(staff(Role.HANDLER, owner.memberships.first().organisation))
    assert client.get(url).status_code == 404, "a colleague's job is not shown"
    client.force_login(staff(Role.PLATFORM_ADMIN))
    assert client.get(url).json()["label"] == "统计行数"


def test_a_refused_job_shows_its_chinese_reason(owner, client, django_capture_on_commit_callbacks):
    job = run(refuse, owner, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED and job.error == "第 3 行第 B 列：不是有效的日期"
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "失败" in page and "第 3 行第 B 列：不是有效的日期" in page


def test_a_crashed_job_says_so_in_chinese_without_the_traceback(owner, client, django_capture_on_commit_callbacks):
    job = run(crash, owner, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert job.error == f"任务因意外错误中止，请告知平台运维方：任务编号 {job.pk}。"
    client.force_login(owner)
    assert "ZeroDivisionError" not in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.parametrize("queue", ["rq", "database"])
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_process_runs_a_queued_job_to_done(owner, tmp_path, queue):
    """Production's path (Redis, django-tasks-rq) and `make run`'s (the database): a separate `run_worker` runs it."""
    with real_worker(tmp_path, queue=queue) as worker:
        job = launch(count_rows, owner=owner, label="统计行数", rows=500)  # autocommit: enqueued at once
        assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
        started = time.monotonic()
        worker.run(timeout=180)
        # A burst worker leaves once the queue is empty: RQ's used to wait out a minute-long read of its command
        # channel first (core/rq_worker.py), which a deployment's restart would wait for too.
        assert time.monotonic() - started < 45, "the worker did not leave soon after its last job"
        job = BackgroundJob.objects.get(pk=job.pk)
        assert (job.status, job.done, job.total, job.message) == (JobStatus.DONE, 500, 500, "数了 500 行")
        assert job.result_file.name.endswith("结果.csv")
