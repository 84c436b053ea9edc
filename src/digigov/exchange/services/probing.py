"""Availability probing of data services (R1.5: interrupted data services are flagged and reported).

The HTTP call happens outside any transaction; recording its outcome is one short transaction per service.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.inbox import inbox_complete_for, inbox_register, lazy_text, notify_role
from digigov.core.rules import rule
from digigov.exchange.choices import ServiceKind, ServiceStatus
from digigov.exchange.models import DataService, ServiceProbe
from digigov.exchange.permissions import PROVIDER_STAFF, operator_organisations
from digigov.exchange.services import upstream

INTERRUPTED_KIND = "exchange.service.interrupted"


def probe_service(service: DataService) -> ServiceProbe:
    """Check one service now. A hosted table lives in our own database and is available by construction."""
    if service.kind == ServiceKind.HOSTED_TABLE:
        answer = upstream.Answer(True, None, 0)
    else:
        answer = upstream.http_get(
            service.probe_url or service.endpoint, timeout=rule("exchange.probe_timeout_seconds")
        )
    return _record(service.pk, answer)


@transaction.atomic
def _record(service_id: int, answer: upstream.Answer) -> ServiceProbe:
    service = DataService.objects.select_for_update(of=("self",)).select_related("provider").get(pk=service_id)
    now = timezone.now()
    probe = ServiceProbe.objects.create(
        service=service,
        at=now,
        ok=answer.ok,
        status_code=answer.status_code,
        latency_ms=answer.latency_ms,
        error=answer.error[:300],
    )
    service.last_probe_at = now
    if answer.ok:
        service.failures = 0
        if service.status == ServiceStatus.INTERRUPTED:
            _restored(service)
    else:
        service.failures += 1
        if service.status == ServiceStatus.ACTIVE and service.failures >= rule("exchange.probe_failures_to_interrupt"):
            _interrupted(service, answer.error)
    service.save(update_fields=["last_probe_at", "failures", "status"])
    return probe


def _service_url(service: DataService) -> str:
    return reverse("exchange_service_detail", args=[service.pk])


def _interrupted(service: DataService, error: str) -> None:
    service.status = ServiceStatus.INTERRUPTED
    ledger.record(
        action="exchange.service.interrupted",
        organisation=service.provider_id,
        obj=service,
        before={"status": ServiceStatus.ACTIVE},
        after={"status": ServiceStatus.INTERRUPTED, "failures": service.failures, "error": error},
    )
    title = lazy_text(
        _("Data service “%(name)s” of %(org)s is interrupted"), name=service.name, org=service.provider.name
    )
    body = lazy_text(_("%(n)s probes in a row failed; last error: %(error)s"), n=service.failures, error=error)
    notify_role(service.provider, PROVIDER_STAFF, title=title, body=body, url=_service_url(service))
    for operator in operator_organisations()[:1]:
        inbox_register(
            source="exchange",
            kind=INTERRUPTED_KIND,
            title=title,
            url=_service_url(service),
            assignee_org=operator,
            assignee_role="",  # any of the operator's staff (R1.4 跟踪督促)
            working_days=rule("exchange.interruption_followup_days"),
            obj=service,
        )


def _restored(service: DataService) -> None:
    service.status = ServiceStatus.ACTIVE
    ledger.record(
        action="exchange.service.restored",
        organisation=service.provider_id,
        obj=service,
        before={"status": ServiceStatus.INTERRUPTED},
        after={"status": ServiceStatus.ACTIVE},
    )
    inbox_complete_for(obj=service, kind=INTERRUPTED_KIND)
    notify_role(
        service.provider,
        PROVIDER_STAFF,
        title=lazy_text(_("Data service “%(name)s” is available again"), name=service.name),
        url=_service_url(service),
    )


def probe_due(*, now: dt.datetime | None = None) -> int:
    """Probe every service not probed within exchange.probe_interval_minutes; returns how many were probed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=rule("exchange.probe_interval_minutes"))
    due = DataService.objects.exclude(status=ServiceStatus.RETIRED).filter(
        Q(last_probe_at__isnull=True) | Q(last_probe_at__lt=cutoff)
    )
    count = 0
    for service in due.order_by("pk").iterator():
        probe_service(service)
        count += 1
    return count
