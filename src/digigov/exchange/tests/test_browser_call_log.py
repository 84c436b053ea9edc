"""In chromium: the platform operator filters the call log (R1.8) by status and resource; every ID number on the
page is masked."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange import gateway
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, setup

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def operator(transactional_db, client):
    """Calls through the real gateway, made before Playwright starts (its greenlet must not open connections)."""
    gateway._metadata_cache.clear()
    s = setup()
    for person in PEOPLE:
        client.get(s.url, {"key": person[0], "purpose": "社保待遇资格认证"}, headers={"x-api-key": s.key})
    client.get(s.url, {"key": PEOPLE[0][0]}, headers={"x-api-key": s.key})  # no purpose: refused
    client.get(s.url, {"key": PEOPLE[0][0], "purpose": "x"}, headers={"x-api-key": s.key[:-2] + "zz"})  # wrong key
    user = staff(Role.HANDLER, OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.resource_label = f"{s.resource.code} {s.resource.name}"
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_operator_filters_the_call_log(live_server, operator, browser, screenshot_dir):
    for width, tag in ((1280, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        sign_in(page, live_server.url, operator.username, PASSWORD)
        page.goto(f"{live_server.url}/admin/exchange/calls/")
        assert page.inner_text("[data-testid=call-count]").strip() == "4 次调用"
        page.select_option("select[name=status]", label="已拒绝")
        page.select_option("select[name=resource]", label=operator.resource_label)
        page.click("[data-testid=call-filters] button[type=submit]")
        page.wait_for_load_state()
        assert page.inner_text("[data-testid=call-count]").strip() == "2 次调用"
        table = page.inner_text("[data-testid=call-table]")
        assert "purpose_required" in table and "api_key_invalid" in table
        html = page.content()
        assert "420102********1236" in html and PEOPLE[0][0] not in html and PEOPLE[1][0] not in html
        page.screenshot(path=str(screenshot_dir / f"exchange-call-log-{tag}.png"), full_page=True)
        context.close()
