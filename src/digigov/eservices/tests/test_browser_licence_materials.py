"""减证便民 in Debian chromium (R6.2): on a 390-px phone the applicant's held e-licence reads 已关联电子证照 and asks
for no upload; the handler's case screen shows the licence verified inline. axe-core finds no violation."""

import re

import pytest

from digigov.core.tests.browser import sign_in
from digigov.eservices.choices import Substitute
from digigov.eservices.tests.case_setup import world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data
from digigov.licenses.tests.factories_wallet import licence, licence_type
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = citizen_data()["password"]


@pytest.fixture
def licensed(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    w = world()
    kind = licence_type(name="居民身份证")
    material = w.materials[0]
    material.substitute, material.licence_type = Substitute.LICENCE, kind.code
    material.save()
    party = identity.party_of(w.citizen)
    return w, licence(holder_code=party.code, holder_name=party.name, kind=kind)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_applicant_is_not_asked_for_a_licence_they_hold_and_the_handler_sees_it(
    live_server, licensed, browser, screenshot_dir
):
    w, held = licensed
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/zwfw/items/{w.item.implementation_code}/apply/")
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/apply/")
    linked = page.locator(f"[data-testid=material-{w.materials[0].pk}-licence]")
    assert "已关联电子证照" in linked.inner_text() and "居民身份证" in linked.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    linked.screenshot(path=str(screenshot_dir / "hall-apply-licence-390.png"))
    page.fill("#f-mobile", "13812345678")
    page.select_option("#f-kind", "first")
    page.check("#f-promise")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/zwfw/cases/\d+/$"))
    context.close()

    desk = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": 1280, "height": 1400}).new_page()
    sign_in(desk, live_server.url, w.handler.username, "Test@Pass2026")
    desk.goto(f"{live_server.url}/admin/eservices/cases/")
    desk.locator("table a").first.click()
    desk.wait_for_url(re.compile(r"/admin/eservices/cases/\d+/$"))
    inline = desk.locator("[data-testid=case-licence]")
    assert held.identifier in inline.inner_text() and "有效" in inline.inner_text()
    inline.scroll_into_view_if_needed()
    desk.screenshot(path=str(screenshot_dir / "case-licence-inline.png"), full_page=True)
    desk.get_by_role("link", name="查看证照信息").click()
    desk.wait_for_url(re.compile(r"/admin/licenses/uses/\d+/$"))
    assert held.number in desk.inner_text("[data-testid=use-licence-rows]")
