"""Reads of the website cluster (S8): the site a request is for, its frame, its columns' entries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils.translation import gettext as _
from wagtail.models import Site

from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.public import NavLink, PublicChrome
from digigov.websites.choices import SiteState
from digigov.websites.models import AnnualReport, ColumnPage, LibraryItem, Placement, PortalHomePage, SiteProfile
from digigov.websites.permissions import EDITORS


def profile_for_page(page) -> SiteProfile | None:
    site = page.get_site()
    return SiteProfile.objects.select_related("organiser", "site").filter(site=site).first() if site else None


def site_columns(home: PortalHomePage) -> QuerySet[ColumnPage]:
    """The columns directly under a site's home page, in the editors' order."""
    return ColumnPage.objects.child_of(home).live().order_by("path")


def chrome_for_home(home: PortalHomePage, profile: SiteProfile | None, request=None) -> PublicChrome:
    """The frame of a site's pages: its name, navigation, footer and the 国办 site-level meta tags."""
    nav = [NavLink(c.title, c.get_url(request)) for c in site_columns(home).filter(in_navigation=True)]
    home_url = home.get_url(request)
    if profile is None:
        return PublicChrome(site_name=home.title, home_url=home_url, nav=nav, search_url=f"{home_url}search/",
                            correction_url=f"{home_url}correction/")  # fmt: skip
    footer = [
        _("Organiser: %(organiser)s") % {"organiser": profile.organiser.name},
        _("Site ID code: %(code)s") % {"code": profile.site_code},
    ]
    if profile.icp_number:
        footer.append(profile.icp_number)
    return PublicChrome(
        site_name=profile.name,
        home_url=home_url,
        search_url=f"{home_url}search/",
        correction_url=f"{home_url}correction/",
        nav=nav,
        footer=footer,
        police_filing=profile.police_number,
        meta=[("SiteName", profile.name), ("SiteDomain", profile.site.hostname), ("SiteIDCode", profile.site_code)],
    )


@dataclass(frozen=True)
class MigrationNotice:
    """迁移公告 of a closing site (R8.5): where its content went, and until when the site stays."""

    receiving_name: str
    receiving_url: str
    until: dt.date


def migration_notice(profile: SiteProfile | None) -> MigrationNotice | None:
    if profile is None or profile.state != SiteState.CLOSING or profile.receiving_site_id is None:
        return None
    receiving = SiteProfile.objects.select_related("site").get(pk=profile.receiving_site_id)
    return MigrationNotice(receiving.name, f"{receiving.site.root_url}/", profile.notice_until)


def column_entries(column: ColumnPage) -> QuerySet[Placement]:
    """A column's public entries: live placements of published items, pinned first, newest first."""
    return (
        Placement.objects.filter(column=column, withdrawn_at__isnull=True, item__live=True)
        .select_related("item")
        .order_by("-pinned", "-placed_at", "-pk")
    )


def column_entry(column: ColumnPage, item_id: int) -> Placement | None:
    return (
        column_entries(column)
        .select_related("item__interprets")
        .prefetch_related(Prefetch("item__interpretations", queryset=LibraryItem.objects.public()))
        .filter(item_id=item_id)
        .first()
    )


def item_placements(item: LibraryItem) -> QuerySet[Placement]:
    """Where an item is used: every placement, live and withdrawn, with its column and site."""
    return Placement.objects.filter(item=item).select_related("column").order_by("withdrawn_at", "-placed_at")


def item_address(item: LibraryItem, *, prefer=None, request=None, full: bool = False) -> str | None:
    """The address of an item on a site: in `prefer`'s site when it is placed there, else its first live placement."""
    placements = Placement.objects.filter(item=item, withdrawn_at__isnull=True).select_related("column")
    if prefer is not None:
        same_site = [p for p in placements if p.column.path.startswith(prefer.path[: ColumnPage.steplen * 2])]
        if same_site:
            placements = same_site
    first = next(iter(placements), None)
    if first is None:
        return None
    column_url = first.column.get_full_url(request) if full else first.column.get_url(request)
    return f"{column_url}{item.pk}/"


def site_for_request(request) -> tuple[PortalHomePage, SiteProfile] | None:
    """The government site a request is for: its home page and profile (None on a host no site answers)."""
    site = Site.find_for_request(request)
    if site is None or not isinstance(site.root_page.specific, PortalHomePage):
        return None
    home = site.root_page.specific
    profile = profile_for_page(home)
    return (home, profile) if profile is not None else None


def site_for_hostname(hostname: str) -> Site | None:
    return Site.objects.filter(hostname=hostname).first()


