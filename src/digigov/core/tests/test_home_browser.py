"""The front door on a 390-px phone in Debian chromium: no outside request, axe-core finds no accessibility
violation in standard or large type, and the 适老化 large type is remembered across visits (issue 8, B10)."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 from npm (scripts/vendor_npm.sh)


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_front_door_on_a_phone(live_server, browser, screenshot_dir):
    # bypass_csp: axe-core is injected as an inline script, which the page's Content-Security-Policy refuses
    # (test_browser_csp.py checks the policy itself)
    phone = {"width": 390, "height": 844}
    context = browser.new_context(viewport=phone, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "数字政府一体化平台"
    for name in ("个人和法人登录", "工作人员登录", "接口文档"):
        assert page.get_by_role("link", name=name).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    assert axe_violations(page) == []
    own = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests} == {own}, "no request leaves the site"
    assert len(requests) <= 3, f"one page, one emblem: {requests}"
    body_size = page.evaluate("getComputedStyle(document.body).fontSize")
    page.screenshot(path=str(screenshot_dir / "home-390.png"), full_page=True)

    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state()
    large_size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(large_size[:-2]) >= 1.3 * float(body_size[:-2])
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "home-390-large.png"), full_page=True)

    later = context.new_page()
    later.goto(live_server.url + "/")
    assert later.evaluate("getComputedStyle(document.body).fontSize") == large_size, "remembered"
    later.get_by_role("link", name="标准字号").click()
    later.wait_for_load_state()
    assert later.evaluate("getComputedStyle(document.body).fontSize") == body_size
    context.close()
