"""In chromium (R7.1): an organisation administrator asks for a 电子证照专用章, the platform operator's leader approves
it from the queue, the seal appears in the list with its round red image; the public revocation list reads on a
phone and axe-core finds nothing."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.signing.tests.factories import operator_org

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
AXE = Path(__file__).parents[2] / "core" / "tests" / "vendor" / "axe.min.js"


def _back_office(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def people(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    department = OrganisationFactory(name="湖北省民政厅")
    admin = _back_office(staff(Role.ORG_ADMIN, department, username="ca.admin"))
    leader = _back_office(staff(Role.LEADER, operator_org(), username="op.leader"))
    return admin, leader


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_approve_and_see_the_seal(live_server, people, browser, screenshot_dir):
    admin, leader = people
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/signing/seals/")
    assert "本单位还没有电子印章" in page.inner_text("[data-testid=seal-list]")
    page.click("text=申请制作印章")
    page.select_option("select[name=kind]", "business")
    page.fill("input[name=use_text]", "电子证照专用章")
    page.fill("textarea[name=reason]", "开展电子证照签发")
    page.click("text=提交申请")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=request-state]") == "待审批"
    page.context.clear_cookies()

    sign_in(page, live_server.url, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/signing/seals/requests/")
    row = page.locator("[data-testid=pending-requests] tbody tr").first
    assert "湖北省民政厅" in row.inner_text() and "制作印章" in row.inner_text()
    row.locator("text=审批").click()
    page.fill("textarea[name=decision_reason]", "材料齐全，同意制作")
    page.screenshot(path=str(screenshot_dir / "seal-approval.png"), full_page=True)
    page.click("button[value=approve]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=request-state]") == "已批准并办结"
    page.context.clear_cookies()

    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/signing/seals/")
    row = page.locator("[data-testid=seal-list] tbody tr").first
    assert "湖北省民政厅电子证照专用章" in row.inner_text() and "启用" in row.inner_text()
    assert page.evaluate("() => document.querySelector('[data-testid=seal-list] img').naturalWidth") > 400
    page.screenshot(path=str(screenshot_dir / "seal-list.png"), full_page=True)
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=seal-status]") == "启用"
    assert page.locator("text=下载证书（PEM）").is_visible()
    page.screenshot(path=str(screenshot_dir / "seal-detail.png"), full_page=True)

    # bypass_csp: axe-core is injected as an inline script, which the pages' policy refuses (test_browser_csp.py)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN", bypass_csp=True
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/seals/revoked/")
    assert "目前没有挂失或注销的印章" in phone.inner_text("main")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.add_script_tag(path=str(AXE))
    result = phone.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    phone.screenshot(path=str(screenshot_dir / "seal-revoked-phone.png"), full_page=True)
