"""The wallet on a 390-px phone in Debian chromium (R4.8, issue #12 acceptance 4): a citizen signs in, sees their
licences as cards, opens one, shows it (亮证) with its QR code, authorises a use and gets the code, and adds a
licence under a promise; nothing is wider than the phone and axe-core finds no accessibility violation. A counter
clerk then redeems the code on the back office's 用证核验 screen."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data
from digigov.licenses.choices import LicenceStatus, TrustGrade, UseKind
from digigov.licenses.services.uses import use_record
from digigov.licenses.tests.factories_wallet import licence, licence_type

# axe-core from npm (scripts/vendor_npm.sh), as the portal's browser tests load it (licences sit below websites)
AXE = Path(__file__).parents[2] / "core" / "tests" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.fixture
def holder(
    transactional_db,
):  # the installation's plain frame (no site); before `browser`: the data is written outside Playwright's event loop
    data = citizen_data(real_name="王芳")
    user = identity.citizen_register(**data).user
    code = data["id_number"]
    police = OrganisationFactory(name="湖北省公安厅")
    driving = licence_type(issuer=police, name="机动车驾驶证")
    held = licence(
        holder_code=code,
        holder_name="王芳",
        kind=driving,
        valid_until=dt.date(2032, 5, 1),
        qr_signature=b"0E\x02!" + bytes(range(60)),
        seal_code="42000000000000000001",
        signature=b"sealed",
    )
    licence(
        holder_code=code,
        holder_name="王芳",
        kind=licence_type(name="居民身份证", issuer=police),
        valid_until=timezone.localdate() - dt.timedelta(days=3),
    )
    licence(holder_code=code, holder_name="王芳", kind=licence_type(name="教师资格证"), grade=TrustGrade.D)
    licence(
        holder_code=code, holder_name="王芳", kind=licence_type(name="食品经营许可证"), status=LicenceStatus.REVOKED
    )
    centre = OrganisationFactory(name="武汉市政务服务中心")
    use_record(
        licence=held,
        kind=UseKind.CASE,
        actor=user,
        purpose="机动车驾驶证换证",
        organisation_id=centre.pk,
        case_number="42010020261201000007",
    )
    clerk = staff(organisation=OrganisationFactory(name="武汉市不动产登记中心"), username="clerk.wallet")
    clerk.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return {"user": user, "password": data["password"], "licence": held, "clerk": clerk}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def look(page, name: str, screenshot_dir) -> None:
    assert fits(page), name
    assert axe_violations(page) == [], name
    page.screenshot(path=str(screenshot_dir / f"wallet-{name}-390.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_uses_the_wallet_on_a_phone_and_a_counter_redeems_the_code(
    live_server, holder, browser, screenshot_dir
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/zwfw/wallet/")
    page.fill("input[name=username]", holder["user"].username)
    page.fill("input[name=password]", holder["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/zwfw/wallet/")
    cards = page.locator("[data-testid=wallet-cards] > li")
    assert cards.count() == 4
    assert "有效" in cards.first.inner_text() or "有效" in page.locator("[data-testid=wallet-cards]").inner_text()
    assert "已过期" in page.inner_text("body") and "已吊销" in page.inner_text("body")
    look(page, "list", screenshot_dir)

    page.get_by_role("link", name="机动车驾驶证").click()
    page.wait_for_url("**/zwfw/wallet/*/")
    assert "湖北省公安厅" in page.locator("[data-testid=licence-rows]").inner_text()
    assert "武汉市政务服务中心" in page.locator("[data-testid=uses]").inner_text()
    look(page, "licence", screenshot_dir)

    page.get_by_role("button", name="亮证").click()
    page.wait_for_selector("[data-testid=show-licence]")
    assert page.locator(".show-qr").is_visible()
    look(page, "show", screenshot_dir)
    page.get_by_role("link", name="大字版").click()  # 适老化: the same view in large type
    page.wait_for_function("document.documentElement.classList.contains('large')")
    assert fits(page), "large type"
    page.screenshot(path=str(screenshot_dir / "wallet-show-large-390.png"), full_page=True)
    page.goto(f"{live_server.url}/display/?mode=standard&next=/zwfw/wallet/")

    page.goto(f"{live_server.url}/zwfw/wallet/{holder['licence'].pk}/")
    page.get_by_role("button", name="生成授权码").click()  # empty: errors at the fields
    page.wait_for_load_state()
    assert "请说明用途" in page.inner_text("[data-testid=authorise-form]") or page.locator(".has-error").count()
    look(page, "authorise-errors", screenshot_dir)
    page.fill("#id_recipient", "武汉市不动产登记中心")
    page.fill("#id_purpose", "办理不动产抵押登记")
    page.get_by_role("button", name="生成授权码").click()
    page.wait_for_selector("[data-testid=auth-code]")
    code = page.locator("[data-testid=auth-code]").inner_text()
    look(page, "authorisation", screenshot_dir)

    page.goto(f"{live_server.url}/zwfw/wallet/add/")
    look(page, "add", screenshot_dir)
    page.check("input[value=promise]")
    page.get_by_role("button", name="放入我的卡包").click()
    page.wait_for_load_state()
    assert page.locator(".has-error").count() >= 3
    look(page, "add-errors", screenshot_dir)
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = desk.new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("input[name=username]", "clerk.wallet")
    admin.fill("input[name=password]", "Test@Pass2026")
    admin.click("button[type=submit]")
    admin.wait_for_url("**/admin/")
    admin.goto(f"{live_server.url}/admin/licenses/check/")
    admin.screenshot(path=str(screenshot_dir / "wallet-counter-check.png"), full_page=True)
    admin.fill("#id_code", code)
    admin.get_by_role("button", name="核验授权码").click()
    admin.wait_for_url("**/admin/licenses/uses/*/")
    assert holder["licence"].number in admin.inner_text("[data-testid=use-licence-rows]")
    admin.screenshot(path=str(screenshot_dir / "wallet-counter-use.png"), full_page=True)
    admin.goto(f"{live_server.url}/admin/licenses/check/")
    admin.fill("#id_code", code)
    admin.get_by_role("button", name="核验授权码").click()
    admin.wait_for_load_state()
    assert "只能使用一次" in admin.inner_text("body")
    admin.screenshot(path=str(screenshot_dir / "wallet-counter-used-twice.png"), full_page=True)
    admin.goto(f"{live_server.url}/admin/licenses/counter/record/")
    admin.screenshot(path=str(screenshot_dir / "wallet-counter-record.png"), full_page=True)
    desk.close()
