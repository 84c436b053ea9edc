"""The share application's lifecycle (共享申请, R1.4, R1.5): one table of allowed transitions.

Unconditional resources are granted on submission; conditional ones are checked by the platform operator, then
answered by the provider. Urging (催办) and escalation (督办) keep the state and only add pressure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import ConflictError
from digigov.exchange.choices import ApplicationStatus as S


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

FINAL_STATES = frozenset({S.GRANTED, S.REFUSED, S.RETURNED, S.WITHDRAWN})


class TransitionError(ConflictError):
    code = "invalid_transition"


def next_status(status: str | None, action: str) -> str:
    """The state after `action`, or TransitionError with a Chinese sentence naming the state and the action."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        label = S(status).label if status else _("not submitted")
        raise TransitionError(
            _("The application is “%(status)s”; it cannot be %(action)s now.")
            % {"status": label, "action": Action(action).label}
        ) from None


def allowed_actions(status: str | None) -> list[str]:
    return [action for (before, action) in TRANSITIONS if before == status]
