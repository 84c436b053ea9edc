"""The 12345 hotline in the JSON API under /api/v1/hotline/ (issue 13 §11, R5.1): other channels and systems register
tickets; staff and department systems list, read, dispatch (with co-handling departments), accept, reply, review and
record return visits; co-handling departments send their contribution, the lead department asks for an extension,
the centre's supervisors decide it and urge (督办).

Staff call with their session; a system with its X-API-Key once the operator listed it in the rule
`hotline.api_systems`: it acts for its own organisation only (a centre's system as an agent, a department's as its
handler). A ticket of another centre or department answers 404. The caller's phone and ID number are masked unless
the caller is the agent who took the ticket or its handler; a full read is in the ledger.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from digigov.core.actors import SystemActor
from digigov.core.api_inputs import Id, PageNumber
from digigov.core.choices import Role
from digigov.core.errors import FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.rules import rule
from digigov.hotline import selectors, services
from digigov.hotline.choices import Channel, TicketAction, TicketKind, Urgency
from digigov.hotline.duplicates import duplicate_candidates
from digigov.hotline.figures import figures_summary
from digigov.hotline.lifecycle import TICKET
from digigov.hotline.models import Ticket

router = Router(tags=["hotline"])

Number = Path(..., max_length=20)


def _actor(request):
    client = getattr(request, "system_client", None)
    if client is None:
        return request.user
    allowed = {int(p) for p in str(rule("hotline.api_systems")).replace("，", ",").split(",") if p.strip().isdigit()}
    if client.pk not in allowed:
        raise PermissionDeniedError(
            _("This system may not use the hotline API; the platform operator allows it under the rule for hotline "
              "systems.")
        )  # fmt: skip
    return SystemActor(
        client_id=client.pk,
        name=client.name,
        organisation_id=client.organisation_id,
        roles=frozenset({Role.HANDLER}),
        channel="api",
    )


class TicketIn(Schema):
    kind: TicketKind
    urgency: Urgency = Urgency.NORMAL
    channel: Channel = Channel.API
    caller_name: str = Field(max_length=50)
    caller_phone: str = Field(max_length=20)
    caller_id_number: str = Field("", max_length=18)
    division_code: str = Field(max_length=12)
    address: str = Field("", max_length=200)
    content: str = Field(max_length=5000)
    category_code: str = Field("", max_length=20)


class TicketAssignmentOut(Schema):
    department: str
    lead: bool
    status: str
    hand_back_until: dt.datetime
    due_on: dt.date
    reply: str


class ExtensionOut(Schema):
    days: int
    reason: str
    status: str
    due_before: dt.date
    due_after: dt.date | None
    note: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None


class DuplicateOut(Schema):
    """A ticket that may be the same request (acceptance 6): merge into it with POST …/{number}/merge."""

    number: str
    reason: str
    score: float
    status: str
    created_at: dt.datetime


class TicketOut(Schema):
    number: str
    status: str
    kind: str
    urgency: str
    channel: str
    caller_name: str
    caller_phone: str
    caller_id_number: str
    caller_masked: bool
    division_code: str
    address: str
    content: str
    category_code: str
    due_on: dt.date | None
    overdue: bool
    resolution: str
    answer: str
    article_id: int | None
    satisfaction: str
    reopen_count: int
    urge_count: int
    created_at: dt.datetime
    closed_at: dt.datetime | None
    assignments: list[TicketAssignmentOut]
    extensions: list[ExtensionOut]
    merged_into: str = ""
    duplicates: list[DuplicateOut] = []


class TicketRowOut(Schema):
    number: str
    status: str
    kind: str
    urgency: str
    division_code: str
    category_code: str
    due_on: dt.date | None
    overdue: bool
    urge_count: int
    created_at: dt.datetime


class TicketPageOut(Schema):
    count: int
    items: list[TicketRowOut]


def _row(t: Ticket) -> dict:
    return {
        "number": t.number,
        "status": t.status,
        "kind": t.kind,
        "urgency": t.urgency,
        "division_code": t.division_id,
        "category_code": t.category.code if t.category else "",
        "due_on": t.due_on,
        "overdue": t.is_overdue(),
        "urge_count": t.urge_count,
        "created_at": t.created_at,
    }


def _out(actor, t: Ticket) -> dict:
    caller = services.caller_details(actor=actor, ticket=t, channel="api")
    return {
        **_row(t),
        "channel": t.channel,
        "caller_name": caller.name,
        "caller_phone": caller.phone,
        "caller_id_number": caller.id_number,
        "caller_masked": caller.masked,
        "address": t.address,
        "content": t.content,
        "resolution": t.resolution,
        "answer": t.answer,
        "article_id": t.article_id,
        "satisfaction": t.satisfaction,
        "reopen_count": t.reopen_count,
        "closed_at": t.closed_at,
        "merged_into": t.merged_into.number if t.merged_into_id else "",
        "assignments": [
            {
                "department": a.department.name,
                "lead": a.lead,
                "status": a.status,
                "hand_back_until": a.hand_back_until,
                "due_on": a.due_on,
                "reply": a.reply,
            }
            for a in t.assignments.select_related("department")
        ],
        "extensions": [
            {
                "days": e.days,
                "reason": e.reason,
                "status": e.status,
                "due_before": e.due_before,
                "due_after": e.due_after,
                "note": e.note,
                "requested_at": e.requested_at,
                "decided_at": e.decided_at,
            }
            for e in selectors.ticket_extensions(ticket=t)
        ],
    }


def _ticket(actor, number: str) -> Ticket:
    return selectors.ticket_get(actor=actor, number=number)


@router.post("/tickets", response={201: TicketOut}, summary=_("Register a hotline ticket from another channel"))
def ticket_create(request, payload: TicketIn):
    actor = _actor(request)
    ticket = services.ticket_create(actor=actor, **payload.dict())
    found = duplicate_candidates(
        centre_id=ticket.centre_id,
        caller_phone=ticket.caller_phone,
        division_code=ticket.division_id,
        category_id=ticket.category_id,
        content=ticket.content,
        exclude_pk=ticket.pk,
        on=ticket.created_at,
    )
    duplicates = [
        {
            "number": d.ticket.number,
            "reason": d.reason,
            "score": round(d.score, 3),
            "status": d.ticket.status,
            "created_at": d.ticket.created_at,
        }
        for d in found
    ]
    return Status(201, {**_out(actor, ticket), "duplicates": duplicates})


@router.get("/tickets", response=TicketPageOut, summary=_("Hotline tickets the caller may see"))
def ticket_list(
    request,
    status: str = Query("", max_length=20),
    kind: str = Query("", max_length=20),
    overdue: bool = False,
    page: PageNumber = 1,
    page_size: int = Query(50, ge=1, le=200),
):
    actor = _actor(request)
    qs = selectors.ticket_list(actor=actor, status=status, kind=kind, overdue=overdue)
    start = (page - 1) * page_size
    return {"count": qs.count(), "items": [_row(t) for t in qs[start : start + page_size]]}


@router.get("/tickets/{number}", response=TicketOut, summary=_("One hotline ticket"))
def ticket_get(request, number: str = Number):
    actor = _actor(request)
    return _out(actor, _ticket(actor, number))


class TicketDispatchIn(Schema):
    department_id: Id
    instructions: str = Field("", max_length=2000)
    co_department_ids: list[Id] = Field(default_factory=list, max_length=20)


@router.post("/tickets/{number}/dispatch", response=TicketOut, summary=_("Dispatch a ticket to a department"))
def ticket_dispatch(request, payload: TicketDispatchIn, number: str = Number):
    actor = _actor(request)
    ticket = _ticket(actor, number)
    services.ticket_dispatch(actor=actor, ticket=ticket, **payload.dict())
    return _out(actor, _ticket(actor, number))


@router.post("/tickets/{number}/accept", response=TicketOut, summary=_("The department accepts a ticket"))
def ticket_accept(request, number: str = Number):
    """The lead department accepts the ticket; a co-handling department accepts its part (协办签收)."""
    actor = _actor(request)
    ticket = _ticket(actor, number)
    if TICKET.may(actor, ticket, TicketAction.CO_ACCEPT) and not TICKET.may(actor, ticket, TicketAction.ACCEPT):
        services.co_accept(actor=actor, ticket=ticket)
    else:
        services.ticket_accept(actor=actor, ticket=ticket)
    return _out(actor, _ticket(actor, number))


class TicketReplyIn(Schema):
    reply: str = Field(max_length=5000)


@router.post("/tickets/{number}/reply", response=TicketOut, summary=_("The department replies"))
def ticket_reply(request, payload: TicketReplyIn, number: str = Number):
    actor = _actor(request)
    services.ticket_reply(actor=actor, ticket=_ticket(actor, number), reply=payload.reply)
    return _out(actor, _ticket(actor, number))


class TicketReviewIn(Schema):
    approve: bool
    note: str = Field("", max_length=2000)


@router.post("/tickets/{number}/review", response=TicketOut, summary=_("The centre reviews the reply"))
def reply_review(request, payload: TicketReviewIn, number: str = Number):
    actor = _actor(request)
    services.reply_review(actor=actor, ticket=_ticket(actor, number), approve=payload.approve, note=payload.note)
    return _out(actor, _ticket(actor, number))


class TicketVisitIn(Schema):
    satisfaction: str = Field(max_length=20)
    note: str = Field("", max_length=2000)


@router.post("/tickets/{number}/visit", response=TicketOut, summary=_("Record the return visit"))
def ticket_visit(request, payload: TicketVisitIn, number: str = Number):
    actor = _actor(request)
    services.ticket_visit(
        actor=actor, ticket=_ticket(actor, number), satisfaction=payload.satisfaction, note=payload.note
    )
    return _out(actor, _ticket(actor, number))


@router.post(
    "/tickets/{number}/co-reply", response=TicketOut, summary=_("A co-handling department sends its contribution")
)
def ticket_co_reply(request, payload: TicketReplyIn, number: str = Number):
    actor = _actor(request)
    services.ticket_co_reply(actor=actor, ticket=_ticket(actor, number), reply=payload.reply)
    return _out(actor, _ticket(actor, number))


class ExtensionIn(Schema):
    days: int = Field(ge=1, le=366)
    reason: str = Field(max_length=2000)


@router.post("/tickets/{number}/extension", response=TicketOut, summary=_("The lead department asks for an extension"))
def extension_request(request, payload: ExtensionIn, number: str = Number):
    actor = _actor(request)
    services.extension_request(actor=actor, ticket=_ticket(actor, number), days=payload.days, reason=payload.reason)
    return _out(actor, _ticket(actor, number))


@router.post(
    "/tickets/{number}/extension/decision", response=TicketOut, summary=_("The centre decides an extension request")
)
def extension_decide(request, payload: TicketReviewIn, number: str = Number):
    actor = _actor(request)
    services.extension_decide(actor=actor, ticket=_ticket(actor, number), approve=payload.approve, note=payload.note)
    return _out(actor, _ticket(actor, number))


class TicketUrgeIn(Schema):
    note: str = Field(max_length=2000)


@router.post("/tickets/{number}/urge", response=TicketOut, summary=_("The centre urges the department"))
def ticket_urge(request, payload: TicketUrgeIn, number: str = Number):
    actor = _actor(request)
    services.ticket_urge(actor=actor, ticket=_ticket(actor, number), note=payload.note)
    return _out(actor, _ticket(actor, number))


# --- figures for the decision dashboards (issue 13 item 8) ------------------------------------------------------------


class FigureTotalsOut(Schema):
    registered: int
    closed: int
    on_time: int
    visited: int
    satisfied: int
    reopened: int
    answered_at_once: int
    overdue_now: int


class FigureRatesOut(Schema):
    on_time: float | None = Field(description="按时办结率, %: closed by the due date / closed in the period")
    satisfaction: float | None = Field(description="满意率, %: (满意 + 基本满意) / return visits of closed tickets")
    reopen: float | None = Field(description="重办率, %: reopened at least once / closed in the period")
    answered_at_once: float | None = Field(description="直接办结率, %: answered at once / registered")


class FigureCountOut(Schema):
    code: str
    name: str
    count: int


class HotlineFiguresOut(Schema):
    from_: dt.date = Field(alias="from")
    to: dt.date
    totals: FigureTotalsOut
    rates: FigureRatesOut
    top_categories: list[FigureCountOut]
    divisions: list[FigureCountOut]


FIRST_DAY = Query(None, alias="from", description="The first day (yyyy-mm-dd); by default the 1st of this month")
LAST_DAY = Query(None, alias="to", description="The last day, included (yyyy-mm-dd); by default today")


@router.get(
    "/figures", response=HotlineFiguresOut, by_alias=True, summary=_("Figures of the hotline for a period (dashboards)")
)
def figures(request, start: dt.date | None = FIRST_DAY, end: dt.date | None = LAST_DAY):
    """Totals, rates, the busiest subject categories and the tickets per city-level division of the caller's
    centres, for the days `from` to `to` (both included; by default this month up to today)."""
    actor = _actor(request)
    today = timezone.localdate()
    return figures_summary(actor=actor, start=start or today.replace(day=1), end=end or today)


class TicketMergeIn(Schema):
    into: str = Field(max_length=20)
    note: str = Field("", max_length=2000)


@router.post("/tickets/{number}/merge", response=TicketOut, summary=_("Merge a ticket into its main ticket (并案)"))
def ticket_merge(request, payload: TicketMergeIn, number: str = Number):
    actor = _actor(request)
    ticket = _ticket(actor, number)
    try:
        into = _ticket(actor, payload.into.strip().upper())
    except NotFoundError:
        raise FieldErrors.one("into", _("No ticket of your centre has this number.")) from None
    services.ticket_merge(actor=actor, ticket=ticket, into=into, note=payload.note)
    return _out(actor, _ticket(actor, number))
