"""The progress page in chromium: the bar follows the worker's writes, then the page shows the result by itself."""

import re
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from digigov.core.choices import JobStatus, Role
from digigov.core.models import BackgroundJob
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import staff

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def running_job(transactional_db):
    user = staff(Role.HANDLER, username="job.owner")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return BackgroundJob.objects.create(
        kind="tests", label="导入 200 行", owner=user, status=JobStatus.RUNNING, done=20, total=200
    )


def as_the_worker(**fields) -> None:
    """Write the row from another thread with its own connection, as the worker process would."""

    def write():
        BackgroundJob.objects.filter(pk=job_pk).update(**fields)
        connections.close_all()

    job_pk = fields.pop("pk")
    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_and_the_result_appears(live_server, running_job, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 700}, locale="zh-CN")
    sign_in(page, live_server.url, "job.owner", PASSWORD)
    page.goto(f"{live_server.url}/admin/jobs/{running_job.pk}/")
    assert page.inner_text("[data-job-count]") == "20 / 200 (10%)" and page.inner_text("[data-job-status]") == "进行中"

    as_the_worker(pk=running_job.pk, done=120)
    # a locator waits in Playwright's own world: a wait_for_function string would be eval'd in the page, which its
    # Content-Security-Policy (no 'unsafe-eval') refuses
    expect(page.locator("[data-job-count]")).to_have_text(re.compile(r"^120 / 200"))
    assert page.get_attribute("[data-job-bar]", "aria-valuenow") == "60"
    page.screenshot(path=str(screenshot_dir / "background-job-running.png"))

    as_the_worker(
        pk=running_job.pk, done=200, status=JobStatus.DONE, message="已导入 200 行", finished_at=timezone.now()
    )
    page.wait_for_selector("[data-testid=job-result]")
    assert "已导入 200 行" in page.inner_text("[data-testid=job-result]")
    assert page.inner_text("[data-job-status]") == "已完成"
    page.screenshot(path=str(screenshot_dir / "background-job-done.png"))
