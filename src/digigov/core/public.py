"""The frame of every public page (DESIGN.md "Public pages"): `templates/public/base.html` draws it from a
`PublicChrome`. The websites app fills it from the site a request is for (its name, columns, filing numbers and the
国办 meta tags); a page of another app asks `websites.api.chrome_for(request)`, and a page outside any site gets
`PublicChrome.plain()`: the installation's name and nothing else.

A public page is the same for every visitor, so that its static copy (R8 static publishing) is byte-identical to
what the application renders: no CSRF token, no name of the signed-in person (display.js asks for it), no cookie
read on the server (display.js applies the large type).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class PublicChrome:
    site_name: str
    home_url: str = "/"
    nav: list[NavLink] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)  # 主办单位, 网站标识码, filing numbers: one line each
    police_filing: str = ""  # 公安机关备案号, shown with its own link text
    meta: list[tuple[str, str]] = field(default_factory=list)  # <meta name=… content=…> in this order
    search_url: str = ""  # the site search the header's box sends to; no box without one
    correction_url: str = ""  # 网民纠错 (R8.6): the footer's "report a mistake on this page", given its address

    @classmethod
    def plain(cls) -> "PublicChrome":
        return cls(site_name=settings.WAGTAIL_SITE_NAME)

    def with_meta(self, *pairs: tuple[str, str]) -> "PublicChrome":
        """The same frame with a page's own meta tags after the site's (ColumnName, ArticleTitle …)."""
        return PublicChrome(**{**self.__dict__, "meta": [*self.meta, *(p for p in pairs if p[1])]})

    def without_search(self) -> "PublicChrome":
        """The frame of the search page itself, whose own form replaces the header's box."""
        return PublicChrome(**{**self.__dict__, "search_url": ""})

    def with_current(self, url: str) -> "PublicChrome":
        nav = [
            NavLink(link.label, link.url, current=url.startswith(link.url) and link.url != self.home_url)
            for link in self.nav
        ]
        return PublicChrome(**{**self.__dict__, "nav": nav})


def query_url(query: dict) -> str:
    """`?a=1&b=2` of the non-empty values, without `page=1` (the first page has the plain address)."""
    return "?" + urlencode({k: v for k, v in query.items() if v and not (k == "page" and v == 1)})


class QueryPager:
    """Previous and next pages by query string, for `public/_pagination.html`: a page that is never a static copy
    (a search, a list that changes with every answer). Listings published as files are paged by address instead."""

    def __init__(self, query: dict, number: int, count: int):
        self.number, self.count = number, max(count, 1)
        self.previous_url = query_url({**query, "page": number - 1}) if number > 1 else ""
        self.next_url = query_url({**query, "page": number + 1}) if number < self.count else ""
