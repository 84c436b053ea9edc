"""In chromium, each side opens the same share application and sees only its own buttons (core.lifecycle); the
operator's comment, typed when forwarding, is in the history the consumer reads (R1.5)."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.exchange.tests.test_applications import apply

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def application(world, today):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    return apply(world)


def _buttons(page) -> set[str]:
    return {t.strip() for t in page.locator("[data-testid=application-actions] button").all_inner_texts()}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_side_sees_only_its_buttons_and_the_comment_reaches_the_history(
    live_server, world, application, browser, screenshot_dir
):
    url = f"{live_server.url}/admin/exchange/applications/{application.pk}/"
    seen = {}
    for who in ("cons_handler", "op_handler", "prov_reviewer"):
        context = browser.new_context(viewport={"width": 1280, "height": 1200}, locale="zh-CN")
        page = context.new_page()
        sign_in(page, live_server.url, getattr(world, who).username, PASSWORD)
        page.goto(url)
        seen[who] = _buttons(page) if page.locator("[data-testid=application-actions]").count() else set()
        if who == "op_handler":
            page.screenshot(path=str(screenshot_dir / "application-operator-buttons.png"), full_page=True)
            page.fill("textarea[name=reason]", "用途与依据相符，请按期答复")
            page.click("button[value=forward]")
            page.wait_for_load_state()
        if who == "prov_reviewer":  # after the operator forwarded it, with the comment in the history
            assert "意见：用途与依据相符，请按期答复" in page.locator("table.listing").inner_text()
            page.screenshot(path=str(screenshot_dir / "application-provider-buttons.png"), full_page=True)
        context.close()
    assert seen == {
        "cons_handler": {"撤回申请"},
        "op_handler": {"转提供方", "退回申请方"},
        "prov_reviewer": {"授权", "不予同意"},
    }
