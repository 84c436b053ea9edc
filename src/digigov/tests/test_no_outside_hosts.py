"""No page needs the internet (issue 8, B4): a crawl of the site as every kind of user finds no reference to an
outside host in the HTML or in the style sheets it links (src, href, srcset, action, data-* URLs, url(...),
@import). Government intranets cannot reach a CDN; a page that needs one stays blank (the API docs did).
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import Client
from wagtail.models import Site

from digigov.demo.province import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROLES = {  # who signs in: nobody, a citizen, a handler, a reviewer, the operator's organisation administrator, admin
    "anonymous": None,
    "citizen": "citizen.zhangwei",
    "handler": "psb.handler",
    "reviewer": "psb.reviewer",
    "operator": "gov.admin",
    "platform administrator": "admin",
}
STARTS = ["/", "/admin/", "/api/v1/docs"]
PAGES_PER_ROLE = 120
SKIP = re.compile(r"/logout/|/delete/|/oidc/|/documents/|/export|\.xlsx|/annual|/download|/preview")
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href", "content"}
OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://…, https://…, //host…
SIDEBAR_URL = re.compile(r'"url": "(/[^"]*)"')
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+['"]([^'"]+)""", re.I)


class Page(HTMLParser):
    """Links to follow, style sheets to read, and every URL-looking value with where it was found."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.stylesheets, self.references, self._style = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if not value or name == "xmlns" or name.startswith("xmlns:"):
                continue
            if name in URL_ATTRIBUTES or name.startswith("data-"):
                for candidate in value.split(","):
                    self.references.append((f"<{tag} {name}>", candidate.strip().split(" ")[0]))
            if name == "style":
                self.references += [(f"<{tag} style>", url) for url in css_urls(value)]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.stylesheets.append(attrs["href"])
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.references += [("<style>", url) for url in css_urls(data)]


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def outside(url: str, own_hosts: set[str]) -> bool:
    return bool(OUTSIDE.match(url)) and urlsplit(url.strip()).hostname not in {"", *own_hosts}


def stylesheet_text(url: str) -> str:
    path = urlsplit(url).path
    assert path.startswith("/static/"), f"style sheet served from outside the static files: {url}"
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"style sheet {path} is linked but not in the static files"
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def crawl(client: Client, own_host: str = "testserver") -> tuple[int, list[str]]:
    own = {own_host, *Site.objects.values_list("hostname", flat=True)}  # the cluster's sites are served here too
    seen, queue, pages, problems, sheets = set(), deque(STARTS), 0, [], {}
    while queue and pages < PAGES_PER_ROLE:
        url = queue.popleft()
        key = re.sub(r"\d+", "N", urlsplit(url).path)  # one page per kind: /resources/8/ stands for every resource
        if key in seen or SKIP.search(url):
            continue
        seen.add(key)
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="zh-CN")
        final = response.request["PATH_INFO"]
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        pages += 1
        parser = Page()
        parser.feed(response.content.decode())
        problems += [f"{final} {where}: {ref}" for where, ref in parser.references if outside(ref, own)]
        for sheet in parser.stylesheets:
            if outside(sheet, own):
                continue  # already reported as a reference
            if sheet not in sheets:
                sheets[sheet] = [u for u in css_urls(stylesheet_text(sheet)) if outside(u, own)]
            problems += [f"{sheet} (from {final}): {ref}" for ref in sheets[sheet]]
        # Wagtail draws its sidebar menu from JSON in the page, not from <a> tags.
        for link in [*parser.links, *SIDEBAR_URL.findall(response.content.decode())]:
            target = urljoin(final, link)
            parts = urlsplit(target)
            if parts.scheme in ("http", "https", "") and parts.netloc in ("", own_host):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, problems


@pytest.mark.slow
def test_no_page_refers_to_an_outside_host(demo_province, capsys):
    totals, problems = {}, []
    for role, username in ROLES.items():
        client = Client()
        if username:
            assert client.login(username=username, password=DEMO_PASSWORD), username
            assert get_user_model().objects.get(username=username).is_active
        pages, found = crawl(client)
        totals[role] = pages
        problems += [f"[{role}] {p}" for p in found]
    with capsys.disabled():
        print(f"\ncrawled {sum(totals.values())} pages {totals}; outside references: {len(problems)}")
    assert all(count >= 3 for count in totals.values()), totals
    assert totals["platform administrator"] > 50, "the crawl reached the back office"
    first_seen = {}
    for problem in problems:
        first_seen.setdefault(problem.rsplit(": ", 1)[-1], problem)
    assert problems == [], "\n".join(sorted(first_seen.values()))
