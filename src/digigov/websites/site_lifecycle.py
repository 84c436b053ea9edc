"""Opening a site and closing it for good (R8.5; seed 000, 《湖北省政府网站管理办法》: 逐级审核, 报省政府办公厅批准;
永久下线应做好原有内容的迁移整合, 并提前在网站首页显著位置悬挂迁移公告).

A unit's leader applies; its competent authority (`lifecycle.competent_authority`) approves, then the platform
operator. Each pending step is a to-do of the deciding organisation's leaders; each decision is in the ledger. The
operator's approval of an opening makes the site (`services.site_make`) with the next free 网站标识码 of the
organiser's division; of a closing, it migrates the content to the receiving site and puts the migration notice on
the closing site's home page for `websites.migration_notice_days`. When that has passed, the daily job (or the
operator) closes the site: its addresses answer a permanent redirect to the receiving site and its code is retired.
"""

import datetime as dt
import logging
import re
import shutil

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from digigov.core import inbox, ledger
from digigov.core.choices import DivisionLevel, OrganisationKind, Role
from digigov.core.errors import ConflictError, DomainError, FieldErrors, NotFoundError
from digigov.core.models import Division, LedgerEntry, Organisation
from digigov.core.permissions import organisation_ids
from digigov.core.rules import rule
from digigov.websites import search, static_publish
from digigov.websites.choices import ApplicationAction, ApplicationKind, ApplicationState, SiteAction, SiteState
from digigov.websites.lifecycle import APPLICANTS, APPLICATION, SITE, competent_authority, visible_applications_filter
from digigov.websites.models import ColumnPage, Placement, SiteApplication, SiteProfile
from digigov.websites.services import site_make

log = logging.getLogger(__name__)
INBOX_KIND = "websites.site_application"
REASON_MIN = 10  # characters: a reason says something
CLOSED_HOSTS_KEY = "websites.closed_hosts"
# A closing by the daily job runs in a worker: a server process with its own local cache (no Redis, `make run`)
# sees it within this many seconds; with Redis the closing's own deletion of the key reaches every process at once.
CLOSED_HOSTS_SECONDS = 60
_HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
PENDING = (ApplicationState.AUTHORITY, ApplicationState.OPERATOR)


def operator_organisation() -> Organisation:
    org = Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    if org is None:
        raise DomainError(_("No platform operator organisation is configured."), code="no_operator")
    return org


def _url(application: SiteApplication) -> str:
    return reverse("websites_site_application", args=[application.pk])


def _todo(application: SiteApplication, organisation: Organisation) -> None:
    inbox.inbox_register(
        source="websites",
        kind=INBOX_KIND,
        title=inbox.lazy_text(
            gettext_lazy("Decide the application: %(kind)s “%(name)s” (%(unit)s)"),
            kind=application.get_kind_display(),
            name=application.name,
            unit=application.organiser.name,
        ),  # fmt: skip
        url=_url(application),
        assignee_org=organisation,
        assignee_role=Role.LEADER,
        obj=application,
    )


