"""A department's handler works on the service-item catalogue in chromium: the list, an item's guide, the guide's
form with its materials, and a published version (R4.1)."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.eservices import services
from digigov.eservices.tests.factories import BasicItemFactory, ThemeFactory, guide, process_definition

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def handler(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    org = OrganisationFactory(name="湖北省市场监督管理局", short_name="省市场监管局")
    user = staff(Role.HANDLER, org, username="items.browser")
    reviewer = staff(Role.REVIEWER, org, username="items.reviewer")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    ThemeFactory(code="e-permit", name="准营准入", audience="legal_person")
    materials = [
        {"name": "营业执照", "source": "government", "substitute": "licence", "licence_type": "DEMO-LIC-BUSINESS"},
        {"name": "食品安全管理制度", "copies": 1},
        {"name": "承诺书", "required": "tolerated", "formats": "electronic"},
    ]
    fee = [{"name": "证书工本费", "basis": "鄂价费〔2020〕1号", "amount_fen": 1000}]
    item = services.item_create(
        actor=user,
        basic=BasicItemFactory(name="食品经营许可"),
        organisation=org,
        materials=materials,
        **guide(process=process_definition(), themes=["e-permit"], fee=fee),
    )
    services.item_submit(actor=user, item=item)
    services.item_review(actor=reviewer, item=item, approve=True)
    second = services.item_create(
        actor=user,
        basic=BasicItemFactory(name="食品生产许可"),
        organisation=org,
        **guide(name="食品生产许可", process=process_definition()),
    )
    services.item_submit(actor=user, item=second)
    reviewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_handler_lists_opens_and_revises_an_item(live_server, handler, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, handler.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/items/")
    rows = page.locator("[data-testid=item-table] tbody tr")
    assert rows.count() == 2
    page.screenshot(path=str(screenshot_dir / "eservices-item-list.png"), full_page=True)
    page.select_option("select[name=status]", "submitted")
    page.click("text=筛选")
    page.wait_for_url("**status=submitted**")
    assert rows.count() == 1 and "食品生产许可" in rows.first.inner_text()
    page.goto(f"{live_server.url}/admin/eservices/items/?q=经营")
    rows.first.locator("td.title a").click()
    page.wait_for_selector("[data-testid=guide-table]")
    assert "证书工本费 10.00 元" in page.locator("[data-testid=guide-table]").inner_text()
    assert "电子证照" in page.locator("[data-testid=material-table]").inner_text()
    page.screenshot(path=str(screenshot_dir / "eservices-item-detail.png"), full_page=True)
    page.click("text=修订")
    page.wait_for_selector("[data-testid=item-form]")
    page.fill("input[name=promised_days]", "25")
    page.fill("input[name=materials-1-name]", "食品安全管理制度文本")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".error-message, .help-critical")
    assert "不能长于法定时限" in page.content()
    page.screenshot(path=str(screenshot_dir / "eservices-item-form-error.png"), full_page=True)
    page.locator("[data-testid=material-formset]").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "eservices-item-form-materials.png"))
    page.fill("input[name=promised_days]", "3")
    page.click("button:has-text('保存')")
    page.wait_for_selector("[data-testid=item-actions]")
    actions = page.locator("[data-testid=item-actions]").inner_text()
    assert "修订" in actions and "提交审核" in actions and "放弃修订" in actions
    assert "正在修订" in page.content()
    page.screenshot(path=str(screenshot_dir / "eservices-item-revising.png"), full_page=True)
    page.click("[data-testid=version-table] a")
    page.wait_for_selector("[data-testid=version-fields]")
    page.screenshot(path=str(screenshot_dir / "eservices-item-version.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_returns_an_item_with_a_reason(live_server, handler, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, "items.reviewer", PASSWORD)
    page.goto(f"{live_server.url}/admin/eservices/items/?status=submitted")
    page.locator("[data-testid=item-table] td.title a").first.click()
    page.wait_for_selector("[data-testid=review-form]")
    page.click("[data-testid=review-form] button[value=return]")
    page.wait_for_selector("[data-testid=review-form] .error-message")
    assert "请说明退回的理由" in page.locator("[data-testid=review-form]").inner_text()
    page.screenshot(path=str(screenshot_dir / "eservices-item-review.png"), full_page=True)
    page.fill("#review-comment", "办理地点请写明楼层和窗口号")
    page.click("[data-testid=review-form] button[value=return]")
    page.wait_for_selector("text=已退回经办人")
    assert "退回修改" in page.locator("[data-testid=item-actions]").inner_text()
