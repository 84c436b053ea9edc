"""In chromium, what a person sees when an upload or an address is refused (issue 9, items 4, 6, 8): the reason at
the field, the Chinese page for a request that is too large, and the evidence downloaded from the provider's link.
Screenshots (desktop and 390 px) go to test-results/."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import staff
from digigov.core.tests.files import dense_bomb
from digigov.core.tests.servers import Internal
from digigov.exchange.tests.test_attachments import EVIDENCE, report_with_evidence

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def internal():
    server = Internal()
    yield server
    server.close()


# Everything that touches the database happens in fixtures requested before `browser` (root conftest).
@pytest.fixture
def private_root(settings, tmp_path):
    settings.DIGIGOV_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def item_pk(world):
    return world.items()[2].pk


@pytest.fixture
def admin():
    user = staff(Role.PLATFORM_ADMIN, first_name="黄志远")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def report(world, today, private_root):
    return report_with_evidence(world)


def page_for(browser, live_server, user, size="desktop"):
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server.url, user.username, PASSWORD)
    return page


def fill_report(page, live_server, world, item_pk):
    page.goto(f"{live_server.url}/admin/exchange/error-reports/new/?resource={world.resource.pk}")
    page.fill("input[name=record_key]", "420102199001011236")
    page.select_option("select[name=item]", str(item_pk))
    page.fill("input[name=claimed_value]", "13900000009")
    page.fill("textarea[name=evidence]", "户口簿所载电话已变更，见附件")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_bomb_is_refused_at_the_field_and_a_too_large_upload_gets_a_chinese_page(
    live_server, world, item_pk, private_root, settings, browser, screenshot_dir
):
    bomb = dense_bomb("docx")
    for size in SIZES:
        page = page_for(browser, live_server, world.cons_handler, size)
        fill_report(page, live_server, world, item_pk)
        page.set_input_files(
            "input[name=attachment]", files=[{"name": "情况说明.docx", "mimeType": "application/zip", "buffer": bomb}]
        )
        page.get_by_role("button", name="提交").click()
        page.wait_for_load_state()
        assert "文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。" in page.content()
        assert page.input_value("input[name=record_key]") == "420102199001011236", "what was typed is kept"
        page.screenshot(path=str(screenshot_dir / f"upload-bomb-refused-{size}.png"), full_page=True)
        page.context.close()

    settings.DIGIGOV_REQUEST_MAX_MB = 1
    for size in SIZES:
        page = page_for(browser, live_server, world.cons_handler, size)
        fill_report(page, live_server, world, item_pk)
        scan = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)
        page.set_input_files(
            "input[name=attachment]", files=[{"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": scan}]
        )
        page.get_by_role("button", name="提交").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "上传的内容太大"
        assert "提交的内容超过平台单次接收的上限 1 MB，请换用较小的文件。" in page.content()
        page.screenshot(path=str(screenshot_dir / f"upload-too-large-{size}.png"), full_page=True)
        page.get_by_role("link", name="返回").click()
        page.wait_for_load_state()
        assert "/admin/exchange/error-reports/new/" in page.url
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_internal_address_is_refused_at_its_field_and_the_administrator_can_allow_a_host(
    live_server, world, internal, admin, browser, screenshot_dir
):
    page = page_for(browser, live_server, world.prov_handler)
    page.goto(f"{live_server.url}/admin/exchange/services/new/")
    page.fill("input[name=name]", "配置接口")
    page.fill("input[name=endpoint]", f"{internal.url}/internal-admin/config")
    page.get_by_role("button", name="注册").click()
    page.wait_for_load_state()
    refused = "“127.0.0.1”是服务器自身的回环地址（127.0.0.1），平台不调用此类地址，除非平台管理员允许该主机。"
    assert refused in page.content()
    page.screenshot(path=str(screenshot_dir / "service-internal-address-refused.png"), full_page=True)
    page.context.close()
    assert internal.hits == []

    page = page_for(browser, live_server, admin)
    page.goto(f"{live_server.url}/admin/platform/rules/")
    row = page.locator("form", has=page.locator("input[value='exchange.upstream_allowed_hosts']"))
    row.locator("input[name=value]").fill("api.gaj.hubei.gov.cn, 10.20.0.0/16")
    row.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "api.gaj.hubei.gov.cn, 10.20.0.0/16" in page.content()
    page.context.close()
    for size in SIZES:
        page = page_for(browser, live_server, admin, size)
        page.goto(f"{live_server.url}/admin/platform/rules/")
        row = page.locator("form", has=page.locator("input[value='exchange.upstream_allowed_hosts']"))
        assert row.locator("input[name=value]").input_value() == "api.gaj.hubei.gov.cn, 10.20.0.0/16"
        row.locator("input[name=value]").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"rules-allowed-hosts-{size}.png"))
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_provider_downloads_the_evidence_from_the_report(live_server, world, report, browser):
    page = page_for(browser, live_server, world.prov_handler)
    page.goto(f"{live_server.url}/admin/exchange/error-reports/{report.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="附件").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.path().read_bytes() == EVIDENCE
    page.context.close()
