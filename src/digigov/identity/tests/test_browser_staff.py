"""In chromium: an organisation administrator opens a new clerk's account, the clerk signs in with the temporary
password, is kept on the account page and chooses their own password there (issue #8 B1; R0.2)."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import OrganisationKind, Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import services

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
NEW_PASSWORD = "Ny7#qpLw2!zc"  # noqa: S105


@pytest.fixture
def admin(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    gov = OrganisationFactory(name="省政府办公厅")
    OrganisationFactory(name="办公厅信息处", kind=OrganisationKind.INTERNAL_UNIT, uscc=None, parent=gov)
    user = staff(Role.ORG_ADMIN, gov, username="gov.admin", first_name="王建国")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_clerk_chooses_their_own_password_at_first_sign_in(live_server, admin, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/identity/staff/")
    page.fill("input[name=username]", "gov.clerk")
    page.fill("input[name=name]", "陈晓")
    page.select_option("select[name=organisation]", label="办公厅信息处")
    page.select_option("select[name=role]", "handler")
    page.click("[data-testid=member-add] button[type=submit]")
    page.wait_for_load_state()
    temporary = page.inner_text("[data-testid=temporary-password] strong").strip()
    assert "陈晓" in page.inner_text("[data-testid=members]")
    page.screenshot(path=screenshot_dir / "identity-staff-new-member.png", full_page=True)
    page.context.close()

    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")  # the clerk's own browser
    sign_in(page, live_server.url, "gov.clerk", temporary)
    assert page.url.endswith("/admin/account/")
    assert "管理员已重置您的密码" in page.content()
    page.fill("input[name='password-old_password']", temporary)
    page.fill("input[name='password-new_password1']", NEW_PASSWORD)
    page.fill("input[name='password-new_password2']", NEW_PASSWORD)
    # Enter submits like the footer's 保存 (a sticky footer Playwright's hit test sometimes finds covered while
    # the page still scrolls after the fills).
    with page.expect_navigation():
        page.press("input[name='password-new_password2']", "Enter")
    assert "您的帐号设置已经修改成功" in page.content()
    page.goto(f"{live_server.url}/admin/")
    assert page.url.endswith("/admin/")
    page.screenshot(path=screenshot_dir / "identity-after-own-password.png")


@pytest.fixture
def temporary_password(transactional_db):
    """A clerk whose password their administrator reset: the next sign-in is kept on the account page."""
    gov = OrganisationFactory(name="省政府办公厅")
    manager = staff(Role.ORG_ADMIN, gov, username="gov.admin", first_name="王建国")
    clerk = staff(Role.HANDLER, gov, username="gov.clerk", first_name="陈晓")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for user in (manager, clerk):
        user.user_permissions.add(access)
    return services.password_reset(actor=manager, user=clerk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_forced_password_change_is_not_covered_by_the_sidebar(
    live_server, temporary_password, browser, screenshot_dir
):
    """Issue 8 B4: at 390 px the account page after the forced redirect lay under the sidebar's 200-px placeholder
    (its icons and script translations were redirected too, so the sidebar was never drawn)."""
    phone = {"width": 390, "height": 844}
    context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, "gov.clerk", temporary_password)
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/account/")
    assert "sidebar-loading" not in (page.locator("#wagtail-sidebar").get_attribute("class") or ""), "sidebar drawn"
    assert page.locator(".sidebar-nav-toggle").is_visible() and page.locator("[data-sprite] svg").count() == 1
    field = page.locator("input[name='name_email-first_name']")
    box = field.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).name", [box["x"] + 20, box["y"] + 10])
    assert on_top == "name_email-first_name", "nothing lies over the form"
    page.screenshot(path=screenshot_dir / "account-forced-change-390.png")

    page.route("**/*.js*", lambda route: route.abort())  # what a slow phone shows before the scripts have run
    page.reload(wait_until="domcontentloaded")
    assert page.locator("#wagtail-sidebar").bounding_box()["width"] <= 50
    page.screenshot(path=screenshot_dir / "account-forced-change-390-before-scripts.png")
    context.close()
