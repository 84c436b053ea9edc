"""A citizen pays a fee through the payment simulator and chooses mailing on a 390-px phone in Debian chromium
(R4.7, issue #11 acceptance 3); the department sees the payment and records the sending on its case screen; the
public progress page says only 已寄出. Nothing is wider than the phone and axe-core finds no violation."""

import re

import pytest

from digigov.core.tests.browser import sign_in
from digigov.eservices.services import payments
from digigov.eservices.tests.payment_setup import fee_world, reviewed
from digigov.identity.tests.factories import citizen_data
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = citizen_data()["password"]
STAFF_PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def owed(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    w = fee_world()
    case = reviewed(w)
    payments.order_issue(actor=w.handler, case=case)
    return w, case


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def look(page, screenshot_dir, name: str) -> None:
    assert fits(page), name
    assert axe_violations(page) == [], name
    page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_pays_through_the_simulator_and_chooses_mailing(live_server, owed, browser, screenshot_dir):
    w, case = owed
    leader = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(leader, live_server.url, w.leader.username, STAFF_PASSWORD)
    leader.goto(f"{live_server.url}/admin/eservices/cases/{case.pk}/")
    assert "待缴费" in leader.locator("[data-testid=payment-orders]").inner_text()
    decide = leader.locator("[data-testid=decision-form]")
    decide.locator("input[name=approved][value='1']").check()
    decide.locator("button").click()
    leader.wait_for_load_state()
    assert "申请人尚未缴纳缴款通知书" in decide.inner_text()  # the conclusion waits for the payment
    decide.screenshot(path=str(screenshot_dir / "staff-decision-unpaid.png"))
    leader.locator("[data-testid=case-payments]").screenshot(path=str(screenshot_dir / "staff-payments-unpaid.png"))

    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/zwfw/cases/{case.number}/")
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/zwfw/cases/{case.number}/")
    payment = page.locator("[data-testid=hall-payment]")
    assert "待缴费" in payment.inner_text() and "¥120.00" in payment.inner_text()
    look(page, screenshot_dir, "hall-case-payment-due-390")

    page.get_by_role("button", name="去缴费 ¥120.00").click()
    page.wait_for_url(re.compile(r"/zwfw/paysim/"))
    assert page.get_by_role("heading", name="模拟支付（演示用，不产生真实扣款）", level=1).is_visible()
    assert "不会扣款" in page.locator("[data-testid=simulator-banner]").inner_text()
    look(page, screenshot_dir, "hall-paysim-390")
    page.get_by_role("button", name="确认支付").click()
    page.wait_for_url(f"**/zwfw/cases/{case.number}/")
    assert "支付成功" in page.locator(".notice").inner_text()
    assert "已缴费" in payment.inner_text()
    assert page.locator("[data-testid=receipt-number]").inner_text().startswith("PJ")
    look(page, screenshot_dir, "hall-case-paid-390")

    delivery = page.locator("[data-testid=hall-delivery]")
    delivery.get_by_label("邮寄到家").check()
    page.fill("#id_recipient", "张三")
    page.fill("#id_mobile", "1381234")
    page.select_option("#id_division", "420102")
    page.fill("#id_address", "中山大道 1 号 2 栋 301 室")
    page.get_by_role("button", name="保存领取方式").click()
    page.wait_for_load_state()
    assert "11 位手机号码" in page.locator("#mobile-error").inner_text()
    assert page.locator("#id_address").input_value() == "中山大道 1 号 2 栋 301 室"
    look(page, screenshot_dir, "hall-delivery-errors-390")
    page.fill("#id_mobile", "13812345678")
    page.get_by_role("button", name="保存领取方式").click()
    page.wait_for_url(f"**/zwfw/cases/{case.number}/")
    assert "湖北省武汉市江岸区中山大道 1 号 2 栋 301 室" in page.locator("[data-testid=delivery-choice]").inner_text()
    look(page, screenshot_dir, "hall-delivery-chosen-390")

    leader.goto(f"{live_server.url}/admin/eservices/cases/{case.pk}/")  # not reload: that would post again
    decide.locator("input[name=approved][value='1']").check()
    decide.locator("button").click()  # paid: the case concludes
    leader.wait_for_load_state()
    assert "已办结" in leader.locator("[data-testid=case-status]").inner_text()
    staff = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(staff, live_server.url, w.handler.username, STAFF_PASSWORD)
    staff.goto(f"{live_server.url}/admin/eservices/cases/{case.pk}/")
    assert "已缴费" in staff.locator("[data-testid=payment-orders]").inner_text()
    staff.select_option("#id_carrier", "ems")
    staff.fill("#id_tracking_number", "EA123456789CN")
    staff.get_by_role("button", name="记录寄出").click()
    staff.wait_for_load_state()
    assert "不是中国邮政EMS的运单号" in staff.locator("[data-testid=delivery-send-form]").inner_text()
    staff.locator("[data-testid=case-delivery]").screenshot(path=str(screenshot_dir / "staff-delivery-error.png"))
    staff.fill("#id_tracking_number", "EA123456785CN")
    staff.get_by_role("button", name="记录寄出").click()
    staff.wait_for_url(f"**/admin/eservices/cases/{case.pk}/")
    assert "EA123456785CN" in staff.locator("[data-testid=case-delivery]").inner_text()
    staff.locator("[data-testid=case-payments]").screenshot(path=str(screenshot_dir / "staff-payments-paid.png"))
    staff.locator("[data-testid=case-delivery]").screenshot(path=str(screenshot_dir / "staff-delivery-sent.png"))

    page.reload()
    assert "EA123456785CN" in page.locator("[data-testid=delivery-sent]").inner_text()
    look(page, screenshot_dir, "hall-case-mailed-390")
    page.goto(f"{live_server.url}/zwfw/progress/?no={case.number}")
    assert "已寄出" in page.locator("[data-testid=progress-delivery]").inner_text()
    assert "中山大道" not in page.locator("main").inner_text()
    look(page, screenshot_dir, "hall-progress-mailed-390")
    context.close()
