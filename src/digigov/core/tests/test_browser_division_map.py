"""The division heat map in chromium (core/_division_map.html, static/core/division-map.js; issue 13 item 8): the
vendored ECharts draws Hubei's regions from the boundary file this server ships, coloured by value, with Chinese
names and values in the tooltips, under the CSP, and nothing leaves the server. No screen of the platform counts by
division yet (the hotline's analysis will), so the component is drawn on a page this test module serves itself:
its URLconf is used only here (`pytest.mark.urls`), no user can reach it."""

from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import expect

from digigov.core.division_maps import division_heat_map

# Playwright's init script runs before the page's own (and is not subject to its CSP): it records every violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
PAGE = engines["django"].from_string(
    """<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>热力图</title>
    <link rel="icon" href="data:,">{% include "core/_division_map_scripts.html" %}</head>
    <body><main>{% include "core/_division_map.html" with map=tickets %}
    {% include "core/_division_map.html" with map=satisfaction %}</main></body></html>"""
)


def two_maps(request):
    """Counts rolled up from counties and townships, and rates per region with gaps: one page, two maps."""
    tickets = division_heat_map(
        {
            "420102": 120,
            "420106": 95,
            "420111002000": 16,
            "420500": 88,
            "420600": 64,
            "421000": 40,
            "429004": 12,
            "420000": 9,
        },
        title="12345 热线工单",
        value_label="工单量",
        area="420000",
        key="tickets-map",
        missing=0,
    )
    satisfaction = division_heat_map(
        {"420100": 92.5, "420300": 81.25, "422800": 70, "429021": None},
        title="满意率",
        value_label="满意率",
        area="420000",
        key="satisfaction-map",
        unit="%",
        roll_up=False,
    )
    return HttpResponse(PAGE.render({"tickets": tickets, "satisfaction": satisfaction}, request))


urlpatterns = [path("division-map/", two_maps)]


def open_page(browser, live_server, *, width=1280, block_boundaries=False):
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 1000}).new_page()
    seen = {"hosts": set(), "boundaries": 0, "problems": []}

    def on_request(request):
        seen["hosts"].add(urlsplit(request.url).netloc)
        seen["boundaries"] += request.url.endswith("/hubei.json")

    page.on("request", on_request)
    page.on("console", lambda m: seen["problems"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["problems"].append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)
    if block_boundaries:
        page.route("**/hubei.json", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(f"{live_server.url}/division-map/")
    return page, seen


def painted(page, key: str) -> int:
    """How many pixels of a map's canvas are not blank: the regions were drawn, not just the canvas sized."""
    return page.evaluate(
        """(key) => {
            const canvas = document.querySelector(`#${key} canvas`);
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return n;
        }""",
        key,
    )


def hover(page, key: str, lon: float, lat: float):
    """Rest the pointer on the map at a longitude and latitude; returns the map's tooltip (ECharts' own box)."""
    x, y = page.evaluate(
        """([key, point]) => echarts.getInstanceByDom(document.getElementById(key))
            .convertToPixel({seriesIndex: 0}, point)""",
        [key, [lon, lat]],
    )
    page.locator(f"#{key}").scroll_into_view_if_needed()
    box = page.locator(f"#{key}").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    return page.locator(f"#{key} > div").last


@pytest.mark.browser
@pytest.mark.urls(__name__)
def test_the_maps_draw_from_the_shipped_boundaries_with_chinese_tooltips(live_server, browser, screenshot_dir):
    page, seen = open_page(browser, live_server)
    page.wait_for_selector("#tickets-map[data-drawn=true]")
    page.wait_for_selector("#satisfaction-map[data-drawn=true]")
    for key in ("tickets-map", "satisfaction-map"):
        width, height = page.evaluate(
            f"() => [document.querySelector('#{key} canvas').width, document.querySelector('#{key} canvas').height]"
        )
        assert width >= 1000 and height >= 280, key
        assert painted(page, key) > 100_000, f"{key}: the regions are filled"
    regions = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("tickets-map")).getOption().series[0].data
            .map((d) => [d.name, d.value])"""
    )
    assert ["武汉市", 231] in regions and ["黄石市", 0] in regions and len(regions) == 17

    # each region's label point (properties.cp of the boundary file)
    expect(hover(page, "satisfaction-map", 110.787916, 32.646907)).to_have_text("十堰市满意率 81.3%")  # as the table
    expect(hover(page, "satisfaction-map", 110.671525, 31.744449)).to_have_text("神农架林区满意率 无数据")
    expect(hover(page, "tickets-map", 114.298572, 30.584355)).to_have_text("武汉市工单量 231")
    page.screenshot(path=str(screenshot_dir / "division-map.png"), full_page=True)

    table = page.get_by_test_id("tickets-map-table")
    assert table.locator("tr[data-division='420100'] td").inner_text() == "231"
    assert table.locator("tr[data-division='420000']").inner_text() == "未指明下级区划\t9", "counted, not drawn"
    rates = page.get_by_test_id("satisfaction-map-table")
    assert rates.locator("tr[data-division='420300'] td").inner_text() == "81.3%"
    assert rates.locator("tr[data-division='429021'] td").inner_text() == "—"
    assert page.get_by_role("img", name="12345 热线工单按行政区划分布图，下表给出相同数据。").is_visible()
    assert seen["hosts"] == {urlsplit(live_server.url).netloc}, "no map tile, no outside host"
    assert seen["boundaries"] == 1, "the boundary file is fetched once for both maps"
    assert page.evaluate("window.__cspViolations") == [] and seen["problems"] == []


@pytest.mark.browser
@pytest.mark.urls(__name__)
def test_on_a_phone_the_map_fits_and_without_its_boundaries_the_table_remains(live_server, browser, screenshot_dir):
    page, seen = open_page(browser, live_server, width=390)
    page.wait_for_selector("#tickets-map[data-drawn=true]")
    box = page.locator("#tickets-map").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 280
    assert painted(page, "tickets-map") > 20_000
    page.screenshot(path=str(screenshot_dir / "division-map-390.png"))
    assert seen["problems"] == []

    page, seen = open_page(browser, live_server, block_boundaries=True)
    page.wait_for_selector("#tickets-map[data-failed=true]", state="attached")
    assert not page.locator("#tickets-map").is_visible() and not page.locator("#tickets-map canvas").count()
    assert page.get_by_test_id("tickets-map-table").locator("tr[data-division='420500'] td").inner_text() == "88"
    assert any("hubei.json: HTTP 404" in problem for problem in seen["problems"])
