"""好差评 in Debian chromium (R4.5, issue #11 acceptance 6): a citizen rates a concluded case on a 390-px phone — the
five levels as large buttons, a bad rating refused without what went wrong, then sent; the department's handler
answers it on the back-office rating page; the citizen reads the answer; the public figures page. Nothing is wider
than the phone and axe-core finds no violation on the public pages."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.eservices.services import ratings
from digigov.eservices.tests.rating_setup import concluded, operator, world
from digigov.identity.tests.factories import citizen_data
from digigov.websites.tests.factories import open_site
from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

PASSWORD = citizen_data()["password"]
STAFF_PASSWORD = "Test@Pass2026"


@pytest.fixture
def rated_world(transactional_db):  # before `browser`: the data is written outside Playwright's event loop
    open_site(name="湖北省人民政府", default=True)
    w = world()
    return w, concluded(w)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_rates_on_a_phone_and_the_department_answers(live_server, rated_world, browser, screenshot_dir):
    w, case = rated_world
    phone = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/zwfw/cases/{case.number}/")
    page.fill("input[name=username]", w.citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/zwfw/cases/{case.number}/")
    form = page.locator(".rating-form")
    assert form.is_visible()
    very_bad = page.locator("label.level-1")
    assert very_bad.bounding_box()["height"] >= 44  # a large target for a thumb
    assert fits(page), "rating form"
    assert axe_violations(page) == [], "rating form"
    form.screenshot(path=str(screenshot_dir / "hall-rating-form-390.png"))

    very_bad.click()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert "请勾选不满意的方面。" in page.locator("#dimensions-error").inner_text()
    assert "请写明不满意的具体情况。" in page.locator("#comment-error").inner_text()
    assert page.locator("input[name=level][value='1']").is_checked()  # the choice is kept
    assert fits(page), "rating errors"
    assert axe_violations(page) == [], "rating errors"
    page.locator(".rating").screenshot(path=str(screenshot_dir / "hall-rating-errors-390.png"))

    page.get_by_label("办理效率").check()
    page.fill("#id_rating_comment", "审查用了很久，中间没有任何通知。")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert "感谢您的评价" in page.locator(".notice").inner_text()
    assert "非常不满意" in page.locator("[data-testid=case-rating]").inner_text()
    assert fits(page), "rated"

    staff = browser.new_context(locale="zh-CN").new_page()
    sign_in(staff, live_server.url, w.handler.username, STAFF_PASSWORD)
    staff.goto(f"{live_server.url}/admin/eservices/ratings/?state=pending")
    assert case.number in staff.locator("[data-testid=rating-table]").inner_text()
    staff.screenshot(path=str(screenshot_dir / "staff-ratings.png"), full_page=True)
    staff.get_by_role("link", name=case.number).click()
    staff.wait_for_load_state()
    assert "审查用了很久" in staff.locator("[data-testid=rating-comment]").inner_text()
    staff.fill("#id_reply", "已核查：因协办意见延迟，已建立超时提醒。")
    staff.fill("#id_return_visit", "今日电话回访，申请人表示理解。")
    staff.screenshot(path=str(screenshot_dir / "staff-rating-detail.png"), full_page=True)
    staff.get_by_role("button", name="发送答复").click()
    staff.wait_for_load_state()
    assert "已回复" in staff.locator("[data-testid=rating-status]").inner_text()

    page.reload()
    assert "已建立超时提醒" in page.locator("[data-testid=rating-reply]").inner_text()
    assert fits(page), "answered"
    assert axe_violations(page) == [], "answered"
    page.locator("[data-testid=case-rating]").screenshot(path=str(screenshot_dir / "hall-rating-answered-390.png"))

    page.goto(f"{live_server.url}/zwfw/ratings/")
    assert w.item.name in page.locator("[data-testid=rating-item]").inner_text()
    assert fits(page), "figures"
    assert axe_violations(page) == [], "figures"
    page.screenshot(path=str(screenshot_dir / "hall-ratings-390.png"), full_page=True)
    page.goto(f"{live_server.url}/zwfw/")
    page.locator(".hall-ratings-link").screenshot(path=str(screenshot_dir / "hall-home-ratings-link-390.png"))
    page.get_by_role("link", name="政务服务好差评：各部门、各事项评价情况").click()
    page.wait_for_url("**/zwfw/ratings/")
    phone.close()


@pytest.fixture
def appealed(transactional_db):
    w = world()
    rating = ratings.rating_submit(
        actor=w.citizen, case=concluded(w), level=1, dimensions=["attitude"], comment="态度差，故意刁难。"
    )
    ratings.rating_appeal(
        actor=w.leader, rating=rating, reason="经调取窗口录像，工作人员全程文明服务，评价与事实不符。"
    )
    return rating, operator()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_platform_operator_upholds_an_appeal(live_server, appealed, browser, screenshot_dir):
    rating, judge = appealed
    page = browser.new_context(locale="zh-CN").new_page()
    sign_in(page, live_server.url, judge.username, STAFF_PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/ratings/")
    page.get_by_role("link", name="待审核的申诉").click()
    page.wait_for_load_state()
    assert rating.case.number in page.locator("[data-testid=rating-table]").inner_text()
    page.get_by_role("link", name=rating.case.number).click()
    page.wait_for_load_state()
    assert "窗口录像" in page.locator("[data-testid=appeal]").inner_text()
    page.get_by_label("申诉成立：该评价不计入统计").check()
    page.fill("#id_note", "经核实，评价内容与事实不符。")
    page.screenshot(path=str(screenshot_dir / "staff-rating-appeal-decision.png"), full_page=True)
    page.get_by_role("button", name="记录决定").click()
    page.wait_for_load_state()
    assert "申诉成立，不计入统计" in page.locator("[data-testid=rating-status]").inner_text()
    assert not page.locator("[data-testid=decision-form]").count()