def _check_reason(errors: FieldErrors, reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        errors.add("reason", _("Give the reason (at least %(n)d characters).") % {"n": REASON_MIN})
    return reason


def _submitted(actor, application: SiteApplication) -> SiteApplication:
    application.save()
    ledger.record(
        action="websites.site_application.submitted",
        actor=actor,
        organisation=application.organiser,
        obj=application,
        after={"kind": application.get_kind_display(), "name": application.name, "reason": application.reason},
    )
    _todo(application, application.authority)
    return application


def _new_application(actor, *, kind: str, organiser: Organisation, **fields) -> SiteApplication:
    """Permission first (the unit's leader or administrator), then the competent authority it goes to."""
    application = SiteApplication(
        kind=kind, organiser=organiser, applied_by=actor, applied_at=timezone.now(), state="", **fields
    )
    application.state = APPLICATION.check(actor, application, ApplicationAction.SUBMIT)
    authority = competent_authority(organiser)
    if authority is None:
        raise DomainError(
            _("%(unit)s has no competent authority on the platform (no government portal above it): the platform "
              "operator opens and closes its sites directly.") % {"unit": organiser.name},
            code="no_authority",
        )  # fmt: skip
    application.authority = authority
    return application


@transaction.atomic
def application_open(
    *, actor, organiser: Organisation, name: str, site_kind: str, hostname: str, platform: Division, reason: str
) -> SiteApplication:
    """A unit applies to open a site (开设). A department opens at most one site (seed 000: 省、市政府部门最多开设一个
    政府网站); the host name is checked now and again when the site is made."""
    application = _new_application(
        actor, kind=ApplicationKind.OPEN, organiser=organiser, site_kind=site_kind, platform=platform
    )
    errors = FieldErrors()
    name, hostname = (name or "").strip(), (hostname or "").strip().lower()
    if not name:
        errors.add("name", _("Give the site's name."))
    if organiser.kind == OrganisationKind.INTERNAL_UNIT:
        errors.add("organiser", _("An internal unit does not open a site of its own; its department does."))
    elif SiteProfile.objects.filter(organiser=organiser, state__in=[SiteState.RUNNING, SiteState.CLOSING]).exists():
        errors.add("organiser", _("%(unit)s already runs a site; a unit opens at most one.") % {"unit": organiser})
    elif SiteApplication.objects.filter(organiser=organiser, kind=ApplicationKind.OPEN, state__in=PENDING).exists():
        errors.add("organiser", _("%(unit)s already has an opening application under way.") % {"unit": organiser})
    if not _HOSTNAME.fullmatch(hostname):
        errors.add("hostname", _("Give a host name such as jyt.hubei.gov.cn (letters, digits, dots and dashes)."))
    elif (
        Site.objects.filter(hostname=hostname).exists()
        or SiteApplication.objects.filter(hostname=hostname, kind=ApplicationKind.OPEN, state__in=PENDING).exists()
    ):
        errors.add("hostname", _("Another site already answers, or applied to answer, at this host name."))
    if platform.level not in (DivisionLevel.PROVINCE, DivisionLevel.CITY):
        errors.add("platform", _("Sites are hosted by a province's or a city's platform."))
    elif not organiser.division_id.startswith(platform.prefix):
        errors.add("platform", _("The organiser is outside the area of this platform."))
    application.reason = _check_reason(errors, reason)
    application.name, application.hostname = name, hostname
    errors.check_lengths(SiteApplication, {"name": name, "hostname": hostname, "reason": application.reason})
    errors.raise_if_any()
    return _submitted(actor, application)


@transaction.atomic
def application_close(*, actor, site: SiteProfile, receiving_site: SiteProfile | None, reason: str) -> SiteApplication:
    """The site's unit applies to close it for good (永久下线), naming the site that receives its content."""
    application = _new_application(actor, kind=ApplicationKind.CLOSE, organiser=site.organiser, site=site)
    SITE.next_state(site.state, SiteAction.CLOSE)  # a running site only
    errors = FieldErrors()
    if site.site.is_default_site:
        errors.add("site", _("The platform's default site cannot be closed."))
    if SiteApplication.objects.filter(site=site, kind=ApplicationKind.CLOSE, state__in=PENDING).exists():
        errors.add("site", _("This site already has a closing application under way."))
    if receiving_site is None or receiving_site.pk == site.pk:
        errors.add("receiving_site", _("Choose the site that receives the content (接收网站)."))
    elif receiving_site.state != SiteState.RUNNING:
        errors.add("receiving_site", _("The receiving site must be running."))
    application.reason = _check_reason(errors, reason)
    errors.check_lengths(SiteApplication, {"reason": application.reason})
    errors.raise_if_any()
    application.name, application.site_kind, application.receiving_site = site.name, site.kind, receiving_site
    return _submitted(actor, application)


def _locked(application: SiteApplication) -> SiteApplication:
    return SiteApplication.objects.select_for_update().select_related("organiser", "authority").get(pk=application.pk)


@transaction.atomic
def application_approve(*, actor, application: SiteApplication, comment: str = "") -> SiteApplication:
    """One step of the chain: the competent authority's approval sends it to the platform operator, whose approval
    opens the site or starts its closing."""
    application = _locked(application)
    after = APPLICATION.check(actor, application, ApplicationAction.APPROVE)
    step = application.state
    inbox.inbox_complete_for(obj=application, kind=INBOX_KIND)
    application.state = after
    result = {}
    if after == ApplicationState.APPROVED:
        application.decided_at = timezone.now()
        if application.kind == ApplicationKind.OPEN:
            profile = site_make(
                actor=actor, name=application.name, hostname=application.hostname,
                site_code=next_site_code(application.organiser), kind=application.site_kind,
                organiser=application.organiser, platform=application.platform,
            )  # fmt: skip
            application.site = profile
            result = {"site_code": profile.site_code, "hostname": application.hostname}
        else:
            result = _close_start(actor, application.site, application.receiving_site)
    application.save()
    ledger.record(
        action="websites.site_application.approved",
        actor=actor,
        organisation=application.authority if step == ApplicationState.AUTHORITY else operator_organisation(),
        obj=application,
        before={"state": step},
        after={"state": after, "name": application.name, "comment": (comment or "").strip(), **result},
    )
    if after == ApplicationState.OPERATOR:
        _todo(application, operator_organisation())
    else:
        inbox.notify(
            recipient=application.applied_by,
            title=inbox.lazy_text(gettext_lazy("Your application “%(name)s” was approved"), name=application.name),
            url=_url(application),
        )
    return application


@transaction.atomic
def application_refuse(*, actor, application: SiteApplication, reason: str) -> SiteApplication:
    """Any step may refuse, with a reason the applicant reads on the application and in a notice."""
    application = _locked(application)
    after = APPLICATION.check(actor, application, ApplicationAction.REFUSE)
    errors = FieldErrors()
    reason = _check_reason(errors, reason)
    errors.raise_if_any()
    step = application.state
    inbox.inbox_complete_for(obj=application, kind=INBOX_KIND)
    application.state, application.refusal, application.decided_at = after, reason, timezone.now()
    application.save(update_fields=["state", "refusal", "decided_at"])
    ledger.record(
        action="websites.site_application.refused",
        actor=actor,
        organisation=application.authority if step == ApplicationState.AUTHORITY else operator_organisation(),
        obj=application,
        before={"state": step},
        after={"state": after, "name": application.name, "reason": reason},
    )
    inbox.notify(
        recipient=application.applied_by,
        title=inbox.lazy_text(gettext_lazy("Your application “%(name)s” was refused"), name=application.name),
        body=reason,
        url=_url(application),
    )
    return application


def next_site_code(organiser: Organisation) -> str:
    """The next 网站标识码 of the organiser's division: its 6 digits and one more than the highest number given
    there, retired codes included, so a retired code is never given again. (The national register assigns them in
    real life; the platform operator's approval stands in for it.)"""
    prefix = organiser.division_id[:6]
    used = [int(code[6:]) for code in SiteProfile.objects.filter(site_code__startswith=prefix).values_list(
        "site_code", flat=True) if code[6:].isdigit()]  # fmt: skip
    number = max(used, default=0) + 1
    if number > 9999:
        raise ConflictError(_("The division %(code)s has no site ID code left.") % {"code": prefix})
    return f"{prefix}{number:04d}"


# -- closing --------------------------------------------------------------------------------------------------


def _receiving_columns(receiving: SiteProfile) -> dict[str, ColumnPage]:
    """The receiving site's first column of each type (in the editors' order)."""
    found: dict[str, ColumnPage] = {}
    for column in ColumnPage.objects.descendant_of(receiving.site.root_page).order_by("path"):
        found.setdefault(column.column_type, column)
    return found


def _close_start(actor, profile: SiteProfile, receiving: SiteProfile) -> dict:
    """关停中: every live placement of the closing site is placed, by reference, in the receiving site's column of
    the same type (an item already there is not placed twice); the notice shows until the rule's days have passed."""
    profile = SiteProfile.objects.select_for_update().select_related("site").get(pk=profile.pk)
    profile.state = SITE.check(actor, profile, SiteAction.CLOSE)
    if receiving.state != SiteState.RUNNING:
        raise ConflictError(_("The receiving site must be running."))
    targets = _receiving_columns(receiving)
    placements = Placement.objects.filter(
        column__in=ColumnPage.objects.descendant_of(profile.site.root_page), withdrawn_at__isnull=True
    ).select_related("column")
    now, moved, skipped, items = timezone.now(), 0, 0, set()
    basis = _("Migrated from %(site)s when it closed (approved by the platform operator).") % {"site": profile.name}
    for placement in placements.order_by("placed_at", "pk"):
        target = targets.get(placement.column.column_type)
        if (
            target is None
            or Placement.objects.filter(item_id=placement.item_id, column=target, withdrawn_at__isnull=True).exists()
        ):
            skipped += 1
            continue
        Placement.objects.create(
            item_id=placement.item_id, column=target, pinned=False, placed_by=actor, placed_at=now, review_basis=basis
        )
        moved += 1
        items.add(placement.item_id)
    profile.receiving_site = receiving
    profile.notice_until = timezone.localdate() + dt.timedelta(days=rule("websites.migration_notice_days"))
    profile.save(update_fields=["state", "receiving_site", "notice_until"])
    ledger.record(
        action="websites.site.closing",
        actor=actor,
        organisation=profile.organiser_id,
        obj=profile,
        after={"receiving": receiving.name, "moved": moved, "skipped": skipped, "until": profile.notice_until},
    )
    search.index_items(items)
    static_publish.refresh_after_commit(items)
    _refresh_home_after_commit(profile.site)
    return {"moved": moved, "receiving": receiving.name}


@transaction.atomic
def site_close_finish(*, actor, site: SiteProfile) -> SiteProfile:
    """已关停: the notice period has passed; the site's placements are taken out (its pages, search tags and static
    files go), its host name redirects to the receiving site, its 网站标识码 is retired."""
    profile = SiteProfile.objects.select_for_update().select_related("site").get(pk=site.pk)
    profile.state = SITE.check(actor, profile, SiteAction.FINISH)
    profile.closed_at = timezone.now()
    profile.save(update_fields=["state", "closed_at"])
    placements = Placement.objects.filter(
        column__in=ColumnPage.objects.descendant_of(profile.site.root_page), withdrawn_at__isnull=True
    )
    items = set(placements.values_list("item_id", flat=True))
    withdrawn = placements.update(withdrawn_at=profile.closed_at, withdrawn_by=actor)
    ledger.record(
        action="websites.site.closed",
        actor=actor,
        organisation=profile.organiser_id,
        obj=profile,
        after={"name": profile.name, "site_code": profile.site_code, "withdrawn": withdrawn},
    )
    search.index_items(items)
    hostname = profile.site.hostname

    def forget_pages():
        cache.delete(CLOSED_HOSTS_KEY)
        base = static_publish.root()
        if base is not None:
            shutil.rmtree(base / hostname, ignore_errors=True)

    cache.delete(CLOSED_HOSTS_KEY)  # now for this transaction's own requests, and again once committed
    transaction.on_commit(forget_pages)
    return profile


def close_due_sites() -> int:
    """The daily job: every closing site whose notice period has passed is closed, each in its own transaction."""
    closed = 0
    due = SiteProfile.objects.filter(state=SiteState.CLOSING, notice_until__lt=timezone.localdate())
    for profile in due:
        try:
            site_close_finish(actor=None, site=profile)
        except DomainError:  # e.g. closed by the operator meanwhile; the next day's run sees the rest
            log.exception("closing site %s failed", profile.pk)
        else:
            closed += 1
    return closed


def _refresh_home_after_commit(site: Site) -> None:
    if static_publish.enabled():
        transaction.on_commit(lambda: static_publish.refresh([(site, "/")]))


def closed_redirects() -> dict[str, str]:
    """Host name of each closed site → the address of its receiving site's home (cached briefly, reset on closing)."""
    found = cache.get(CLOSED_HOSTS_KEY)
    if found is None:
        found = {}
        for profile in SiteProfile.objects.filter(state=SiteState.CLOSED).select_related(
            "site", "receiving_site__site"
        ):
            receiving = profile.receiving_site.site if profile.receiving_site else None
            found[profile.site.hostname] = receiving.root_url if receiving else ""
        cache.set(CLOSED_HOSTS_KEY, found, CLOSED_HOSTS_SECONDS)
    return found


# -- reads ------------------------------------------------------------------------------------------------------


def applications_for(actor, *, pending_mine: bool = False) -> QuerySet[SiteApplication]:
    """The applications the actor sees (their units', those their units decide; all for the platform operator);
    with `pending_mine`, only those waiting for the actor's decision."""
    rows = SiteApplication.objects.select_related("organiser", "authority", "site", "receiving_site")
    condition = visible_applications_filter(actor)
    if condition is not None:
        rows = rows.filter(condition)
    if pending_mine:
        ids = [a.pk for a in rows.filter(state__in=PENDING) if APPLICATION.actions_for(actor, a)]
        rows = rows.filter(pk__in=ids)
    return rows


def application_history(application: SiteApplication) -> QuerySet[LedgerEntry]:
    """The application's history as the ledger recorded it, with its site's closing."""
    condition = Q(object_type="websites.siteapplication", object_id=str(application.pk))
    if application.kind == ApplicationKind.CLOSE and application.site_id is not None:
        condition |= Q(object_type="websites.siteprofile", object_id=str(application.site_id),
                       action__in=["websites.site.closing", "websites.site.closed"])  # fmt: skip
    return LedgerEntry.objects.filter(condition).order_by("seq")


def application_get(actor, pk: int) -> SiteApplication:
    application = applications_for(actor).filter(pk=pk).first()
    if application is None:
        raise NotFoundError()
    return application


def site_choices_to_close(actor) -> QuerySet[SiteProfile]:
    """Running sites whose unit the actor may apply for."""
    return SiteProfile.objects.filter(
        state=SiteState.RUNNING, organiser_id__in=organisation_ids(actor, APPLICANTS)
    ).order_by("site_code")
