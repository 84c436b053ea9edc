"""A provider's handler opens the catalogue in chromium: the list, then one resource with its items (R1.1)."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from digigov.catalog import services
from digigov.catalog.tests.helpers import fields, item, seeded
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
OUTPUT = Path(settings.BASE_DIR) / "test-results"
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


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_handler_opens_the_catalogue_and_a_resource(live_server, handler, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", handler.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
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
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "catalogue-resource-handler.png"), full_page=True)
