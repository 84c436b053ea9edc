"""The public pages of a government site: its home page, its columns (paginated by path, so that every page has a
static copy), the items placed in them and each column's RSS feed. Every page is the same for every visitor
(core/public.py)."""

import math

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.models import Site

from digigov.core.public import PublicChrome, QueryPager, query_url
from digigov.core.rules import rule
from digigov.websites import search, selectors
from digigov.websites.choices import ColumnType, ItemKind, SiteKind
from digigov.websites.models import ColumnPage, InterviewPage, PortalHomePage, SolicitationPage, SurveyPage

HOME_SECTIONS = (ColumnType.NEWS, ColumnType.NOTICES, ColumnType.POLICIES, ColumnType.INTERPRETATIONS)
HOME_ENTRIES = (ColumnType.DISCLOSURE, ColumnType.SERVICES, ColumnType.INTERACTION, ColumnType.SPECIAL)
HOME_SECTION_SIZE = 8
FEED_SIZE = 20


class SearchForm(forms.Form):
    """The query string of `/search/`; a value that does not fit is ignored rather than refused."""

    q = forms.CharField(max_length=100, required=False, strip=True)
    scope = forms.ChoiceField(choices=[("", ""), ("all", "all")], required=False)
    kind = forms.ChoiceField(choices=[("", ""), *ItemKind.choices], required=False)
    place = forms.RegexField(regex=r"^\d{1,20}$", required=False)
    year = forms.IntegerField(min_value=1990, max_value=2100, required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)


class Pager:
    def __init__(self, column_url: str, number: int, count: int):
        self.number, self.count = number, max(count, 1)
        self.previous_url = (column_url if number == 2 else f"{column_url}page/{number - 1}/") if number > 1 else ""
        self.next_url = f"{column_url}page/{number + 1}/" if number < self.count else ""


def _home_of(page) -> PortalHomePage:
    site = page.get_site()
    return site.root_page.specific if site else page


def page_chrome(request, page) -> PublicChrome:
    home = _home_of(page)
    profile = selectors.profile_for_page(home)
    return selectors.chrome_for_home(home, profile, request).with_current(page.get_url(request))


def _column_meta(column: ColumnPage) -> tuple[tuple[str, str], ...]:
    return ("ColumnName", column.title), ("ColumnType", str(column.get_column_type_display()))


def page_breadcrumbs(request, page) -> list[tuple[str, str]]:
    crumbs = [(_("Home"), _home_of(page).get_url(request))]
    for ancestor in page.get_ancestors().filter(depth__gt=2).specific():
        crumbs.append((ancestor.title, ancestor.get_url(request)))
    crumbs.append((page.title, page.get_url(request)))
    return crumbs


def home_page(request, home: PortalHomePage):
    profile = selectors.profile_for_page(home)
    chrome = selectors.chrome_for_home(home, profile, request).with_current(home.get_url(request))
    columns = list(home.get_descendants().type(ColumnPage).live().specific().order_by("path"))
    sections, entries = [], []
    for column in columns:
        if column.column_type in HOME_SECTIONS:
            items = list(selectors.column_entries(column)[:HOME_SECTION_SIZE])
            sections.append({"column": column, "url": column.get_url(request), "placements": items})
        elif column.column_type in HOME_ENTRIES and column.depth == home.depth + 1:
            entries.append({"title": column.title, "intro": column.intro, "url": column.get_url(request)})
    if profile is not None and profile.kind == SiteKind.PORTAL:  # 数据开放 (S3): the platform's open data, on portals
        entries.append({"title": _("Open data"), "intro": _("Public datasets to download"), "url": "/opendata/"})
        hotline = {"title": _("12345 hotline online"), "intro": _("Ask, complain, suggest; follow your request")}
        entries.append({**hotline, "url": "/hotline/"})  # 12345网上诉求 (R5.1): the hotline's web and phone page
    context = {
        "page": home, "chrome": chrome, "sections": sections, "entries": entries, "request": request,
        "migration": selectors.migration_notice(profile),
    }  # fmt: skip
    report = selectors.latest_published_report(profile)
    if report is not None:
        context["annual_report"] = {"year": report.year, "url": selectors.item_address(report.item, prefer=home,
                                                                                        request=request)}  # fmt: skip
    return TemplateResponse(request, "websites/home.html", context)


INTERACTION_PAGES = (SolicitationPage, SurveyPage, InterviewPage)


def interaction_pages(request, column: ColumnPage) -> list[dict]:
    """A column's solicitations, surveys and interviews, newest first, each with its kind and its dates (not whether
    it is open: the listing is a static copy, rewritten on publication, not when a period ends)."""
    pages = column.get_children().live().type(*INTERACTION_PAGES).specific().order_by("-first_published_at")
    return [{"page": p, "url": p.get_url(request), "kind": p._meta.verbose_name} for p in pages]


def column_page(request, column: ColumnPage, number: int):
    """`page/1/` is the column's own address."""
    return redirect(column.get_url(request)) if number == 1 else column_listing(request, column, number=number)


def column_listing(request, column: ColumnPage, *, number: int):
    size = rule("websites.column_page_size")
    entries = selectors.column_entries(column)
    total = entries.count()
    count = max(math.ceil(total / size), 1)
    if number < 1 or number > count:
        raise Http404
    url = column.get_url(request)
    context = {
        "page": column,
        "chrome": page_chrome(request, column).with_meta(*_column_meta(column)),
        "breadcrumbs": page_breadcrumbs(request, column),
        "placements": entries[(number - 1) * size : number * size],
        "subcolumns": [
            {"column": c, "url": c.get_url(request), "placements": list(selectors.column_entries(c)[:5])}
            for c in column.get_children().type(ColumnPage).live().specific()
        ],
        "interaction_pages": interaction_pages(request, column) if number == 1 else [],
        "pager": Pager(url, number, count),
        "total": total,
        "feed_url": f"{url}rss.xml",
        "page_url": url,
        "request": request,
    }
    return TemplateResponse(request, "websites/column.html", context)


