"""Cases in the JSON API under /api/v1/eservices/cases (R4.2): a department's queue (filtered by state, nearest
deadline first, paged), one case as that department may see it, and the handlers' steps. Scoped as the screens
are: a department reaches a case only through its own part; another department gets 404. A department's system
calls them with its X-API-Key once the operator allowed it (`case_actors`): it acts for its own organisation."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from digigov.core.api_inputs import Id, PageNumber
from digigov.core.errors import PermissionDeniedError
from digigov.eservices import case_actors, case_selectors
from digigov.eservices.choices import CaseStatus
from digigov.eservices.services import cases
from digigov.forms import api as forms_api

router = Router(tags=["eservices"])


def _actor(request):
    """The signed-in person, or the department system whose key authenticated the call (if it may work cases)."""
    client = getattr(request, "system_client", None)
    if client is None:
        return request.user
    actor = case_actors.system_actor(client)
    if actor is None:
        raise PermissionDeniedError(
            _("This system may not handle cases; the platform operator allows it under the rule for case systems.")
        )
    return actor


class CaseRowOut(Schema):
    id: int
    number: str
    item_id: int
    item: str
    applicant_name: str
    organisation_id: int
    part: str
    part_name: str
    part_status: str
    status: str
    channel: str
    submitted_at: dt.datetime | None
    due_on: dt.date | None
    clock: str


class CasePageOut(Schema):
    count: int
    items: list[CaseRowOut]


class CasePartOut(Schema):
    part: str
    name: str
    organisation_id: int
    organisation: str
    status: str
    due_on: dt.date | None
    agreed: bool | None
    opinion: str


class CaseMaterialOut(Schema):
    name: str
    provided: str
    filename: str
    size: int
    source: str
    source_ref: str
    url: str


class CaseTaskOut(Schema):
    id: int
    name: str
    kind: str
    part: str
    due_on: dt.date | None


class CaseAnswerOut(Schema):
    label: str
    text: str


class CaseOut(Schema):
    id: int
    number: str
    item_id: int
    item: str
    item_version: int
    organisation_id: int
    organisation: str
    lead: bool
    status: str
    decision: str
    reason: str
    channel: str
    applicant_name: str
    applicant_code: str
    submitted_at: dt.datetime | None
    accepted_on: dt.date | None
    due_on: dt.date | None
    concluded_on: dt.date | None
    legal_days: int
    promised_days: int
    suspended_days: int
    days_used: int | None
    clock: str
    overdue_reason: str
    parts: list[CasePartOut]
    answers: list[CaseAnswerOut]
    materials: list[CaseMaterialOut]
    tasks: list[CaseTaskOut]


def _row(part, line) -> dict:
    case = part.case
    return {
        "id": case.pk,
        "number": case.number or "",
        "item_id": case.item_id,
        "item": case.item.name,
        "applicant_name": case.applicant_name,
        "organisation_id": part.organisation_id,
        "part": part.part,
        "part_name": part.name,
        "part_status": part.status,
        "status": part.case_status,
        "channel": case.channel,
        "submitted_at": case.submitted_at,
        "due_on": part.due_on,
        "clock": case_selectors.clock(case, line=line),
    }


@router.get("/cases", response=CasePageOut, summary=_("A department's cases, nearest deadline first (R4.2)"))
def case_list(
    request,
    status: str = "",
    org: Id | None = None,
    q: str = Query("", max_length=40),
    page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):
    status = status if status in (*CaseStatus.values, case_selectors.RUNNING_FILTER) else ""
    qs = case_selectors.part_queue(_actor(request), status=status, organisation=org, q=q)
    start = (page - 1) * page_size
    line = case_selectors.warning_line()
    rows = case_selectors.part_slice(qs, start, page_size)
    return {"count": qs.count(), "items": [_row(p, line) for p in rows]}


def _detail(request, view: case_selectors.StaffView) -> dict:
    case = view.case
    tasks = cases.actor_tasks(_actor(request), case)
    answers = forms_api.answers(case.form_version, view.answers) if case.form_version_id else []
    return {
        "id": case.pk,
        "number": case.number or "",
        "item_id": case.item_id,
        "item": case.item.name,
        "item_version": case.item_version,
        "organisation_id": case.organisation_id,
        "organisation": case.organisation.name,
        "lead": view.lead,
        "status": case.status,
        "decision": case.decision,
        "reason": case.reason if view.lead else "",
        "channel": case.channel,
        "applicant_name": case.applicant_name,
        "applicant_code": case.applicant_code if view.lead else "",
        "submitted_at": case.submitted_at,
        "accepted_on": case.accepted_on,
        "due_on": case.due_on,
        "concluded_on": case.concluded_on,
        "legal_days": case.legal_days,
        "promised_days": case.promised_days,
        "suspended_days": case.suspended_days,
        "days_used": case_selectors.days_used(case),
        "clock": case_selectors.clock(case),
        "overdue_reason": case.overdue_reason,
        "parts": [
            {
                "part": p.part,
                "name": p.name,
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.name,
                "status": p.status,
                "due_on": p.due_on,
                "agreed": p.agreed,
                "opinion": p.opinion,
            }
            for p in view.parts
        ],
        "answers": [{"label": label, "text": text} for label, text in answers],
        "materials": [
            {
                "name": m.name,
                "provided": m.provided,
                "filename": m.filename,
                "size": m.size,
                "source": m.source,
                "source_ref": m.source_ref,
                "url": m.file.url if m.file else "",
            }
            for m in view.materials
        ],
        "tasks": [
            {"id": t.pk, "name": t.name, "kind": cases.task_kind(t.element_id), "part": t.part, "due_on": t.due_on}
            for t in tasks
        ],
    }


def _view(request, case_id: int) -> case_selectors.StaffView:
    return case_selectors.staff_case_get(_actor(request), case_id)


@router.get("/cases/{case_id}", response=CaseOut, summary=_("One case as the caller's department may see it"))
def case_get(request, case_id: Id):
    view = _view(request, case_id)
    cases.case_opened(actor=_actor(request), case=view.case, organisation_id=view.parts[0].organisation_id)
    return _detail(request, view)


class CaseReasonIn(Schema):
    reason: str = ""


class CaseMissingIn(Schema):
    name: str
    reason: str = ""


class CaseSupplementIn(Schema):
    missing: list[CaseMissingIn]
    note: str = ""


class CaseReviewIn(Schema):
    agreed: bool
    opinion: str = ""


class CaseDecisionIn(Schema):
    approved: bool
    reason: str = ""


def _after(request, case_id: int) -> dict:
    return _detail(request, _view(request, case_id))


@router.post("/cases/{case_id}/accept", response=CaseOut, summary=_("Accept a case (受理)"))
def case_accept(request, case_id: Id):
    cases.case_accept(actor=_actor(request), case=_view(request, case_id).case)
    return _after(request, case_id)


@router.post("/cases/{case_id}/reject", response=CaseOut, summary=_("Do not accept a case (不予受理), with the reason"))
def case_reject(request, case_id: Id, body: CaseReasonIn):
    cases.case_reject(actor=_actor(request), case=_view(request, case_id).case, reason=body.reason)
    return _after(request, case_id)


@router.post(
    "/cases/{case_id}/supplement-request", response=CaseOut, summary=_("Ask for a supplement (补正), one notice")
)
def case_supplement_request(request, case_id: Id, body: CaseSupplementIn):
    missing = [m.dict() for m in body.missing]
    cases.case_request_supplement(
        actor=_actor(request), case=_view(request, case_id).case, missing=missing, note=body.note
    )
    return _after(request, case_id)


@router.post("/cases/{case_id}/review", response=CaseOut, summary=_("Give the review opinion of the caller's part"))
def case_review(request, case_id: Id, body: CaseReviewIn):
    cases.case_review(
        actor=_actor(request), case=_view(request, case_id).case, agreed=body.agreed, opinion=body.opinion
    )
    return _after(request, case_id)


@router.post(
    "/cases/{case_id}/decide", response=CaseOut, summary=_("Decide a case: approve, or refuse with the reason")
)
def case_decide(request, case_id: Id, body: CaseDecisionIn):
    cases.case_decide(
        actor=_actor(request), case=_view(request, case_id).case, approved=body.approved, reason=body.reason
    )
    return _after(request, case_id)


@router.post("/cases/{case_id}/conclude", response=CaseOut, summary=_("Conclude a case (办结)"))
def case_conclude(request, case_id: Id):
    cases.case_conclude(actor=_actor(request), case=_view(request, case_id).case)
    return _after(request, case_id)
