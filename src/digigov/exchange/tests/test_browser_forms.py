"""In chromium, on a desktop and a 390-px phone: a refusal without reasons and a revocation without reason are
refused at their fields — label, required mark or help, the Chinese error under the box — and nothing changes
(R1.5: a refusal must give its reasons; R1.4: the consumer reads why a grant was revoked)."""

import pytest

from digigov.core.tests.browser import sign_in
from digigov.exchange import services
from digigov.exchange.tests.test_applications import apply

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def cases(world, today):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    forwarded = apply(world)
    services.application_forward(actor=world.op_handler, application=forwarded)
    granted = apply(world, world.open_resource)
    return forwarded.pk, granted.grant.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_reasons_are_asked_for_at_their_fields_on_desktop_and_phone(
    live_server, world, cases, size, browser, screenshot_dir
):
    application_id, grant_id = cases
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, world.prov_reviewer.username, PASSWORD)

    page.goto(f"{live_server.url}/admin/exchange/applications/{application_id}/")
    page.click("button[value=refuse]")
    page.wait_for_load_state()
    field = page.locator("[data-testid=application-actions] [data-field-wrapper]")
    assert "理由或意见" in field.locator("label").inner_text()
    assert "退回或不予同意时必须填写理由" in field.inner_text()
    assert field.locator(".error-message").inner_text().strip() == "此项为必填项。"
    assert "待提供方答复" in page.locator("main h2.w-h2").inner_text()  # not refused
    box = field.locator("textarea[name=reason]").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"]
    page.screenshot(path=str(screenshot_dir / f"application-refuse-error-{size}.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/exchange/grants/")
    page.locator("form.exchange-revoke button").click()
    page.wait_for_load_state()
    row = page.locator("form.exchange-revoke")
    assert row.locator(f"label[for=id_revoke{grant_id}_reason]").inner_text().replace(" ", "") == "撤销理由*"
    assert row.locator(".error-message").inner_text().strip() == "此项为必填项。"
    box = row.locator("input[name=reason]").bounding_box()  # in view, not at the end of a sideways scroll
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"]
    page.screenshot(path=str(screenshot_dir / f"grant-revoke-error-{size}.png"), full_page=True)
    row.locator("input[name=reason]").fill("使用方系统停用")
    row.locator("button").click()
    page.wait_for_load_state()
    assert "授权已撤销" in page.locator(".messages").inner_text()
    assert "已撤销" in page.locator("table.listing tbody tr").first.inner_text()
    context.close()
