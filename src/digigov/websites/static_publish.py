"""Static copies of the sites' public pages (issue #10 item 11; ADR 0002 §7, the TRS WCM way).

Every published page is also a file under `settings.DIGIGOV_STATIC_SITES_ROOT/<host>/<path>` (`index.html` for an
address ending in a slash), so nginx or any file server can serve a site when the application is down
(`docs/deploy.md`), and the application itself answers a published address from its file
(`middleware.StaticPagesMiddleware`) without touching the database.

A file is the application's own answer to a GET of that address, rendered through the whole request stack (Django's
in-process client: the same URLs, middleware, templates and language as a visitor gets), so the two are
byte-identical: public pages carry nothing per visitor (core/public.py). A file is written to a temporary name and
renamed, so a reader never sees half of one; an address that no longer answers 200 loses its file.

What changes when an item is published, placed, withdrawn or taken out of a column (`refresh_for_items`): the
item's page in every column where it is or was, those columns' listing pages (every page: a new entry moves the
rest down) and feeds, their parent columns, the site's home page and sitemap, and the pages of the policy and
interpretations it links to. It runs after the transaction commits, in the request of the change. A whole site
(`rebuild_site`, `manage.py websites_static_build`) is rebuilt after a change to its frame: a column or the home
page published or withdrawn, a template changed by an upgrade.

With `DIGIGOV_STATIC_SITES_ROOT` empty (tests, development) nothing is written or served.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test.client import Client
from wagtail.models import Page, Site

from digigov.core.rules import rule
from digigov.websites.models import ColumnPage, LibraryItem, Placement

log = logging.getLogger(__name__)


class _QuietRenders(logging.Filter):
    """A render of an address that no longer exists is how a file gets deleted, not a visitor's 404: not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return not (request is not None and RENDER_HEADER in getattr(request, "META", {}))


RENDER_HEADER = "HTTP_X_DIGIGOV_RENDER"  # the application's own answer, not the file's (middleware.py)
logging.getLogger("django.request").addFilter(_QuietRenders())
Address = tuple[Site, str]  # a site and a path on it ("/news/12/")


def root() -> Path | None:
    configured = getattr(settings, "DIGIGOV_STATIC_SITES_ROOT", "")
    return Path(configured) if configured else None


def enabled() -> bool:
    return root() is not None


def file_for(hostname: str, path: str) -> Path | None:
    """The file of an address, or None for one that cannot be a file (a query string, `..`, another root)."""
    base = root()
    if base is None or "?" in path or not path.startswith("/") or ".." in path.split("/"):
        return None
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return base / hostname.lower() / relative


def render(site: Site, path: str) -> bytes | None:
    """The application's answer to a visitor's GET of `path` on `site`, or None when it is not a 200."""
    client = Client(HTTP_HOST=site.hostname, SERVER_PORT=str(site.port), **{RENDER_HEADER: "1"})
    response = client.get(path, secure=settings.SESSION_COOKIE_SECURE)  # https in production: its feeds' links
    if response.status_code != 200 or getattr(response, "streaming", False):
        return None
    return response.content


def write(target: Path, content: bytes) -> None:
    """Write atomically: a temporary file in the same directory, then a rename over the old one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refresh(addresses: Iterable[Address]) -> int:
    """Render each address and write its file, or delete the file of one that no longer answers; returns the count
    of files written."""
    written = 0
    for site, path in dict.fromkeys(addresses):
        target = file_for(site.hostname, path)
        if target is None:
            continue
        content = render(site, path)
        if content is None:
            target.unlink(missing_ok=True)
        else:
            write(target, content)
            written += 1
    return written


# -- what an item's change touches ------------------------------------------------------------------------------


def _site_and_path(page: Page, sites: dict[int, Site]) -> Address | None:
    """The site (from `sites`, read once per refresh: every page would otherwise ask for its own) and the path."""
    site_id, _root_url, path = page.get_url_parts() or (None, None, None)
    return (sites[site_id], path) if site_id in sites else None


def column_addresses(column: ColumnPage, sites: dict[int, Site], *, extra_pages: int = 1) -> list[Address]:
    """A column's listing pages (one more than it has, so that a page emptied by a withdrawal loses its file), its
    feed, and its parent columns' first pages (they list its latest entries)."""
    located = _site_and_path(column, sites)
    if located is None:
        return []
    site, path = located
    live = Placement.objects.filter(column=column, withdrawn_at__isnull=True, item__live=True).count()
    pages = max(math.ceil(live / rule("websites.column_page_size")), 1)
    found = [(site, path), (site, f"{path}rss.xml")]
    found += [(site, f"{path}page/{n}/") for n in range(2, pages + 1 + extra_pages)]
    for parent in column.get_ancestors().type(ColumnPage).specific():
        parent_located = _site_and_path(parent, sites)
        if parent_located:
            found.append(parent_located)
    return found


