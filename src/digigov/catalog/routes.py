"""Ninja routes of the catalogue under /api/v1/catalog/ (R1.1–R1.3); each calls one selector or service."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from digigov.catalog import selectors, services
from digigov.catalog.models import Classification, DemandEntry
from digigov.catalog.permissions import is_operator
from digigov.catalog.services.list_io import KINDS
from digigov.core.api_inputs import Count, Id, PageNumber, PositiveCount
from digigov.core.errors import NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import organisation_ids
from digigov.core.rules import rule

router = Router(tags=["catalog"])


def get_object_or_404(qs, **lookup):
    """Our NotFoundError (the one error shape) rather than Django's Http404."""
    model = getattr(qs, "model", qs)
    found = (qs if hasattr(qs, "filter") else model.objects).filter(**lookup).first()
    if found is None:
        raise NotFoundError()
    return found


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ItemIO(Schema):
    identifier: str
    name: str
    data_type: str
    length: Count | None = None
    sensitive: str = ""
    is_key: bool = False
    element: str = ""
    is_authoritative: bool = False
    description: str = ""


class ItemOut(ItemIO):
    id: int = Field(description="the item's id: what a share application names (exchange item_ids)")


class ResourceSummary(Schema):
    id: int
    code: str
    name: str
    provider_id: int
    provider: str
    classification: str
    share_type: str
    status: str
    revision_status: str
    version: int
    mounted: bool


def _summary(resource) -> dict:
    return {
        "id": resource.pk,
        "code": resource.code,
        "name": resource.name,
        "provider_id": resource.provider_id,
        "provider": resource.provider.name,
        "classification": resource.classification.code,
        "share_type": resource.share_type,
        "status": resource.status,
        "revision_status": resource.revision_status,
        "version": resource.version,
        "mounted": resource.mounted_at is not None,
    }


class ResourcePage(Schema):
    count: int
    items: list[ResourceSummary]


class VersionOut(Schema):
    number: int
    published_at: dt.datetime


class ResourceOut(ResourceSummary):
    summary: str
    format: str
    share_conditions: str
    share_method: str
    legal_basis_kind: str
    legal_basis: str
    open_type: str
    update_cycle: str
    release_date: dt.date | None
    review_comment: str
    items: list[ItemOut]
    versions: list[VersionOut]
    revision: dict | None
    single_source_conflicts: dict[str, list[str]]


def _detail(resource) -> dict:
    data = _summary(resource)
    data.update(
        {f: getattr(resource, f) for f in ResourceOut.model_fields if f not in data and hasattr(resource, f)},
        items=[ItemOut.from_orm(i).dict() for i in resource.items.all()],
        versions=[{"number": v.number, "published_at": v.published_at} for v in selectors.version_list(resource)],
        single_source_conflicts={
            e: [r.code for r in rs] for e, rs in selectors.single_source_conflicts(resource).items()
        },
    )
    return data


@router.get("/resources", response=ResourcePage, summary=_("The catalogue, paged (R1.1)"))
def resource_list(
    request,
    provider: Id | None = None,
    share_type: str = "",
    status: str = "",
    classification: str = "",
    q: str = "",
    page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):
    qs = selectors.resource_list(
        actor=request.user, provider=provider, share_type=share_type, status=status, classification=classification, q=q
    )
    start = (page - 1) * page_size
    return {"count": qs.count(), "items": [_summary(r) for r in qs[start : start + page_size]]}


@router.get("/resources/{resource_id}", response=ResourceOut, summary=_("A resource with its items and versions"))
def resource_get(request, resource_id: Id):
    return _detail(selectors.resource_detail(actor=request.user, pk=resource_id))


class ResourceIn(Schema):
    name: str
    summary: str
    format: str
    share_type: str
    share_method: str
    open_type: str
    update_cycle: str
    share_conditions: str = ""
    legal_basis_kind: str = ""
    legal_basis: str = ""
    release_date: dt.date | None = None
    related_codes: list[str] = []
    items: list[ItemIO] = []


class ResourceCreateIn(ResourceIn):
    provider_id: Id
    classification: str = Field(..., description="Classification code, e.g. 101001; 3 files it under the provider")


