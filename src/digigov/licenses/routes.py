"""Electronic licences in the JSON API under /api/v1/licenses/ (R6.1): the type catalogue, and issuing, reading,
changing, renewing, cancelling and revoking a department's licences.

Staff call with their session; a department's system with its X-API-Key once the operator listed it in the rule
`licenses.issue_systems`: it acts for its own department only (another department's licence answers 404, another
department's type 403), and what it issues is recorded as issued through the department's system.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from digigov.core.api_inputs import PageNumber
from digigov.core.errors import PermissionDeniedError
from digigov.licenses import permissions, selectors
from digigov.licenses.choices import IssueSource
from digigov.licenses.models import Licence, LicenceType
from digigov.licenses.services import batch, issuance

router = Router(tags=["licenses"])

DataValue = str | int | float


def _actor(request):
    client = getattr(request, "system_client", None)
    if client is None:
        return request.user
    actor = permissions.system_actor(client)
    if actor is None:
        raise PermissionDeniedError(
            _("This system may not issue licences; the platform operator allows it under the rule for licence systems.")
        )
    return actor


def _source(request) -> str:
    return IssueSource.API if getattr(request, "system_client", None) is not None else IssueSource.HAND


class LicenceTypeItemOut(Schema):
    key: str
    label: str
    kind: str
    required: bool


class LicenceTypeOut(Schema):
    code: str
    name: str
    issuer: str
    issuer_code: str
    holder_kind: str
    items: list[LicenceTypeItemOut]
    validity_years: int | None
    trust_grade: str
    is_active: bool


class LicenceTypePageOut(Schema):
    count: int
    items: list[LicenceTypeOut]


def _type_out(t: LicenceType) -> dict:
    return {
        "code": t.code,
        "name": t.name,
        "issuer": t.issuer.name,
        "issuer_code": t.issuer.uscc or "",
        "holder_kind": t.holder_kind,
        "items": [
            {"key": i["key"], "label": i["label"], "kind": i["kind"], "required": bool(i.get("required"))}
            for i in t.items
        ],
        "validity_years": t.validity_years,
        "trust_grade": t.trust_grade,
        "is_active": t.is_active,
    }


@router.get("/types", response=LicenceTypePageOut, summary=_("The licence type catalogue (GB/T 36902)"))
def licence_types(
    request, q: str = Query("", max_length=40), page: PageNumber = 1, page_size: int = Query(50, ge=1, le=200)
):
    _actor(request)
    qs = selectors.type_list(actor=request.user, q=q)
    start = (page - 1) * page_size
    return {"count": qs.count(), "items": [_type_out(t) for t in qs[start : start + page_size]]}


@router.get("/types/{code}", response=LicenceTypeOut, summary=_("One licence type by its code"))
def licence_type(request, code: str):
    _actor(request)
    return _type_out(selectors.type_get(code=code))


class LicenceVersionOut(Schema):
    version: int
    identifier: str
    kind: str
    reason: str
    seal_code: str
    created_at: dt.datetime


class LicenceOut(Schema):
    identifier: str
    number: str
    type_code: str
    type_name: str
    holder_kind: str
    holder_name: str
    holder_code: str
    issuer: str
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    data: dict[str, str]
    status: str
    status_reason: str
    version: int
    source: str
    source_ref: str
    trust_grade: str
    versions: list[LicenceVersionOut]


def _licence_out(licence: Licence) -> dict:
    return {
        "identifier": licence.identifier,
        "number": licence.number,
        "type_code": licence.licence_type.code,
        "type_name": licence.licence_type.name,
        "holder_kind": licence.holder_kind,
        "holder_name": licence.holder_name,
        "holder_code": licence.holder_code,
        "issuer": licence.issuer.name,
        "issued_on": licence.issued_on,
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "data": {k: str(v) for k, v in licence.data.items()},
        "status": licence.status,
        "status_reason": licence.status_reason,
        "version": licence.version,
        "source": licence.source,
        "source_ref": licence.source_ref,
        "trust_grade": licence.trust_grade,
        "versions": [
            {
                "version": v.version,
                "identifier": v.identifier,
                "kind": v.kind,
                "reason": v.reason,
                "seal_code": v.seal_code,
                "created_at": v.created_at,
            }
            for v in selectors.versions_of(licence)
        ],
    }


class LicenceIssueIn(Schema):
    type_code: str = Field(max_length=21)
    holder_name: str = Field(max_length=200)
    holder_code: str = Field(max_length=18)
    number: str = Field(max_length=60)
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None = None
    data: dict[str, DataValue] = {}
    source_ref: str = Field("", max_length=100)


def _type_for_issue(actor, code: str) -> LicenceType:
    licence_type = selectors.type_get(code=code)
    if not permissions.can_issue(actor, licence_type.issuer_id):
        raise PermissionDeniedError(_("Only the issuing department's staff or systems issue its licences."))
    return licence_type


@router.post("/licences", response={201: LicenceOut}, summary=_("Issue a licence (颁发), sealed by the department"))
def licence_issue(request, payload: LicenceIssueIn):
    actor = _actor(request)
    licence = issuance.issue(
        actor=actor,
        licence_type=_type_for_issue(actor, payload.type_code),
        holder_name=payload.holder_name,
        holder_code=payload.holder_code,
        number=payload.number,
        issued_on=payload.issued_on,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        data=payload.data,
        source=_source(request),
        source_ref=payload.source_ref,
    )
    return Status(201, _licence_out(licence))


class LicenceRowIn(Schema):
    holder_name: str = Field(max_length=200)
    holder_code: str = Field(max_length=18)
    number: str = Field(max_length=60)
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None = None
    data: dict[str, DataValue] = {}


class LicenceBatchIn(Schema):
    type_code: str = Field(max_length=21)
    rows: list[LicenceRowIn] = Field(max_length=1000)
    source_ref: str = Field("", max_length=100)


class LicenceBatchOut(Schema):
    count: int


@router.post(
    "/batches", response={201: LicenceBatchOut}, summary=_("Issue up to 1,000 licences of one type, all or none")
)
def licence_batch(request, payload: LicenceBatchIn):
    actor = _actor(request)
    count = batch.issue_bulk(
        actor=actor,
        licence_type=_type_for_issue(actor, payload.type_code),
        rows=[row.dict() for row in payload.rows],
        source=IssueSource.API if _source(request) == IssueSource.API else IssueSource.BATCH,
        source_ref=payload.source_ref,
    )
    return Status(201, {"count": count})


def _licence(request, identifier: str) -> Licence:
    return selectors.licence_by_identifier(actor=_actor(request), identifier=identifier)


@router.get("/licences/{identifier}", response=LicenceOut, summary=_("A licence of the caller's department"))
def licence_get(request, identifier: str):
    licence = _licence(request, identifier)
    issuance.licence_opened(actor=_actor(request), licence=licence)
    return _licence_out(licence)


class LicenceChangeIn(Schema):
    reason: str = Field(max_length=200)
    holder_name: str | None = Field(None, max_length=200)
    data: dict[str, DataValue] | None = None


@router.post("/licences/{identifier}/change", response=LicenceOut, summary=_("Change a licence (变更): a new version"))
def licence_change(request, identifier: str, payload: LicenceChangeIn):
    licence = issuance.change(
        actor=_actor(request),
        licence=_licence(request, identifier),
        reason=payload.reason,
        holder_name=payload.holder_name,
        data=payload.data,
    )
    return _licence_out(licence)


class LicenceRenewIn(Schema):
    valid_from: dt.date
    valid_until: dt.date | None = None
    reason: str = Field("", max_length=200)


@router.post("/licences/{identifier}/renew", response=LicenceOut, summary=_("Renew a licence (延续): a new version"))
def licence_renew(request, identifier: str, payload: LicenceRenewIn):
    licence = issuance.renew(
        actor=_actor(request),
        licence=_licence(request, identifier),
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )
    return _licence_out(licence)


class LicenceReasonIn(Schema):
    reason: str = Field(max_length=200)


@router.post(
    "/licences/{identifier}/cancel", response=LicenceOut, summary=_("Cancel a licence (注销), with the reason")
)
def licence_cancel(request, identifier: str, payload: LicenceReasonIn):
    licence = issuance.cancel(actor=_actor(request), licence=_licence(request, identifier), reason=payload.reason)
    return _licence_out(licence)


@router.post(
    "/licences/{identifier}/revoke", response=LicenceOut, summary=_("Revoke a licence (吊销), with the reason")
)
def licence_revoke(request, identifier: str, payload: LicenceReasonIn):
    licence = issuance.revoke(actor=_actor(request), licence=_licence(request, identifier), reason=payload.reason)
    return _licence_out(licence)
