"""Identity's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import Change, fields, register, sentence, text
from digigov.core.choices import Role
from digigov.core.names import person_name


def _account(change: Change) -> str:
    """Failures are kept under the name typed (object_id); a real account reads as its person's name."""
    user = get_user_model().objects.filter(username=change.entry.object_id).first()
    return person_name(user) if user else change.entry.object_id


def _signin_failed(change: Change) -> str:
    if change.after.get("reason") == "locked":
        return gettext("Account %(account)s is locked until %(until)s") % {
            "account": _account(change),
            "until": _time(change.after.get("locked_until")),
        }
    return gettext("Account %(account)s: failed attempt %(n)s") % {
        "account": _account(change),
        "n": change.after.get("attempt", ""),
    }


def _locked(change: Change) -> str:
    return gettext("Account %(account)s: %(attempts)s failed attempts; locked until %(until)s") % {
        "account": _account(change),
        "attempts": change.after.get("attempts", ""),
        "until": _time(change.after.get("locked_until")),
    }


def _unlocked(change: Change) -> str:
    return gettext("Account %(account)s") % {"account": _account(change)}


def _time(value) -> str:
    """Stored as ISO text (2026-12-01 21:30:05.123456+00:00): minutes are what people need."""
    return text(value)[:16].replace("T", " ")


register("identity.signin.failed", _("Sign-in failed"), _signin_failed, notes=False)
register("identity.account.locked", _("Account locked"), _locked)
register("identity.signin.succeeded", _("Signed in"))
register("identity.account.unlocked", _("Account unlocked"), _unlocked)
register("identity.session.expired", _("Signed out after inactivity"))
register(
    "identity.citizen.registered",
    _("Citizen registered"),
    fields(real_name=_("name"), id_number=_("ID number")),
)
register(
    "identity.legal_person.registered",
    _("Legal person registered"),
    fields(entity_name=_("entity name"), uscc=_("credit code")),
)
register(
    "identity.system_client.registered",
    _("Application system registered"),
    fields(name=_("system"), purpose=_("purpose"), contact=_("contact")),
)
register(
    "identity.system_client.issued",
    _("System API key issued"),
    fields(name=_("system"), key_prefix=_("key prefix")),
)


def _rotated(change: Change) -> str:
    until = change.after.get("previous_key_until")
    sentence_ = gettext("Key %(old)s… replaced by %(new)s…") % {
        "old": change.before.get("key_prefix", ""),
        "new": change.after.get("key_prefix", ""),
    }
    if until:
        return sentence_ + gettext("; the previous key works until %(until)s") % {"until": _time(until)}
    return sentence_ + gettext("; the previous key stopped at once")


register("identity.system_client.rotated", _("System API key rotated"), _rotated)
register(
    "identity.system_client.revoked",
    _("System API key revoked"),
    lambda c: gettext("Key %(prefix)s…") % {"prefix": c.before["key_prefix"]} if c.before.get("key_prefix") else "",
)
register(
    "identity.system_client.rehashed",
    _("System API key re-stored as HMAC-SM3"),
    sentence(_("Key %(key_prefix)s…, stored as plain SM3 before, on its first use")),
)
register(
    "identity.oidc_client.registered",
    _("Single sign-on application registered"),
    fields(name=_("application"), redirect_uris=_("redirect addresses")),
)


def _role(value) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return str(value or "")


register(
    "identity.membership.added",
    _("Staff member given a role"),
    sentence(_("%(username)s: %(role)s in %(organisation)s"), role=_role),
)
register(
    "identity.membership.removed",
    _("Staff member's role taken back"),
    sentence(_("%(username)s: %(role)s in %(organisation)s"), role=_role),
)
register("identity.password.reset", _("Password reset by an administrator"), sentence(_("Account %(username)s")))
register("identity.password.changed", _("Password changed"))
register("identity.profile.changed", _("Own name or e-mail changed"), fields(name=_("name"), email=_("e-mail")))
