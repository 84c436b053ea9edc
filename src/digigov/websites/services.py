"""Writes of the website cluster (S8): opening a site, placing library items into columns and taking them out.

Publishing and withdrawing an item or a page is Wagtail's own action (snippet and page publish, with drafts,
revisions and schedules); `receivers.py` turns its signals into ledger entries.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from digigov.core import ledger
from digigov.core.choices import DivisionLevel
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import stored_text
from digigov.core.models import Division, Organisation
from digigov.core.numbering import next_in_year
from digigov.core.permissions import can, is_platform_admin, require
from digigov.core.validators import validate_site_code
from digigov.websites import search, static_publish
from digigov.websites.access import site_access_setup
from digigov.websites.choices import ColumnType, SiteKind
from digigov.websites.models import ColumnPage, LibraryItem, Placement, PortalHomePage, SiteProfile
from digigov.websites.permissions import EDITORS, REPOST_REVIEWERS
from digigov.websites.review import assign_to_site

REVIEW_BASIS_MIN = 4  # characters: "同意转载" at least

# The columns a new site starts with (slug, type, sub-columns); editors rename, add and reorder them afterwards.
DEFAULT_COLUMNS = [
    ("news", ColumnType.NEWS, []),
    ("notices", ColumnType.NOTICES, []),
    (
        "disclosure",
        ColumnType.DISCLOSURE,
        [("policies", ColumnType.POLICIES), ("interpretations", ColumnType.INTERPRETATIONS)],
    ),
    ("services", ColumnType.SERVICES, []),
    ("interaction", ColumnType.INTERACTION, []),
    ("special", ColumnType.SPECIAL, []),
]
COLUMN_INTROS = {
    ColumnType.DISCLOSURE: gettext_lazy("Policy documents, interpretations and the disclosure catalogue"),
    ColumnType.SERVICES: gettext_lazy("Service guides and online applications"),
    ColumnType.INTERACTION: gettext_lazy("Consultations, complaints, suggestions and solicitations"),
    ColumnType.SPECIAL: gettext_lazy("Topics of the government's key work"),
}


@transaction.atomic
def site_create(
    *,
    actor,
    name: str,
    hostname: str,
    site_code: str,
    kind: str,
    organiser: Organisation,
    platform: Division,
    icp_number: str = "",
    police_number: str = "",
    port: int = 80,
    default: bool = False,
) -> SiteProfile:
    """Open a government site on the platform with its home page and default columns (R8.1, R8.2). With
    `default`, it also answers every host name no other site claims, in place of a site without a profile."""
    if not is_platform_admin(actor):
        raise PermissionDeniedError()
    return site_make(
        actor=actor, name=name, hostname=hostname, site_code=site_code, kind=kind, organiser=organiser,
        platform=platform, icp_number=icp_number, police_number=police_number, port=port, default=default,
    )  # fmt: skip


@transaction.atomic
def site_make(
    *,
    actor,
    name: str,
    hostname: str,
    site_code: str,
    kind: str,
    organiser: Organisation,
    platform: Division,
    icp_number: str = "",
    police_number: str = "",
    port: int = 80,
    default: bool = False,
) -> SiteProfile:
    """`site_create` once the caller has decided the actor may open it: the platform administrator directly, or
    the platform operator's last approval of an opening application (site_lifecycle.py, R8.5)."""
    errors = FieldErrors()
    try:
        site_code = validate_site_code(site_code)
    except ValidationError as error:
        errors.add("site_code", error.messages[0])
    else:
        if not site_code.startswith("bm") and site_code[:6] != organiser.division_id[:6]:
            errors.add(
                "site_code",
                _("A site ID code starts with the organiser's division code %(code)s.")
                % {"code": organiser.division_id[:6]},
            )
        elif taken := SiteProfile.objects.filter(site_code=site_code).first():
            if taken.code_retired:
                errors.add(
                    "site_code",
                    _("This site ID code was retired when “%(site)s” closed; a retired code is never given again.")
                    % {"site": taken.name},
                )
            else:
                errors.add("site_code", _("Another site already has this site ID code."))
    if platform.level not in (DivisionLevel.PROVINCE, DivisionLevel.CITY):
        errors.add(
            "platform",
            _("Sites are hosted by a province's or a city's platform; a county's site lives on its city's platform."),
        )
    elif not organiser.division_id.startswith(platform.code[: 2 if platform.level == DivisionLevel.PROVINCE else 4]):
        errors.add("platform", _("The organiser is outside the area of this platform."))
    if Site.objects.filter(hostname=hostname.lower(), port=port).exists():
        errors.add("hostname", _("Another site already answers at this host name."))
    errors.check_lengths(SiteProfile, {"name": name, "icp_number": icp_number, "police_number": police_number})
    errors.raise_if_any()

    home = _tree_root().add_child(instance=PortalHomePage(title=name, slug=f"site-{site_code}"))
    replaced = Site.objects.filter(is_default_site=True).first() if default else None
    if replaced is not None:
        replaced.is_default_site = False
        replaced.save()
    site = Site.objects.create(
        hostname=hostname.lower(), port=port, root_page=home, site_name=name, is_default_site=default
    )
    if replaced is not None and not SiteProfile.objects.filter(site=replaced).exists():
        _drop_unclaimed(replaced)
    profile = SiteProfile.objects.create(
        site=site,
        name=name,
        site_code=site_code,
        kind=kind,
        organiser=organiser,
        platform=platform,
        icp_number=icp_number,
        police_number=police_number,
    )
    _add_default_columns(home, kind)
    site_access_setup(profile)
    assign_to_site(home)
    ledger.record(
        action="websites.site.created",
        actor=actor,
        organisation=organiser,
        obj=profile,
        after={"name": name, "site_code": site_code, "hostname": site.hostname},
    )
    return profile


