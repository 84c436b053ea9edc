"""Reads of cases (R4.2, R4.6), scoped the one way: a department reaches a case only through its own `CasePart`.

The lead department sees the whole case; a joint part's department sees the shared summary, the form answers its
part lists (`JointPart.fields`), the materials of its part and its own opinion, never another part's; any other
department gets 404. The applicant sees their own cases; the public progress query shows no personal data."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from digigov.core.calendar import add_working_days, working_days_between
from digigov.core.errors import NotFoundError
from digigov.core.permissions import is_operator, is_platform_admin, organisation_ids
from digigov.core.rules import rule
from digigov.eservices.choices import LEAD_PART, RUNNING_CASE_STATES, CaseStatus
from digigov.eservices.models import Case, CaseMaterial, CasePart, Suspension
from digigov.eservices.selectors import version_get


class Clock:
    """The colour of a case's clock (电子监察): green, yellow within `eservices.warning_working_days` of the due
    day, red after it; stopped while waiting for a supplement after acceptance; none before acceptance or once
    closed."""

    NONE, GREEN, YELLOW, RED, STOPPED = "none", "green", "yellow", "red", "stopped"


def warning_line(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(today, the first due day that is not yet yellow): computed once for a whole list."""
    today = today or timezone.localdate()
    return today, add_working_days(today, rule("eservices.warning_working_days") + 1)


def clock(case: Case, today: dt.date | None = None, *, line: tuple[dt.date, dt.date] | None = None) -> str:
    if case.due_on is None or case.status not in (CaseStatus.IN_PROGRESS, CaseStatus.SUPPLEMENTING):
        return Clock.NONE
    if case.status == CaseStatus.SUPPLEMENTING:
        return Clock.STOPPED
    today, not_yet_yellow = line or warning_line(today)
    if today > case.due_on:
        return Clock.RED
    if case.due_on < not_yet_yellow:
        return Clock.YELLOW
    return Clock.GREEN


def days_used(case: Case, today: dt.date | None = None) -> int | None:
    """Working days on the clock so far: from acceptance to conclusion (or today), less the suspended days."""
    if case.accepted_on is None:
        return None
    end = case.concluded_on or today or timezone.localdate()
    return max(working_days_between(case.accepted_on, end) - case.suspended_days, 0)


def _org_ids(actor) -> set[int]:
    return organisation_ids(actor)


RUNNING_FILTER = "running"  # the queue's default: every case still being worked on


def part_queue(actor, *, status: str = "", organisation: int | None = None, q: str = "") -> QuerySet[CasePart]:
    """The case rows of the departments `actor` works in, one per (case, part): the department's list."""
    parts = (
        CasePart.objects.all()
        if is_platform_admin(actor)
        else CasePart.objects.filter(organisation_id__in=_org_ids(actor))
    )
    if organisation:
        parts = parts.filter(organisation_id=organisation)
    if status == RUNNING_FILTER:
        parts = parts.filter(case_status__in=RUNNING_CASE_STATES)
    elif status:  # part rows are made on submission: a draft is never in a department's list
        parts = parts.filter(case_status=status)
    if q:
        parts = (
            parts.filter(case__number__startswith=q.strip())
            if q.strip().isdigit()
            else parts.filter(case__item__name__contains=q.strip())
        )
    return parts.select_related("case", "case__item", "organisation").order_by(
        F("due_on").asc(nulls_last=True), "case_id"
    )


def part_page(actor, *, number: int = 1, size: int = 20, **filters) -> Page:
    return Paginator(part_queue(actor, **filters), size).get_page(number)


@dataclass
class StaffView:
    """What one member of staff may see of a case."""

    case: Case
    lead: bool  # the lead department (or a platform administrator): everything
    parts: list[CasePart]  # the part rows shown: all for the lead, the actor's own otherwise
    answers: dict  # form answers shown: all for the lead, the part's listed fields otherwise
    materials: list[CaseMaterial] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)


