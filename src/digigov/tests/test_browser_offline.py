"""In Debian chromium: the API docs render from our own Swagger UI, the back office asks no outside host for
anything (Wagtail's release check is off), and a back-office table stays readable on a 390-px phone (issue 8)."""

from urllib.parse import urlsplit

import pytest

from digigov.core.tests.browser import sign_in
from digigov.demo.province import DEMO_PASSWORD


@pytest.fixture
def demo_without_sharing(committed_demo):
    committed_demo("--without-sharing")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_and_back_office_need_no_outside_host(live_server, demo_without_sharing, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-description")
    summaries = page.locator(".opblock-summary-description").all_inner_texts()
    assert "当前登录人及其角色" in summaries, "Swagger UI drew the operations, with Chinese summaries"
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))

    sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
    for path in ("/admin/", "/admin/platform/rules/", "/admin/account/", "/admin/core_organisation/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".sidebar-custom-branding img.platform-emblem").is_visible(), "our emblem, not the bird"
    page.screenshot(path=str(screenshot_dir / "dashboard-admin.png"))
    assert hosts == {urlsplit(live_server.url).netloc}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_back_office_table_is_readable_on_a_phone(live_server, demo_without_sharing, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    sign_in(page, live_server.url, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/core_organisation/")
    table = page.locator("table.listing").first
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the table stays on the screen"
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "wider content scrolls sideways inside the table"
    name = page.get_by_role("link", name="湖北省公安厅", exact=True)
    assert name.bounding_box()["width"] >= 80, "names are not broken one character per line"
    table.evaluate("t => t.scrollLeft = t.scrollWidth")
    assert table.evaluate("t => t.scrollLeft") > 0
    page.screenshot(path=str(screenshot_dir / "organisations-390.png"))
