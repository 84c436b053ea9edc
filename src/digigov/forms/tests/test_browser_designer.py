"""An organisation's administrator designs a form in chromium: the vendored form-js editor opens on the current
schema under the CSP, a field is added and another relabelled, save makes version 2 (ADR 0003 §3). The bpmn.io
watermark stays visible (the form-js licence), and the preview draws the form in the public page design."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.forms import services
from digigov.forms.tests.factories import schema

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parents[2] / "core" / "tests" / "vendor" / "axe.min.js"  # kernel: no websites import


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.fixture
def designer(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    org = OrganisationFactory(name="湖北省公安厅")
    user = staff(Role.ORG_ADMIN, org, username="forms.browser")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    definition = services.definition_create(
        actor=user, key="birth-registration", name="出生登记", owner=org, schema=schema()
    )
    return user, definition.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_design_a_form_and_save_a_new_version(live_server, designer, browser, screenshot_dir):
    user, pk = designer
    page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="zh-CN")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/forms/{pk}/design/")
    page.wait_for_selector("#form-designer[data-ready=true]")
    assert page.locator(".fjs-powered-by").first.is_visible()  # the licence's watermark
    # the editor's own words are Chinese (forms/designer_labels.py): palette groups and components, panel groups
    palette = page.locator(".fjs-palette-container")
    assert palette.locator(".fjs-palette-header").inner_text() == "表单组件"
    assert palette.locator(".fjs-palette-group-title").all_inner_texts() == ["输入", "选择", "展示", "容器"]
    assert "单行文本" in palette.locator('.fjs-palette-field[data-field-type="textfield"]').inner_text()
    assert palette.locator(".fjs-palette-search").get_attribute("placeholder") == "搜索组件"
    # components the server refuses are not offered at all, so no group stands empty ("Action" held the button)
    assert palette.locator('.fjs-palette-field[data-field-type="button"]').count() == 0
    assert palette.locator('.fjs-palette-group[data-group-id="action"]').count() == 0
    page.fill(".fjs-palette-search", "多行")  # the palette's search finds components by their Chinese names
    expect(palette.locator(".fjs-palette-field")).to_have_count(1)  # the search filters after the input event
    assert palette.locator(".fjs-palette-field").get_attribute("data-field-type") == "textarea"
    page.fill(".fjs-palette-search", "")
    expect(palette.locator(".fjs-palette-field")).to_have_count(12)
    page.locator('.fjs-element[data-id="Field_mobile"]').click(position={"x": 5, "y": 5})
    panel = page.locator(".fjs-properties-container")
    assert panel.locator(".bio-properties-panel-header-type").inner_text() == "单行文本"
    assert panel.locator(".bio-properties-panel-header-label").inner_text() == "手机号码"  # the form's own text
    titles = panel.locator(".bio-properties-panel-group-header-title").all_inner_texts()
    assert {"基本", "校验", "外观", "布局", "自定义属性"} <= set(titles), titles
    english = page.evaluate(
        """() => [...document.querySelectorAll(".fjs-palette-container *, .fjs-properties-container *")]
            .filter((el) => !el.closest(".bio-properties-panel-header-label, .cm-editor, input, textarea"))
            .flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data.trim()))
            .filter((text) => /[A-Za-z]{3,}/.test(text) && !/^(check|prefill|Markdown)$/.test(text))"""
    )
    assert english == [], english
    page.locator(".bio-properties-panel-group-header", has_text="校验").click()
    assert "必填" in panel.inner_text() and "校验方式" in panel.inner_text()
    panel.screenshot(path=str(screenshot_dir / "forms-designer-validation.png"))
    page.locator(".bio-properties-panel-group-header", has_text="基本").click()
    page.locator("#bio-properties-panel-label").fill("联系手机")
    # add a field: drag "Text field" from the palette onto the form
    textfield = page.locator('.fjs-palette-field[data-field-type="textfield"]')
    target = page.locator('.fjs-element[data-id="Field_reason"]')
    textfield.drag_to(target)
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "forms-designer.png"), full_page=True)
    page.click("button[name=action][value=save]")
    page.wait_for_url(f"**/admin/forms/{pk}/versions/")
    assert "已保存为第 2 版" in page.inner_text("body")
    rows = page.locator("table.listing tbody tr").all_inner_texts()
    assert rows[0].startswith("第 2 版") and "第 1 版" in rows[1]
    page.screenshot(path=str(screenshot_dir / "forms-versions.png"), full_page=True)
    saved = page.evaluate(f"fetch('/api/v1/forms/{pk}').then(r => r.json())")["schema"]  # no ORM in the greenlet
    labels = [c.get("label") for g in saved["components"] for c in [g, *g.get("components", [])]]
    assert "联系手机" in labels and "手机号码" not in labels
    assert sum(1 for label in labels if label == "单行文本") == 1  # the field added from the palette, named in Chinese
    assert "Text field" not in labels
    assert not problems, problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_is_the_public_page_design_on_a_phone(live_server, designer, browser, screenshot_dir):
    user, pk = designer
    # bypass_csp: axe-core is injected as an inline script, which the pages' policy refuses
    page = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True).new_page()
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/forms/{pk}/preview/?version=1")
    assert page.locator("label[for=f-name]").inner_text().startswith("姓名")
    assert page.locator("#f-name").get_attribute("aria-describedby") is None
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(screenshot_dir / "forms-preview-phone.png"), full_page=True)
    assert axe_violations(page) == []
