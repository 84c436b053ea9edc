"""并案 (acceptance 6; R5.1): a ticket that repeats another is merged into it and handled once. The merged ticket
waits (已并案) without being dispatched; when its main ticket is answered at once, redirected, or its department's
reply is approved, every merged ticket receives the same answer and moves on with it: closed, or waiting for its own
return visit, so that each caller hears the answer and is asked how satisfied they are."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.hotline.choices import TicketAction, TicketStatus
from digigov.hotline.duplicates import MERGE_INTO_STATUSES
from digigov.hotline.lifecycle import TICKET
from digigov.hotline.models import Ticket
from digigov.hotline.permissions import is_agent
from digigov.hotline.services import todos
from digigov.hotline.services._common import step
from digigov.hotline.signals import announce_answer


@transaction.atomic
def ticket_merge(*, actor, ticket: Ticket, into: Ticket, note: str = "") -> Ticket:
    """Merge `ticket` into the main ticket `into`, both open tickets of the same centre, by one of its agents.
    Tickets merged into `ticket` earlier follow it to `into`; a department's open part in `ticket` ends."""
    if ticket.pk == into.pk:
        raise FieldErrors.one("into", _("A ticket cannot be merged into itself; give the number of the main ticket."))
    # both rows locked, in one order, so that two agents merging the pair both ways cannot deadlock
    rows = Ticket.objects.select_for_update().in_bulk(sorted([ticket.pk, into.pk]))
    ticket, into = rows[ticket.pk], rows[into.pk]
    status = TICKET.check(actor, ticket, TicketAction.MERGE)
    if into.centre_id != ticket.centre_id or not is_agent(actor, into.centre_id):
        raise FieldErrors.one("into", _("The main ticket must be a ticket of the same hotline centre."))
    if into.status == TicketStatus.MERGED:
        raise FieldErrors.one(
            "into",
            _("%(number)s is itself merged into %(main)s; merge into %(main)s.")
            % {"number": into.number, "main": into.merged_into.number if into.merged_into else ""},
        )
    if into.status not in MERGE_INTO_STATUSES:
        raise FieldErrors.one(
            "into",
            _("%(number)s is already answered or closed (%(status)s); register this request on its own.")
            % {"number": into.number, "status": into.get_status_display()},
        )
    todos.end_assignments(ticket)  # the merged ticket is handled with its main ticket: its parts and to-dos end
    centre_done(ticket)  # nor does the centre decide, review or call back on it alone
    ticket.forget_assignment()
    followers = list(Ticket.objects.filter(merged_into=ticket).values_list("number", flat=True))
    Ticket.objects.filter(merged_into=ticket).update(merged_into=into)
    ticket.status, ticket.merged_into = status, into
    ticket.save(update_fields=["status", "merged_into"])
    step(
        ticket,
        actor=actor,
        action=TicketAction.MERGE,
        ledger_action="hotline.ticket.merged",
        note=(note or "").strip()[:2000],
        after={"into": into.number, **({"followers": followers} if followers else {})},
    )
    return ticket


@transaction.atomic
def ticket_create_merged(*, actor, into: Ticket, note: str = "", **fields) -> Ticket:
    """The intake screen's 'register and merge': the call is registered (ticket_create's checks) and merged into
    `into` at once, or neither happens."""
    from digigov.hotline.services.tickets import ticket_create  # tickets.py imports this module

    if not is_agent(actor, into.centre_id):
        raise PermissionDeniedError()
    ticket = ticket_create(actor=actor, centre_id=into.centre_id, **fields)
    return ticket_merge(actor=actor, ticket=ticket, into=into, note=note)


def propagate_answer(main: Ticket, actor) -> list[Ticket]:
    """Give the main ticket's answer to each ticket merged into it, in the caller's transaction: closed with the
    same resolution when the main ticket is closed, waiting for its own return visit when the main ticket is;
    nothing while the main ticket is still being handled. One step and one ledger entry per merged ticket."""
    if main.status not in (TicketStatus.CLOSED, TicketStatus.VISITING):
        return []
    merged = list(Ticket.objects.select_for_update().filter(merged_into=main, status=TicketStatus.MERGED))
    now = timezone.now()
    for t in merged:
        t.answer, t.article_id, t.not_taken = main.answer, main.article_id, main.not_taken
        t.category_id = t.category_id or main.category_id
        t.status = main.status
        if main.status == TicketStatus.CLOSED:
            t.resolution, t.closed_at = main.resolution, now
        t.save(update_fields=["answer", "article_id", "not_taken", "category", "status", "resolution", "closed_at"])
        step(
            t,
            actor=actor,
            action=TicketAction.ANSWER_FROM_MERGE,
            ledger_action="hotline.ticket.answered_from_merge",
            article_id=main.article_id,
            note=str(_("Answered with the main ticket %(number)s.") % {"number": main.number}),
            after={"main": main.number},
        )
        if t.status == TicketStatus.VISITING:
            todos.centre_todo(t, todos.VISIT_TASK)  # each merged caller gets their own return visit
        announce_answer(t, actor)  # a merged letter routed in from a website gets the answer too
    return merged


def centre_done(ticket: Ticket) -> None:
    for kind in todos.CENTRE_KINDS:
        todos.centre_done(ticket, kind)