@router.post("/resources", response={201: ResourceOut}, summary=_("Create a draft resource"))
def resource_create(request, payload: ResourceCreateIn):
    data = payload.dict()
    provider = get_object_or_404(Organisation, pk=data.pop("provider_id"), is_active=True)
    classification = get_object_or_404(Classification, code=data.pop("classification"))
    items = data.pop("items")
    resource = services.resource_create(
        actor=request.user, provider=provider, classification=classification, items=items, **data
    )
    return Status(201, _detail(resource))


class ResourceUpdateIn(Schema):
    """Only the fields sent change. Text fields take a string (null is refused: the columns hold no null);
    `release_date: null` clears the date."""

    name: str = None
    summary: str = None
    format: str = None
    share_type: str = None
    share_method: str = None
    open_type: str = None
    update_cycle: str = None
    share_conditions: str = None
    legal_basis_kind: str = None
    legal_basis: str = None
    release_date: dt.date | None = None
    items: list[ItemIO] = None


@router.post("/resources/{resource_id}/update", response=ResourceOut, summary=_("Edit a draft, or revise"))
def resource_update(request, resource_id: Id, payload: ResourceUpdateIn):
    resource = selectors.resource_detail(actor=request.user, pk=resource_id)
    data = payload.dict(exclude_unset=True)
    items = data.pop("items", None)
    resource = services.resource_update(actor=request.user, resource=resource, items=items, **data)
    return _detail(resource)


@router.post("/resources/{resource_id}/submit", response=ResourceOut, summary=_("Submit for review"))
def resource_submit(request, resource_id: Id):
    resource = selectors.resource_detail(actor=request.user, pk=resource_id)
    return _detail(services.resource_submit(actor=request.user, resource=resource))


class ReviewIn(Schema):
    approve: bool
    comment: str = ""


@router.post("/resources/{resource_id}/review", response=ResourceOut, summary=_("Publish or return (operator)"))
def resource_review(request, resource_id: Id, payload: ReviewIn):
    resource = selectors.resource_detail(actor=request.user, pk=resource_id)
    resource = services.resource_review(
        actor=request.user, resource=resource, approve=payload.approve, comment=payload.comment
    )
    return _detail(resource)


class WithdrawIn(Schema):
    reason: str = ""


@router.post("/resources/{resource_id}/withdraw", response=ResourceOut, summary=_("Withdraw from the catalogue"))
def resource_withdraw(request, resource_id: Id, payload: WithdrawIn):
    resource = selectors.resource_detail(actor=request.user, pk=resource_id)
    return _detail(services.resource_withdraw(actor=request.user, resource=resource, reason=payload.reason))


@router.get("/resources/{resource_id}/diff", summary=_("What changed between two versions (to=0: the revision)"))
def resource_diff(request, resource_id: Id, old: PositiveCount, new: Count = 0):
    resource = selectors.resource_detail(actor=request.user, pk=resource_id)
    return selectors.version_diff(resource, old, new or None)


class MountRateOut(Schema):
    organisation: str
    organisation_id: int | None
    published: int
    mounted: int
    rate: float | None
    target: float
    meets_target: bool


class MountRatesOut(Schema):
    target: float
    overall: MountRateOut
    departments: list[MountRateOut]


@router.get("/mount-rate", response=MountRatesOut, summary=_("挂接率 per department and overall (R1.3)"))
def mount_rate(request):
    per, total = selectors.mount_rates()
    if not is_operator(request.user):
        ids = organisation_ids(request.user)
        per = [r for r in per if r.organisation_id in ids]
    return {"target": total.target, "overall": total, "departments": per}


# --- the three lists --------------------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFoundError()
    return kind


class ListEntryOut(Schema):
    id: int
    organisation: str
    resource_name: str
    items: str
    state: str
    resource_code: str | None
    detail: dict


def _row(kind, entry) -> dict:
    if kind == "responsibility":
        org, state = entry.organisation.name, selectors.responsibility_state(entry)
        detail = {"due_date": entry.due_date.isoformat(), "duty_basis": entry.duty_basis}
    elif kind == "demand":
        org, state = entry.requester.name, entry.status
        detail = {
            "purpose": entry.purpose,
            "provider": entry.provider.name if entry.provider else None,
            "response": entry.response,
            "response_deadline": entry.response_deadline.isoformat() if entry.response_deadline else None,
        }
    else:
        org, state = entry.organisation.name, "listed"
        detail = {"legal_basis_kind": entry.legal_basis_kind, "legal_basis": entry.legal_basis}
    code = entry.resource.code if entry.resource_id else None
    return {"id": entry.pk, "organisation": org, "resource_name": entry.resource_name, "items": entry.items,
            "state": state, "resource_code": code, "detail": detail}  # fmt: skip


