"""A department's editor searches the knowledge base in chromium, writes an article (errors at the fields, then
saved), publishes it and finds it by a caller's sentence; the centre's manager sees the category tree
(GB/T 44191; issue #13 item 7)."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import OrganisationFactory
from digigov.knowledge.tests.factories import PASSWORD, ArticleFactory, category, make_centre, officer


@pytest.fixture
def people(transactional_db):
    """Made before Playwright starts: inside its greenlet the ORM would open a connection teardown never sees."""
    department = OrganisationFactory(name="市人力资源和社会保障局")
    social = category("03", "社会保障")
    pension = category("0301", "养老保险", social)
    category("0302", "失业保险", social)
    category("05", "住房保障")
    today = timezone.localdate()
    ArticleFactory(
        department=department, category=pension, title="城乡居民养老保险缴费档次", keywords="养老 缴费",
        answer="城乡居民养老保险每年缴费一次，档次为每年 200 元至 5000 元。", used_count=57, helped_count=12,
        review_on=today - dt.timedelta(days=2),
    )  # fmt: skip
    ArticleFactory(
        department=department, category=category("030201", "失业保险金", None), title="失业保险金申领条件",
        answer="非因本人意愿中断就业、已办理失业登记的，可申领失业保险金。", used_count=21,
        review_on=today + dt.timedelta(days=200),
    )  # fmt: skip
    ArticleFactory(title="公租房申请条件", answer="本市户籍、家庭人均收入低于标准。", used_count=9)
    editor = officer(Role.HANDLER, department, username="knowledge.editor")
    _centre, manager = make_centre()
    manager.username = "knowledge.manager"
    manager.save()
    return editor, manager


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_searches_writes_publishes_and_finds_an_article(live_server, people, browser, screenshot_dir):
    editor, manager = people
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    sign_in(page, live_server.url, editor.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/knowledge/articles/")
    table = page.locator("[data-testid=article-table] tbody")
    assert "城乡居民养老保险缴费档次" in table.inner_text() and "待复审" in table.inner_text()
    page.screenshot(path=str(screenshot_dir / "knowledge-article-list.png"), full_page=True)

    page.fill("[data-testid=article-filters] input[name=q]", "我想问养老保险的缴费档次")
    page.click("[data-testid=article-filters] button:has-text('筛选')")
    page.wait_for_load_state()
    assert "城乡居民养老保险缴费档次" in table.inner_text() and "公租房" not in table.inner_text()
    page.screenshot(path=str(screenshot_dir / "knowledge-article-search.png"), full_page=True)

    page.click("a:has-text('新建知识条目')")
    page.wait_for_selector("[data-testid=article-form]")
    page.fill("input[name=title]", "养老保险关系转移接续")
    page.select_option("select[name=category]", label="0301 　养老保险")
    page.fill("input[name=keywords]", "社保转移 跨省")
    page.fill("input[name=valid_from]", "2026-06-01")
    page.fill("input[name=valid_until]", "2026-05-01")
    with page.expect_navigation():
        page.click("[data-testid=article-form] button:has-text('保存')")
    content = page.content()
    assert "此项为必填项" in content
    page.fill("textarea[name=answer]", "参保人跨省流动就业的，由新参保地经办机构办理养老保险关系转移接续。")
    with page.expect_navigation():
        page.click("[data-testid=article-form] button:has-text('保存')")
    page.screenshot(path=str(screenshot_dir / "knowledge-article-form-error.png"), full_page=True)
    assert "有效期截止日期早于开始日期" in page.content()
    page.screenshot(path=str(screenshot_dir / "knowledge-article-form-error.png"), full_page=True)
    page.fill("input[name=valid_until]", "")
    page.click("[data-testid=article-form] button:has-text('保存')")
    page.wait_for_selector("[data-testid=article-rows]")
    assert "草稿" in page.locator("[data-testid=article-status]").inner_text()
    with page.expect_navigation():
        page.click("main button:has-text('发布')")
    assert "已发布" in page.locator("[data-testid=article-status]").inner_text()
    page.screenshot(path=str(screenshot_dir / "knowledge-article-detail.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/knowledge/articles/?q=我想问一下养老保险跨省怎么转移接续")
    assert page.locator("[data-testid=article-table] td.title a").first.inner_text() == "养老保险关系转移接续"

    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # a context of its own
    sign_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/knowledge/categories/")
    assert "失业保险金" in page.locator("[data-testid=category-table]").inner_text()
    page.wait_for_selector("[data-testid=category-import]")
    page.screenshot(path=str(screenshot_dir / "knowledge-categories.png"), full_page=True)
