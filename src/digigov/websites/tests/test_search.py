"""Site search (R8.2): within one site and across the platform's sites, on the real FTS5 or tsvector index. Two
characters a citizen types find the text that holds them; a document number typed with any brackets finds its
document; only what a visitor could open is found; results narrow by type, column or site, and year."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core import fulltext
from digigov.core.choices import Role
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.websites import search
from digigov.websites.choices import ColumnType, ItemKind
from digigov.websites.services import item_place, placement_withdraw
from digigov.websites.tests.factories import LibraryItemFactory, column, editor, open_site, place

pytestmark = pytest.mark.django_db


def published(site, column_type=ColumnType.NEWS, **fields):
    item = LibraryItemFactory(owner=site.organiser, **fields)
    place(item, column(site, column_type))
    search.index_item(item)
    return item


def titles(q, **kwargs):
    return [item.title for item in search.search(q, **kwargs).items]


@pytest.fixture
def cluster():
    province, city = open_site(name="湖北省人民政府"), open_site(name="武汉市人民政府")
    home = province.site.root_page
    policy = published(
        province, ColumnType.POLICIES, kind=ItemKind.POLICY, title="湖北省人民政府关于进一步优化营商环境的若干措施",
        document_number="鄂政发〔2026〕12号", issuer="湖北省人民政府",
        body="<p>为持续打造市场化法治化国际化营商环境，现提出如下措施。</p>",
    )  # fmt: skip
    news = published(
        province, title="全省医保经办服务大厅实现“一窗通办”", summary="参保群众办理医保业务更方便。",
        body="<p>省医疗保障局推动经办服务下沉，硚口区率先试点。</p>",
    )  # fmt: skip
    city_news = published(city, title="武汉市新增三条公交线路", body="<p>方便市民出行。</p>")
    return {"province": province, "city": city, "home": home, "policy": policy, "news": news, "city_news": city_news}


def test_two_characters_find_a_word_inside_longer_text(cluster):
    home = cluster["home"]
    assert titles("医保", home=home) == [cluster["news"].title]
    assert titles("硚口", home=home) == [cluster["news"].title], "a place name jieba does not know"
    assert titles("营商环境", home=home) == [cluster["policy"].title]
    assert titles("经办", home=home) == [cluster["news"].title], "found in the summary and the body"
    assert titles("不存在的词语", home=home) == []


def test_a_document_number_typed_with_any_brackets_finds_its_document(cluster):
    home = cluster["home"]
    for typed in ("鄂政发〔2026〕12号", "鄂政发[2026]12号", "鄂政发（2026）12号", "鄂政发(2026)第12号"):
        assert titles(typed, home=home) == [cluster["policy"].title], typed
    assert titles("鄂政发〔2026〕13号", home=home) == []
    assert fulltext.document_number_token("鄂政发［2026］012号") == "鄂政发202612号"
    citing = published(
        cluster["province"],
        title="关于贯彻落实营商环境措施的通知",
        body="<p>根据鄂政发〔2026〕12号文件精神，现通知如下。</p>",
    )
    assert titles("鄂政发(2026)12号", home=home) == [cluster["policy"].title, citing.title]


def test_a_title_hit_ranks_above_a_hit_in_the_text(cluster):
    site = cluster["province"]
    in_body = published(site, title="全省政务公开工作要点", body="<p>推动医保等民生领域信息公开。</p>")
    found = titles("医保", home=cluster["home"])
    assert found == [cluster["news"].title, in_body.title]


def test_a_site_finds_only_its_own_placements_and_the_cluster_finds_all(cluster):
    assert titles("公交", home=cluster["home"]) == []
    assert titles("公交", home=cluster["city"].site.root_page) == [cluster["city_news"].title]
    assert titles("公交") == [cluster["city_news"].title]


def test_withdrawn_unplaced_and_unpublished_items_are_not_found(cluster):
    site, home = cluster["province"], cluster["home"]
    withdrawn = published(site, title="已撤下的热线通知")
    assert titles("热线", home=home) == [withdrawn.title]
    placement_withdraw(actor=editor(site.organiser), placement=withdrawn.placements.get())
    unplaced = LibraryItemFactory(owner=site.organiser, title="未上栏目的热线通知")
    search.index_item(unplaced)
    draft = LibraryItemFactory(owner=site.organiser, title="草稿热线通知", live=False)
    place(draft, column(site))
    search.index_item(draft)

    assert titles("热线", home=home) == []


def test_a_column_taken_off_the_site_takes_its_items_out_of_search_and_back(cluster):
    news_column = column(cluster["province"])
    news_column.unpublish()
    assert titles("医保", home=cluster["home"]) == []
    news_column.refresh_from_db()
    news_column.save_revision().publish()
    assert titles("医保", home=cluster["home"]) == [cluster["news"].title]


def test_a_placement_through_the_service_makes_a_policy_findable_on_the_city_portal(cluster):
    city = cluster["city"]
    city_home = city.site.root_page
    assert titles("营商环境", home=city_home) == []
    reviewer = editor(city.organiser, Role.REVIEWER)
    item_place(
        actor=reviewer, item=cluster["policy"], column=column(city, ColumnType.POLICIES), review_basis="同意转载"
    )
    assert titles("营商环境", home=city_home) == [cluster["policy"].title]


def test_publishing_through_the_chain_indexes_and_withdrawing_drops_the_item(cluster):
    site = cluster["province"]
    item = LibraryItemFactory(owner=site.organiser, title="全省防汛抗旱工作会议召开", live=False)
    place(item, column(site))
    assert titles("防汛") == []
    item.save_revision().publish()
    assert titles("防汛") == [item.title]
    item.refresh_from_db()
    item.unpublish()
    assert titles("防汛") == []


def test_results_count_by_type_column_and_year_and_narrow_by_each(cluster):
    site, home = cluster["province"], cluster["home"]
    last_year = timezone.now() - dt.timedelta(days=400)
    old = published(site, ColumnType.NOTICES, title="关于开展营商环境评价的通知", first_published_at=last_year)
    results = search.search("营商", home=home)

    assert results.total == 2
    assert {(f.label, f.count) for f in results.kinds} == {("政策文件", 1), ("文章", 1)}
    assert {(f.label, f.count) for f in results.places} == {("政策文件", 1), ("通知公告", 1)}
    assert [f.value for f in results.years] == [str(timezone.now().year), str(last_year.year)]
    assert [i.title for i in search.search("营商", home=home, kind=ItemKind.ARTICLE).items] == [old.title]
    assert [i.title for i in search.search("营商", home=home, year=last_year.year).items] == [old.title]
    notices = column(site, ColumnType.NOTICES)
    assert [i.title for i in search.search("营商", home=home, place=str(notices.pk)).items] == [old.title]
    sites = search.search("营商").places
    assert [(f.label, f.count) for f in sites] == [("湖北省人民政府", 2)]


def test_results_come_a_page_at_a_time(cluster):
    site = cluster["province"]
    for n in range(search.PAGE_SIZE + 3):
        published(site, title=f"第{n}批惠企政策清单发布")
    first, second = search.search("惠企"), search.search("惠企", page=2)
    assert first.total == second.total == search.PAGE_SIZE + 3
    assert len(first.items) == search.PAGE_SIZE and len(second.items) == 3
    assert not {i.pk for i in first.items} & {i.pk for i in second.items}


def test_the_search_page_shows_results_with_their_addresses_and_filters(client, cluster):
    host = cluster["province"].site.hostname
    page = client.get("/search/", {"q": "医保"}, HTTP_HOST=host).content.decode()
    assert "1 条结果" in page and f'href="/news/{cluster["news"].pk}/"' in page
    news_column = column(cluster["province"]).title
    assert "文章 (1)" in page and f"{news_column} (1)" in page

    everywhere = client.get("/search/", {"q": "公交", "scope": "all"}, HTTP_HOST=host).content.decode()
    city = cluster["city"].site.hostname
    assert f"http://{city}/news/{cluster['city_news'].pk}/" in everywhere

    nothing = client.get("/search/", {"q": "公交"}, HTTP_HOST=host).content.decode()
    assert "没有找到" in nothing and "scope=all" in nothing


def test_odd_input_never_breaks_the_search_page(client, cluster):
    host = cluster["province"].site.hostname
    for params in ({"q": '"营商 OR * ( -'}, {"q": "营商", "page": "abc"}, {"q": "营商", "year": "1"},
                   {"q": "营商", "place": "'; drop"}, {"q": "x" * 500}, {"q": "营商", "page": "999"}, {}):  # fmt: skip
        response = client.get("/search/", params, HTTP_HOST=host)
        assert response.status_code == 200, params
    assert "<script>" not in client.get("/search/", {"q": "<script>"}, HTTP_HOST=host).content.decode()


def test_every_public_page_carries_the_search_box(client, cluster):
    page = client.get("/", HTTP_HOST=cluster["province"].site.hostname).content.decode()
    assert 'action="/search/"' in page and 'name="q"' in page


def test_beyond_the_rank_limit_the_latest_come_first_and_filters_are_offered_without_counts(cluster, client):
    site = cluster["province"]
    rule_set(actor=UserFactory(is_superuser=True), key="websites.search_rank_limit", value=100)
    items = [published(site, title=f"第{n}期政务公开简报") for n in range(101)]
    results = search.search("简报", home=cluster["home"])

    assert results.total == 101 and not results.ranked
    assert [i.pk for i in results.items] == sorted((i.pk for i in items), reverse=True)[: search.PAGE_SIZE]
    assert {f.label for f in results.kinds} == {"文章", "政策文件", "政策解读"}
    assert all(f.count is None for f in [*results.kinds, *results.places, *results.years])
    narrowed = search.search("简报", home=cluster["home"], kind=ItemKind.POLICY)
    assert narrowed.total == 0 and narrowed.items == []

    page = client.get("/search/", {"q": "简报"}, HTTP_HOST=site.site.hostname).content.decode()
    assert "结果较多，按时间从新到旧排列" in page and "政策文件</a>" in page