def editable_sites(actor) -> QuerySet[SiteProfile]:
    """The sites whose columns the actor may fill: those of the units where they hold an editing role."""
    profiles = SiteProfile.objects.select_related("site", "organiser").order_by("site_code")
    return profiles if is_platform_admin(actor) else profiles.filter(organiser_id__in=organisation_ids(actor, EDITORS))


def editable_columns(actor) -> list[tuple[SiteProfile, ColumnPage]]:
    found = []
    for profile in editable_sites(actor):
        for column in ColumnPage.objects.descendant_of(profile.site.root_page).order_by("path"):
            found.append((profile, column))
    return found


def item_for_placing(actor, item_id: int) -> LibraryItem | None:
    """An item the actor may place: a published one from anywhere in the library (先入库、后使用), or an own draft."""
    items = LibraryItem.objects.select_related("owner")
    if not is_platform_admin(actor):
        items = items.filter(Q(live=True) | Q(owner_id__in=organisation_ids(actor, EDITORS)))
    return items.filter(pk=item_id).first()


def site_addresses(home: PortalHomePage, request=None) -> list[tuple[str, object]]:
    """Every public address of a site with its last change, for its sitemap: home, columns, placed items."""
    addresses: list[tuple[str, object]] = [(home.get_url(request), home.last_published_at)]
    columns = list(ColumnPage.objects.descendant_of(home).live().order_by("path"))
    addresses += [(column.get_url(request), column.last_published_at) for column in columns]
    urls = {column.pk: column.get_url(request) for column in columns}
    placements = (
        Placement.objects.filter(column_id__in=urls, withdrawn_at__isnull=True, item__live=True)
        .values_list("column_id", "item_id", "item__last_published_at")
        .order_by("column_id", "item_id")
    )
    addresses += [(f"{urls[column_id]}{item_id}/", changed) for column_id, item_id, changed in placements]
    return addresses


def library_for(actor, *, query: str = "", kind: str = "") -> QuerySet[LibraryItem]:
    """The library as an editor sees it: every published item and their own units' drafts; all for the operator."""
    items = LibraryItem.objects.select_related("owner").order_by("-first_published_at", "-pk")
    if not is_platform_admin(actor):
        items = items.filter(Q(live=True) | Q(owner_id__in=organisation_ids(actor, EDITORS)))
    if kind:
        items = items.filter(kind=kind)
    for term in query.split():
        items = items.filter(Q(title__icontains=term) | Q(document_number__icontains=term))
    return items


def shared_library(*, query: str = "", kind: str = "") -> QuerySet[LibraryItem]:
    """Every published item of the library, for any site's editor to place (先入库、后使用): newest first."""
    items = LibraryItem.objects.public().select_related("owner").order_by("-first_published_at", "-pk")
    if kind:
        items = items.filter(kind=kind)
    for term in query.split():
        items = items.filter(Q(title__icontains=term) | Q(document_number__icontains=term))
    return items


def disclosure_catalogue(home: PortalHomePage, profile: SiteProfile, *, topic: str = "", year: int | None = None):
    """政府信息公开目录 (R8.8): the site unit's published items that are placed on the site, with their 生成日期 (the
    date written, else the date published), newest first."""
    placed = Placement.objects.filter(
        withdrawn_at__isnull=True, column__live=True, column__path__startswith=home.path
    ).values("item_id")
    items = (
        LibraryItem.objects.public()
        .filter(owner=profile.organiser, pk__in=placed)
        .select_related("owner")
        .annotate(generated_on=Coalesce("written_on", TruncDate("first_published_at")))
    )
    if topic:
        items = items.filter(topic=topic)
    if year:
        items = items.filter(generated_on__year=year)
    return items.order_by("-generated_on", "-pk")


def catalogue_years(home: PortalHomePage, profile: SiteProfile) -> list[int]:
    rows = disclosure_catalogue(home, profile).order_by().values_list(ExtractYear("generated_on"), flat=True)
    return sorted({year for year in rows.distinct() if year}, reverse=True)


def catalogue_addresses(home: PortalHomePage, items, request=None) -> dict[int, str]:
    """Each item's address on this site (its first live placement here), for one page of the catalogue."""
    placements = (
        Placement.objects.filter(item__in=items, withdrawn_at__isnull=True, column__path__startswith=home.path)
        .select_related("column")
        .order_by("column__path")
    )
    found: dict[int, str] = {}
    for placement in placements:
        if placement.item_id not in found:
            found[placement.item_id] = f"{placement.column.get_url(request)}{placement.item_id}/"
    return found


def latest_published_report(profile: SiteProfile | None) -> AnnualReport | None:
    """The site's newest published annual report (《政府网站工作年度报表》, R8.6), linked from its home page."""
    if profile is None:
        return None
    return AnnualReport.objects.filter(site=profile, item__live=True).select_related("item").order_by("-year").first()
