"""The hotline's public channels (R5.1; issue 13 acceptance 1): a request submitted on the web and phone page, or
routed in from another app (a government website's letter), lands in the intake queue of the centre for its
division (status NEW: an agent classifies and dispatches it); the caller follows it by number and mobile, or in the
signed-in account's list, and may rate the answer (the return visit, 回访, made by the caller on the web).

The public is no staff member: `PublicCaller` acts for it, like a department's system (core.actors) but with no
role anywhere, so it may only register and — for the one ticket it proved to be its own — rate the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from digigov.core import ledger
from digigov.core.actors import SystemActor
from digigov.core.choices import DivisionLevel
from digigov.core.errors import DomainError, FieldErrors, NotFoundError
from digigov.core.models import Division, Organisation
from digigov.core.ratelimit import limit_per_address
from digigov.core.validators import validate_id_number, validate_mobile
from digigov.hotline.choices import Channel, TicketKind, TicketStatus
from digigov.hotline.models import PublicRequest, Ticket
from digigov.hotline.permissions import centre_ids
from digigov.hotline.services.handling import ticket_visit
from digigov.hotline.services.tickets import ticket_create

CONTENT_MIN = 10  # characters: enough for the centre to understand the request
CONTENT_MAX = 2000
CHOOSABLE_LEVELS = (DivisionLevel.PROVINCE, DivisionLevel.CITY, DivisionLevel.COUNTY)  # the page's division chooser

# What a caller reads of a ticket's status: the stages as the public knows them, no internal step names.
PUBLIC_STATUS = {
    TicketStatus.NEW: pgettext_lazy("hotline public", "Received, being assigned"),  # 已受理，正在分派
    TicketStatus.DISPATCHED: pgettext_lazy("hotline public", "Being handled"),  # 办理中
    TicketStatus.HANDED_BACK: pgettext_lazy("hotline public", "Being handled"),
    TicketStatus.HANDLING: pgettext_lazy("hotline public", "Being handled"),
    TicketStatus.REPLIED: pgettext_lazy("hotline public", "Reply being checked"),  # 答复审核中
    TicketStatus.VISITING: pgettext_lazy("hotline public", "Answered, waiting for your rating"),  # 已答复，待评价
    TicketStatus.UNSATISFIED: pgettext_lazy("hotline public", "Being reviewed after your rating"),  # 复核中
    TicketStatus.CLOSED: pgettext_lazy("hotline public", "Closed"),  # 已办结
}
ANSWERED = (TicketStatus.VISITING, TicketStatus.UNSATISFIED, TicketStatus.CLOSED)
NOT_FOUND = gettext_lazy(
    "No ticket has this number with this mobile number. Check both (the number is on your receipt and in the text "
    "message) and try again."
)  # one sentence for an unknown number and a wrong mobile: numbers cannot be probed


@dataclass(frozen=True)
class PublicCaller(SystemActor):
    """Who acts on a public channel: an anonymous caller, a signed-in citizen (`citizen_id`), or another app handing
    a request in. `organisation_id` is the centre the request goes to; `caller_of` the one ticket this caller proved
    to be theirs (lifecycle: they may rate it). No role: it is never an agent."""

    citizen_id: int | None = None
    caller_of: int | None = None
    is_public_caller = True

    @property
    def ledger_name(self) -> str:
        return f"公众：{self.name}"[:150]


def public_caller(*, centre_id: int, name: str, channel: str = Channel.WEB, citizen=None, caller_of=None):
    return PublicCaller(
        client_id=0, name=name, organisation_id=centre_id, roles=frozenset(), channel=channel,
        citizen_id=getattr(citizen, "pk", None), caller_of=caller_of,
    )  # fmt: skip


def division_choices() -> list[tuple[str, str]]:
    """The installation's divisions down to county, in tree order, each indented under its parent."""
    indent: dict[str, str] = {DivisionLevel.CITY: "\u3000", DivisionLevel.COUNTY: "\u3000\u3000"}
    rows = Division.objects.filter(level__in=CHOOSABLE_LEVELS).order_by("code").values_list("code", "name", "level")
    return [(code, f"{indent.get(level, '')}{name}") for code, name, level in rows]


