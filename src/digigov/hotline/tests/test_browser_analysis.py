"""A supervisor opens 12345 数据分析 in chromium (issue 13 item 8): the heat map of Hubei's divisions is drawn from
the shipped boundaries, the trend and category charts from the data island, the rates and the ranking beside them;
choosing the last twelve months redraws them; no request leaves this server."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import DivisionFactory
from digigov.hotline import services
from digigov.hotline.tests.analysis_data import known

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def world(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    k = known()
    province = DivisionFactory()
    for code, name, n in (("420500", "宜昌市", 3), ("420600", "襄阳市", 2), ("421000", "荆州市", 1)):
        DivisionFactory(code=code, name=name, level="city", parent=province)
        for i in range(n):
            services.ticket_create(
                actor=k.s.agent, kind="help", caller_name="周女士", caller_phone=f"1390000{i:04d}",
                division_code=code, content=f"{name}某小区停水求助。",
            )  # fmt: skip
    return k


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_supervisor_sees_the_map_and_the_charts(live_server, world, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    sign_in(page, live_server.url, world.s.supervisor.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/hotline/analysis/")
    for chart in ("#hotline-map", "[data-testid=trend-chart]", "[data-testid=category-chart]"):
        page.wait_for_selector(f"{chart}[data-drawn=true] canvas")
    assert page.inner_text("[data-rate=on_time] strong") == "75.0%"
    assert page.inner_text("[data-testid=hotline-map-table] tr[data-division='420100'] td") == "5"
    assert page.inner_text("[data-testid=hotline-map-table] tr[data-division='420500'] td") == "3"
    assert "武汉市住房和城市更新局" in page.inner_text("[data-testid=ranking-table]")
    page.screenshot(path=str(screenshot_dir / "hotline-analysis.png"), full_page=True)
    page.locator("#analysis-trend-title").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "hotline-analysis-charts.png"))
    page.locator("#analysis-ranking-title").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "hotline-analysis-ranking.png"))
    page.select_option("select[name=period]", "year")
    page.click("[data-testid=analysis-period] button[type=submit]")
    page.wait_for_selector("[data-testid=trend-chart][data-drawn=true] canvas")
    assert "月份" in page.inner_text("[data-testid=trend-table]")
    page.select_option("select[name=period]", "custom")
    page.fill("input[name=start]", "2026-12-31")
    page.fill("input[name=end]", "2026-01-01")
    page.click("[data-testid=analysis-period] button[type=submit]")
    assert "最后一天早于第一天。" in page.inner_text("[data-testid=analysis-period]")
    assert outside == []
