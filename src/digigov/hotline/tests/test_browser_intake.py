"""An agent registers a call in chromium (issue 13 §1): a wrong number is refused at its field, the knowledge base
and the caller's earlier tickets appear beside the form, the ticket is dispatched from its page; the centre's list
and the department's list show it."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.hotline.tests.factories import housing_category, setting, ticket
from digigov.knowledge.tests.factories import ArticleFactory

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def world(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    s = setting()
    ArticleFactory(
        title="住宅电梯停运的报修渠道",
        keywords="电梯 停运 报修",
        answer="请先联系物业；物业不处理的，由住建部门督促。",
        category=housing_category(),
        department=s.department,
    )
    ticket(s, content="小区电梯上月也停运过。")
    return s


def _fill(page, s, phone):
    page.fill("input[name=caller_phone]", phone)
    page.fill("input[name=caller_name]", "刘先生")
    page.select_option("select[name=division_code]", s.division_code)
    page.fill("input[name=address]", "江岸区沿江大道100号")
    page.select_option("select[name=kind]", "complaint")
    page.fill("textarea[name=content]", "小区电梯停运一周，物业不维修。")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_registers_a_call_beside_the_knowledge_base_and_dispatches_it(
    live_server, world, browser, screenshot_dir
):
    s = world
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, s.agent.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/hotline/intake/")
    _fill(page, s, "1381234")
    page.click("[data-testid=register]")
    page.wait_for_selector(".error-message")
    assert "区号" in page.content()
    page.fill("input[name=caller_phone]", "13812345678")
    page.fill("input[name=search]", "电梯 停运")
    page.click("[data-testid=lookup]")
    page.wait_for_selector("[data-testid=article]")
    assert "住宅电梯停运的报修渠道" in page.locator("[data-testid=article]").first.inner_text()
    assert "电梯上月也停运过" in page.locator("[data-testid=history]").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "hotline-intake.png"), full_page=True)
    page.click("[data-testid=register]")
    page.wait_for_selector("[data-testid=ticket-facts]")
    assert "138****5678" not in page.locator("[data-testid=caller]").inner_text()  # the agent sees the number
    answer = page.locator("[data-testid=answer-articles]")  # answering at once: the matches to choose from
    assert "住宅电梯停运的报修渠道" in answer.locator("[data-testid=article-choice]").first.inner_text()
    answer.screenshot(path=str(screenshot_dir / "hotline-ticket-answer.png"))
    page.select_option("select[name=department]", str(s.department.pk))
    page.click("[data-testid=do-dispatch]")
    page.wait_for_selector("[data-testid=history-steps] li >> nth=1")
    assert "派单" in page.locator("[data-testid=history-steps]").inner_text()
    page.screenshot(path=str(screenshot_dir / "hotline-ticket-detail.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/hotline/tickets/?status=dispatched")
    assert "小区电梯停运一周" in page.locator("[data-testid=ticket-table]").inner_text()
    page.screenshot(path=str(screenshot_dir / "hotline-ticket-list.png"), full_page=True)
    page.context.clear_cookies()
    sign_in(page, live_server.url, s.supervisor.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/hotline/routing/")
    page.select_option("select[name=category_code]", "05")
    page.select_option("select[name=division_code]", "420100")
    page.select_option("select[name=department]", str(s.department.pk))
    page.click("[data-testid=routing-form] button[type=submit]")
    page.wait_for_selector("[data-testid=routing-table] >> text=武汉市住房和城市更新局")
    page.screenshot(path=str(screenshot_dir / "hotline-routing.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server.url, s.handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/hotline/department/")
    page.screenshot(path=str(screenshot_dir / "hotline-department-list.png"), full_page=True)
    page.locator("[data-testid=ticket-table] td.title a").first.click()
    page.wait_for_selector("[data-testid=do-accept]")
    assert "138****5678" in page.locator("[data-testid=caller]").inner_text()
    page.click("[data-testid=do-accept]")
    page.wait_for_selector("textarea[name=reply]")
    assert "13812345678" in page.locator("[data-testid=caller]").inner_text()
    page.screenshot(path=str(screenshot_dir / "hotline-department-ticket.png"), full_page=True)
