"""A department's handler issues a licence by hand in chromium and finds it in the department's list (R6.1): the
form's errors at the fields, the sealed licence's page, the list with masked holder codes."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.licenses.tests.factories import ID_NUMBER, LicenceTypeFactory, give_seal

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def handler(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    org = OrganisationFactory(name="湖北省公安厅", short_name="省公安厅")
    give_seal(org)
    LicenceTypeFactory(issuer=org, name="机动车驾驶证")
    user = staff(Role.HANDLER, org, username="licences.browser")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_handler_issues_a_licence_and_finds_it_in_the_list(live_server, handler, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/licenses/issue/")
    page.click("button:has-text('选择')")
    page.wait_for_selector("[data-testid=issue-form]")
    page.fill("input[name=holder_name]", "张伟")
    page.fill("input[name=holder_code]", "420102197901209700")
    page.fill("input[name=number]", "420100202612040001")
    page.fill("input[name='data.vehicle_class']", "C1")
    page.click("button:has-text('签发并盖章')")
    page.wait_for_selector(".error-message")
    assert "校验码" in page.content() or "身份证" in page.content()
    page.screenshot(path=str(screenshot_dir / "licenses-issue-form-error.png"), full_page=True)
    page.fill("input[name=holder_code]", ID_NUMBER)
    page.click("button:has-text('签发并盖章')")
    page.wait_for_selector("[data-testid=licence-rows]")
    rows = page.locator("[data-testid=licence-rows]").inner_text()
    assert "1.2.156.3005.2." in rows and "准驾车型" in rows and "张伟" in rows
    assert "有效" in page.locator("[data-testid=licence-status]").inner_text()
    page.screenshot(path=str(screenshot_dir / "licenses-licence-detail.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/licenses/licences/")
    table = page.locator("[data-testid=licence-table] tbody").inner_text()
    assert "420100202612040001" in table and "张伟" in table
    assert ID_NUMBER not in table and "4201************08" in table
    page.screenshot(path=str(screenshot_dir / "licenses-licence-list.png"), full_page=True)
    page.locator("[data-testid=licence-table] td.title a").first.click()
    page.wait_for_selector("[data-testid=licence-versions]")
    page.locator("[data-testid=licence-versions]").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "licenses-licence-versions.png"))
    page.goto(f"{live_server.url}/admin/licenses/types/")
    assert "机动车驾驶证" in page.locator("[data-testid=type-table]").inner_text()
    page.screenshot(path=str(screenshot_dir / "licenses-type-list.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/licenses/batch/")
    page.wait_for_selector("[data-testid=batch-form]")
    page.screenshot(path=str(screenshot_dir / "licenses-batch.png"), full_page=True)
