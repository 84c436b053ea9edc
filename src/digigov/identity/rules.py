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
register(
    "identity.department_keys",
    1,
    label=_("Departments issue, rotate and revoke their own systems' API keys (1 yes; 0 the platform operator only)"),
    source="R0.5",
    unit=_("1 = yes, 0 = no"),
    minimum=0,
    maximum=1,
)
register(
    "identity.key_rotation_grace_minutes",
    60,
    label=_("After a rotation, a system's previous API key still works for"),
    source="R0.5",
    unit=_("minutes"),
    minimum=0,
    maximum=10080,
)
