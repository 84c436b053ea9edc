"""What other apps may call on the 12345 hotline (R5.1): analysis, duplicates, the public channel and demo data
build on these. Nothing else of `hotline` is public."""

from digigov.hotline.deadlines import due_on, limit_days
from digigov.hotline.duplicates import DuplicateCandidate, duplicate_candidates
from digigov.hotline.figures import figures_summary, hotspot_counts
from digigov.hotline.models import Assignment, ExtensionRequest, RoutingRule, Ticket, TicketEvent
from digigov.hotline.selectors import caller_history, suggest_department, ticket_get, ticket_list
from digigov.hotline.services import (
    caller_details,
    reply_review,
    ticket_accept,
    ticket_answer,
    ticket_co_reply,
    ticket_create,
    ticket_dispatch,
    ticket_merge,
    ticket_redirect,
    ticket_reply,
    ticket_submit,
    ticket_urge,
    ticket_visit,
)
from digigov.hotline.signals import ticket_answered

__all__ = [
    "Assignment",
    "ExtensionRequest",
    "DuplicateCandidate",
    "RoutingRule",
    "Ticket",
    "TicketEvent",
    "caller_details",
    "caller_history",
    "due_on",
    "figures_summary",
    "duplicate_candidates",
    "hotspot_counts",
    "limit_days",
    "reply_review",
    "suggest_department",
    "ticket_accept",
    "ticket_answer",
    "ticket_answered",
    "ticket_co_reply",
    "ticket_create",
    "ticket_dispatch",
    "ticket_get",
    "ticket_list",
    "ticket_merge",
    "ticket_redirect",
    "ticket_reply",
    "ticket_submit",
    "ticket_urge",
    "ticket_visit",
]
