"""Who may manage staff accounts and roles, and systems and their API keys (R0.5 least privilege).

An organisation administrator (Role.ORG_ADMIN) manages the memberships of their organisation and its internal
units, and no other; the platform administrator manages every organisation's. Nobody manages here the platform
administrator role or an account that also holds a role outside the manager's reach: resetting such a member's
password would hand the manager that other role.

A department's administrator registers the department's application systems. Their API keys are issued, rotated and
revoked by the platform operator (its administrators and handlers, or a platform administrator), and by the
department's administrator too while the rule `identity.department_keys` is 1.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from digigov.core.choices import Role
from digigov.core.models import Membership, Organisation
from digigov.core.permissions import can, is_platform_admin, memberships, organisation_ids
from digigov.core.rules import rule

STAFF_MANAGERS = (Role.ORG_ADMIN,)
SYSTEM_REGISTRARS = (Role.ORG_ADMIN,)
# The platform operator's staff who look after systems' keys; its reviewers and leaders decide applications instead.
KEY_OPERATOR_ROLES = (Role.ORG_ADMIN, Role.HANDLER)
# The roles an organisation administrator may give; the platform administrator role is given by the platform only.
MANAGEABLE_ROLES = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def managed_organisations(actor) -> QuerySet[Organisation]:
    """The active organisations whose staff `actor` manages (their own and its units; all for the platform)."""
    active = Organisation.objects.filter(is_active=True)
    if is_platform_admin(actor):
        return active
    return active.filter(pk__in=organisation_ids(actor, STAFF_MANAGERS))


def is_staff_manager(actor) -> bool:
    return is_platform_admin(actor) or bool(organisation_ids(actor, STAFF_MANAGERS))


def may_manage_account(actor, user) -> bool:
    """True if every role `user` holds is in an organisation `actor` manages, and `user` holds one at least.

    Never one's own account (that is the account page), a superuser, or a platform administrator.
    """
    if user is None or actor is None or user.pk == actor.pk or user.is_superuser:
        return False
    roles = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    if not roles or any(role == Role.PLATFORM_ADMIN for _org, role in roles):
        return False
    if is_platform_admin(actor):
        return True
    managed = organisation_ids(actor, STAFF_MANAGERS)
    return all(org_id in managed for org_id, _role in roles)


def manageable_accounts(actor) -> QuerySet:
    """Accounts whose password `actor` may reset (may_manage_account, as a queryset for forms)."""
    members = Membership.objects.filter(organisation__in=managed_organisations(actor)).values("user_id")
    candidates = get_user_model().objects.filter(pk__in=members, is_superuser=False).exclude(pk=actor.pk)
    return candidates.exclude(memberships__role=Role.PLATFORM_ADMIN).exclude(
        pk__in=Membership.objects.exclude(organisation__in=managed_organisations(actor)).values("user_id")
    )


def is_key_operator(actor) -> bool:
    """The platform operator's administrators and handlers, and platform administrators: keys of every system."""
    if is_platform_admin(actor):
        return True
    return any(m.organisation.is_platform_operator and m.role in KEY_OPERATOR_ROLES for m in memberships(actor))


def registering_organisations(actor) -> QuerySet[Organisation]:
    """The active organisations `actor` may register systems for: where they are administrator (all: platform)."""
    active = Organisation.objects.filter(is_active=True).order_by("name")
    if is_platform_admin(actor):
        return active
    return active.filter(pk__in=organisation_ids(actor, SYSTEM_REGISTRARS))


def may_register_system(actor, organisation) -> bool:
    return can(actor, SYSTEM_REGISTRARS, organisation)


def may_manage_key(actor, client) -> bool:
    """Issue, rotate or revoke `client`'s key: the platform operator; its department's administrator by rule."""
    if is_key_operator(actor):
        return True
    return bool(rule("identity.department_keys")) and can(actor, SYSTEM_REGISTRARS, client.organisation_id)


def is_system_manager(actor) -> bool:
    """Whom the back office shows the systems screen: key operators and organisation administrators."""
    return is_key_operator(actor) or bool(organisation_ids(actor, SYSTEM_REGISTRARS))
