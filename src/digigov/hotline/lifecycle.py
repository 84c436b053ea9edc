"""The ticket's closed loop as one table (R5.1; core.lifecycle): services `check` before each step, screens show
`actions_for`. Centre staff register, answer at once, redirect, dispatch, decide hand-backs, review replies, visit,
reopen and close; the lead department accepts, hands back within its working hours, and replies."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.lifecycle import Lifecycle
from digigov.core.rules import rule
from digigov.hotline.choices import TicketAction as A
from digigov.hotline.choices import TicketStatus as S
from digigov.hotline.permissions import handles_for, is_agent, is_supervisor

TICKET = Lifecycle(
    {
        (S.NEW, A.ANSWER): S.CLOSED,
        (S.NEW, A.REDIRECT): S.CLOSED,
        (S.NEW, A.DISPATCH): S.DISPATCHED,
        (S.DISPATCHED, A.ACCEPT): S.HANDLING,
        (S.DISPATCHED, A.HAND_BACK): S.HANDED_BACK,
        (S.HANDED_BACK, A.APPROVE_HAND_BACK): S.NEW,
        (S.HANDED_BACK, A.REFUSE_HAND_BACK): S.HANDLING,
        (S.HANDLING, A.REPLY): S.REPLIED,
        (S.REPLIED, A.APPROVE_REPLY): S.VISITING,
        (S.REPLIED, A.RETURN_REPLY): S.HANDLING,
        (S.VISITING, A.VISIT): S.CLOSED,  # 不满意 leads to UNSATISFIED instead (services.ticket_visit)
        (S.UNSATISFIED, A.REOPEN): S.HANDLING,
        (S.UNSATISFIED, A.CLOSE): S.CLOSED,
        # 并案 (services/merging.py): before a department's reply a ticket may be merged into another; it then waits
        # for the main ticket's answer (no action of its own)
        (S.NEW, A.MERGE): S.MERGED,
        (S.DISPATCHED, A.MERGE): S.MERGED,
        (S.HANDED_BACK, A.MERGE): S.MERGED,
        (S.HANDLING, A.MERGE): S.MERGED,
    },
    noun=_("hotline ticket"),
    states=S,
    actions=A,
)


def _agent(actor, ticket) -> bool:
    return is_agent(actor, ticket.centre_id)


def _supervisor(actor, ticket) -> bool:
    return is_supervisor(actor, ticket.centre_id)


def _lead_department(actor, ticket) -> bool:
    assignment = ticket.current_assignment
    return assignment is not None and handles_for(actor, assignment.department_id)


def _hand_back_open(ticket) -> str | None:
    assignment = ticket.current_assignment
    if assignment is not None and timezone.now() > assignment.hand_back_until:
        return _("The time to hand this ticket back ended at %(until)s; handle it or ask the centre.") % {
            "until": timezone.localtime(assignment.hand_back_until).strftime("%Y-%m-%d %H:%M")
        }
    return None


def _may_reopen(ticket) -> str | None:
    if ticket.reopen_count >= rule("hotline.reopen_limit"):
        return _("This ticket was already reopened as often as allowed; close it.")
    return None


for _action in (A.ANSWER, A.REDIRECT, A.DISPATCH, A.VISIT, A.CLOSE, A.MERGE):
    TICKET.permit(_action, who=_agent)
TICKET.permit(A.REOPEN, who=_agent, when=_may_reopen)
for _action in (A.APPROVE_HAND_BACK, A.REFUSE_HAND_BACK, A.APPROVE_REPLY, A.RETURN_REPLY):
    TICKET.permit(_action, who=_supervisor)
TICKET.permit(A.ACCEPT, who=_lead_department)
TICKET.permit(A.HAND_BACK, who=_lead_department, when=_hand_back_open)
TICKET.permit(A.REPLY, who=_lead_department)
