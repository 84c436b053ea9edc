"""Ninja routes of the exchange under /api/v1/exchange/ (R1.4–R1.7): data services and mounting, share
applications, grants and error reports. Thin: each route parses, calls one service or selector, renders."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from digigov.core.api_inputs import Id, PositiveCount
from digigov.core.api_jobs import JobOut, accepted
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation
from digigov.core.rules import rule
from digigov.exchange import selectors, services, tasks
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.sharing_figures import sharing_figures

router = Router(tags=["exchange"])


def _org(request, org_id: int | None) -> Organisation:
    """The organisation the caller acts for: the one named, else their first (checked again by the service)."""
    if org_id is None:
        org = acting_organisation(request.user)
        if org is None:
            raise PermissionDeniedError()
        return org
    org = Organisation.objects.filter(pk=org_id, is_active=True).first()
    if org is None:
        raise NotFoundError()
    return org


# --- data services and mounts -------------------------------------------------------------------------------


class ProbeOut(Schema):
    at: dt.datetime
    ok: bool
    status_code: int | None
    latency_ms: int | None
    error: str


class ServiceOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    provider_id: int
    endpoint: str
    failures: int
    last_probe_at: dt.datetime | None
    rows: int | None = Field(None, alias="table.row_count")
    key_column: str | None = Field(None, alias="table.key_column")
    columns: list[str] | None = Field(None, alias="table.columns")


class UpstreamIn(Schema):
    name: str
    endpoint: str
    probe_url: str = ""
    organisation_id: Id | None = None


class MountIn(Schema):
    resource_id: Id
    field_map: dict[str, str]


class MountOut(Schema):
    id: int
    resource_id: int
    service_id: int
    field_map: dict[str, str]
    is_active: bool
    mounted_at: dt.datetime


@router.get("/services", response=list[ServiceOut], summary=_("My data services (all for the platform operator)"))
def service_list(request):
    return list(selectors.service_list(actor=request.user))


@router.post("/services", response={201: ServiceOut}, summary=_("Register an upstream HTTP API"))
def service_create(request, payload: UpstreamIn):
    return Status(
        201,
        services.service_register_upstream(
            actor=request.user,
            provider=_org(request, payload.organisation_id),
            name=payload.name,
            endpoint=payload.endpoint,
            probe_url=payload.probe_url,
        ),
    )


@router.post(
    "/services/upload",
    response={202: JobOut},
    summary=_("Host an uploaded CSV or .xlsx table"),
    description=_(
        "The file's size and type, the name and the key column are checked at once (400 with each problem); the rows "
        "are then checked and stored by a background job. Follow it at /api/v1/core/jobs/{id}: once it is done, its "
        "result_url leads to the new data service; a refused file leaves nothing behind and lists every bad cell."
    ),
)
def service_upload(
    request,
    file: File[UploadedFile],
    name: Form[str],
    key_column: Form[str],
    organisation_id: Form[Id | None] = None,
):
    provider = _org(request, organisation_id)
    return accepted(
        tasks.hosted_table_register_start(
            actor=request.user, provider=provider, name=name, key_column=key_column, upload=file
        )
    )


@router.get("/services/{service_id}", response=ServiceOut, summary=_("One data service and its status"))
def service_detail(request, service_id: Id):
    return selectors.service_get(actor=request.user, pk=service_id)


@router.get("/services/{service_id}/probes", response=list[ProbeOut], summary=_("Recent probes of a data service"))
def service_probes(request, service_id: Id):
    return list(selectors.service_get(actor=request.user, pk=service_id).probes.all()[:50])


@router.post(
    "/services/{service_id}/reload",
    response={202: JobOut},
    summary=_("Replace a hosted table's rows"),
    description=_(
        "Checked at once like an upload, then run as a background job (/api/v1/core/jobs/{id}): consumers see the "
        "old rows until every new row has been checked and stored, then the new ones."
    ),
)
def service_reload(request, service_id: Id, file: File[UploadedFile], key_column: Form[str] = ""):
    service = selectors.service_get(actor=request.user, pk=service_id)
    return accepted(
        tasks.hosted_table_reload_start(actor=request.user, service=service, upload=file, key_column=key_column)
    )


@router.post("/services/{service_id}/probe", response=ProbeOut, summary=_("Probe a data service now"))
def service_probe(request, service_id: Id):
    return services.probe_service(selectors.service_get(actor=request.user, pk=service_id))


@router.post("/services/{service_id}/mount", response={201: MountOut}, summary=_("Mount to an own published resource"))
def service_mount(request, service_id: Id, payload: MountIn):
    service = selectors.service_get(actor=request.user, pk=service_id)
    return Status(
        201,
        services.service_mount(
            actor=request.user, service=service, resource_id=payload.resource_id, field_map=payload.field_map
        ),
    )


@router.post("/mounts/{mount_id}/unmount", response=MountOut, summary=_("Unmount"))
def mount_remove(request, mount_id: Id):
    return services.service_unmount(actor=request.user, mount=selectors.mount_get(actor=request.user, pk=mount_id))


# --- share applications and grants ----------------------------------------------------------------------------


class ApplicationIn(Schema):
    resource_id: Id
    item_ids: list[Id]
    purpose: str
    legal_basis: str
    period_start: dt.date
    period_end: dt.date
    system_id: Id
    raw_values: bool = False
    organisation_id: Id | None = None


class ApplicationOut(Schema):
    id: int
    number: str
    status: str
    consumer_id: int
    resource_id: int
    system_id: int
    item_ids: list[int]
    purpose: str
    legal_basis: str
    period_start: dt.date
    period_end: dt.date
    raw_values: bool
    deadline: dt.date | None
    urged_count: int
    escalated_at: dt.datetime | None
    decision_reason: str
    submitted_at: dt.datetime

    @staticmethod
    def resolve_item_ids(obj):
        return sorted(obj.items.values_list("pk", flat=True))


class ReasonIn(Schema):
    reason: str = ""


class GrantIn(Schema):
    daily_quota: PositiveCount | None = None


class GrantOut(Schema):
    id: int
    application_id: int
    consumer_id: int
    system_id: int
    resource_id: int
    item_ids: list[int]
    raw_values: bool
    valid_from: dt.date
    valid_until: dt.date
    daily_quota: int | None
    is_active: bool
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_item_ids(obj):
        return sorted(obj.items.values_list("pk", flat=True))


BOXES = {
    "mine": selectors.applications_mine,
    "to_me": selectors.applications_to_me,
    "operator": selectors.applications_for_operator,
}


@router.get("/applications", response=list[ApplicationOut], summary=_("Applications: mine, to me, or to the operator"))
def application_list(request, box: str = "mine", status: str = ""):
    qs = BOXES.get(box, selectors.applications_mine)(actor=request.user)
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return list(qs.prefetch_related("items")[:500])


@router.post("/applications", response={201: ApplicationOut}, summary=_("Apply for a published resource"))
def application_create(request, payload: ApplicationIn):
    return Status(
        201,
        services.application_submit(
            actor=request.user,
            consumer=_org(request, payload.organisation_id),
            resource_id=payload.resource_id,
            item_ids=payload.item_ids,
            purpose=payload.purpose,
            legal_basis=payload.legal_basis,
            period_start=payload.period_start,
            period_end=payload.period_end,
            system_id=payload.system_id,
            raw_values=payload.raw_values,
        ),
    )


@router.get("/applications/{application_id}", response=ApplicationOut, summary=_("One application"))
def application_detail(request, application_id: Id):
    return selectors.application_get(actor=request.user, pk=application_id)


def _app(request, application_id: int):
    return selectors.application_get(actor=request.user, pk=application_id)


@router.post("/applications/{application_id}/forward", response=ApplicationOut, summary=_("Operator forwards"))
def application_forward(request, application_id: Id):
    return services.application_forward(actor=request.user, application=_app(request, application_id))


@router.post("/applications/{application_id}/return", response=ApplicationOut, summary=_("Operator returns"))
def application_return(request, application_id: Id, payload: ReasonIn):
    app = _app(request, application_id)
    return services.application_return(actor=request.user, application=app, reason=payload.reason)


@router.post("/applications/{application_id}/grant", response=GrantOut, summary=_("Provider grants"))
def application_grant(request, application_id: Id, payload: GrantIn):
    app = _app(request, application_id)
    return services.application_grant(actor=request.user, application=app, daily_quota=payload.daily_quota)


@router.post("/applications/{application_id}/refuse", response=ApplicationOut, summary=_("Provider refuses"))
def application_refuse(request, application_id: Id, payload: ReasonIn):
    app = _app(request, application_id)
    return services.application_refuse(actor=request.user, application=app, reason=payload.reason)


@router.post("/applications/{application_id}/urge", response=ApplicationOut, summary=_("Operator urges (催办)"))
def application_urge(request, application_id: Id, payload: ReasonIn):
    app = _app(request, application_id)
    return services.application_urge(actor=request.user, application=app, note=payload.reason)


@router.post("/applications/{application_id}/escalate", response=ApplicationOut, summary=_("Operator escalates (督办)"))
def application_escalate(request, application_id: Id, payload: ReasonIn):
    app = _app(request, application_id)
    return services.application_escalate(actor=request.user, application=app, note=payload.reason)


@router.post("/applications/{application_id}/withdraw", response=ApplicationOut, summary=_("Consumer withdraws"))
def application_withdraw(request, application_id: Id):
    return services.application_withdraw(actor=request.user, application=_app(request, application_id))


@router.get("/grants", response=list[GrantOut], summary=_("Grants I hold, I gave, or (operator) all"))
def grant_list(request):
    return list(selectors.grant_list(actor=request.user).prefetch_related("items")[:500])


@router.post("/grants/{grant_id}/revoke", response=GrantOut, summary=_("Revoke a grant"))
def grant_revoke(request, grant_id: Id, payload: ReasonIn):
    grant = selectors.grant_get(actor=request.user, pk=grant_id)
    return services.grant_revoke(actor=request.user, grant=grant, reason=payload.reason)


# --- error reports --------------------------------------------------------------------------------------------


class ErrorReportOut(Schema):
    id: int
    number: str
    status: str
    reporter_id: int
    resource_id: int
    record_key: str
    item_id: int
    claimed_value: str
    evidence: str
    has_attachment: bool
    attachment_url: str = Field("", description="Where the report's parties download the evidence (recorded)")
    deadline: dt.date
    answer: str
    corrected_value: str
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_has_attachment(obj):
        return bool(obj.attachment)

    @staticmethod
    def resolve_attachment_url(obj):
        return obj.attachment.url if obj.attachment else ""


class AnswerIn(Schema):
    corrected: bool
    answer: str = ""
    corrected_value: str = ""


@router.get("/error-reports", response=list[ErrorReportOut], summary=_("Error reports I made or about my resources"))
def error_report_list(request):
    return list(selectors.error_report_list(actor=request.user)[:500])


@router.post("/error-reports", response={201: ErrorReportOut}, summary=_("Report doubtful data (纠错)"))
def error_report_create(
    request,
    resource_id: Form[Id],
    record_key: Form[str],
    item_id: Form[Id],
    claimed_value: Form[str],
    evidence: Form[str],
    organisation_id: Form[Id | None] = None,
    attachment: File[UploadedFile | None] = None,
):
    return Status(
        201,
        services.error_report_submit(
            actor=request.user,
            reporter=_org(request, organisation_id),
            resource_id=resource_id,
            record_key=record_key,
            item_id=item_id,
            claimed_value=claimed_value,
            evidence=evidence,
            attachment=attachment,
        ),
    )


@router.post("/error-reports/{report_id}/answer", response=ErrorReportOut, summary=_("Provider answers"))
def error_report_answer(request, report_id: Id, payload: AnswerIn):
    report = selectors.error_report_get(actor=request.user, pk=report_id)
    return services.error_report_answer(
        actor=request.user,
        report=report,
        corrected=payload.corrected,
        answer=payload.answer,
        corrected_value=payload.corrected_value,
    )


class FiguresOut(Schema):
    organisation_id: int | None
    organisation: str
    resources_published: int
    resources_mounted: int
    mount_rate: float | None
    applications_received: int
    applications_answered: int
    answered_on_time: int
    on_time_rate: float | None
    overdue_open: int
    applications_made: int
    calls_served: int
    calls_made: int
    calls_refused: int
    errors_reported: int
    errors_corrected: int
    errors_open: int
    services_interrupted: int


class SupervisionOut(Schema):
    year: int
    mount_rate_target: int
    departments: list[FiguresOut]
    total: FiguresOut


def _figures(row) -> dict:
    data = {name: getattr(row, name) for name in FiguresOut.model_fields if hasattr(row, name)}
    data["organisation_id"] = row.organisation.pk if row.organisation else None
    data["organisation"] = row.organisation.name if row.organisation else gettext("Total")
    return data


@router.get("/supervision", response=SupervisionOut, summary=_("Sharing figures per department and overall (R1.10)"))
def supervision(request, year: int | None = Query(None, ge=2000, le=2100)):
    year = year or timezone.localdate().year
    rows, total = sharing_figures(actor=request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return {
        "year": year,
        "mount_rate_target": rule("catalog.mount_rate_target"),
        "departments": [_figures(row) for row in rows],
        "total": _figures(total),
    }
