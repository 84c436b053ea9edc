"""What every ticket step shares: the row lock, and one TicketEvent plus one ledger entry in the same transaction."""

from __future__ import annotations

from typing import Any

from digigov.core import ledger
from digigov.core.actors import SystemActor
from digigov.core.errors import FieldErrors
from digigov.core.models import Organisation
from digigov.core.names import person_name
from digigov.core.permissions import acting_organisation
from digigov.hotline.models import Ticket, TicketEvent


def locked(ticket: Ticket) -> Ticket:
    """The ticket re-read under a row lock: two agents pressing the same button act one after the other."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def actor_name(actor) -> str:
    if isinstance(actor, SystemActor):
        return actor.ledger_name
    return person_name(actor)[:100]


def actor_organisation(actor) -> Organisation | None:
    if isinstance(actor, SystemActor):
        return Organisation.objects.filter(pk=actor.organisation_id).first()
    return acting_organisation(actor)


def required_text(field: str, value: str, message) -> str:
    text = (value or "").strip()
    if not text:
        raise FieldErrors.one(field, message)
    return text


def step(
    ticket: Ticket,
    *,
    actor,
    action: str,
    ledger_action: str,
    note: str = "",
    department: Organisation | None = None,
    article_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation: Organisation | None = None,
    save: list[str] | tuple[str, ...] = (),
) -> TicketEvent:
    """Record one step: the ticket's changed fields `save` are written first (the step shows the status after), then
    the history row the ticket page shows and the ledger entry, all in the caller's transaction."""
    if save:
        ticket.save(update_fields=list(save))
    organisation = organisation or actor_organisation(actor)
    event = TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        actor=None if isinstance(actor, SystemActor) or not getattr(actor, "is_authenticated", False) else actor,
        actor_name=actor_name(actor),
        organisation=organisation,
        department=department,
        status_after=ticket.status,
        note=note,
        article_id=article_id,
    )
    payload = {"number": ticket.number, "status": ticket.status, **(after or {})}
    if note:
        payload["note"] = note
    ledger.record(
        action=ledger_action,
        actor=actor,
        organisation=organisation,
        obj=ticket,
        before=before,
        after=payload,
    )
    return event
