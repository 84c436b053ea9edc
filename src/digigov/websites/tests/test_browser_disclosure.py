"""The disclosure catalogue and the application form on a 390-px phone in Debian chromium (R8.8): no wider than the
phone, no serious or critical axe-core finding, the form's Chinese errors at the fields, the receipt's number found
again by the progress query."""

import pytest

from digigov.websites.choices import ColumnType, ItemKind, Topic
from digigov.websites.tests.factories import LibraryItemFactory, column, open_site, place
from digigov.websites.tests.test_browser_portal import AXE, PHONE

SERIOUS = ("serious", "critical")


def serious_findings(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in SERIOUS]


@pytest.fixture
def portal(transactional_db):
    site = open_site(name="湖北省人民政府", default=True)
    for n in range(3):
        policy = LibraryItemFactory(
            kind=ItemKind.POLICY, title=f"湖北省人民政府关于做好第{n + 1}批政务公开重点工作的通知",
            document_number=f"鄂政发〔2026〕{n + 1}号", issuer="湖北省人民政府", topic=Topic.GENERAL,
            owner=site.organiser,
        )  # fmt: skip
        place(policy, column(site, ColumnType.POLICIES))
    return site


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_catalogue_and_the_application_on_a_phone(live_server, portal, browser, screenshot_dir):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()

    def check(name):
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name}: nothing wider than the phone"
        assert serious_findings(page) == [], name
        page.screenshot(path=str(screenshot_dir / f"disclosure-{name}-390.png"), full_page=True)

    page.goto(live_server.url + "/xxgk/")
    assert page.get_by_role("heading", name="政府信息公开指南").is_visible()
    assert page.get_by_text("鄂政发〔2026〕3号").is_visible()
    check("catalogue")

    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("button", name="提交申请").click()
    assert page.get_by_text("请填写居民身份证号码。").is_visible()
    check("apply-errors")

    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("居民身份证号码（公民）").fill("11010519491231002X")
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_label("电子邮箱").fill("zhang@example.cn")
    page.get_by_label("所需信息的内容描述").fill("请公开2025年度省级财政预算执行情况的审计报告。")
    page.get_by_role("button", name="提交申请").click()
    number = page.get_by_role("status").inner_text().split("申请编号为 ")[1].split("。")[0]
    check("received")

    page.get_by_role("link", name="申请进度查询").click()
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("办理中").is_visible()
    check("query")
    context.close()
