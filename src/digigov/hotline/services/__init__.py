"""Writes of the 12345 hotline (R5.1): each step checks the lifecycle first and records a TicketEvent and a ledger
entry in its own transaction."""

from digigov.hotline.services.handling import (
    hand_back_decide,
    reply_review,
    ticket_accept,
    ticket_close,
    ticket_dispatch,
    ticket_hand_back,
    ticket_reopen,
    ticket_reply,
    ticket_visit,
)
from digigov.hotline.services.merging import propagate_answer, ticket_create_merged, ticket_merge
from digigov.hotline.services.privacy import CallerDetails, caller_details, may_read_caller
from digigov.hotline.services.public import PublicCaller, ticket_submit
from digigov.hotline.services.routing import routing_rule_save
from digigov.hotline.services.supervision import (
    co_accept,
    co_hand_back,
    deadline_notices,
    extension_decide,
    extension_request,
    ticket_co_reply,
    ticket_urge,
)
from digigov.hotline.services.tickets import ticket_answer, ticket_create, ticket_redirect

__all__ = [
    "CallerDetails",
    "PublicCaller",
    "caller_details",
    "co_accept",
    "co_hand_back",
    "deadline_notices",
    "extension_decide",
    "extension_request",
    "hand_back_decide",
    "may_read_caller",
    "propagate_answer",
    "reply_review",
    "routing_rule_save",
    "ticket_accept",
    "ticket_answer",
    "ticket_close",
    "ticket_co_reply",
    "ticket_create",
    "ticket_create_merged",
    "ticket_dispatch",
    "ticket_hand_back",
    "ticket_merge",
    "ticket_redirect",
    "ticket_reopen",
    "ticket_reply",
    "ticket_submit",
    "ticket_urge",
    "ticket_visit",
]
