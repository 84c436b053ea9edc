"""How a person is named on every screen: the one place that turns a user into 张敏.

Chinese order is surname then given name with no space, so Django's `get_full_name()` ("敏 张") is never used
for display. Accounts that keep the whole name in one field (the demo's, self-registered citizens') read the same.
"""

from django.utils.translation import gettext


def person_name(user) -> str:
    """Surname + given name (张 + 敏 → 张敏); the login name only when the account has no name; '' for nobody."""
    if user is None:
        return ""
    last, first = (getattr(user, "last_name", "") or "").strip(), (getattr(user, "first_name", "") or "").strip()
    return f"{last}{first}" or user.get_username()


def system_name() -> str:
    """Who acted when no person did (timers, probes, the ledger's 'system' actor)."""
    return gettext("System")
