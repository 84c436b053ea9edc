"""Identity's rule parameters (R0.2): sign-in lockout and idle sign-out."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "identity.lockout_attempts",
    5,
    label=_("Failed sign-ins before an account is locked"),
    source="R0.2",
    unit=_("attempts"),
    minimum=1,
)
register("identity.lockout_minutes", 30, label=_("Lockout duration"), source="R0.2", unit=_("minutes"), minimum=1)
register(
    "identity.idle_timeout_minutes",
    30,
    label=_("Signed-in session ends after this much inactivity"),
    source="R0.2",
    unit=_("minutes"),
    minimum=1,
)
