"""In chromium: a department's administrator registers an application system and issues its API key; the key is shown
once with a copy button that puts it on the clipboard, is gone after a reload, and works (issue #9 item 12; R0.5)."""

import pytest
import requests
from django.contrib.auth.models import Permission

from digigov.core.choices import OrganisationKind, Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def admin(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    psb = OrganisationFactory(name="湖北省公安厅")
    OrganisationFactory(name="人口管理总队", kind=OrganisationKind.INTERNAL_UNIT, uscc=None, parent=psb)
    user = staff(Role.ORG_ADMIN, psb, username="psb.admin", first_name="李卫东")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.department_id = psb.pk
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_key_is_shown_once_copied_and_works(live_server, admin, browser, screenshot_dir):
    shots = {}
    for width, tag in ((1280, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        page = context.new_page()
        sign_in(page, live_server.url, admin.username, PASSWORD)
        page.goto(f"{live_server.url}/admin/identity/systems/")
        assert page.input_value("select[name=organisation]") == str(admin.department_id), "one's department first"
        page.fill("input[name=name]", f"户籍业务系统（{tag}）")
        page.fill("textarea[name=purpose]", "户口迁移时核验不动产登记信息")
        page.fill("input[name=contact]", "李工 027-87654321")
        page.click("[data-testid=system-register] button[type=submit]")
        page.wait_for_load_state()
        assert "无密钥：该系统尚不能调用接口。" in page.inner_text("[data-testid=key-state]")
        page.click("[data-testid=key-actions] button")
        page.wait_for_load_state()
        key = page.inner_text("[data-testid=api-key]").strip()
        assert len(key) >= 40 and "仅显示这一次" in page.inner_text("[data-testid=key-once]")
        page.click("[data-testid=key-once] button")
        page.wait_for_selector("[data-copy-status]:has-text('已复制')")
        assert page.evaluate("navigator.clipboard.readText()") == key
        page.screenshot(path=str(screenshot_dir / f"identity-key-once-{tag}.png"), full_page=True)
        shots[tag] = key
        page.reload()
        assert page.locator("[data-testid=api-key]").count() == 0 and key not in page.content(), "shown once"
        page.goto(f"{live_server.url}/admin/identity/systems/")
        assert f"户籍业务系统（{tag}）" in page.inner_text("[data-testid=systems]")
        page.screenshot(path=str(screenshot_dir / f"identity-systems-{tag}.png"), full_page=True)
        context.close()
    for key in shots.values():
        answer = requests.get(f"{live_server.url}/api/v1/core/organisations", headers={"X-API-Key": key}, timeout=10)
        assert answer.status_code == 200 and {o["name"] for o in answer.json()} == {"湖北省公安厅", "人口管理总队"}
