"""A citizen asks a question and books a counter visit on a 390-px phone in Debian chromium (R4.7, issue #11
acceptance 3): the guide's own answers come first, the question lands in 我的咨询; a slot is chosen and the visit
is in 我的预约; the concluded case shows "您可能还需要办理". Nothing is wider than the phone and axe-core finds no
violation. The department's queue, a question's answer form and the day's visits are shot at desktop width."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.eservices.appointment_selectors import bookable_days
from digigov.eservices.models import ItemLink
from digigov.eservices.services import cases, consultations
from digigov.eservices.tests.case_setup import PDF, world
from digigov.eservices.tests.factories import ServiceItemFactory
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = citizen_data()["password"]
STAFF_PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def hall(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    w = world()
    other = identity.citizen_register(**citizen_data(real_name="李四")).user
    asked = consultations.consultation_ask(actor=other, item=w.item, question="可以委托家人代为办理吗？")
    consultations.consultation_answer(
        actor=w.handler, consultation=asked, answer="可以，受托人须携带本人身份证和委托书。", publish=True,
        faq_question="可以委托他人代为办理吗？", faq_answer="可以，受托人须携带本人身份证和委托书。",
    )  # fmt: skip
    related = ServiceItemFactory(name="社会保障卡申领")
    ItemLink.objects.create(item=w.item, related=related, reason="新生儿落户后，可为其申领社会保障卡。")
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    case = cases.case_submit(actor=w.citizen, case=case, post=w.post())
    cases.case_accept(actor=w.handler, case=case)
    cases.case_review(actor=w.reviewer, case=case, agreed=True, opinion="符合条件")
    w.case = cases.case_decide(actor=w.leader, case=case, approved=True)
    w.day = bookable_days()[1]
    return w


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def check(page, name: str, shots) -> None:
    assert fits(page), name
    assert axe_violations(page) == [], name
    page.screenshot(path=str(shots / f"hall-{name}-390.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_asks_and_books_on_a_phone(live_server, hall, browser, screenshot_dir):
    w = hall
    code = w.item.implementation_code
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/zwfw/")
    links = page.get_by_role("navigation", name="我的办事")
    assert links.inner_text().split() == ["我的办件", "我的咨询", "我的预约"]
    check(page, "home", screenshot_dir)
    page.goto(f"{live_server.url}/zwfw/items/{code}/")
    faqs = page.locator("section[aria-labelledby=faqs]")
    assert "可以委托他人代为办理吗？" in faqs.inner_text()
    faqs.screenshot(path=str(screenshot_dir / "hall-guide-faqs-390.png"))
    page.get_by_role("link", name="我要咨询").click()
    assert "/accounts/login/" in page.url  # sent to sign in, and back after
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/ask/")
    check(page, "ask", screenshot_dir)

    page.fill("#id_question", "需要哪些申请材料？身份证明要原件吗")
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_load_state()
    assert "指南中可能已有答案" in page.locator("[data-testid=guide-answers]").inner_text()
    check(page, "ask-guide-answers", screenshot_dir)
    page.get_by_role("button", name="仍要提交咨询").click()
    page.wait_for_url("**/zwfw/consultations/")
    assert "身份证明要原件吗" in page.locator("[data-testid=my-questions]").inner_text()
    check(page, "my-questions", screenshot_dir)

    page.goto(f"{live_server.url}/zwfw/items/{code}/book/?day={w.day:%Y-%m-%d}")
    check(page, "book", screenshot_dir)
    page.get_by_role("button", name="预约该时段").click()  # no time chosen
    page.wait_for_load_state()
    assert "请选择页面所列的时段" in page.locator("#slot-error").inner_text()
    check(page, "book-error", screenshot_dir)
    page.get_by_label("10:00").check()
    page.get_by_role("button", name="预约该时段").click()
    page.wait_for_url("**/zwfw/appointments/")
    assert f"{w.day:%Y-%m-%d} 10:00" in page.locator("[data-testid=when]").inner_text()
    check(page, "my-appointments", screenshot_dir)

    page.goto(f"{live_server.url}/zwfw/cases/{w.case.number}/")
    related = page.locator("[data-testid=related-items]")
    assert "社会保障卡申领" in related.inner_text()
    check(page, "case-related", screenshot_dir)
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    sign_in(page, live_server.url, w.handler.username, STAFF_PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/consultations/")
    assert "身份证明要原件吗" in page.locator("[data-testid=consultation-table]").inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-consultations.png"), full_page=True)
    page.get_by_role("link", name=w.item.name).first.click()
    page.wait_for_load_state()
    assert page.get_by_label("答复咨询人").is_visible()
    page.screenshot(path=str(screenshot_dir / "admin-consultation-answer.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/eservices/appointments/?day={w.day:%Y-%m-%d}")
    assert "张三" in page.locator("[data-testid=appointment-table]").inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-appointments.png"), full_page=True)
    desk.close()
