"""A demo handler signs in with Debian chromium and sees the workbench: to-dos by deadline, overdue in red."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.demo.province import DEMO_PASSWORD


@pytest.fixture
def demo_without_sharing(committed_demo):
    """Loaded before Playwright starts: inside its greenlet the ORM would open a connection the test teardown never
    sees, and PostgreSQL would refuse to drop the test database."""
    committed_demo("--without-sharing")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_handler_signs_in_and_sees_the_workbench(live_server, demo_without_sharing, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    sign_in(page, live_server.url, "psb.handler", DEMO_PASSWORD)
    page.wait_for_selector("[data-testid=todo-table]")

    rows = page.locator("[data-testid=todo-table] tbody tr")
    titles = rows.locator("td.title").all_inner_texts()
    assert titles[0] == "核对人口基础信息资源的信息项与更新周期", "most urgent (overdue) first"
    assert "答复省政务办关于户籍数据共享频率的询问" in titles
    assert not any("企业登记" in t for t in titles), "another department's to-dos stay out of sight"

    overdue = page.locator("tr.todo--overdue td.title a").first
    assert overdue.evaluate("el => getComputedStyle(el).color") == "rgb(205, 68, 68)"
    assert page.locator("text=已逾期").first.is_visible()
    assert page.locator("text=我的待办").is_visible()

    page.screenshot(path=str(screenshot_dir / "workbench-psb-handler.png"), full_page=True)
