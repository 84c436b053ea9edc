"""An agent on a call sees in chromium that the caller reported the same three days ago (acceptance 6), registers
the call merged into that ticket, and the main ticket lists the merged caller."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.tests.browser import sign_in
from digigov.hotline.models import Ticket
from digigov.hotline.tests.factories import setting, ticket

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def world(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    s = setting()
    main = ticket(s, content="沿江大道100号小区电梯停运一周无人维修。")
    Ticket.objects.filter(pk=main.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    other = ticket(s, content="沿江大道100号小区电梯坏了一周，没人维修。", caller_phone="13900002222")
    return s, Ticket.objects.get(pk=main.pk), other


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_sees_the_callers_earlier_ticket_and_merges_the_call(live_server, world, browser, screenshot_dir):
    s, main, other = world
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, s.agent.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/hotline/intake/")
    page.fill("input[name=caller_phone]", "13812345678")
    page.fill("input[name=caller_name]", "刘先生")
    page.select_option("select[name=division_code]", s.division_code)
    page.select_option("select[name=kind]", "complaint")
    page.fill("textarea[name=content]", "沿江大道100号小区电梯停运一周了，还是没人维修。")
    page.click("[data-testid=register]")  # not registered yet: the possible duplicates come first
    page.wait_for_selector("[data-testid=duplicate-warning]")
    duplicates = page.locator("[data-testid=duplicates]").inner_text()
    assert "未办结的工单重复" in page.locator("[data-testid=duplicate-warning]").inner_text()  # nothing registered yet
    assert main.number in duplicates and "同一来电人" in duplicates and "3日前" in duplicates.replace("\xa0", "")
    assert other.number in duplicates and "同一地点相近诉求" in duplicates
    page.screenshot(path=str(screenshot_dir / "hotline-intake-duplicates.png"), full_page=True)
    page.click(f"[data-testid=merge-into-{main.number}]")
    page.wait_for_selector("[data-testid=merged-into]")
    assert f"已并入 {main.number}" in page.locator("[data-testid=merged-into]").inner_text()
    assert "并案" in page.locator("[data-testid=history-steps]").inner_text()
    assert page.locator("[data-testid=do-dispatch]").count() == 0  # handled once, through the main ticket
    page.screenshot(path=str(screenshot_dir / "hotline-merged-ticket.png"), full_page=True)
    page.click("text=查看主工单")
    page.wait_for_selector("[data-testid=merged-tickets]")
    assert "刘先生" in page.locator("[data-testid=merged-tickets]").inner_text()
    page.goto(f"{live_server.url}/admin/hotline/tickets/{other.pk}/")
    page.wait_for_selector("[data-testid=merge-form]")
    assert main.number in page.locator("[data-testid=merge-form]").inner_text()
    page.locator("[data-testid=merge-form]").screenshot(path=str(screenshot_dir / "hotline-merge-form.png"))
