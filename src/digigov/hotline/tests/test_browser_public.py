"""12345 网上诉求 on a 390-px phone in Debian chromium (R5.1; issue 13 acceptance 1): the page in the portal's frame
gives the number to call and the ways in; a request with a wrong mobile is refused at its field, then received with
its number and answer date; the caller looks up an answered ticket by number and mobile, reads the approved answer
and rates it. Nothing is wider than the phone and axe-core finds no violation, in standard and in large type."""

import pytest

from digigov.hotline import services
from digigov.hotline.tests.factories import setting, ticket
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations


@pytest.fixture
def world(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    s = setting()
    answered = ticket(s, kind="help", caller_phone="13712345678", content="小区门前路灯损坏一个多月。")
    services.ticket_dispatch(actor=s.agent, ticket=answered, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=answered)
    services.ticket_reply(actor=s.handler, ticket=answered, reply="路灯已于本周三修复，感谢您的反映。")
    services.reply_review(actor=s.supervisor, ticket=answered, approve=True)
    s.answered = answered.number
    return s


def check(page, name: str, shots) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    assert axe_violations(page) == [], name
    page.screenshot(path=str(shots / f"hotline-public-{name}-390.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_caller_submits_follows_and_rates_on_a_phone(live_server, world, browser, screenshot_dir):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/hotline/")
    assert page.get_by_role("link", name="拨打 12345").get_attribute("href") == "tel:12345"
    assert "湖北省人民政府" in page.locator("header").inner_text()  # the portal's frame
    check(page, "home", screenshot_dir)

    page.get_by_role("link", name="我要提诉求").first.click()
    page.get_by_label("投诉").check()
    page.fill("textarea[name=content]", "小区旁工地每天夜里十二点后还在施工，噪音很大，请有关部门处理。")
    page.select_option("select[name=division_code]", "420102")
    page.fill("input[name=address]", "江岸区沿江大道100号附近")
    page.fill("input[name=caller_name]", "刘女士")
    page.fill("input[name=caller_phone]", "1391234")
    page.get_by_label("我同意").check()
    page.get_by_role("button", name="提交").click()
    error = page.locator("#id_caller_phone-error")
    assert "手机号码" in error.inner_text() and page.locator("#id_caller_phone").get_attribute("aria-invalid")
    check(page, "form-errors", screenshot_dir)
    page.fill("input[name=caller_phone]", "13912345678")
    page.get_by_label("我同意").check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/received/**")
    number = page.get_by_test_id("ticket-number").inner_text()
    assert number.startswith("RX") and "工作日" in page.locator("main").inner_text()
    check(page, "receipt", screenshot_dir)

    page.goto(f"{live_server.url}/hotline/track/")
    page.fill("input[name=number]", world.answered)
    page.fill("input[name=phone]", "13812345678")  # not the caller's
    page.get_by_role("button", name="查询").click()
    assert "没有与该手机号码对应的工单" in page.get_by_role("alert").inner_text()
    page.fill("input[name=number]", world.answered)
    page.fill("input[name=phone]", "13712345678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"**/track/{world.answered}/")
    assert "路灯已于本周三修复" in page.get_by_test_id("ticket-answer").inner_text()
    assert page.get_by_test_id("ticket-status").inner_text() == "已答复，待您评价"
    check(page, "ticket", screenshot_dir)

    page.get_by_role("link", name="大字版").click()
    body = float(page.evaluate("getComputedStyle(document.body).fontSize")[:-2])
    assert body >= 1.3 * 16
    check(page, "ticket-large", screenshot_dir)
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "评价已记录" in page.locator("main").inner_text()
    assert page.get_by_test_id("ticket-status").inner_text() == "已办结"  # the return visit closed it
    page.goto(f"{live_server.url}/hotline/new/")
    check(page, "form-large", screenshot_dir)
    context.close()
