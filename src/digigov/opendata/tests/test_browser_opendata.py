"""The open-data portal on a 390-px phone in Debian chromium (R3.1; issue #10 item 10): from the portal's 数据开放
entry a visitor finds a dataset, reads its fields and first rows, and downloads it, with no outside host, nothing wider
than the phone, and no accessibility violation found by axe-core in standard or large type."""

import csv
import io
from urllib.parse import urlsplit

import pytest

from digigov.opendata.tests.factories import open_dataset
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations


@pytest.fixture
def portal(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    open_dataset()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_reads_and_downloads_an_open_dataset_on_a_phone(live_server, portal, browser, screenshot_dir):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True, accept_downloads=True
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="数据开放").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="数据开放", level=1).is_visible()
    for step in ("list", "dataset"):
        if step == "dataset":
            page.get_by_role("link", name="武汉市公交线路信息").click()
            page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, step
        assert axe_violations(page) == [], step
        page.screenshot(path=str(screenshot_dir / f"opendata-{step}-390.png"), full_page=True)
    assert page.get_by_role("cell", name="汉口火车站").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["线路名称", "起点站", "终点站"] and len(rows) == 4

    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / "opendata-dataset-390-large.png"), full_page=True)
    own = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests} == {own}, "no request leaves the platform"
    context.close()
