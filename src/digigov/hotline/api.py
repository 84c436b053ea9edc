"""What other apps may call on the 12345 hotline (R5.1): analysis, duplicates, the public channel and demo data
build on these. Nothing else of `hotline` is public."""

from digigov.hotline.deadlines import due_on, limit_days
from digigov.hotline.duplicates import DuplicateCandidate, duplicate_candidates
from digigov.hotline.figures import hotspot_counts
from digigov.hotline.models import Assignment, RoutingRule, Ticket, TicketEvent
from digigov.hotline.selectors import caller_history, suggest_department, ticket_get, ticket_list
from digigov.hotline.services import (
    caller_details,
    reply_review,
    ticket_accept,
    ticket_answer,
    ticket_create,
    ticket_dispatch,
    ticket_merge,
    ticket_redirect,
    ticket_reply,
    ticket_visit,
)

__all__ = [
    "Assignment",
    "DuplicateCandidate",
    "RoutingRule",
    "Ticket",
    "TicketEvent",
    "caller_details",
    "caller_history",
    "due_on",
    "duplicate_candidates",
    "hotspot_counts",
    "limit_days",
    "reply_review",
    "suggest_department",
    "ticket_accept",
    "ticket_answer",
    "ticket_create",
    "ticket_dispatch",
    "ticket_get",
    "ticket_list",
    "ticket_merge",
    "ticket_redirect",
    "ticket_reply",
    "ticket_visit",
]