def _tree_root() -> Page:
    """Wagtail's root page, made with its Locale on a database emptied since the migrations seeded them."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title=stored_text(gettext_lazy("Root page"))))
    return root


def _drop_unclaimed(site: Site) -> None:
    """The seeded site (Wagtail's, then our migration's plain home page) when a real site takes its place."""
    page = site.root_page
    site.delete()
    if page.depth == 2 and not page.get_children().exists() and not Site.objects.filter(root_page=page).exists():
        page.delete()


def _add_default_columns(home: PortalHomePage, kind: str) -> None:
    """Column titles are content: stored in the installation's language, whoever opens the site."""
    for slug, column_type, children in DEFAULT_COLUMNS:
        if kind == SiteKind.DEPARTMENT and column_type == ColumnType.SPECIAL:
            continue
        intro = stored_text(COLUMN_INTROS.get(column_type, ""))
        column = home.add_child(
            instance=ColumnPage(title=stored_text(column_type.label), slug=slug, column_type=column_type, intro=intro)
        )
        for child_slug, child_type in children:
            column.add_child(
                instance=ColumnPage(title=stored_text(child_type.label), slug=child_slug, column_type=child_type)
            )


def _site_profile_of(column: ColumnPage) -> SiteProfile:
    return SiteProfile.objects.select_related("organiser").get(site=column.get_site())


@transaction.atomic
def item_place(
    *, actor, item: LibraryItem, column: ColumnPage, pinned: bool = False, review_basis: str = ""
) -> Placement:
    """Publish an item by reference in a column of a site the actor edits (先入库、后使用, R8.1).

    Another unit's item is a repost (转载): a reviewer, leader or administrator of the site's unit places it, stating
    the basis of their confidentiality review (保密审查, R8.7), which the placement and the ledger keep.
    """
    profile = _site_profile_of(column)
    require(actor, EDITORS, profile.organiser)
    if Placement.objects.filter(item=item, column=column, withdrawn_at__isnull=True).exists():
        raise ConflictError(
            _("“%(title)s” is already in the column “%(column)s”.") % {"title": item.title, "column": column.title}
        )
    review_basis = review_basis.strip()
    repost = item.owner_id != profile.organiser_id
    if repost:
        errors = FieldErrors()
        if not can(actor, REPOST_REVIEWERS, profile.organiser):
            message = _(
                "Reposting another unit's information needs a confidentiality review by a reviewer, leader or "
                "administrator of %(unit)s."
            )
            errors.add("review_basis", message % {"unit": profile.organiser.name})
        elif len(review_basis) < REVIEW_BASIS_MIN:
            errors.add("review_basis", _("State the basis of the confidentiality review of this repost."))
        errors.raise_if_any()
    placement = Placement.objects.create(
        item=item, column=column, pinned=pinned, placed_by=actor, placed_at=timezone.now(),
        review_basis=review_basis if repost else "",
    )  # fmt: skip
    if repost:
        ledger.record(
            action="websites.review.repost_passed",
            actor=actor,
            organisation=profile.organiser,
            obj=item,
            after={"title": item.title, "site": profile.name, "basis": review_basis},
        )
    ledger.record(
        action="websites.item.placed",
        actor=actor,
        organisation=profile.organiser,
        obj=item,
        after={"column": column.title, "site": profile.name, "column_id": column.pk},
    )
    search.index_item(item)
    static_publish.refresh_after_commit([item.pk])
    return placement


@transaction.atomic
def placement_withdraw(*, actor, placement: Placement) -> Placement:
    """Take an item out of one column; the item and its other placements stay."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    profile = _site_profile_of(placement.column)
    require(actor, EDITORS, profile.organiser)
    if placement.withdrawn_at is not None:
        raise ConflictError(_("This item was already taken out of the column."))
    placement.withdrawn_at, placement.withdrawn_by = timezone.now(), actor
    placement.save(update_fields=["withdrawn_at", "withdrawn_by"])
    ledger.record(
        action="websites.placement.withdrawn",
        actor=actor,
        organisation=profile.organiser,
        obj=placement.item,
        after={"column": placement.column.title, "site": profile.name, "column_id": placement.column_id},
    )
    search.index_item(placement.item)
    static_publish.refresh_after_commit([placement.item_id])
    return placement


def assign_index_number(item: LibraryItem, *, year: int | None = None) -> str:
    """索引号 on first publication: the owner's organisation code (credit code characters 9–17), the year and a
    five-digit sequence of that owner's year, e.g. 011043170/2026-00012 (R8.8)."""
    if item.index_number:
        return item.index_number
    year = year or timezone.localdate().year
    code = (item.owner.uscc or "")[8:17] or f"ORG{item.owner_id:06d}"
    sequence = next_in_year(f"SY{item.owner_id}", year)
    item.index_number = f"{code}/{year}-{sequence:05d}"
    LibraryItem.objects.filter(pk=item.pk).update(index_number=item.index_number)
    return item.index_number


def may_edit_site(actor, profile: SiteProfile) -> bool:
    return can(actor, EDITORS, profile.organiser)


@transaction.atomic
def item_saved(*, actor, item: LibraryItem, created: bool) -> None:
    """A draft saved in the library's edit screen (publication has its own entry, from receivers.py)."""
    ledger.record(
        action="websites.item.created" if created else "websites.item.edited",
        actor=actor,
        organisation=item.owner_id,
        obj=item,
        after={"title": item.title, "kind": item.kind},
    )