def item_addresses(items: Iterable[LibraryItem]) -> list[Address]:
    """Every file an item's publication, placement or withdrawal changes (see the module's docstring)."""
    items = list(items)
    linked = {i.pk for i in items}
    for item in items:  # a policy's page lists its interpretations, an interpretation's names its policy
        if item.interprets_id:
            linked.add(item.interprets_id)
        linked.update(item.interpretations.values_list("pk", flat=True))
    placements = Placement.objects.filter(item_id__in=linked).select_related("column")
    sites = Site.objects.in_bulk()
    found: list[Address] = []
    columns, homes = {}, set()
    for placement in placements:
        located = _site_and_path(placement.column, sites)
        if located is None:
            continue
        site, path = located
        found.append((site, f"{path}{placement.item_id}/"))
        if placement.item_id in {i.pk for i in items}:
            columns[placement.column_id] = placement.column
            homes.add(site)
    for column in columns.values():
        found += column_addresses(column, sites)
    for site in homes:
        found += [(site, "/"), (site, "/sitemap.xml")]
    return found


def refresh_for_items(item_ids: Iterable[int]) -> int:
    items = LibraryItem.objects.filter(pk__in=list(item_ids))
    return refresh(item_addresses(items))


def refresh_after_commit(item_ids: Iterable[int]) -> None:
    """Refresh the items' files once the change is committed (a rolled-back change leaves the files alone)."""
    if not enabled():
        return
    ids = list(item_ids)

    def run():
        try:
            refresh_for_items(ids)
        except Exception:  # the change itself stands; `manage.py websites_static_build` repairs the files
            log.exception("static publishing of items %s failed", ids)

    transaction.on_commit(run)


# -- whole sites ------------------------------------------------------------------------------------------------


def site_addresses(site: Site) -> list[Address]:
    """Every public address of a site: home, each column's listing pages and feed, each placed item, the sitemap
    and robots.txt."""
    home = site.root_page
    sites = Site.objects.in_bulk()
    found: list[Address] = [(site, "/"), (site, "/sitemap.xml"), (site, "/robots.txt")]
    for column in ColumnPage.objects.descendant_of(home).live().specific().order_by("path"):
        found += column_addresses(column, sites, extra_pages=0)
        located = _site_and_path(column, sites)
        if located is None:
            continue
        placements = Placement.objects.filter(column=column, withdrawn_at__isnull=True, item__live=True)
        found += [(site, f"{located[1]}{item_id}/") for item_id in placements.values_list("item_id", flat=True)]
    return found


def rebuild_site(site: Site, progress: Callable[[int, int], None] | None = None) -> int:
    """Write every page of a site afresh and delete files of addresses it no longer has; returns the count written."""
    addresses = list(dict.fromkeys(site_addresses(site)))
    wanted = {file_for(site.hostname, path) for _site, path in addresses}
    written = 0
    for n, address in enumerate(addresses, start=1):
        written += refresh([address])
        if progress and (n % 50 == 0 or n == len(addresses)):
            progress(n, len(addresses))
    base = file_for(site.hostname, "/")
    if base is not None and base.parent.exists():
        for stale in base.parent.rglob("*"):
            if stale.is_file() and stale not in wanted and not stale.name.startswith("."):
                stale.unlink()
    return written
