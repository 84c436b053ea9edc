"""The public online service hall (网上办事大厅, ADR 0003 §7): its home, the search over published items and the
guide of a published version, with the Django test client on the real database. Only published items ever show."""

import pytest

from digigov.core.tests.factories import UserFactory
from digigov.eservices.tests.factories import ServiceItemFactory
from digigov.eservices.tests.hall_data import SVG, hall_catalogue
from digigov.websites.tests.factories import open_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    return hall_catalogue()


def page(client, path: str, **query) -> str:
    response = client.get(path, query)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_home_has_the_search_the_two_audiences_themes_departments_and_figures(client, hall):
    html = page(client, "/zwfw/")
    assert "网上办事大厅" in html and 'action="/zwfw/items/"' in html
    assert "个人办事" in html and "法人办事" in html
    assert 'href="/zwfw/items/?theme=food">餐饮开店<span>1 项事项</span>' in html, "the draft and withdrawn don't count"
    assert 'href="/zwfw/items/?theme=birth">出生<span>0 项事项</span>' in html
    assert f'href="/zwfw/items/?org={hall.market.pk}">省市场监管局</a> <span>2 项事项</span>' in html
    assert "省公安厅" not in html, "a department without published items is not listed"
    assert "<dd>2</dd>" in html and "<dd>50.0%</dd>" in html  # 2 published, one of depth ≥ III


def test_keyword_finds_published_items_and_never_a_draft_or_a_withdrawn_one(client, hall):
    html = page(client, "/zwfw/items/", q="食品")
    assert "2 项事项" in html
    assert "食品经营许可</a>" in html and "食品经营许可证补办</a>" in html
    assert "食品生产许可" not in html and "食品小作坊登记" not in html
    assert "修订稿" not in html, "a revision under review is not what the hall serves"
    assert f'href="/zwfw/items/{hall.item.implementation_code}/"' in html
    assert "行政许可" in html and "承诺时限 5 个工作日" in html and "四级：全程网办" in html and "不用到现场" in html


def test_codes_departments_themes_and_audiences_filter(client, hall):
    by_code = page(client, "/zwfw/items/", q=hall.related.basic.basic_code)
    assert "1 项事项" in by_code and "食品经营许可证补办</a>" in by_code
    by_implementation = page(client, "/zwfw/items/", q=hall.item.implementation_code)
    assert "1 项事项" in by_implementation and "食品经营许可</a>" in by_implementation
    by_theme = page(client, "/zwfw/items/", theme="food")
    assert "1 项事项" in by_theme and "食品小作坊登记" not in by_theme and "食品生产许可" not in by_theme
    assert "2 项事项" in page(client, "/zwfw/items/", org=hall.police.pk), "no published item: not a choice, ignored"
    assert "2 项事项" in page(client, "/zwfw/items/", org=hall.market.pk)
    other = ServiceItemFactory(name="出生医学证明办理")  # another department, for individuals
    assert "1 项事项" in page(client, "/zwfw/items/", org=other.organisation_id)
    people = page(client, "/zwfw/items/", audience="person")
    assert "1 项事项" in people and "出生医学证明办理" in people and "食品经营许可</a>" not in people
    assert "0 项事项" in page(client, "/zwfw/items/", q="不存在的事项")


@pytest.mark.parametrize(
    "query",
    [
        {"org": "abc"},
        {"org": "99999999999999999999"},
        {"theme": "<script>"},
        {"audience": "robot"},
        {"page": "-1"},
        {"page": "x" * 50},
        {"page": "999"},
        {"q": "食" * 500},
    ],
)
def test_a_query_value_that_does_not_fit_is_ignored(client, hall, query):
    html = page(client, "/zwfw/items/", **query)
    assert "2 项事项" in html and "<script>" not in html.split("<main")[1]


def test_the_guide_is_the_published_version_with_materials_and_substitutes(client, hall):
    html = page(client, f"/zwfw/items/{hall.item.implementation_code}/")
    assert "<h1>食品经营许可</h1>" in html and "修订稿" not in html
    assert "行政许可" in html and "《中华人民共和国行政许可法》" in html
    assert "具有与经营的食品品种、数量相适应的经营场所。" in html and "申请、受理、审查、决定、送达。" in html
    assert '营业执照<span class="spared-note">无需提交：由平台通过电子证照获取</span>' in html
    assert '法定代表人身份证明<span class="spared-note">无需提交：由平台通过共享数据获取</span>' in html
    assert "经营场所使用证明</th>" in html and "原件 1 份，复印件 2 份" in html and "容缺受理" in html
    assert "食品安全管理制度文本</th>" in html
    assert "20 个工作日" in html and "5 个工作日" in html and "不收费" in html and "四级：全程网办" in html
    assert 'href="tel:02787654321">027-87654321</a>' in html and 'href="tel:12345">12345</a>' in html
    assert "湖北省政务服务中心一楼 12 号窗口" in html and "工作日 9:00-12:00，13:30-17:00" in html
    assert "<strong>省公安厅</strong>：消防安全检查（3 个工作日）" in html
    related = hall.related.implementation_code
    assert f'href="/zwfw/items/{related}/">食品经营许可证补办</a><small>证件遗失时可申请补办' in html
    code = hall.item.implementation_code
    assert f'<img src="/zwfw/items/{code}/diagram.svg" alt="办理流程图：受理 → 审查 → 决定"' in html
    assert "<svg" not in html, "the user-designed drawing is never inlined"
    assert f'<a class="button apply" href="/zwfw/items/{code}/apply/">在线办理</a>' in html


def test_an_item_not_online_says_where_to_go_instead_of_apply(client, hall):
    html = page(client, f"/zwfw/items/{hall.related.implementation_code}/")
    assert "/apply/" not in html and "在线办理" not in html
    assert "本事项暂不能网上办理，请到以下地点办理：" in html and "湖北省政务服务中心一楼 12 号窗口" in html
    assert "二级：表格下载和预约" in html and "<dd>1 次</dd>" in html


def test_drafts_withdrawn_and_unknown_codes_are_404_even_to_their_department(client, hall):
    client.force_login(UserFactory(is_superuser=True))
    for code in (hall.draft.implementation_code, hall.withdrawn.implementation_code, "nope"):
        assert client.get(f"/zwfw/items/{code}/").status_code == 404
        assert client.get(f"/zwfw/items/{code}/diagram.svg").status_code == 404


def test_the_diagram_is_served_as_a_locked_down_svg_image(client, hall):
    response = client.get(f"/zwfw/items/{hall.item.implementation_code}/diagram.svg")
    assert response.status_code == 200 and response.content.decode() == SVG
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_process_without_a_drawing_shows_its_steps_and_no_image(client):
    item = ServiceItemFactory(name="居民身份证换领")  # the factory's process has no version, hence no drawing
    html = page(client, f"/zwfw/items/{item.implementation_code}/")
    assert "<h1>居民身份证换领</h1>" in html and "diagram.svg" not in html
    assert client.get(f"/zwfw/items/{item.implementation_code}/diagram.svg").status_code == 404


def test_the_hall_is_drawn_in_the_sites_frame_and_its_services_column_leads_to_it(client, hall):
    site = open_site(name="湖北省人民政府", default=True)
    assert f"网站标识码：{site.site_code}" in page(client, "/zwfw/")
    column = page(client, "/services/")  # 办事服务, a column of every site, as 信息公开 leads to /xxgk/
    assert '<a href="/zwfw/">网上办事大厅<span>' in column
    assert '<a href="/zwfw/items/?audience=legal_person">法人办事<span>' in column