def staff_case_get(actor, pk: int) -> StaffView:
    """The case as `actor` may see it; NotFoundError for a department with no part in it (not even its number)."""
    case = (
        Case.objects.select_related("item", "organisation", "applicant", "agent", "form_version")
        .exclude(status=CaseStatus.DRAFT)
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFoundError()
    all_parts = list(case.parts.select_related("organisation", "decided_by").order_by("pk"))
    if is_platform_admin(actor):
        mine = all_parts
    else:
        orgs = _org_ids(actor)
        mine = [p for p in all_parts if p.organisation_id in orgs]
    if not mine:
        raise NotFoundError()
    lead = any(p.part == LEAD_PART for p in mine)
    if lead:
        return StaffView(
            case,
            True,
            all_parts,
            dict(case.data),
            list(case.materials.all()),
            list(case.suspensions.all()),
        )
    codes = {p.part for p in mine}
    snapshot = version_get(case.item, case.item_version).snapshot
    fields: set[str] = set()
    names: set[str] = set()
    for part in snapshot.get("parts", []):
        if part["code"] in codes:
            fields.update(part.get("fields", []))
            names.update(part.get("materials", []))
    answers = {k: v for k, v in case.data.items() if k in fields}
    materials = [m for m in case.materials.all() if m.name in names]
    return StaffView(case, False, mine, answers, materials, [])


def applicant_cases(actor) -> QuerySet[Case]:
    """The signed-in person's own applications, newest first (drafts included: they resume them)."""
    if actor is None or not actor.is_authenticated:
        return Case.objects.none()
    return (
        Case.objects.filter(applicant=actor)
        .exclude(status=CaseStatus.WITHDRAWN, number__isnull=True)
        .exclude(status=CaseStatus.DRAFT, agent__isnull=False)  # a clerk's draft for them is the clerk's until sent
        .select_related("item", "organisation")
        .order_by("-created_at")
    )


def applicant_case_get(actor, number: str) -> Case:
    case = applicant_cases(actor).filter(number=number).first()
    if case is None:
        raise NotFoundError()
    return case


def applicant_draft_get(actor, pk: int) -> Case:
    case = applicant_cases(actor).filter(pk=pk, status=CaseStatus.DRAFT).first()
    if case is None:
        raise NotFoundError()
    return case


def progress_get(number: str) -> Case | None:
    """A case for the public progress query by its number: the caller shows no personal data."""
    if not number or not number.isdigit() or len(number) > 30:
        return None
    return Case.objects.select_related("item", "organisation").filter(number=number).first()


def case_file_find(actor, name: str) -> CaseMaterial | None:
    """The material a private file belongs to, if `actor` may see it: the applicant, or staff whose view of the
    case lists it."""
    row = CaseMaterial.objects.select_related("case").filter(file=name).first()
    if row is None:
        return None
    if row.case.applicant_id is not None and row.case.applicant_id == getattr(actor, "pk", None):
        return row
    try:
        view = staff_case_get(actor, row.case_id)
    except NotFoundError:
        return None
    return row if any(m.pk == row.pk for m in view.materials) else None


@dataclass
class MonitorRow:
    organisation_id: int
    name: str
    accepted: int
    concluded: int
    on_time: int
    timed: int
    running: int
    yellow: int
    red: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.timed, 1) if self.timed else None


def _monitor_scope(actor) -> QuerySet[Case]:
    cases = Case.objects.exclude(number__isnull=True)
    if is_platform_admin(actor) or is_operator(actor):
        return cases
    return cases.filter(organisation_id__in=_org_ids(actor))


def monitor_rows(actor, today: dt.date | None = None) -> list[MonitorRow]:
    """Per lead department: accepted, concluded, on time, running and their clock colours (R4.6)."""
    today, not_yet_yellow = warning_line(today)
    concluded = Q(status=CaseStatus.CONCLUDED)
    running = Q(status=CaseStatus.IN_PROGRESS)
    rows = (
        _monitor_scope(actor)
        .values("organisation_id", "organisation__name")
        .annotate(
            accepted=Count("pk", filter=Q(accepted_on__isnull=False)),
            concluded=Count("pk", filter=concluded),
            timed=Count("pk", filter=concluded & Q(due_on__isnull=False)),
            on_time=Count("pk", filter=concluded & Q(due_on__isnull=False, concluded_on__lte=F("due_on"))),
            running=Count("pk", filter=Q(status__in=RUNNING_CASE_STATES)),
            red=Count("pk", filter=running & Q(due_on__lt=today)),
            yellow=Count("pk", filter=running & Q(due_on__gte=today, due_on__lt=not_yet_yellow)),
        )
        .order_by("organisation__name")
    )
    return [
        MonitorRow(
            r["organisation_id"],
            r["organisation__name"],
            r["accepted"],
            r["concluded"],
            r["on_time"],
            r["timed"],
            r["running"],
            r["yellow"],
            r["red"],
        )
        for r in rows
    ]


def overdue_cases(actor, today: dt.date | None = None, limit: int = 200) -> list[Case]:
    """Running cases past their promised day, the longest overdue first, with the reason the lead gave."""
    today = today or timezone.localdate()
    return list(
        _monitor_scope(actor)
        .filter(status=CaseStatus.IN_PROGRESS, due_on__lt=today)
        .select_related("item", "organisation")
        .order_by("due_on", "pk")[:limit]
    )


def startup_clocks(actor, process_key: str = "enterprise_startup") -> list[tuple[Case, list[CasePart], int | None]]:
    """企业开办 cases still running, each with its parts and the working days used so far (R4.4)."""
    cases = (
        _monitor_scope(actor)
        .filter(status__in=RUNNING_CASE_STATES, item__process__key=process_key)
        .select_related("item", "organisation")
        .order_by("submitted_at")[:50]
    )
    return [(c, list(c.parts.select_related("organisation").order_by("pk")), days_used(c)) for c in cases]


def part_slice(parts: QuerySet[CasePart], start: int, size: int) -> list[CasePart]:
    """One page of a queue: the page's row ids read off the queue's index first, then only those rows with their
    case, item and department. A deep page (OFFSET thousands) then joins 20 rows instead of every row it skips."""
    ids = list(parts.values_list("pk", flat=True)[start : start + size])
    found = CasePart.objects.select_related("case", "case__item", "organisation").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
