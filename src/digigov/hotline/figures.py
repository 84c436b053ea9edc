"""Figures of the 12345 hotline for decisions (R5.1; issue 13 item 8): hotspots by category, division and time,
trends, the on-time, satisfaction and reopen rates, and the ranking of departments.

Every selector works on the tickets of the centres the actor works for (`scope`: a platform administrator sees
every centre) and a period of whole days (`Period`, both ends included, in the installation's time zone). Each is
one aggregate query (GROUP BY) on the database; Python only walks the groups, never the tickets. The rates follow
GB/T 44189-2024 (政务服务便民热线运行指南), which measures the closed loop on the tickets closed in a period:

- 按时办结率 (on-time rate) = tickets closed by their due date / tickets closed;
- 满意率 (satisfaction rate) = tickets rated 满意 or 基本满意 at the return visit / tickets with a return visit;
- 重办率 (reopen rate) = tickets reopened at least once / tickets closed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.division_maps import boundary_map_for
from digigov.core.divisions import installation_division
from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.core.models import Division, Organisation
from digigov.hotline.choices import AssignmentStatus, Satisfaction, TicketKind, TicketStatus
from digigov.hotline.models import OPEN_STATUSES, Assignment, Ticket
from digigov.hotline.permissions import agent_centre_ids
from digigov.knowledge.api import Category

SATISFIED = [Satisfaction.SATISFIED, Satisfaction.FAIRLY]


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The first instant of `start` and of the day after `end`, in the installation's time zone."""
        zone = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return first, after

    def before(self) -> Period:
        """The period of the same length just before this one (the week before, for the weekly report)."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))


@dataclass(frozen=True)
class Filters:
    """Optional narrowing: a kind of request, a subject category (with the categories below it), a division (with
    the divisions below it)."""

    kind: str = ""
    category_code: str = ""
    division_code: str = ""


def scope(actor) -> set[int]:
    """The centres whose figures `actor` reads: the centres where they work (every centre for a platform
    administrator; a centre's own system for a system actor)."""
    return agent_centre_ids(actor)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, rounded half up as a person does; None when nothing was counted."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _tickets(centre_ids, filters: Filters | None = None) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(centre_id__in=centre_ids)
    if filters:
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
        if filters.category_code:
            qs = qs.filter(category__code__startswith=filters.category_code)
        if filters.division_code:
            qs = qs.filter(division__code__startswith=_division_prefix(filters.division_code))
    return qs


def _division_prefix(code: str) -> str:
    """The GB/T 2260 prefix shared by a division and every division below it (420100 → 4201, 420102 → 420102)."""
    code = code.strip()
    if len(code) == 6:
        return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    return code[:9] if code.endswith("000") else code


def registered(centre_ids, period: Period, filters: Filters | None = None) -> QuerySet[Ticket]:
    """Tickets registered in the period."""
    first, after = period.bounds()
    return _tickets(centre_ids, filters).filter(created_at__gte=first, created_at__lt=after)


def closed(centre_ids, period: Period, filters: Filters | None = None) -> QuerySet[Ticket]:
    """Tickets closed in the period (the base of the rates)."""
    first, after = period.bounds()
    return _tickets(centre_ids, filters).filter(status=TicketStatus.CLOSED, closed_at__gte=first, closed_at__lt=after)


# --- hotspots -------------------------------------------------------------------------------------------------------


def hotspot_counts(*, centre_ids, month_start: dt.date, month_end: dt.date) -> dict[tuple[int | None, str], int]:
    """{(category id, division code): tickets registered} from `month_start` to `month_end` (both included) in the
    given centres: one GROUP BY on the (category, division, created_at) index."""
    rows = (
        registered(centre_ids, Period(month_start, month_end))
        .values_list("category_id", "division_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(category_id, division_id): n for category_id, division_id, n in rows}


@dataclass(frozen=True)
class Hotspots:
    """Where requests come from in a period: by (top-level) category, by division code (for the heat map, which
    rolls counts up to its regions), and the busiest (category × division) pairs."""

    total: int
    by_category: list[tuple[str, str, int]]  # (code, name, count), most first; "" for tickets not classified
    by_division: dict[str, int]  # division code → count, as stored on the tickets
    pairs: list[tuple[str, str, int]]  # (category name, division name, count), most first


def hotspots(*, actor, period: Period, filters: Filters | None = None, top: int = 10) -> Hotspots:
    """Hotspots by category and division: one GROUP BY (category, division) over the period's tickets."""
    rows = list(
        registered(scope(actor), period, filters)
        .values_list("category__code", "division_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_top: dict[str, int] = defaultdict(int)
    by_division: dict[str, int] = defaultdict(int)
    by_pair: dict[tuple[str, str], int] = defaultdict(int)
    for code, division, n in rows:
        by_top[(code or "")[:2]] += n
        by_division[division] += n
        by_pair[(code or "", division)] += n
    names = dict(Category.objects.filter(code__in=[c for c in by_top if c]).values_list("code", "name"))
    pair_codes = sorted(by_pair.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    category_names = dict(
        Category.objects.filter(code__in=[c for (c, _d), _n in pair_codes if c]).values_list("code", "name")
    )
    division_names = dict(
        Division.objects.filter(code__in=[d for (_c, d), _n in pair_codes]).values_list("code", "name")
    )
    unclassified = str(_("Not classified"))
    return Hotspots(
        total=sum(by_division.values()),
        by_category=sorted(
            ((c, names.get(c, unclassified) if c else unclassified, n) for c, n in by_top.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        by_division=dict(by_division),
        pairs=[
            (category_names.get(c, unclassified) if c else unclassified, division_names.get(d, d), n)
            for (c, d), n in pair_codes
        ],
    )


def city_counts(by_division: dict[str, int]) -> list[tuple[str, str, int]]:
    """Counts rolled up to the regions of the installation's map (cities and prefectures, and the units the
    province administers directly): (code, name, count) for every region, in the map's order; the province's own
    tickets (no lower division) last, under the province's code."""
    area = installation_division()
    boundary = boundary_map_for(area.code) if area else None
    if boundary is None:
        return sorted(((c, c, n) for c, n in by_division.items()), key=lambda r: r[0])
    totals = {code: 0 for code in boundary.regions}
    whole = 0
    for code, n in by_division.items():
        region = boundary.region_of(code)
        if region is None:
            whole += n
        else:
            totals[region] += n
    rows = [(code, boundary.regions[code], n) for code, n in totals.items()]
    if whole:
        rows.append((boundary.area, area.name, whole))
    return rows


# --- trend ----------------------------------------------------------------------------------------------------------


def granularity(period: Period) -> str:
    """day up to a month, week up to four months, month beyond."""
    return "day" if period.days <= 31 else "week" if period.days <= 122 else "month"


def _bucket_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


@dataclass(frozen=True)
class Trend:
    unit: str  # day, week or month
    buckets: list[dt.date]  # the first day of each bucket, every bucket of the period (empty ones too)
    kinds: list[tuple[str, str]]  # (kind, label), every kind
    counts: dict[str, list[int]]  # kind → count per bucket
    totals: list[int]  # all kinds per bucket


def trend(*, actor, period: Period, filters: Filters | None = None, unit: str = "") -> Trend:
    """Tickets registered per day, week or month and kind: one GROUP BY (truncated date, kind)."""
    unit = unit or granularity(period)
    trunc = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}[unit]
    rows = (
        registered(scope(actor), period, filters)
        .annotate(bucket=trunc("created_at"))
        .values_list("bucket", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    buckets: list[dt.date] = []
    day = _bucket_start(period.start, unit)
    while day <= period.end:
        buckets.append(day)
        day = (
            day + dt.timedelta(days=1)
            if unit == "day"
            else day + dt.timedelta(days=7)
            if unit == "week"
            else (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        )
    index = {b: i for i, b in enumerate(buckets)}
    counts = {kind: [0] * len(buckets) for kind in TicketKind.values}
    for bucket, kind, n in rows:
        day = timezone.localtime(bucket).date() if isinstance(bucket, dt.datetime) else bucket
        if day in index and kind in counts:
            counts[kind][index[day]] += n
    totals = [sum(counts[k][i] for k in counts) for i in range(len(buckets))]
    return Trend(
        unit=unit,
        buckets=buckets,
        kinds=[(k, str(label)) for k, label in TicketKind.choices],
        counts=counts,
        totals=totals,
    )


# --- rates ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """The closed loop of a period: counts and the three rates of GB/T 44189 (module docstring)."""

    registered: int
    closed: int
    on_time: int
    visited: int
    satisfied: int
    reopened: int
    answered_at_once: int
    overdue_now: int
    on_time_rate: float | None = None
    satisfaction_rate: float | None = None
    reopen_rate: float | None = None
    at_once_rate: float | None = None

    @classmethod
    def of(cls, **counts) -> Rates:
        return cls(
            **counts,
            on_time_rate=rate(counts["on_time"], counts["closed"]),
            satisfaction_rate=rate(counts["satisfied"], counts["visited"]),
            reopen_rate=rate(counts["reopened"], counts["closed"]),
            at_once_rate=rate(counts["answered_at_once"], counts["registered"]),
        )


def rates(*, actor, period: Period, filters: Filters | None = None, today: dt.date | None = None) -> Rates:
    """按时办结率 = closed by the due date / closed; 满意率 = (满意 + 基本满意) / rated at the return visit; 重办率 =
    reopened at least once / closed — all over the tickets closed in the period. Also: registered in the period,
    answered at once among them (直接办结率 = answered at once / registered), and open tickets overdue today."""
    centres = scope(actor)
    done = closed(centres, period, filters).aggregate(
        closed=Count("pk"),
        on_time=Count("pk", filter=Q(closed_at__date__lte=F("due_on"))),
        visited=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
        reopened=Count("pk", filter=Q(reopen_count__gt=0)),
    )
    came = registered(centres, period, filters).aggregate(
        registered=Count("pk"),
        answered_at_once=Count("pk", filter=Q(resolution="answered")),
    )
    overdue_now = _tickets(centres, filters).overdue(today or timezone.localdate()).count()
    return Rates.of(**done, **came, overdue_now=overdue_now)


# --- departments ----------------------------------------------------------------------------------------------------


@dataclass
class DepartmentRow:
    """One department's part in the period's tickets it led (dispatched to it in the period)."""

    department_id: int
    name: str
    assigned: int  # dispatched to it as lead in the period
    replied: int  # of those, replied
    on_time: int  # replied by the assignment's due date
    overdue_now: int  # waiting to be accepted or being handled, past the due date today
    visited: int  # replied and rated at the return visit
    satisfied: int  # rated 满意 or 基本满意
    handed_back: int  # handed back (退单), whatever the centre decided
    reopened: int  # replied and the ticket reopened
    rank: int = 0
    on_time_rate: float | None = field(default=None)
    satisfaction_rate: float | None = field(default=None)


def department_ranking(
    *, actor, period: Period, filters: Filters | None = None, today: dt.date | None = None
) -> list[DepartmentRow]:
    """The departments that led tickets dispatched in the period, ranked: higher on-time rate first, then higher
    satisfaction rate, then fewer overdue now, fewer hand-backs and reopenings; equal keys share a rank (1, 2, 2, 4).
    One GROUP BY department over the lead assignments; the on-time count compares the reply with the assignment's
    due date (a reopening moves it)."""
    first, after = period.bounds()
    tickets = _tickets(scope(actor), filters)
    today = today or timezone.localdate()
    answered = Q(replied_at__isnull=False)
    rows = (
        Assignment.objects.filter(lead=True, ticket__in=tickets, assigned_at__gte=first, assigned_at__lt=after)
        .values("department_id")
        .annotate(
            assigned=Count("pk"),
            replied=Count("pk", filter=answered),
            on_time=Count("pk", filter=answered & Q(replied_at__date__lte=F("due_on"))),
            overdue_now=Count(
                "pk",
                filter=Q(
                    status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED],
                    due_on__lt=today,
                    ticket__status__in=OPEN_STATUSES,
                ),
            ),
            visited=Count("pk", filter=answered & ~Q(ticket__satisfaction="")),
            satisfied=Count("pk", filter=answered & Q(ticket__satisfaction__in=SATISFIED)),
            handed_back=Count("pk", filter=~Q(hand_back_reason="")),
            reopened=Count("pk", filter=answered & Q(ticket__reopen_count__gt=0)),
        )
        .order_by()
    )
    rows = list(rows)
    names = dict(Organisation.objects.filter(pk__in=[r["department_id"] for r in rows]).values_list("pk", "name"))
    result = []
    for r in rows:
        row = DepartmentRow(name=names.get(r["department_id"], ""), **r)
        row.on_time_rate = rate(row.on_time, row.replied)
        row.satisfaction_rate = rate(row.satisfied, row.visited)
        result.append(row)

    def key(row: DepartmentRow):
        return (
            -(row.on_time_rate if row.on_time_rate is not None else -1),
            -(row.satisfaction_rate if row.satisfaction_rate is not None else -1),
            row.overdue_now,
            row.handed_back,
            row.reopened,
        )

    result.sort(key=lambda row: (key(row), row.name))
    for position, row in enumerate(result, start=1):
        row.rank = result[position - 2].rank if position > 1 and key(result[position - 2]) == key(row) else position
    return result


def overdue_tickets(*, actor, today: dt.date | None = None, limit: int = 50) -> list[Ticket]:
    """Open tickets past their due date today, the longest overdue first (the weekly report's list)."""
    today = today or timezone.localdate()
    return list(
        _tickets(scope(actor)).overdue(today).select_related("category", "division").order_by("due_on", "pk")[:limit]
    )


# --- the feed of the decision dashboards ------------------------------------------------------------------------------


def figures_summary(*, actor, start: dt.date, end: dt.date, top: int = 10) -> dict:
    """The period's figures as plain data for dashboards (the JSON feed and the dashboards app): totals, the three
    rates, the busiest subject categories and the counts per city-level division (every region of the map, the
    province's own tickets last). Raises PermissionDeniedError for someone who works for no centre, and a field
    error for a period that ends before it starts."""
    if not scope(actor):
        raise PermissionDeniedError()
    if end < start:
        raise FieldErrors.one("to", _("The last day is before the first day."))
    if (end - start).days >= 3 * 366:
        raise FieldErrors.one("to", _("Choose a period of at most three years."))
    period = Period(start, end)
    found = rates(actor=actor, period=period)
    spots = hotspots(actor=actor, period=period)
    return {
        "from": start,
        "to": end,
        "totals": {
            "registered": found.registered,
            "closed": found.closed,
            "on_time": found.on_time,
            "visited": found.visited,
            "satisfied": found.satisfied,
            "reopened": found.reopened,
            "answered_at_once": found.answered_at_once,
            "overdue_now": found.overdue_now,
        },
        "rates": {
            "on_time": found.on_time_rate,
            "satisfaction": found.satisfaction_rate,
            "reopen": found.reopen_rate,
            "answered_at_once": found.at_once_rate,
        },
        "top_categories": [{"code": c, "name": name, "count": n} for c, name, n in spots.by_category[:top]],
        "divisions": [{"code": c, "name": name, "count": n} for c, name, n in city_counts(spots.by_division)],
    }
