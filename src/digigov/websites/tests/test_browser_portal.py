"""The province portal on a 390-px phone in Debian chromium (R8.2, issue #10 item 10): home, column, article and
policy pages, search results, letters, the interaction pages and the error-report form ask no outside host, are no
wider than the phone, and axe-core finds no accessibility violation in standard or large type; the 适老化 large type
is switched by a button and remembered; a signed-in visitor sees their name although the page itself is the same for
everyone."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from digigov.core.tests.factories import staff
from digigov.websites import messages, search
from digigov.websites.choices import ColumnType, ItemKind
from digigov.websites.models import SurveySubmission
from digigov.websites.tests.factories import LibraryItemFactory, column, open_site, place, solicitation, survey

AXE = (
    Path(__file__).parents[2] / "core" / "tests" / "vendor" / "axe.min.js"
)  # axe-core from npm (scripts/vendor_npm.sh)
PHONE = {"width": 390, "height": 844}


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.fixture
def portal(transactional_db):
    site = open_site(name="湖北省人民政府", default=True)
    news = LibraryItemFactory(title="全省优化营商环境大会在武汉召开", owner=site.organiser)
    place(news, column(site, ColumnType.NEWS))
    policy = LibraryItemFactory(
        kind=ItemKind.POLICY,
        title="湖北省人民政府办公厅关于进一步优化营商环境的若干措施",
        document_number="鄂政办发〔2026〕12号",
        owner=site.organiser,
    )
    reading = LibraryItemFactory(kind=ItemKind.INTERPRETATION, title="《若干措施》政策解读", interprets=policy)
    place(policy, column(site, ColumnType.POLICIES))
    place(reading, column(site, ColumnType.INTERPRETATIONS))
    for item in (news, policy, reading):
        search.index_item(item)
    letter = messages.message_send(
        site=site, kind="consultation", title="灵活就业人员如何参保", public=True,
        body="想咨询灵活就业人员如何办理养老保险参保。", name="王先生", phone="13912345678",
    )  # fmt: skip
    messages.message_reply(
        actor=staff(organisation=site.organiser), message=letter, reply="可通过“鄂汇办”线上办理参保登记。"
    )
    user = staff(organisation=site.organiser, username="web.editor", first_name="何静")
    opinions, results = solicitation(site), survey(site, closed=True)
    names = {field.label: field.clean_name for field in results.get_form_fields()}
    for choice in ("满意", "满意", "不满意"):
        SurveySubmission.objects.create(page=results, form_data={names["您对办事效率是否满意"]: choice})
    return {"news": f"/news/{news.pk}/", "policy": f"/disclosure/policies/{policy.pk}/", "user": user.username,
            "solicitation": opinions.get_url_parts()[2], "survey": results.get_url_parts()[2]}  # fmt: skip


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_portal_on_a_phone(live_server, portal, browser, screenshot_dir):
    # bypass_csp: axe-core is injected as an inline script, which the pages' policy refuses (test_browser_csp.py)
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    pages = (("home", "/"), ("column", "/news/"), ("article", portal["news"]), ("search", "/search/?q=营商环境"),
             ("letters", "/messages/"), ("write", "/messages/write/"), ("interaction", "/interaction/"),
             ("solicitation", portal["solicitation"]), ("survey", portal["survey"]),
             ("correction", "/correction/?page=/news/"), ("policy", portal["policy"]))  # fmt: skip
    for name, path in pages:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name}: nothing wider than the phone"
        assert axe_violations(page) == [], name
        page.screenshot(path=str(screenshot_dir / f"portal-{name}-390.png"), full_page=True)
    assert page.get_by_role("link", name="政策解读：《若干措施》政策解读").count() == 0  # the label is outside the link
    assert page.get_by_role("link", name="《若干措施》政策解读").is_visible()
    own = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests} == {own}, "no request leaves the site"

    page.goto(live_server.url + "/")
    body_size = page.evaluate("getComputedStyle(document.body).fontSize")
    page.get_by_role("link", name="大字版").click()
    large_size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(large_size[:-2]) >= 1.3 * float(body_size[:-2])
    assert (
        page.get_by_role("link", name="标准字号").is_visible()
        and not page.get_by_role("link", name="大字版").is_visible()
    )
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / "portal-home-390-large.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    later = context.new_page()
    later.goto(live_server.url + "/news/")
    assert later.evaluate("getComputedStyle(document.body).fontSize") == large_size, "remembered on every page"
    later.get_by_role("link", name="标准字号").click()
    assert later.evaluate("getComputedStyle(document.body).fontSize") == body_size
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_a_script_the_large_type_link_still_switches_and_the_page_reads(live_server, portal, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/news/")
    assert page.get_by_role("link", name="全省优化营商环境大会在武汉召开").is_visible()
    page.get_by_role("link", name="大字版").click()
    assert page.url == live_server.url + "/news/"
    assert {c["name"]: c["value"] for c in context.cookies()}["digigov_display"] == "large"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_signed_in_visitor_sees_their_name_on_a_public_page(live_server, portal, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", portal["user"])
    page.fill("input[name=password]", "Test@Pass2026")
    page.click("button[type=submit]")
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="何静").get_attribute("href") == "/accounts/"
    context.close()