def centre_for_division(division: Division) -> int:
    """The centre a request about `division` goes to: the only centre of the rule, or, with several, the one whose
    organisation's division contains it most closely (a city centre before the province's), else the first."""
    centres = list(
        Organisation.objects.filter(pk__in=centre_ids(), is_active=True).select_related("division").order_by("pk")
    )
    if not centres:
        raise DomainError(_("The 12345 hotline takes no requests on the web at the moment. Please call 12345."),
                          code="unavailable")  # fmt: skip
    if len(centres) == 1:
        return centres[0].pk
    containing = [c for c in centres if division.code.startswith(c.division.prefix)]
    if not containing:
        return centres[0].pk
    return max(containing, key=lambda c: (len(c.division.prefix), -c.pk)).pk


@transaction.atomic
def ticket_submit(
    *, kind: str, content: str, division_code: str, caller_name: str = "", caller_phone: str = "",
    caller_id_number: str = "", address: str = "", consent: bool = True, channel: str = Channel.WEB, citizen=None,
    source_ref: str = "", via: str = "", client_address: str | None = None,
) -> Ticket:  # fmt: skip
    """A public request becomes a NEW ticket in the intake queue of the centre for its division, with its number
    and due date (ticket_create). Every field is checked at once, in the caller's words; one network
    address submits at most the rule `hotline.web_hourly_limit` an hour (429). `citizen`, a signed-in account, is
    kept on the ticket (the page passes the account's own name and mobile: public_views)."""
    errors = FieldErrors()
    citizen = citizen if getattr(citizen, "is_authenticated", False) else None
    content, caller_name = (content or "").strip(), (caller_name or "").strip()
    if kind not in TicketKind.values:
        errors.add("kind", _("Choose what kind of request it is."))
    if len(content) < CONTENT_MIN:
        errors.add("content", _("Describe what happened in at least %(n)d characters.") % {"n": CONTENT_MIN})
    elif len(content) > CONTENT_MAX and channel == Channel.WEB:  # a letter routed in keeps its subject and text
        errors.add("content", _("Write at most %(n)d characters.") % {"n": CONTENT_MAX})
    if not caller_name or len(caller_name) > 50:
        errors.add("caller_name", _("Give your name (at most 50 characters)."))
    try:
        caller_phone = validate_mobile(caller_phone)
    except ValidationError as error:
        errors.add("caller_phone", error.messages[0])
    id_number = (caller_id_number or "").strip().upper()
    if id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as error:
            errors.add("caller_id_number", error.messages[0])
    division = Division.objects.filter(pk=(division_code or "").strip(), level__in=CHOOSABLE_LEVELS).first()
    if division is None:
        errors.add("division_code", _("Choose the city or county where it happened."))
    if len((address or "").strip()) > 200:
        errors.add("address", _("Write the address in at most 200 characters."))
    if not consent:
        errors.add("consent", _("Agree to how your request is handled, or call 12345 instead."))
    if errors or division is None:
        raise errors.error()
    if client_address:
        limit_per_address(
            PublicRequest.objects.filter(purpose=PublicRequest.SUBMIT), "at", client_address,
            "hotline.web_hourly_limit",
            _("Too many requests were sent from your network in the last hour. Please try again later, or call "
              "12345."),
        )  # fmt: skip
        PublicRequest.objects.create(purpose=PublicRequest.SUBMIT, address=client_address)
    name = via or (citizen.get_username() if citizen is not None else _("anonymous caller"))
    actor = public_caller(centre_id=centre_for_division(division), name=name, channel=channel, citizen=citizen)
    ticket = ticket_create(
        actor=actor, kind=kind, caller_name=caller_name, caller_phone=caller_phone, division_code=division.code,
        content=content, channel=channel, caller_id_number=id_number, address=address,
    )  # fmt: skip
    fields = []
    if citizen is not None:
        ticket.citizen = citizen
        fields.append("citizen")
    if source_ref:
        ticket.source_ref = source_ref[:60]
        fields.append("source_ref")
    if fields:
        ticket.save(update_fields=fields)
    return ticket


