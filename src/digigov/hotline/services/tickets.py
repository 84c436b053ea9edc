"""Intake and the two ways a ticket ends at the centre (R5.1): registered from any channel, answered at once from
the knowledge base (直接办结), or redirected as a matter the hotline does not take."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.chinese_text import stored_words
from digigov.core.errors import FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.models import Division
from digigov.core.numbering import create_numbered
from digigov.core.validators import validate_id_number
from digigov.hotline import deadlines
from digigov.hotline.choices import Channel, NotTaken, Resolution, TicketAction, TicketKind, Urgency
from digigov.hotline.lifecycle import TICKET
from digigov.hotline.masking import normalise_phone
from digigov.hotline.models import Ticket
from digigov.hotline.permissions import agent_centre_ids
from digigov.hotline.redirects import WORDING
from digigov.hotline.services import merging, todos
from digigov.hotline.services._common import locked, step
from digigov.hotline.signals import announce_answer
from digigov.knowledge import api as knowledge
from digigov.knowledge.api import Category

NUMBER_PREFIX = "RX"  # 热线: RX + yyyymmdd + 4-digit sequence (core.numbering)


def _centre_for(actor, centre_id: int | None) -> int:
    if getattr(actor, "is_public_caller", False):  # a public channel: the centre services/public.py chose
        return actor.organisation_id
    ids = agent_centre_ids(actor)
    if centre_id is not None:
        if centre_id not in ids:
            raise PermissionDeniedError()
        return centre_id
    if not ids:
        raise PermissionDeniedError()
    return min(ids)


@transaction.atomic
def ticket_create(
    *,
    actor,
    kind: str,
    caller_name: str,
    caller_phone: str,
    division_code: str,
    content: str,
    urgency: str = Urgency.NORMAL,
    channel: str = Channel.PHONE,
    caller_id_number: str = "",
    address: str = "",
    category_code: str = "",
    centre_id: int | None = None,
) -> Ticket:
    """登记: a request from any channel becomes a ticket of a centre where the actor takes calls, with its number
    and its due date (rules per kind and urgency). Every field is checked; all problems are reported at once."""
    centre = _centre_for(actor, centre_id)
    errors = FieldErrors()
    values = {
        "caller_name": (caller_name or "").strip(),
        "address": (address or "").strip(),
        "content": (content or "").strip(),
    }
    errors.check_lengths(Ticket, values)
    if kind not in TicketKind.values:
        errors.add("kind", _("Choose the kind of request."))
    if urgency not in Urgency.values:
        errors.add("urgency", _("Choose the urgency."))
    if channel not in Channel.values:
        errors.add("channel", _("Choose the channel."))
    if not values["caller_name"]:
        errors.add("caller_name", _("Give the caller's name (or how they want to be called)."))
    if not values["content"]:
        errors.add("content", _("Write down what the caller asks."))
    phone = ""
    try:
        phone = normalise_phone(caller_phone)
    except ValidationError as error:
        errors.add("caller_phone", error.messages[0])
    id_number = (caller_id_number or "").strip().upper()
    if id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as error:
            errors.add("caller_id_number", error.messages[0])
    division = Division.objects.filter(pk=(division_code or "").strip()).first()
    if division is None:
        errors.add("division_code", _("Choose the division where the matter is."))
    category = None
    if category_code:
        category = Category.objects.filter(code=category_code, is_active=True).first()
        if category is None:
            errors.add("category_code", _("No subject category has this code."))
    errors.raise_if_any()
    now = timezone.now()
    ticket = create_numbered(
        Ticket,
        NUMBER_PREFIX,
        day=timezone.localdate(now),
        centre_id=centre,
        channel=channel,
        kind=kind,
        urgency=urgency,
        caller_name=values["caller_name"],
        caller_phone=phone,
        caller_id_number=id_number,
        division=division,
        address=values["address"],
        content=values["content"],
        content_words=stored_words(values["content"]),  # for the duplicate check (hotline/duplicates.py)
        category=category,
        due_on=deadlines.due_on(kind, urgency, timezone.localdate(now)),
        taken_by=actor if getattr(actor, "is_authenticated", False) and hasattr(actor, "pk") else None,
        created_at=now,
    )
    step(
        ticket,
        actor=actor,
        action=TicketAction.CREATE,
        ledger_action="hotline.ticket.created",
        after={"kind": kind, "urgency": urgency, "channel": channel, "due_on": ticket.due_on.isoformat()},
    )
    if ticket.taken_by_id is None:  # from the web, a website or another system: no agent has it in hand yet
        todos.centre_todo(ticket, todos.INTAKE_TASK)
    return ticket


@transaction.atomic
def ticket_answer(*, actor, ticket: Ticket, article_id: int, answer: str = "") -> Ticket:
    """直接办结: the agent answers the caller from a published knowledge article and closes the ticket; the article's
    id stays on the ticket and on its step (usage counts, GB/T 44191)."""
    ticket = locked(ticket)
    status = TICKET.check(actor, ticket, TicketAction.ANSWER)
    try:
        article = knowledge.article_get_published(article_id)
    except NotFoundError:
        raise FieldErrors.one("article_id", _("Choose a published knowledge article.")) from None
    ticket.status, ticket.resolution = status, Resolution.ANSWERED_AT_ONCE
    ticket.article_id, ticket.answer = article.pk, (answer or "").strip() or article.answer
    ticket.closed_at = timezone.now()
    if ticket.category_id is None:
        ticket.category_id = article.category_id
    step(
        ticket,
        actor=actor,
        action=TicketAction.ANSWER,
        ledger_action="hotline.ticket.answered",
        article_id=article.pk,
        after={"article": article.title, "article_id": article.pk},
        save=["status", "resolution", "article_id", "answer", "closed_at", "category"],
    )
    knowledge.article_used(article_id=article.pk, actor=actor)  # the article's usage count (GB/T 44191)
    todos.centre_done(ticket, todos.INTAKE_TASK)
    announce_answer(ticket, actor)  # the answer is final: a letter routed in gets it (hotline/signals.py)
    merging.propagate_answer(ticket, actor)  # 并案: every merged caller gets the same answer
    return ticket


@transaction.atomic
def ticket_redirect(*, actor, ticket: Ticket, matter: str, note: str = "") -> Ticket:
    """不予受理: a matter the hotline does not take (litigation, petitions, emergencies, state secrets) is closed and
    the caller told the standard wording of that matter."""
    ticket = locked(ticket)
    status = TICKET.check(actor, ticket, TicketAction.REDIRECT)
    if matter not in NotTaken.values:
        raise FieldErrors.one("matter", _("Choose which kind of matter the hotline does not take."))
    ticket.status, ticket.resolution, ticket.not_taken = status, Resolution.REDIRECTED, matter
    ticket.answer = str(WORDING[NotTaken(matter)])
    ticket.closed_at = timezone.now()
    step(
        ticket,
        actor=actor,
        action=TicketAction.REDIRECT,
        ledger_action="hotline.ticket.redirected",
        note=(note or "").strip()[:2000],
        after={"matter": str(NotTaken(matter).label)},
        save=["status", "resolution", "not_taken", "answer", "closed_at"],
    )
    todos.centre_done(ticket, todos.INTAKE_TASK)
    announce_answer(ticket, actor)  # the standard wording is the final answer, for a letter routed in too
    merging.propagate_answer(ticket, actor)  # 并案: every merged caller is told the same
    return ticket
