"""The online service hall on a 390-px phone in Debian chromium (ADR 0003 §7): from the site's 办事服务 column a
citizen reaches the hall, searches in Chinese, opens a guide and reads its materials and process, with nothing wider
than the phone, no request leaving the platform, and no accessibility violation found by axe-core in standard or
large type. The desktop width is photographed too."""

from urllib.parse import urlsplit

import pytest

from digigov.eservices.tests.hall_data import hall_catalogue
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def hall(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    return hall_catalogue()


def fits_and_passes(page, width: int, step: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{step}: nothing wider than the screen"
    assert axe_violations(page) == [], step


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_finds_a_service_and_reads_its_guide_on_a_phone(live_server, hall, browser, screenshot_dir):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="栏目").get_by_role("link", name="办事服务").click()
    page.get_by_role("link", name="网上办事大厅").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="网上办事大厅", level=1).is_visible()
    fits_and_passes(page, 390, "home")
    page.screenshot(path=str(screenshot_dir / "hall-home-390.png"), full_page=True)

    page.get_by_label("您要办什么事？").fill("食品")
    page.get_by_role("button", name="查找").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").inner_text() == "共找到 2 项事项"
    assert page.get_by_role("link", name="食品生产许可").count() == 0, "a draft never shows"
    fits_and_passes(page, 390, "list")
    page.screenshot(path=str(screenshot_dir / "hall-items-390.png"), full_page=True)

    page.get_by_role("link", name="食品经营许可", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="食品经营许可", level=1).is_visible()
    assert page.get_by_text("无需提交：由平台通过电子证照获取").is_visible()
    assert page.get_by_text("无需提交：由平台通过共享数据获取").is_visible()
    drawing = page.get_by_role("img", name="办理流程图：受理 → 审查 → 决定")
    drawing.scroll_into_view_if_needed()
    assert drawing.evaluate("img => img.decode().then(() => img.naturalWidth > 0)"), "the SVG loads as an image"
    assert page.get_by_role("link", name="在线办理").first.get_attribute("href").endswith("/apply/")
    assert page.get_by_role("link", name="027-87654321").get_attribute("href") == "tel:02787654321"
    fits_and_passes(page, 390, "guide")
    page.screenshot(path=str(screenshot_dir / "hall-guide-390.png"), full_page=True)

    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.classList.contains('large')")
    fits_and_passes(page, 390, "guide, large type")
    page.screenshot(path=str(screenshot_dir / "hall-guide-390-large.png"), full_page=True)
    page.goto(live_server.url + "/zwfw/")
    fits_and_passes(page, 390, "home, large type")
    page.screenshot(path=str(screenshot_dir / "hall-home-390-large.png"), full_page=True)

    own = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests} == {own}, "no request leaves the platform"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_hall_on_a_desktop_screen(live_server, hall, browser, screenshot_dir):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    code = hall.item.implementation_code
    for step, path in (("home", "/zwfw/"), ("items", "/zwfw/items/?theme=food"), ("guide", f"/zwfw/items/{code}/")):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        fits_and_passes(page, DESKTOP["width"], step)
        page.screenshot(path=str(screenshot_dir / f"hall-{step}-desktop.png"), full_page=True)
    context.close()


@pytest.fixture
def demo(committed_demo):  # before `browser`, as `hall`
    committed_demo()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_demo_hall_on_a_phone(live_server, demo, browser, screenshot_dir):
    """The demo's 250 items: a theme of the home leads to its items, and a real guide (出生登记, on a shipped
    process without a drawing) reads on the phone with its steps listed."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/zwfw/")
    fits_and_passes(page, 390, "demo home")
    page.screenshot(path=str(screenshot_dir / "hall-demo-home-390.png"), full_page=True)
    page.get_by_role("link", name="出生").first.click()
    page.wait_for_load_state("networkidle")
    fits_and_passes(page, 390, "demo theme")
    page.screenshot(path=str(screenshot_dir / "hall-demo-birth-390.png"), full_page=True)
    page.get_by_role("link", name="出生登记").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="出生登记", level=1).is_visible()
    assert page.get_by_role("list", name="办理环节").is_visible()
    fits_and_passes(page, 390, "demo guide")
    page.screenshot(path=str(screenshot_dir / "hall-demo-guide-390.png"), full_page=True)
    context.close()
