"""The figures screen in chromium (ADR 0003 §6): the vendored ECharts draws a bar chart per figure from the page's
data island under the CSP (no violation, no console error), and the tables below stay readable, also on a phone."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, staff
from digigov.eservices.choices import Substitute
from digigov.eservices.tests.factories import MaterialFactory, ServiceItemFactory

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
FIGURES = ["online_rate", "full_online_rate", "one_visit", "substitution_rate", "time_compression"]
CASE_FIGURES = [
    "case_online_rate",
    "case_full_online_rate",
    "case_online_concluded_rate",
    "case_on_time_rate",
    "case_visits",
    "case_held_rate",
]  # no case here: empty
# Playwright's init script runs before the page's own (and is not subject to its CSP): it records every violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def operator(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    province = OrganisationFactory(name="湖北省市场监督管理局")
    city = OrganisationFactory(
        name="武汉市民政局", division=DivisionFactory(code="420100", name="武汉市", level="city")
    )
    for depth, visits in ((4, 0), (4, 0), (3, 1), (2, 2)):
        item = ServiceItemFactory(organisation=province, online_depth=depth, visits=visits, promised_days=8)
        MaterialFactory(item=item, substitute=Substitute.LICENCE, licence_type="DEMO-LIC-BUSINESS")
        MaterialFactory(item=item)
    for depth in (3, 1):
        ServiceItemFactory(organisation=city, online_depth=depth, visits=1, legal_days=20, promised_days=6)
    user = staff(Role.HANDLER, OrganisationFactory(name="湖北省政务服务和大数据管理局", is_platform_operator=True))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def open_figures(browser, live_server, user, **context):
    page = browser.new_context(locale="zh-CN", **context).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/figures/")
    page.wait_for_selector(f"[data-figures-chart={FIGURES[-1]}][data-drawn=true]")
    return page, problems


def canvas_sizes(page) -> dict[str, tuple[int, int]]:
    """Each chart's canvas, by figure: ECharts draws into a <canvas> sized to its container."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-figures-chart]")].map((el) => {
            const canvas = el.querySelector("canvas");
            return [el.dataset.figuresChart, canvas ? [canvas.width, canvas.height] : [0, 0]];
        }))"""
    )


def painted(page, figure: str) -> int:
    """How many pixels of a chart's canvas are not blank: the bars, axes and labels were drawn, not just sized."""
    return page.evaluate(
        """(figure) => {
            const canvas = document.querySelector(`[data-figures-chart=${figure}] canvas`);
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return n;
        }""",
        figure,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_charts_are_drawn_under_the_csp(live_server, operator, browser, screenshot_dir):
    page, problems = open_figures(browser, live_server, operator, viewport={"width": 1280, "height": 1000})
    sizes = canvas_sizes(page)
    assert list(sizes) == FIGURES + CASE_FIGURES
    assert all(width > 300 and height > 100 for width, height in sizes.values()), sizes
    assert all(painted(page, figure) > 2000 for figure in FIGURES)
    assert page.evaluate("window.__cspViolations") == []
    assert not problems, problems
    summary = page.locator("[data-testid=figures-summary]").inner_text()
    assert "网上可办率" in summary and "全流程网办率" in summary and "时限压缩率" in summary
    row = page.locator("[data-testid=figure-table-online_rate] tr", has_text="湖北省市场监督管理局").inner_text()
    assert "75.0%" in row and "未达标" in row
    page.screenshot(path=str(screenshot_dir / "eservices-figures.png"), full_page=True)
    page.locator("[data-testid=figure-time_compression]").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "eservices-figures-time.png"))
    # the tooltip names the row and its value (shown through ECharts' own action: headless pointer moves did not
    # reach zrender's handler here)
    chart = page.locator("[data-figures-chart=online_rate]")
    chart.scroll_into_view_if_needed()
    page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector("[data-figures-chart=online_rate]"))
            .dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 4})"""
    )
    page.wait_for_timeout(300)
    assert "湖北省市场监督管理局\n网上可办率 75.0%" in chart.inner_text()
    page.screenshot(path=str(screenshot_dir / "eservices-figures-tooltip.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_charts_fit_a_phone(live_server, operator, browser, screenshot_dir):
    page, problems = open_figures(
        browser, live_server, operator, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    sizes = canvas_sizes(page)
    assert all(width > 0 and height > 100 for width, height in sizes.values()), sizes
    assert page.evaluate(
        """() => [...document.querySelectorAll("[data-figures-chart]")]
            .every((el) => el.getBoundingClientRect().right <= window.innerWidth)"""
    )
    assert page.evaluate("window.__cspViolations") == [] and not problems, problems
    page.screenshot(path=str(screenshot_dir / "eservices-figures-phone.png"), full_page=True)
    page.locator("[data-figures-chart=online_rate]").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "eservices-figures-phone-chart.png"))
