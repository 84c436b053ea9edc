"""The ticket's closed loop as one table (R5.1; core.lifecycle): services `check` before each step, screens show
`actions_for`. Centre staff register, answer at once, redirect, dispatch, decide hand-backs, review replies, visit,
reopen and close; the lead department accepts, hands back within its working hours, replies and asks for an
extension; a co-handling department (协办) accepts or hands back its own part and sends its contribution; the centre's
supervisors decide extensions and urge (督办). Those last steps leave the ticket's status as it is."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.lifecycle import Lifecycle
from digigov.core.rules import rule
from digigov.hotline.choices import AssignmentStatus, ExtensionStatus
from digigov.hotline.choices import TicketAction as A
from digigov.hotline.choices import TicketStatus as S
from digigov.hotline.permissions import handler_department_ids, handles_for, is_agent, is_supervisor

CO_STATES = (S.DISPATCHED, S.HANDED_BACK, S.HANDLING, S.REPLIED)  # a co-handler acts while the lead does
EXTENSION_DECISIONS = (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION)

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
        # 协办, 延期, 督办 leave the ticket's status as it is (supervision.py)
        **{(state, action): state for state in CO_STATES for action in (A.CO_ACCEPT, A.CO_HAND_BACK, A.CO_REPLY)},
        **{(state, A.URGE): state for state in (S.DISPATCHED, S.HANDLING)},
        (S.HANDLING, A.REQUEST_EXTENSION): S.HANDLING,
        **{(state, action): state for state in (S.HANDLING, S.REPLIED) for action in EXTENSION_DECISIONS},
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


def co_assignment(actor, ticket, status: str | None = None):
    """The actor's department's co-handling part of the ticket (not the lead's), still running; None if none."""
    ids = handler_department_ids(actor)
    if not ids:
        return None
    qs = ticket.assignments.filter(lead=False, department_id__in=ids).exclude(
        status__in=[AssignmentStatus.HANDED_BACK, AssignmentStatus.ENDED]
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-pk").first()


def _co_pending(actor, ticket) -> bool:
    return co_assignment(actor, ticket, AssignmentStatus.PENDING) is not None


def _co_may_hand_back(actor, ticket) -> bool:
    assignment = co_assignment(actor, ticket, AssignmentStatus.PENDING)
    return assignment is not None and timezone.now() <= assignment.hand_back_until


def _co_accepted(actor, ticket) -> bool:
    return co_assignment(actor, ticket, AssignmentStatus.ACCEPTED) is not None


def _may_request_extension(ticket) -> str | None:
    if ticket.extensions.filter(status=ExtensionStatus.PENDING).exists():
        return _("An extension request of this ticket is waiting for the centre's decision.")
    if ticket.extensions.filter(status=ExtensionStatus.APPROVED).count() >= rule("hotline.extension_limit"):
        return _("This ticket's time limit was already extended as often as allowed.")
    return None


def _extension_pending(ticket) -> str | None:
    if not ticket.extensions.filter(status=ExtensionStatus.PENDING).exists():
        return _("No extension request of this ticket waits for a decision.")
    return None


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
TICKET.permit(A.CO_ACCEPT, who=_co_pending)
TICKET.permit(A.CO_HAND_BACK, who=_co_may_hand_back)
TICKET.permit(A.CO_REPLY, who=_co_accepted)
TICKET.permit(A.REQUEST_EXTENSION, who=_lead_department, when=_may_request_extension)
for _action in EXTENSION_DECISIONS:
    TICKET.permit(_action, who=_supervisor, when=_extension_pending)
TICKET.permit(A.URGE, who=_supervisor)


def _agent_or_caller(actor, ticket) -> bool:
    """回访 by an agent, or the caller's own rating on the public page: a caller who proved the ticket is theirs
    (number and mobile, or the signed-in account that submitted it; services/public.py) rates that ticket only."""
    return _agent(actor, ticket) or getattr(actor, "caller_of", None) == ticket.pk


TICKET.permit(A.VISIT, who=_agent_or_caller)
