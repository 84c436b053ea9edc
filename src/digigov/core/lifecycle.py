"""Small fixed lifecycles (DESIGN.md "explicit state machine"): one table of allowed transitions per kind of
object, and who may take each action. Share applications, grants and catalogue review use it; hotline tickets and
the other case types of the next apps will.

The table answers "may this happen in this state"; each action also declares who may take it, as a function of
(actor, object), and optionally when, as a function of the object that returns the Chinese reason it may not
(an overdue deadline for 督办). Services call `check` before changing anything; screens call `actions_for` and
show only those buttons, so nobody is offered an action the service would refuse.

    ARTICLE = Lifecycle(
        {("draft", "publish"): "published", ("published", "withdraw"): "withdrawn"},
        noun=_("article"), states=ArticleStatus, actions=ArticleAction,
    )
    ARTICLE.permit("publish", who=lambda actor, article: can(actor, EDITORS, article.site.organisation_id))
    ARTICLE.permit("withdraw", who=..., when=lambda article: None if article.public else _("Not public."))

    ARTICLE.next_state("draft", "publish")          # "published"; TransitionError (409) in Chinese otherwise
    ARTICLE.check(user, article, "publish")          # PermissionDeniedError, TransitionError or ConflictError
    ARTICLE.actions_for(user, article)               # ["publish"] for an editor of a draft, [] for others
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from digigov.core.errors import ConflictError, PermissionDeniedError

Who = Callable[[object, object], bool]
When = Callable[[object], str | None]


class TransitionError(ConflictError):
    code = "invalid_transition"


@dataclass(frozen=True)
class Permit:
    who: Who
    when: When | None = None


def _label(choices, value) -> str:
    if value is None:
        return str(_("not submitted"))
    try:
        return str(choices(value).label)
    except (TypeError, ValueError):
        return str(value)


class Lifecycle:
    """(state before, action) -> state after; anything missing from the table is refused.

    `states` and `actions` are TextChoices: their labels name the state and the action in the refusal. `state_of`
    reads an object's current state (by default its `status`).
    """

    def __init__(
        self,
        transitions: dict[tuple[str | None, str], str],
        *,
        noun,
        states,
        actions,
        state_of: Callable[[object], str | None] = lambda obj: obj.status,
    ):
        self.transitions = dict(transitions)
        self.noun, self.states, self.actions, self.state_of = noun, states, actions, state_of
        self.permits: dict[str, Permit] = {}

    def permit(self, action: str, *, who: Who, when: When | None = None) -> None:
        """Declare who may take `action` (and, optionally, on which objects): the one place the rule lives."""
        self.permits[action] = Permit(who, when)

    def next_state(self, state: str | None, action: str) -> str:
        """The state after `action`, or TransitionError with a Chinese sentence naming the state and the action."""
        try:
            return self.transitions[(state, action)]
        except KeyError:
            raise TransitionError(
                _("The %(noun)s is “%(state)s”; it cannot be %(action)s now.")
                % {"noun": self.noun, "state": _label(self.states, state), "action": _label(self.actions, action)}
            ) from None

    def allowed(self, state: str | None) -> list[str]:
        """Actions the table allows in `state`, in table order."""
        return [action for (before, action) in self.transitions if before == state]

    def final_states(self) -> frozenset:
        """States reached by some action from which no action leads on."""
        reached = set(self.transitions.values())
        return frozenset(s for s in reached if not self.allowed(s))

    def may(self, actor, obj, action: str) -> bool:
        """Whether `actor` may take `action` on `obj` now: the table, who, and when all agree."""
        permit = self.permits.get(action)
        return (
            permit is not None
            and action in self.allowed(self.state_of(obj))
            and permit.who(actor, obj)
            and (permit.when is None or permit.when(obj) is None)
        )

    def actions_for(self, actor, obj, only: Iterable[str] | None = None) -> list[str]:
        """The actions `actor` may take on `obj` in its current state: the buttons a screen shows."""
        wanted = set(only) if only is not None else None
        return [
            action
            for action in self.allowed(self.state_of(obj))
            if (wanted is None or action in wanted) and self.may(actor, obj, action)
        ]

    def check(self, actor, obj, action: str) -> str:
        """Refuse as the services must: who first (403), then the table (409), then when (409); else the next state."""
        permit = self.permits.get(action)
        if permit is None or not permit.who(actor, obj):
            raise PermissionDeniedError()
        after = self.next_state(self.state_of(obj), action)
        reason = permit.when(obj) if permit.when is not None else None
        if reason:
            raise ConflictError(reason)
        return after
