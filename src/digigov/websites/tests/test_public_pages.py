"""A government site's public pages (R8.1–R8.3): the home page, columns paginated by path, items placed by
reference with the 国办 meta tags, the RSS feed, and the same page for every visitor (static publishing)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.websites.choices import ColumnType, ItemKind, SiteKind, Topic, Validity
from digigov.websites.tests.factories import LibraryItemFactory, column, open_site, place
from digigov.websites.tests.factories import editor as editor_of

pytestmark = pytest.mark.django_db


def get(client, profile, path="/", **extra):
    return client.get(path, HTTP_HOST=profile.site.hostname, **extra)


def meta(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta name="([A-Z]\w+)" content="([^"]*)">', page))


def test_the_home_page_shows_the_latest_items_of_each_column_and_the_site_in_its_footer(client):
    site = open_site(name="湖北省人民政府")
    news = LibraryItemFactory(title="全省优化营商环境大会在武汉召开", owner=site.organiser)
    place(news, column(site, ColumnType.NEWS))

    response = get(client, site)
    page = response.content.decode()

    assert response.status_code == 200
    assert "<title>湖北省人民政府</title>" in page
    assert f'<a href="/news/{news.pk}/">全省优化营商环境大会在武汉召开</a>' in page
    assert "本栏目暂无信息。" in page, "an empty column says so"
    assert f"主办单位：{site.organiser.name}" in page and f"网站标识码：{site.site_code}" in page
    assert site.icp_number in page and site.police_number in page
    assert meta(page) == {"SiteName": "湖北省人民政府", "SiteDomain": site.site.hostname, "SiteIDCode": site.site_code}
    for entry in ("信息公开", "办事服务", "互动交流"):
        assert f">{entry}</a>" in page or f">{entry}<span>" in page
    assert '<a href="/opendata/">数据开放<span>' in page, "a portal leads to the platform's open data (S3)"
    department = open_site(kind=SiteKind.DEPARTMENT)
    assert "/opendata/" not in get(client, department).content.decode()
    assert f"网站标识码：{site.site_code}" in get(client, site, "/opendata/").content.decode(), "in the portal's frame"


def test_a_site_shows_only_its_own_placements(client):
    province, city = open_site(), open_site()
    provincial = LibraryItemFactory(title="省级新闻", owner=province.organiser)
    place(provincial, column(province))

    assert "省级新闻" in get(client, province).content.decode()
    assert "省级新闻" not in get(client, city).content.decode()
    assert get(client, city, f"/news/{provincial.pk}/").status_code == 404


def test_a_column_lists_its_items_newest_first_pinned_on_top_with_pages_by_address(client, settings):
    site = open_site()
    news = column(site)
    start = timezone.now() - dt.timedelta(days=60)
    items = [
        LibraryItemFactory(title=f"新闻{n:02d}", first_published_at=start + dt.timedelta(days=n)) for n in range(25)
    ]
    for item in items:
        place(item, news)
    pinned = place(LibraryItemFactory(title="置顶通知", first_published_at=start), news)
    pinned.pinned = True
    pinned.save()

    first = get(client, site, "/news/").content.decode()
    titles = re.findall(r'<a href="/news/\d+/">([^<]+)</a>', first)
    assert titles[:3] == ["置顶通知", "新闻24", "新闻23"] and len(titles) == 20
    assert '<a href="/news/page/2/" rel="next">下一页</a>' in first and "第 1 页，共 2 页" in first
    assert meta(first)["ColumnName"] == "要闻动态" and meta(first)["ColumnType"] == "要闻动态"

    second = get(client, site, "/news/page/2/").content.decode()
    assert re.findall(r'<a href="/news/\d+/">([^<]+)</a>', second) == [f"新闻{n:02d}" for n in range(5, -1, -1)]
    assert '<a href="/news/" rel="prev">上一页</a>' in second
    assert get(client, site, "/news/page/1/").url == "/news/"
    assert get(client, site, "/news/page/3/").status_code == 404


def test_a_policy_page_has_its_metadata_and_links_to_its_interpretation_and_back(client):
    site = open_site()
    policy = LibraryItemFactory(
        kind=ItemKind.POLICY,
        title="湖北省人民政府办公厅关于进一步优化营商环境的若干措施",
        document_number="鄂政办发〔2026〕12号",
        issuer="湖北省人民政府办公厅",
        written_on=dt.date(2026, 3, 2),
        topic=Topic.GENERAL,
        validity=Validity.VALID,
        source="湖北省人民政府办公厅",
    )
    reading = LibraryItemFactory(kind=ItemKind.INTERPRETATION, title="《若干措施》政策解读", interprets=policy)
    place(policy, column(site, ColumnType.POLICIES))
    place(reading, column(site, ColumnType.INTERPRETATIONS))

    page = get(client, site, f"/disclosure/policies/{policy.pk}/").content.decode()
    assert "鄂政办发〔2026〕12号" in page and "2026-03-02" in page and "综合政务" in page and "有效" in page
    assert policy.index_number and policy.index_number in page
    assert f'政策解读：<a href="/disclosure/interpretations/{reading.pk}/">《若干措施》政策解读</a>' in page
    tags = meta(page)
    assert tags["ArticleTitle"] == policy.title and tags["ContentSource"] == "湖北省人民政府办公厅"
    assert tags["PubDate"] == f"{timezone.localtime(policy.first_published_at):%Y-%m-%d %H:%M}"
    assert tags["ColumnName"] == "政策文件"

    back = get(client, site, f"/disclosure/interpretations/{reading.pk}/").content.decode()
    assert f'所解读的政策：<a href="/disclosure/policies/{policy.pk}/">{policy.title}</a>' in back


def test_one_item_placed_on_two_sites_is_withdrawn_from_both_by_one_action(client):
    province, city = open_site(), open_site()
    editor = editor_of(province.organiser, Role.REVIEWER)  # a reviewer may take an item down at once
    policy = LibraryItemFactory(kind=ItemKind.POLICY, title="省级政策文件", owner=province.organiser)
    for site in (province, city):
        place(policy, column(site, ColumnType.POLICIES))
        assert get(client, site, f"/disclosure/policies/{policy.pk}/").status_code == 200

    client.force_login(editor)
    response = client.post(f"/admin/snippets/websites/libraryitem/unpublish/{policy.pk}/")
    assert response.status_code == 302

    for site in (province, city):
        assert get(client, site, f"/disclosure/policies/{policy.pk}/").status_code == 404
        assert "省级政策文件" not in get(client, site, "/disclosure/policies/").content.decode()
    entry = LedgerEntry.objects.get(action="websites.item.withdrawn")
    assert entry.actor_id == editor.pk and entry.object_id == str(policy.pk)
    assert province.name in entry.summary and city.name in entry.summary


def test_a_draft_or_unknown_item_is_not_found(client):
    site = open_site()
    draft = LibraryItemFactory(live=False, first_published_at=None)
    place(draft, column(site))
    assert get(client, site, f"/news/{draft.pk}/").status_code == 404
    assert get(client, site, "/news/99999999/").status_code == 404


def test_each_column_has_an_rss_feed(client):
    site = open_site(name="湖北省公安厅")
    item = LibraryItemFactory(title="户籍业务办理指南更新", summary="新版指南自下月起施行。")
    place(item, column(site, ColumnType.NOTICES))

    response = get(client, site, "/notices/rss.xml")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314  (our own feed)
    assert channel.findtext("title") == "湖北省公安厅 - 通知公告"
    (entry,) = channel.findall("item")
    assert entry.findtext("title") == "户籍业务办理指南更新"
    assert entry.findtext("link") == f"http://{site.site.hostname}/notices/{item.pk}/"
    assert 'type="application/rss+xml"' in get(client, site, "/notices/").content.decode()


def test_a_public_page_is_the_same_for_every_visitor(client):
    """What makes a static copy possible: no CSRF token, no name, no cookie read on the server."""
    site = open_site()
    place(LibraryItemFactory(title="新闻"), column(site))
    anonymous = get(client, site, "/news/").content
    client.force_login(staff(organisation=site.organiser))
    client.cookies["digigov_display"] = "large"
    assert get(client, site, "/news/").content == anonymous
    assert b"csrfmiddlewaretoken" not in anonymous


def test_the_large_type_switch_sets_a_cookie_and_goes_back(client):
    response = client.get("/display/", {"mode": "large", "next": "/news/"})
    assert response.status_code == 302 and response.url == "/news/"
    assert response.cookies["digigov_display"].value == "large"
    assert response.cookies["digigov_display"]["max-age"] == 365 * 24 * 3600

    elsewhere = client.get("/display/", {"mode": "large", "next": "https://evil.example/"})
    assert elsewhere.url == "/", "never sent to another host"
    unknown = client.get("/display/", {"mode": "<script>"})
    assert unknown.url == "/" and "digigov_display" not in unknown.cookies


def test_each_site_has_its_own_sitemap_and_robots_txt(client):
    ours, theirs = open_site(), open_site()
    item = LibraryItemFactory(title="新闻")
    place(item, column(ours))
    place(LibraryItemFactory(title="他站新闻"), column(theirs))
    withdrawn = place(LibraryItemFactory(title="已撤下"), column(ours))
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()

    response = get(client, ours, "/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(response.content)  # noqa: S314  (our own sitemap)
    urls = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    host = f"http://{ours.site.hostname}"
    assert urls[0] == f"{host}/" and f"{host}/news/" in urls and f"{host}/disclosure/policies/" in urls
    assert [u for u in urls if u.rstrip("/").split("/")[-1].isdigit()] == [f"{host}/news/{item.pk}/"]

    robots = get(client, ours, "/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and f"Sitemap: {host}/sitemap.xml" in robots
