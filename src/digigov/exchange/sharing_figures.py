"""Sharing performance per department and overall (R1.10): what supervision, reports and the annual
assessment read. Pure reads; the figures for resources come from the catalogue through its api."""

import datetime as dt
from dataclasses import dataclass, field, fields

from django.db.models import Count, F, Q
from django.utils import timezone

from digigov.catalog import api as catalog_api
from digigov.core.models import Organisation
from digigov.core.permissions import is_operator, organisation_ids
from digigov.exchange.choices import ApplicationStatus, CallStatus, ErrorReportStatus, ServiceStatus
from digigov.exchange.models import DataService, ErrorReport, GatewayCall, ShareApplication

DECIDED = [ApplicationStatus.GRANTED, ApplicationStatus.REFUSED]


@dataclass
class SharingFigures:
    """One department's (or the whole platform's) sharing figures over a period."""

    organisation: Organisation | None = None
    resources_published: int = 0
    resources_mounted: int = 0
    applications_received: int = 0  # as provider
    applications_answered: int = 0
    answered_on_time: int = 0
    overdue_open: int = 0  # awaiting this provider's answer past the deadline, today
    applications_made: int = 0  # as consumer
    # Through the gateway. Every call is made by one consumer; only an answered one is served by a provider. So over
    # all departments calls_made = calls_served + calls_refused (refused by the gateway, or the data service failed).
    calls_served: int = 0  # answered, as provider
    calls_made: int = 0  # as consumer, whatever the outcome
    calls_refused: int = 0  # as consumer: not answered
    errors_reported: int = 0  # against this provider's data
    errors_corrected: int = 0
    errors_open: int = 0
    services_interrupted: int = 0  # now
    extra: dict = field(default_factory=dict)

    @property
    def mount_rate(self) -> float | None:
        return 100.0 * self.resources_mounted / self.resources_published if self.resources_published else None

    @property
    def on_time_rate(self) -> float | None:
        return 100.0 * self.answered_on_time / self.applications_answered if self.applications_answered else None

    def add(self, other: "SharingFigures") -> None:
        for f in fields(self):
            if f.type == "int" or f.type is int:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


COUNTED = [f.name for f in fields(SharingFigures) if f.type in ("int", int)]


def _departments() -> dict[int, int]:
    """Every organisation's department: the root of its tree of internal units."""
    parents = dict(Organisation.objects.values_list("pk", "parent_id"))
    roots = {}
    for pk in parents:
        root = pk
        while parents.get(root) is not None:
            root = parents[root]
        roots[pk] = root
    return roots


def _counts(qs, group: str, roots: dict[int, int], **aggregates) -> dict[int, dict[str, int]]:
    """The aggregates per department: an internal unit's rows count for its department, so that every call and
    application lands in exactly one row and the totals of both sides agree."""
    counts: dict[int, dict[str, int]] = {}
    for row in qs.values(group).annotate(**aggregates):
        org = row.pop(group)
        into = counts.setdefault(roots.get(org, org), dict.fromkeys(row, 0))
        for name, n in row.items():
            into[name] += n
    return counts


def sharing_figures(
    *, actor, start: dt.date, end: dt.date, today: dt.date | None = None
) -> tuple[list[SharingFigures], SharingFigures]:
    """Per-department figures for the period [start, end] and their total, limited to what `actor` may see:
    every department for the platform operator and administrators, otherwise the actor's own."""
    today = today or timezone.localdate()
    in_period = {"submitted_at__date__range": (start, end)}
    roots = _departments()
    received = _counts(
        ShareApplication.objects.filter(**in_period),
        "resource__provider",
        roots,
        received=Count("pk"),
        answered=Count("pk", filter=Q(status__in=DECIDED)),
        on_time=Count(
            "pk", filter=Q(status__in=DECIDED) & (Q(deadline__isnull=True) | Q(decided_at__date__lte=F("deadline")))
        ),
    )
    overdue = _counts(
        ShareApplication.objects.filter(status=ApplicationStatus.PROVIDER_REVIEW, deadline__lt=today),
        "resource__provider",
        roots,
        n=Count("pk"),
    )
    made = _counts(ShareApplication.objects.filter(**in_period), "consumer", roots, n=Count("pk"))
    # A range on `at` itself, not at__date: the date of a time-zone-aware column cannot use its index, and the call
    # log is the platform's largest table.
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    calls = GatewayCall.objects.filter(at__gte=first, at__lt=after)
    served = _counts(calls.filter(status=CallStatus.OK), "provider", roots, n=Count("pk"))
    consumed = _counts(calls, "consumer", roots, n=Count("pk"), refused=Count("pk", filter=~Q(status=CallStatus.OK)))
    errors = _counts(
        ErrorReport.objects.filter(created_at__date__range=(start, end)),
        "resource__provider",
        roots,
        n=Count("pk"),
        corrected=Count("pk", filter=Q(status=ErrorReportStatus.CORRECTED)),
        open=Count("pk", filter=Q(status=ErrorReportStatus.SUBMITTED)),
    )
    interrupted = _counts(
        DataService.objects.filter(status=ServiceStatus.INTERRUPTED), "provider", roots, n=Count("pk")
    )
    resources = catalog_api.resource_counts_by_provider()

    departments = Organisation.objects.filter(parent__isnull=True, is_active=True).select_related("division")
    if not is_operator(actor):
        departments = departments.filter(pk__in=organisation_ids(actor))
    rows, total = [], SharingFigures()
    for org in departments.order_by("division_id", "name"):
        published, mounted = resources.get(org.pk, (0, 0))
        r = received.get(org.pk, {})
        e = errors.get(org.pk, {})
        c = consumed.get(org.pk, {})
        row = SharingFigures(
            organisation=org,
            resources_published=published,
            resources_mounted=mounted,
            applications_received=r.get("received", 0),
            applications_answered=r.get("answered", 0),
            answered_on_time=r.get("on_time", 0),
            overdue_open=overdue.get(org.pk, {}).get("n", 0),
            applications_made=made.get(org.pk, {}).get("n", 0),
            calls_served=served.get(org.pk, {}).get("n", 0),
            calls_made=c.get("n", 0),
            calls_refused=c.get("refused", 0),
            errors_reported=e.get("n", 0),
            errors_corrected=e.get("corrected", 0),
            errors_open=e.get("open", 0),
            services_interrupted=interrupted.get(org.pk, {}).get("n", 0),
        )
        rows.append(row)  # a department with nothing to show is itself a finding
        total.add(row)
    return rows, total
