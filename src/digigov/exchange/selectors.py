"""Reads of the exchange, scoped to the actor: consumers see their own, providers what concerns their resources,
the platform operator everything it supervises (R1.4)."""

import datetime as dt

from django.db.models import Q, QuerySet

from digigov.catalog import api as catalog
from digigov.core.errors import NotFoundError
from digigov.core.models import LedgerEntry, Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.models import DataService, ErrorReport, GatewayCall, Grant, Mount, ShareApplication
from digigov.exchange.permissions import is_operator
from digigov.identity import api as identity


def _get(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFoundError()
    return obj


def service_list(*, actor) -> QuerySet[DataService]:
    """The provider's own services; the platform operator watches all of them (interruptions, R1.5)."""
    qs = DataService.objects.select_related("provider", "table")
    return qs if is_operator(actor) else qs.visible_to(actor)


def service_get(*, actor, pk: int) -> DataService:
    return _get(service_list(actor=actor), pk)


def mount_list(*, actor, service: DataService | None = None) -> QuerySet[Mount]:
    qs = Mount.objects.filter(service__in=service_list(actor=actor)).select_related("resource", "service")
    return qs.filter(service=service) if service is not None else qs


def mount_get(*, actor, pk: int) -> Mount:
    return _get(mount_list(actor=actor), pk)


def _provider_q(actor, prefix: str = "") -> Q:
    return Q(**{f"{prefix}resource__provider_id__in": organisation_ids(actor)})


def applications_mine(*, actor) -> QuerySet[ShareApplication]:
    """Applications my organisation made (consumer)."""
    return ShareApplication.objects.visible_to(actor).select_related("resource", "consumer", "system")


def applications_to_me(*, actor) -> QuerySet[ShareApplication]:
    """Applications for my organisation's resources, once the operator has passed them on (provider)."""
    return (
        ShareApplication.objects.filter(_provider_q(actor))
        .exclude(status__in=[ApplicationStatus.OPERATOR_CHECK, ApplicationStatus.RETURNED])
        .select_related("resource", "consumer", "system")
    )


def applications_for_operator(*, actor) -> QuerySet[ShareApplication]:
    """Every application, for the platform operator who checks, tracks and urges them; nothing for others."""
    if not is_operator(actor):
        return ShareApplication.objects.none()
    return ShareApplication.objects.select_related("resource", "resource__provider", "consumer", "system")


def application_get(*, actor, pk: int) -> ShareApplication:
    qs = ShareApplication.objects.select_related(
        "resource", "resource__provider", "consumer", "system", "applicant", "decided_by"
    )
    if not is_operator(actor):
        qs = qs.filter(Q(consumer_id__in=organisation_ids(actor)) | _provider_q(actor))
    return _get(qs, pk)


def application_timeline(application: ShareApplication) -> QuerySet[LedgerEntry]:
    """The application's history as the audit ledger recorded it, with its grant's entries."""
    condition = Q(object_type="exchange.shareapplication", object_id=str(application.pk))
    grant = Grant.objects.filter(application=application).first()
    if grant is not None:
        condition |= Q(object_type="exchange.grant", object_id=str(grant.pk))
    return LedgerEntry.objects.filter(condition).order_by("seq")


def service_history(service: DataService) -> QuerySet[LedgerEntry]:
    """A data service's history as the ledger recorded it: registered, reloaded, probed down and up, mounted."""
    mounts = [str(pk) for pk in Mount.objects.filter(service=service).values_list("pk", flat=True)]
    condition = Q(object_type="exchange.dataservice", object_id=str(service.pk))
    condition |= Q(object_type="exchange.mount", object_id__in=mounts)
    return LedgerEntry.objects.filter(condition).order_by("seq")


def grant_list(*, actor) -> QuerySet[Grant]:
    qs = Grant.objects.select_related("resource", "consumer", "system", "application")
    if is_operator(actor) or is_platform_admin(actor):
        return qs
    return qs.filter(Q(consumer_id__in=organisation_ids(actor)) | _provider_q(actor))


def grant_get(*, actor, pk: int) -> Grant:
    return _get(grant_list(actor=actor), pk)


def error_report_list(*, actor) -> QuerySet[ErrorReport]:
    """Reports my organisation made, and reports about my organisation's resources."""
    qs = ErrorReport.objects.select_related("resource", "item", "reporter")
    if is_platform_admin(actor):
        return qs
    return qs.filter(Q(reporter_id__in=organisation_ids(actor)) | _provider_q(actor))


def error_report_get(*, actor, pk: int) -> ErrorReport:
    return _get(error_report_list(actor=actor), pk)


def error_report_with_attachment(*, actor, name: str) -> ErrorReport | None:
    """The report whose evidence file is `name`, if the actor may see the report (its reporter, its provider, the
    platform administrator): who may download the evidence (core.private_files)."""
    if not name:
        return None
    return error_report_list(actor=actor).filter(attachment=name).first()


def application_search(*, actor, terms: list[str]) -> QuerySet[ShareApplication]:
    """Applications the actor's lists show (made by their organisation, or passed on to it as provider; all for the
    platform operator) holding every term in their number, resource, either party's name or purpose; newest first."""
    qs = ShareApplication.objects.select_related("resource", "resource__provider", "consumer")
    if not (is_operator(actor) or is_platform_admin(actor)):
        passed_on = _provider_q(actor) & ~Q(status__in=[ApplicationStatus.OPERATOR_CHECK, ApplicationStatus.RETURNED])
        qs = qs.filter(Q(consumer_id__in=organisation_ids(actor)) | passed_on)
    for term in terms:
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(resource__name__icontains=term)
            | Q(consumer__name__icontains=term)
            | Q(resource__provider__name__icontains=term)
            | Q(purpose__icontains=term)
        )
    return qs.order_by("-submitted_at", "-pk")


def call_list(
    *,
    actor,
    consumer_id: int | None = None,
    resource_id: int | None = None,
    status: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[GatewayCall]:
    """The gateway's call log (R1.8), newest first: every call for the platform operator, calls to its own
    resources for a provider department (served or refused), nothing for anyone else. `until` is exclusive."""
    qs = GatewayCall.objects.select_related("consumer", "system", "resource")
    if not is_operator(actor):
        qs = qs.filter(_provider_q(actor))
    if consumer_id:
        qs = qs.filter(consumer_id=consumer_id)
    if resource_id:
        qs = qs.filter(resource_id=resource_id)
    if status:
        qs = qs.filter(status=status)
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return qs.order_by("-at")


def call_consumer_options(*, actor) -> QuerySet[Organisation]:
    """Departments the call log may be filtered by: those with a registered system (only systems call)."""
    return identity.organisations_with_systems()


def call_resource_options(*, actor) -> list:
    """Published resources the call log may be filtered by: all for the platform operator, else one's own."""
    if is_operator(actor):
        return catalog.published_resource_options()
    found = []
    for org_id in sorted(organisation_ids(actor)):
        found += catalog.published_resource_options(provider_id=org_id)
    return sorted(found, key=lambda r: r.code)