def ticket_lookup(*, number: str, phone: str, client_address: str | None = None) -> Ticket:
    """查询办理进度: the ticket with this number whose caller gave this mobile. An unknown number and a wrong mobile
    get the same answer; every look-up counts toward the address's hourly limit (hotline.web_lookup_hourly_limit)."""
    if client_address:
        with transaction.atomic():
            limit_per_address(
                PublicRequest.objects.filter(purpose=PublicRequest.LOOKUP), "at", client_address,
                "hotline.web_lookup_hourly_limit",
                _("Too many look-ups were made from your network in the last hour. Please try again later."),
            )  # fmt: skip
            PublicRequest.objects.create(purpose=PublicRequest.LOOKUP, address=client_address)
    number = (number or "").strip().upper()
    digits = "".join(c for c in (phone or "") if c.isdigit())
    ticket = Ticket.objects.filter(number=number, caller_phone=digits).first() if number and digits else None
    if ticket is None:
        raise NotFoundError(str(NOT_FOUND))
    return ticket


def caller_tickets(citizen) -> QuerySet[Ticket]:
    """我的诉求: the tickets the signed-in citizen submitted, newest first."""
    if not getattr(citizen, "is_authenticated", False):
        return Ticket.objects.none()
    return Ticket.objects.filter(citizen_id=citizen.pk).order_by("-created_at", "-pk")


@transaction.atomic
def ticket_followed(*, ticket: Ticket, citizen=None) -> None:
    """The caller read their own ticket on the public page (personal data: in the ledger)."""
    actor = public_caller(centre_id=ticket.centre_id, name=_caller_label(citizen), citizen=citizen,
                          caller_of=ticket.pk)  # fmt: skip
    ledger.record(action="hotline.caller.followed", actor=actor, organisation=ticket.centre_id, obj=ticket,
                  after={"number": ticket.number, "channel": Channel.WEB})  # fmt: skip


def caller_rate(*, ticket: Ticket, satisfaction: str, citizen=None) -> Ticket:
    """The caller's own rating on the web is the return visit (回访, services.ticket_visit): 满意 or 基本满意 close
    the ticket, 不满意 leaves it to the centre to reopen or close. Only while it waits for the visit."""
    actor = public_caller(centre_id=ticket.centre_id, name=_caller_label(citizen), citizen=citizen,
                          caller_of=ticket.pk)  # fmt: skip
    return ticket_visit(actor=actor, ticket=ticket, satisfaction=satisfaction,
                        note=_("Rated by the caller on the web page."))  # fmt: skip


def _caller_label(citizen) -> str:
    return citizen.get_username() if getattr(citizen, "is_authenticated", False) else _("caller by ticket number")


def public_view(ticket: Ticket) -> dict:
    """What the caller may read of their ticket: status in plain words, the department in charge (never a person),
    the answer once final, the dates. No internal notes, no staff names."""
    assignment = ticket.current_assignment
    return {
        "number": ticket.number,
        "kind": ticket.get_kind_display(),
        "status": ticket.status,
        "status_label": PUBLIC_STATUS[TicketStatus(ticket.status)],
        "submitted_at": ticket.created_at,
        "due_on": ticket.due_on,
        "department": assignment.department.name if assignment is not None else "",
        "answer": ticket.answer if ticket.status in ANSWERED else "",
        "may_rate": ticket.status == TicketStatus.VISITING,
        "satisfaction": ticket.get_satisfaction_display() if ticket.satisfaction else "",
        "content": ticket.content,
    }
