"""In chromium, on a desktop and a 390-px phone: the resource picker of a share application (also on the data-service
and error-report screens) stays inside the screen — search box, list and both buttons in view, nothing to scroll
sideways — and typing in the search box narrows the list (exchange/resource_picker.js)."""

import pytest

from digigov.core.tests.browser import sign_in

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def inside(page, selector: str, width: int) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_the_resource_picker_fits_the_screen_and_filters_as_typed(live_server, world, size, browser, screenshot_dir):
    width = SIZES[size]["width"]
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, world.cons_handler.username, PASSWORD)

    page.goto(f"{live_server.url}/admin/exchange/applications/new/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    for selector in ("input[data-resource-search-input]", "select[data-resource-select]"):
        assert inside(page, selector, width), selector
    for name in ("搜索", "选择"):
        assert inside(page, f"main form button:text-is('{name}')", width), name
    options = page.locator("select[data-resource-select] option:not([hidden])")
    assert options.count() >= 2
    page.fill("input[data-resource-search-input]", world.resource.name)
    assert options.count() == 1 and world.resource.name in options.first.inner_text()
    page.screenshot(path=str(screenshot_dir / f"resource-picker-{size}.png"), full_page=True)
    context.close()
