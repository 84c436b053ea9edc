"""Callers' personal data (issue 13 §9; R0.4, R0.5): the phone and ID numbers show in full only to the agent who
took the ticket and the department handler who accepted it; every full read is in the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from digigov.core import ledger
from digigov.hotline.masking import mask_id_number, mask_phone
from digigov.hotline.models import Ticket
from digigov.hotline.services._common import actor_organisation


@dataclass(frozen=True)
class CallerDetails:
    name: str
    phone: str
    id_number: str
    masked: bool


def may_read_caller(actor, ticket: Ticket) -> bool:
    """The agent who took the call, or the person who accepted the ticket for the lead department."""
    user_id = getattr(actor, "pk", None)
    if user_id is None or not getattr(actor, "is_authenticated", False):
        return False
    if ticket.taken_by_id == user_id:
        return True
    # the lead's handler only: a co-handling department (协办) works on its part with the caller masked
    return ticket.assignments.filter(handled_by_id=user_id, lead=True).exclude(status="handed_back").exists()


@transaction.atomic
def caller_details(*, actor, ticket: Ticket, channel: str = "screen") -> CallerDetails:
    """The caller as `actor` may see them; an unmasked read is recorded (`hotline.caller.viewed`)."""
    if not may_read_caller(actor, ticket):
        return CallerDetails(
            ticket.caller_name, mask_phone(ticket.caller_phone), mask_id_number(ticket.caller_id_number), True
        )
    ledger.record(
        action="hotline.caller.viewed",
        actor=actor,
        organisation=actor_organisation(actor),
        obj=ticket,
        after={"number": ticket.number, "channel": channel},
    )
    return CallerDetails(ticket.caller_name, ticket.caller_phone, ticket.caller_id_number, False)
