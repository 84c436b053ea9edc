"""The share application's lifecycle (共享申请, R1.4, R1.5) and the grant's: tables of allowed transitions and who
may take each action (core.lifecycle).

Unconditional resources are granted on submission; conditional ones are checked by the platform operator, then
answered by the provider. Urging (催办) and escalation (督办) keep the state and only add pressure; escalation waits
for the provider's deadline to pass and happens once.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.lifecycle import Lifecycle, TransitionError
from digigov.core.permissions import can
from digigov.exchange.choices import ApplicationStatus as S
from digigov.exchange.choices import ErrorReportStatus
from digigov.exchange.permissions import APPLICANTS, ERROR_ANSWERERS, PROVIDER_DECIDERS, is_operator

__all__ = [
    "APPLICATION",
    "ERROR_REPORT",
    "FINAL_STATES",
    "GRANT",
    "TRANSITIONS",
    "Action",
    "ErrorReportAction",
    "GrantAction",
    "GrantState",
    "TransitionError",
    "allowed_actions",
    "grant_state",
    "next_status",
]


class Action(models.TextChoices):
    SUBMIT_UNCONDITIONAL = "submit_unconditional", _("submit (unconditional)")
    SUBMIT_CONDITIONAL = "submit_conditional", _("submit (conditional)")
    FORWARD = "forward", _("forward to the provider")
    RETURN = "return", _("return to the applicant")
    GRANT = "grant", _("grant")
    REFUSE = "refuse", _("refuse")
    URGE = "urge", _("urge")
    ESCALATE = "escalate", _("escalate")
    WITHDRAW = "withdraw", _("withdraw")


# (state before, action) -> state after. None is "not yet submitted". Anything missing is refused.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, Action.SUBMIT_UNCONDITIONAL): S.GRANTED,
    (None, Action.SUBMIT_CONDITIONAL): S.OPERATOR_CHECK,
    (S.OPERATOR_CHECK, Action.FORWARD): S.PROVIDER_REVIEW,
    (S.OPERATOR_CHECK, Action.RETURN): S.RETURNED,
    (S.OPERATOR_CHECK, Action.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REVIEW, Action.GRANT): S.GRANTED,
    (S.PROVIDER_REVIEW, Action.REFUSE): S.REFUSED,
    (S.PROVIDER_REVIEW, Action.URGE): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, Action.ESCALATE): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, Action.WITHDRAW): S.WITHDRAWN,
}

APPLICATION = Lifecycle(TRANSITIONS, noun=_("share application"), states=S, actions=Action)
FINAL_STATES = APPLICATION.final_states()
next_status = APPLICATION.next_state
allowed_actions = APPLICATION.allowed


def _operator(actor, application) -> bool:
    return is_operator(actor)


def _provider_decider(actor, application) -> bool:
    return can(actor, PROVIDER_DECIDERS, application.resource.provider_id)


def _applicant(actor, application) -> bool:
    return can(actor, APPLICANTS, application.consumer_id)


def _escalation_due(application) -> str | None:
    """督办 only once, and only after the provider's deadline has passed (R1.5)."""
    if application.escalated_at is not None:
        return _("This application has already been escalated.")
    if not (application.deadline and timezone.localdate() > application.deadline):
        return _("An application can be escalated only after its deadline %(date)s.") % {"date": application.deadline}
    return None


for _action in (Action.FORWARD, Action.RETURN, Action.URGE):
    APPLICATION.permit(_action, who=_operator)
APPLICATION.permit(Action.ESCALATE, who=_operator, when=_escalation_due)
APPLICATION.permit(Action.GRANT, who=_provider_decider)
APPLICATION.permit(Action.REFUSE, who=_provider_decider)
APPLICATION.permit(Action.WITHDRAW, who=_applicant)


class GrantState(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")  # 已暂停: the catalogue stopped sharing the resource
    REVOKED = "revoked", _("revoked")


class GrantAction(models.TextChoices):
    REVOKE = "revoke", _("revoke")
    SUSPEND = "suspend", _("suspend")


def grant_state(grant) -> str:
    if not grant.is_active:
        return GrantState.REVOKED
    return GrantState.SUSPENDED if grant.suspended_at is not None else GrantState.ACTIVE


def _grant_revoker(actor, grant) -> bool:
    """The provider's reviewers and leaders, or the platform operator, stop a grant; never the consumer."""
    return can(actor, PROVIDER_DECIDERS, grant.resource.provider_id) or is_operator(actor)


GRANT = Lifecycle(
    {
        (GrantState.ACTIVE, GrantAction.REVOKE): GrantState.REVOKED,
        (GrantState.ACTIVE, GrantAction.SUSPEND): GrantState.SUSPENDED,
        (GrantState.SUSPENDED, GrantAction.REVOKE): GrantState.REVOKED,
    },
    noun=_("grant"),
    states=GrantState,
    actions=GrantAction,
    state_of=grant_state,
)
GRANT.permit(GrantAction.REVOKE, who=_grant_revoker)
# SUSPEND has no permit, so no screen offers it: it follows from the catalogue's decision (`grants_suspend`), whose
# own lifecycle already checked who may withdraw or publish.


class ErrorReportAction(models.TextChoices):
    CORRECT = "correct", _("correct the data")
    CONFIRM = "confirm", _("confirm the data")


# 纠错 (R1.7): the provider answers once, correcting the value or confirming it with a reason.
ERROR_REPORT = Lifecycle(
    {
        (ErrorReportStatus.SUBMITTED, ErrorReportAction.CORRECT): ErrorReportStatus.CORRECTED,
        (ErrorReportStatus.SUBMITTED, ErrorReportAction.CONFIRM): ErrorReportStatus.CONFIRMED_CORRECT,
    },
    noun=_("error report"),
    states=ErrorReportStatus,
    actions=ErrorReportAction,
)


def _error_answerer(actor, report) -> bool:
    return can(actor, ERROR_ANSWERERS, report.resource.provider_id)


ERROR_REPORT.permit(ErrorReportAction.CORRECT, who=_error_answerer)
ERROR_REPORT.permit(ErrorReportAction.CONFIRM, who=_error_answerer)
