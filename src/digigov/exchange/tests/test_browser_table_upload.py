"""In chromium, desktop and phone width: a hosted-table upload refused on the form for its type, a job page while the
rows are saved, a job page listing every bad cell, and the done page linking to the new service (R1.4)."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connections

from digigov.core.choices import JobStatus
from digigov.core.models import BackgroundJob
from digigov.core.tests.browser import sign_in
from digigov.core.tests.files import csv_file, program

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
WIDTHS = {"desktop": 1280, "phone": 390}
GOOD = [["身份证号", "姓名", "电话"], ["420102199001011234", "张三", "13800000001"], ["420102199202022345", "李四", ""]]
BAD = [*GOOD, ["", "王五", ""], ["420102199001011234", "赵六", "", "多余"], ["420102199303033456", "钱七", ""]]


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


@pytest.fixture
def running_job(world):
    """A job the worker is in the middle of: made before Playwright starts (see the browser fixture)."""
    return BackgroundJob.objects.create(
        kind="digigov.exchange.tasks.hosted_table_register",
        label="托管库表“全省人口库”",
        owner=world.prov_handler,
        organisation=world.provider,
        status=JobStatus.RUNNING,
        stage="正在保存",
        done=116_000,
        total=290_000,
    )


def as_the_worker(pk: int, **fields) -> None:
    """Write the job's row from another thread with its own connection, as the worker process would."""

    def write():
        BackgroundJob.objects.filter(pk=pk).update(**fields)
        connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def upload(page, base: str, name: str, content: bytes) -> None:
    page.goto(f"{base}/admin/exchange/services/new/")
    page.check("input[name=kind][value=hosted_table]")
    page.fill("input[name=name]", "全省人口库")
    page.fill("input[name=key_column]", "身份证号")
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_load_state()


def shoot(page, path) -> None:
    """The page as it reads once loaded again, all its requests done."""
    page.reload()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_upload_form_job_progress_cell_errors_and_done(
    live_server, world, private_storage, running_job, browser, screenshot_dir, device
):
    context = browser.new_context(
        viewport={"width": WIDTHS[device], "height": 900},
        locale="zh-CN",
        bypass_csp=True,  # wait_for_function evals
    )
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, world.prov_handler.username, PASSWORD)

    upload(page, base, "全省人口库.xlsx", program())
    assert "/admin/exchange/services/new/" in page.url
    assert "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。" in page.inner_text("main")
    page.screenshot(path=str(screenshot_dir / f"table-upload-type-error-{device}.png"), full_page=True)

    page.goto(f"{base}/admin/jobs/{running_job.pk}/")
    assert page.inner_text("[data-job-stage]") == "正在保存："
    assert page.inner_text("[data-job-count]") == "116000 / 290000 (40%)"
    as_the_worker(running_job.pk, done=203_000)
    page.wait_for_function("document.querySelector('[data-job-count]').textContent.startsWith('203000')")
    assert page.get_attribute("[data-job-bar]", "aria-valuenow") == "70"
    page.screenshot(path=str(screenshot_dir / f"table-upload-running-{device}.png"), full_page=True)

    upload(page, base, "全省人口库.csv", csv_file(BAD))  # the test server runs the job in the request
    assert "/admin/jobs/" in page.url and page.inner_text("[data-job-status]") == "失败"
    assert "未导入任何数据：文件中有 3 处错误，请改正后重新导入。" in page.inner_text("[data-testid=job-error]")
    problems = page.inner_text("[data-testid=job-problems] tbody")
    assert "A4\t必须填写“身份证号”。" in problems and "A5\t主键“420102199001011234”与 A2 重复。" in problems
    assert "D5\t第 1 行没有为该单元格所在列命名" in problems
    shoot(page, screenshot_dir / f"table-upload-cell-errors-{device}.png")

    upload(page, base, "全省人口库.csv", csv_file(GOOD, encoding="gb18030"))
    assert page.inner_text("[data-job-status]") == "已完成"
    assert "2 行数据已托管为数据服务“全省人口库”。" in page.inner_text("[data-testid=job-result]")
    shoot(page, screenshot_dir / f"table-upload-done-{device}.png")
    page.click("text=查看结果")
    page.wait_for_load_state()
    assert "/admin/exchange/services/" in page.url and "420102199202022345" in page.inner_text("main")
    context.close()
