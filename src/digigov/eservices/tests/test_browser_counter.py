"""窗口收件 in Debian chromium (R4.2): a clerk names a walk-in applicant (a wrong ID number is refused at its field),
fills in the form, records the material as paper received, submits and lands on the case with 受理 and the receipt;
an assisted application is refused without the applicant's consent. axe-core finds no violation on the screens."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from digigov.core.tests.browser import sign_in
from digigov.eservices.choices import Channel, Provision
from digigov.eservices.services import cases, consents, counter
from digigov.eservices.tests.case_setup import PDF, world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data, id_number, wrong_check_digit
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


def violations(page) -> list[str]:
    """axe-core's findings once Wagtail's message bar has slid in (mid-animation its text fails the contrast rule)."""
    page.wait_for_timeout(600)
    return axe_violations(page)


@pytest.fixture
def counter_world(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    w = world()
    return w, id_number(), id_number()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_takes_in_a_walk_in_application(live_server, counter_world, browser, screenshot_dir):
    w, good, other = counter_world
    page = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": 1280, "height": 1600}).new_page()
    sign_in(page, live_server.url, w.handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/counter/")
    assert page.get_by_role("heading", name="窗口收件", level=1).is_visible()
    assert violations(page) == [], "start"
    page.screenshot(path=str(screenshot_dir / "counter-start.png"), full_page=True)

    page.select_option("#id_item", str(w.item.pk))
    page.fill("#id_name", "李四")
    page.fill("#id_code", wrong_check_digit(good))
    page.fill("#id_phone", "13900001111")
    page.get_by_role("button", name="开始收件").click()
    page.wait_for_load_state()
    assert "校验" in page.locator("[data-field-wrapper]:has(#id_code)").inner_text()
    assert violations(page) == [], "start with errors"
    page.screenshot(path=str(screenshot_dir / "counter-start-errors.png"), full_page=True)

    page.fill("#id_code", good)
    page.get_by_role("button", name="开始收件").click()
    page.wait_for_url(re.compile(r"/admin/eservices/counter/\d+/$"))
    assert "李四" in page.locator("[data-testid=counter-applicant]").inner_text()
    page.fill("#f-mobile", "13900001111")
    page.select_option("#f-kind", "first")
    page.check("#f-promise")
    assert violations(page) == [], "draft"
    page.screenshot(path=str(screenshot_dir / "counter-case.png"), full_page=True)
    page.get_by_role("button", name="提交申请").click()  # the material is not recorded yet
    page.wait_for_load_state()
    material = page.locator(f"[data-testid=material-{w.materials[0].pk}]")
    assert "身份证明" in material.locator(".error-message").inner_text()
    assert page.locator("#f-mobile").input_value() == "13900001111"  # what was typed is kept
    assert violations(page) == [], "draft with errors"
    material.screenshot(path=str(screenshot_dir / "counter-case-material-error.png"))
    material.get_by_label("窗口收取纸质材料").check()
    page.get_by_test_id("counter-submit").click()
    page.wait_for_url(re.compile(r"/admin/eservices/cases/\d+/$"))
    assert re.search(r"办件编号 \d{14,30}", page.locator(".messages").inner_text())
    assert page.get_by_role("button", name="受理").first.is_visible()
    assert page.get_by_test_id("counter-receipt").get_attribute("href").endswith("/receipt.pdf")
    assert violations(page) == [], "case"
    page.screenshot(path=str(screenshot_dir / "counter-submitted-case.png"), full_page=True)
    page.get_by_test_id("case-counter").screenshot(path=str(screenshot_dir / "counter-receipt-button.png"))

    page.goto(f"{live_server.url}/admin/eservices/counter/")  # assisted: refused without consent
    page.select_option("#id_item", str(w.item.pk))
    page.get_by_label("工作人员经申请人授权代为申请（帮办代办）").check()
    page.fill("#id_name", "王五")
    page.fill("#id_code", other)
    page.fill("#id_phone", "13900002222")
    page.get_by_role("button", name="开始收件").click()
    page.wait_for_url(re.compile(r"/admin/eservices/counter/\d+/$"))
    assert page.get_by_test_id("consent-form").is_visible()
    page.fill("#f-mobile", "13900002222")
    page.select_option("#f-kind", "first")
    page.check("#f-promise")
    page.locator(f"[data-testid=material-{w.materials[0].pk}]").get_by_label("窗口收取纸质材料").check()
    page.get_by_test_id("counter-submit").click()
    page.wait_for_load_state()
    assert "提交前请先登记申请人的帮办代办授权" in page.get_by_test_id("consent-error").inner_text()
    assert violations(page) == [], "assisted without consent"
    page.screenshot(path=str(screenshot_dir / "counter-assisted-no-consent.png"), full_page=True)

    until = (timezone.localdate() + dt.timedelta(days=30)).isoformat()  # the signed paper authorisation, scanned
    page.fill("#id_valid_until", until)
    page.set_input_files(
        "#id_consent_file", files=[{"name": "授权书.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_test_id("consent-form").get_by_role("button", name="登记授权").click()
    page.wait_for_load_state()
    assert "已授权" in page.get_by_test_id("consent-status").inner_text()
    page.get_by_test_id("counter-consent").screenshot(path=str(screenshot_dir / "counter-consent-recorded.png"))
    page.fill("#f-mobile", "13900002222")
    page.select_option("#f-kind", "first")
    page.check("#f-promise")
    page.locator(f"[data-testid=material-{w.materials[0].pk}]").get_by_label("窗口收取纸质材料").check()
    page.get_by_test_id("counter-submit").click()
    page.wait_for_url(re.compile(r"/admin/eservices/cases/\d+/$"))
    assert "签字纸质授权书扫描件" in page.get_by_test_id("case-consent").inner_text()
    assert violations(page) == [], "assisted case"
    page.get_by_test_id("case-counter").screenshot(path=str(screenshot_dir / "counter-assisted-case-consent.png"))


@pytest.fixture
def assisted(transactional_db):
    """A citizen with an account: one assisted application waiting for their consent, one submitted under it."""
    open_site(name="湖北省人民政府", default=True)
    w = world()
    party = identity.party_of(w.citizen)
    until = timezone.localdate() + dt.timedelta(days=30)
    waiting = counter.counter_start(actor=w.handler, item=w.item, channel=Channel.ASSISTED, party=party)
    consents.consent_request_online(actor=w.handler, case=waiting, scope="代为填写并提交申请", valid_until=until)
    done = counter.counter_start(actor=w.handler, item=w.item, channel=Channel.ASSISTED, party=party)
    counter.material_mark(actor=w.handler, case=done, material_id=w.materials[0].pk, provided=Provision.COUNTER)
    consents.consent_record_paper(
        actor=w.handler, case=done, scope="代为提交申请并领取结果", valid_until=until, filename="授权书.pdf", data=PDF
    )
    done = cases.case_submit(actor=w.handler, case=done, post=w.post())
    return w, done.number


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_applicant_confirms_a_clerks_request_on_a_phone(live_server, assisted, browser, screenshot_dir):
    w, number = assisted
    page = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True).new_page()
    page.goto(f"{live_server.url}/zwfw/cases/")
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", citizen_data()["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/zwfw/cases/")
    requests = page.get_by_test_id("consent-requests")
    assert "代为填写并提交申请" in requests.inner_text() and "请求代您申请" in requests.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == [], "my cases with a request"
    page.screenshot(path=str(screenshot_dir / "hall-consent-request-390.png"), full_page=True)
    page.get_by_role("button", name="同意授权").click()
    page.wait_for_load_state()
    assert "您已同意授权" in page.locator(".notice").inner_text()
    assert page.get_by_test_id("consent-requests").count() == 0
    page.goto(f"{live_server.url}/zwfw/cases/{number}/")
    consent = page.get_by_test_id("hall-consent")
    assert "已授权" in consent.inner_text() and "代为提交申请并领取结果" in consent.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == [], "case with consent"
    page.screenshot(path=str(screenshot_dir / "hall-case-consent-390.png"), full_page=True)
