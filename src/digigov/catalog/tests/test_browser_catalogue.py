"""A provider's handler opens the catalogue in chromium: the list, then one resource with its items (R1.1)."""

import pytest
from django.contrib.auth.models import Permission

from digigov.catalog import services
from digigov.catalog.tests.helpers import fields, item, seeded
from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
NAME = "浏览器测试人口信息"


@pytest.fixture
def handler(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    org = OrganisationFactory(name="省公安厅")
    user = staff(Role.HANDLER, org, username="catalog.browser")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    services.resource_create(
        actor=user,
        provider=org,
        classification=seeded("101001"),
        items=[item(), item("xm", "姓名")],
        **fields(name=NAME),
    )
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_handler_opens_the_catalogue_and_a_resource(live_server, handler, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/catalog/resources/")
    rows = page.locator("[data-testid=resource-table] tbody tr")
    assert rows.count() == 1
    assert "草稿" in rows.first.inner_text() and "101001/000001" in rows.first.inner_text()
    rows.first.locator("td.title a").click()
    page.wait_for_selector("[data-testid=item-table]")
    assert page.locator("h1").inner_text().endswith(NAME)
    items = page.locator("[data-testid=item-table] tbody tr").all_inner_texts()
    assert any("公民身份号码" in t for t in items) and any("姓名" in t for t in items)
    assert page.locator("text=提交审核").is_visible()
    page.screenshot(path=str(screenshot_dir / "catalogue-resource-handler.png"), full_page=True)
