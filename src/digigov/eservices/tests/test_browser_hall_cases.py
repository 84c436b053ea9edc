"""A citizen applies online on a 390-px phone in Debian chromium (R4.2, issue #11 acceptance 3): signs in, fills the
form, uploads a PDF, submits, sees the number and the receipt link, and finds the application in 我的办件; nothing is
wider than the phone and axe-core finds no accessibility violation on the apply page, its errors, and the case
page."""

import re

import pytest

from digigov.eservices.tests.case_setup import PDF, world
from digigov.identity.tests.factories import citizen_data
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = citizen_data()["password"]


@pytest.fixture
def hall(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    return world()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_applies_on_a_phone_and_finds_the_case(live_server, hall, browser, screenshot_dir):
    w = hall
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/zwfw/items/{w.item.implementation_code}/apply/")
    assert "/accounts/login/" in page.url  # sent to sign in, and back after
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/apply/")
    assert page.get_by_role("heading", name=w.item.name, level=1).is_visible()
    assert page.locator("#f-name").input_value() == "张三"  # from the verified account, locked
    assert fits(page), "apply"
    assert axe_violations(page) == [], "apply"
    page.screenshot(path=str(screenshot_dir / "hall-apply-390.png"), full_page=True)

    page.fill("#f-mobile", "138 1234")  # a mistake, and no material yet
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert page.locator(".problem").is_visible()
    assert "请上传“身份证明”。" in page.locator(f"[data-testid=material-{w.materials[0].pk}]").inner_text()
    assert "11 位手机号码" in page.locator(".field.has-error").first.inner_text()
    assert fits(page), "apply with errors"
    assert axe_violations(page) == [], "apply with errors"
    page.screenshot(path=str(screenshot_dir / "hall-apply-errors-390.png"), full_page=True)

    page.fill("#f-mobile", "13812345678")
    page.select_option("#f-kind", "first")
    page.check("#f-promise")
    page.set_input_files(
        f"#material-{w.materials[0].pk}", files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="保存草稿").click()  # the draft keeps the answers and the file
    page.wait_for_load_state()
    assert "草稿已保存" in page.locator(".notice").inner_text()
    assert page.locator("#f-mobile").input_value() == "13812345678"
    material = page.locator(f"[data-testid=material-{w.materials[0].pk}]")
    assert "身份证.pdf" in material.inner_text()
    assert fits(page), "draft"
    material.screenshot(path=str(screenshot_dir / "hall-apply-attached-390.png"))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/zwfw/cases/\d+/$"))
    number = page.locator("[data-testid=case-number]").inner_text()
    assert re.fullmatch(r"\d{14,30}", number) and page.url.endswith(f"/zwfw/cases/{number}/")
    assert number in page.locator(".notice").inner_text()
    assert page.locator("[data-testid=receipt-link]").get_attribute("href") == f"/zwfw/cases/{number}/receipt.pdf"
    assert "待受理" in page.locator(".case-status").inner_text()
    assert fits(page), "case"
    assert axe_violations(page) == [], "case"
    page.screenshot(path=str(screenshot_dir / "hall-case-390.png"), full_page=True)

    page.get_by_role("link", name="我的办件").first.click()
    page.wait_for_url("**/zwfw/cases/")
    assert number in page.locator("[data-testid=my-cases]").inner_text()
    assert fits(page), "my cases"
    assert axe_violations(page) == [], "my cases"
    page.screenshot(path=str(screenshot_dir / "hall-my-cases-390.png"), full_page=True)

    page.goto(f"{live_server.url}/zwfw/progress/?no={number}")
    assert "待受理" in page.locator("[data-testid=progress-status]").inner_text()
    assert "张三" not in page.locator("main").inner_text()  # the masthead names whoever is signed in
    assert fits(page), "progress"
    assert axe_violations(page) == [], "progress"
    page.screenshot(path=str(screenshot_dir / "hall-progress-390.png"), full_page=True)

    page.goto(f"{live_server.url}/zwfw/items/{w.item.implementation_code}/apply/")  # a new draft, in large type
    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.classList.contains('large')")
    assert fits(page), "apply, large type"
    assert axe_violations(page) == [], "apply, large type"
    page.screenshot(path=str(screenshot_dir / "hall-apply-390-large.png"), full_page=True)
    context.close()