@router.get("/lists/{kind}", response=list[ListEntryOut], summary=_("Responsibility, demand or negative list"))
def list_entries(request, kind: str):
    selector = {
        "responsibility": selectors.responsibility_list,
        "demand": selectors.demand_list,
        "negative": selectors.negative_list,
    }[_kind(kind)]
    return [_row(kind, e) for e in selector(actor=request.user)]


class ImportOut(Schema):
    created: int


@router.post("/lists/{kind}/import", response=ImportOut, summary=_("Import an xlsx; all rows or none"))
def list_import(request, kind: str, file: UploadedFile = File(...)):  # noqa: B008
    data = file.read(rule("catalog.import_max_mb") * 1024 * 1024 + 1)
    return {"created": services.list_import(actor=request.user, kind=_kind(kind), data=data, filename=file.name)}


CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


@router.get("/lists/{kind}/export", summary=_("The list as xlsx or CSV (UTF-8 with BOM) with Chinese headers"))
def list_export(request, kind: str, fmt: Literal["xlsx", "csv"] = Query("xlsx", alias="format")):
    data = services.list_export(actor=request.user, kind=_kind(kind), fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="catalog-{kind}-{dt.date.today():%Y%m%d}.{fmt}"'  # noqa: DTZ011
    return response


class FulfilIn(Schema):
    resource_id: Id


@router.post("/responsibilities/{entry_id}/fulfil", summary=_("Link the published resource fulfilling a duty"))
def responsibility_fulfil(request, entry_id: Id, payload: FulfilIn):
    entry = get_object_or_404(selectors.responsibility_list(actor=request.user), pk=entry_id)
    resource = selectors.resource_detail(actor=request.user, pk=payload.resource_id)
    services.responsibility_fulfil(actor=request.user, entry=entry, resource=resource)
    return {"id": entry.pk, "state": selectors.responsibility_state(entry)}


class DemandIn(Schema):
    requester_id: Id
    resource_name: str
    purpose: str
    items: str = ""
    basis: str = ""
    provider_id: Id | None = None


@router.post("/demands", response={201: ListEntryOut}, summary=_("Declare a data need"))
def demand_create(request, payload: DemandIn):
    requester = get_object_or_404(Organisation, pk=payload.requester_id, is_active=True)
    provider = get_object_or_404(Organisation, pk=payload.provider_id) if payload.provider_id else None
    entry = services.demand_create(
        actor=request.user,
        requester=requester,
        resource_name=payload.resource_name,
        purpose=payload.purpose,
        items=payload.items,
        basis=payload.basis,
        provider=provider,
    )
    return Status(201, _row("demand", entry))


class DemandActionIn(Schema):
    action: str = Field(..., description="match | ask | respond")
    resource_id: Id | None = None
    provider_id: Id | None = None
    planned: bool = False
    response: str = ""


@router.post("/demands/{entry_id}", response=ListEntryOut, summary=_("Match, ask the provider, or respond"))
def demand_action(request, entry_id: Id, payload: DemandActionIn):
    entry = get_object_or_404(selectors.demand_list(actor=request.user), pk=entry_id)
    if payload.action == "match":
        resource = selectors.resource_detail(actor=request.user, pk=payload.resource_id or 0)
        entry = services.demand_match(actor=request.user, entry=entry, resource=resource)
    elif payload.action == "ask":
        provider = get_object_or_404(Organisation, pk=payload.provider_id) if payload.provider_id else None
        entry = services.demand_ask(actor=request.user, entry=entry, provider=provider)
    elif payload.action == "respond":
        entry = services.demand_respond(
            actor=request.user, entry=entry, planned=payload.planned, response=payload.response
        )
    else:
        raise NotFoundError()
    return _row("demand", DemandEntry.objects.get(pk=entry.pk))


@router.get("/demands/{entry_id}/suggestions", response=list[ResourceSummary], summary=_("Resources by name"))
def demand_suggestions(request, entry_id: Id):
    entry = get_object_or_404(selectors.demand_list(actor=request.user), pk=entry_id)
    return [_summary(r) for r in selectors.demand_suggestions(entry)]
