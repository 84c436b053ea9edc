"""协办, 延期 and 督办 in chromium (issue 13 items 3 and 4): the agent dispatches to a lead and a co-handling
department, the co-handler accepts and sends its contribution, the lead's handler reads it, accepts and asks for more
time, the centre's supervisor approves the extension and urges; the lists show the urging and the due-soon mark."""

import pytest
from django.core.cache import cache

from digigov.core.choices import Role
from digigov.core.models import RuleValue
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory
from digigov.hotline.tests.factories import officer, setting, ticket

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def world(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    s = setting()
    co = OrganisationFactory(name="江岸区城市管理执法局")
    co_handler = officer(Role.HANDLER, co, first_name="伟", last_name="赵")
    t = ticket(s, content="小区门口占道经营，电梯也停运。")
    soon = ticket(s, kind="consultation", content="咨询公积金提取。")  # due in one working day: due soon
    RuleValue.objects.update_or_create(key="hotline.warn_working_days", defaults={"value": "1"})
    cache.clear()
    return s, co, co_handler, t, soon


def _step(page, action):
    page.click(f"[data-testid=do-{action}]")
    page.wait_for_selector(".messages")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_co_handling_extension_and_urging_on_the_ticket_page(live_server, world, browser, screenshot_dir):
    s, co, co_handler, t, soon = world
    url = f"{live_server.url}/admin/hotline/tickets/{t.pk}/"
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")

    sign_in(page, live_server.url, s.agent.username, PASSWORD)
    page.goto(url)
    assert "do-urge" not in page.content()  # an agent is no supervisor
    page.select_option("select[name=department]", str(s.department.pk))
    page.check(f"[data-testid=co-departments] input[value='{co.pk}']")
    page.screenshot(path=str(screenshot_dir / "hotline-co-dispatch.png"), full_page=True)
    _step(page, "dispatch")
    assert "江岸区城市管理执法局" in page.locator("[data-testid=assignments]").inner_text()

    page.context.clear_cookies()
    sign_in(page, live_server.url, co_handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/")  # the workbench: the co-handler's to-do, linking to the ticket
    page.wait_for_selector(f"text=协办热线工单{t.number}")
    page.screenshot(path=str(screenshot_dir / "hotline-workbench-todo.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/hotline/department/")
    assert t.number in page.locator("[data-testid=ticket-table]").inner_text()
    page.goto(url)
    assert "138****5678" in page.locator("[data-testid=caller]").inner_text()
    _step(page, "co_accept")
    page.fill("textarea[name=reply]", "")
    _step(page, "co_reply")
    assert "请填写本单位为该工单所做的工作" in page.content()  # the empty contribution is refused at its field
    assert "本单位办理情况（反馈主办单位）" in page.content()  # the box is named for the co-handler's step
    page.fill("textarea[name=reply]", "已对占道经营进行清理。")
    page.screenshot(path=str(screenshot_dir / "hotline-co-reply.png"), full_page=True)
    _step(page, "co_reply")
    assert "协办反馈" in page.locator("[data-testid=history-steps]").inner_text()

    page.context.clear_cookies()
    sign_in(page, live_server.url, s.handler.username, PASSWORD)
    page.goto(url)
    assert "已对占道经营进行清理" in page.locator(f"[data-testid=assignment-{co.pk}]").inner_text()
    _step(page, "accept")
    page.fill("input[name=days]", "30")
    page.fill("textarea[name=reason]", "需协调物业和维保单位。")
    _step(page, "request_extension")
    assert "请申请1至10个工作日" in page.content()
    page.fill("input[name=days]", "3")
    _step(page, "request_extension")
    assert "待审批" in page.locator("[data-testid=extensions]").inner_text()
    page.screenshot(path=str(screenshot_dir / "hotline-extension-request.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server.url, s.supervisor.username, PASSWORD)
    page.goto(url)
    due = t.due_on.isoformat()
    page.screenshot(path=str(screenshot_dir / "hotline-supervisor-ticket.png"), full_page=True)
    _step(page, "approve_extension")
    extension = page.locator("[data-testid=extensions]").inner_text()
    assert "已同意" in extension and f"{due} → " in extension
    assert due not in page.locator("[data-testid=ticket-facts]").inner_text()  # the ticket's new due date
    _step(page, "urge")
    assert "请写明督办要求和完成时间" in page.content()
    page.fill("textarea[name=note]", "请今日内联系来电人。")
    _step(page, "urge")
    assert page.locator("[data-testid=urge-count]").inner_text() == "1"
    page.screenshot(path=str(screenshot_dir / "hotline-urged-ticket.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/hotline/tickets/")
    table = page.locator("[data-testid=ticket-table]")
    assert table.locator("[data-testid=urged]").inner_text() == "1"
    page.screenshot(path=str(screenshot_dir / "hotline-list-urged.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/hotline/tickets/?due_soon=on")
    assert soon.number in table.inner_text() and t.number not in table.inner_text()
    assert table.locator("[data-testid=due-soon]").count() == 1
    page.screenshot(path=str(screenshot_dir / "hotline-list-due-soon.png"), full_page=True)