def item_page(request, column: ColumnPage, item_id: int):
    placement = selectors.column_entry(column, item_id)
    if placement is None:
        raise Http404
    item = placement.item
    meta = (
        *_column_meta(column),
        ("ArticleTitle", item.title),
        ("PubDate", f"{localtime(item.first_published_at):%Y-%m-%d %H:%M}" if item.first_published_at else ""),
        ("ContentSource", item.source or item.owner.name),
    )
    related = []
    if item.kind == ItemKind.INTERPRETATION and item.interprets and item.interprets.live:
        related.append(
            (
                _("The policy interpreted"),
                item.interprets,
                selectors.item_address(item.interprets, prefer=column, request=request),
            )
        )
    for interpretation in item.interpretations.all():
        related.append(
            (
                _("Interpretation"),
                interpretation,
                selectors.item_address(interpretation, prefer=column, request=request),
            )
        )
    context = {
        "page": column,
        "item": item,
        "chrome": page_chrome(request, column).with_meta(*meta),
        "breadcrumbs": [*page_breadcrumbs(request, column), (item.title, "")],
        "related": [(label, other, url) for label, other, url in related if url],
        "attachments": list(item.attachments.all()),
        "request": request,
    }
    return TemplateResponse(request, "websites/item.html", context)


def feed_at_path(request, column_path: str):
    """`<column>/rss.xml`: Wagtail routes only addresses ending in a slash, so the feed has its own URL pattern."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page, _args, _kwargs = site.root_page.specific.route(request, [p for p in column_path.split("/") if p])
    if not isinstance(page.specific, ColumnPage) or not page.live:
        raise Http404
    return column_feed(request, page.specific)


def column_feed(request, column: ColumnPage):
    url = request.build_absolute_uri(column.get_url(request))
    chrome = page_chrome(request, column)
    feed = Rss201rev2Feed(
        title=f"{chrome.site_name} - {column.title}",
        link=url,
        description=column.intro or column.title,
        language="zh-cn",
    )
    for placement in selectors.column_entries(column)[:FEED_SIZE]:
        item = placement.item
        feed.add_item(
            title=item.title,
            link=f"{url}{item.pk}/",
            description=item.summary,
            pubdate=item.first_published_at,
            unique_id=f"{url}{item.pk}/",
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8")


def _query_url(query: dict, **changes) -> str:
    return query_url({**query, **changes})


def _facet_links(query: dict, name: str, facets) -> list[dict]:
    current = query.get(name, "")
    return [
        {"label": f.label, "count": f.count, "current": f.value == current,
         "url": _query_url(query, **{name: "" if f.value == current else f.value, "page": 1})}
        for f in facets
    ]  # fmt: skip


def site_search(request):
    """`/search/` of the site the request is for: its published items, or every site's with `scope=all` (R8.2)."""
    site = Site.find_for_request(request)
    if site is None or not isinstance(site.root_page.specific, PortalHomePage):
        raise Http404
    home = site.root_page.specific
    form = SearchForm(request.GET)
    query = form.cleaned_data if form.is_valid() else {"q": request.GET.get("q", "")[:100].strip()}
    query = {key: query.get(key) or "" for key in SearchForm.base_fields}
    query["page"] = query["page"] or 1
    results = None
    if query["q"]:
        results = search.search(
            query["q"],
            home=None if query["scope"] == "all" else home,
            kind=query["kind"],
            place=query["place"],
            year=query["year"] or None,
            page=query["page"],
        )
    chrome = selectors.chrome_for_home(home, selectors.profile_for_page(home), request).without_search()
    context = {
        "chrome": chrome,
        "query": query,
        "form": form,
        "results": results,
        "entries": _search_entries(results, home, request) if results else [],
        "site_url": _query_url(query, scope="", place="", page=1),
        "all_url": _query_url(query, scope="all", place="", page=1),
        "facets": [
            (_("Type"), _facet_links(query, "kind", results.kinds)),
            (_("Column") if query["scope"] != "all" else _("Site"), _facet_links(query, "place", results.places)),
            (_("Year"), _facet_links(query, "year", results.years)),
        ]
        if results
        else [],
        "pager": QueryPager(query, query["page"], math.ceil(results.total / search.PAGE_SIZE)) if results else None,
        "request": request,
    }
    return TemplateResponse(request, "websites/search.html", context)


def _search_entries(results, home, request) -> list[dict]:
    entries = []
    for item in results.items:
        entries.append(
            {
                "item": item,
                "url": selectors.item_address(item, prefer=home, request=request),
                "kind": item.get_kind_display(),
                "snippet": item.summary or Truncator(strip_tags(item.body)).chars(120),
            }
        )
    return entries


SITEMAP_LIMIT = 50_000  # the sitemap protocol's limit of addresses per file


def sitemap(request):
    """`/sitemap.xml` of the site the request is for (R8.2)."""
    site = Site.find_for_request(request)
    if site is None or not isinstance(site.root_page.specific, PortalHomePage):
        raise Http404
    addresses = selectors.site_addresses(site.root_page.specific, request)[:SITEMAP_LIMIT]
    entries = [(request.build_absolute_uri(url), changed) for url, changed in addresses]
    return TemplateResponse(request, "websites/sitemap.xml", {"entries": entries}, content_type="application/xml")


def robots(request):
    """`/robots.txt`: the public pages and the sitemap; the back office and the API are not for search engines."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "Disallow: /accounts/", "Disallow: /oidc/"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
