"""In chromium, desktop and phone width: a list import refused on the form for its type, then one whose job page
lists every bad cell and links back to the list, which offers Excel and CSV exports (R1.3)."""

import pytest
from django.conf import settings as django_settings

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.files import program, xlsx
from digigov.core.tests.test_background import back_office

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
WIDTHS = {"desktop": 1280, "phone": 390}
BAD = [
    ["部门", "资源名称", "信息项", "依据类型", "法律依据"],
    ["省公安厅", "涉密案件", "", "法律", "《保守国家秘密法》"],
    ["省公安厅", "", "", "法规", "某法"],
    ["不存在的厅", "侦查信息", "", "法律", ""],
]


@pytest.fixture
def handler(settings, tmp_path):
    settings.STORAGES = {
        **django_settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return back_office(staff(Role.HANDLER, OrganisationFactory(name="省公安厅"), username="list.handler"))


def upload(page, base: str, name: str, content: bytes) -> None:
    page.goto(f"{base}/admin/catalog/lists/negative/")
    page.set_input_files("[data-testid=import-form] input[type=file]", files=[{"name": name, "mimeType":
        "application/octet-stream", "buffer": content}])  # fmt: skip
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_list_import_type_error_then_cell_errors(live_server, handler, browser, screenshot_dir, device):
    context = browser.new_context(viewport={"width": WIDTHS[device], "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, "list.handler", PASSWORD)

    upload(page, live_server.url, "负面清单.xlsx", program())
    assert page.url.endswith("/admin/catalog/lists/negative/")
    assert "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。" in page.inner_text("[data-testid=import-file-error]")
    assert page.is_visible("[data-testid=export-csv]")
    page.screenshot(path=str(screenshot_dir / f"list-import-type-error-{device}.png"), full_page=True)

    upload(page, live_server.url, "负面清单.xlsx", xlsx(BAD))  # the test server runs the job in the request
    assert "/admin/jobs/" in page.url
    problems = page.inner_text("[data-testid=job-problems] tbody")
    assert "B3\t必须填写“资源名称”。" in problems and "A4\t没有名为“不存在的厅”的部门。" in problems
    page.reload()  # see exchange/tests/test_browser_table_upload.py: shoot()
    page.screenshot(path=str(screenshot_dir / f"list-import-cell-errors-{device}.png"), full_page=True)
    page.click("text=返回")
    page.wait_for_load_state()
    assert page.url.endswith("/admin/catalog/lists/negative/")
    context.close()
