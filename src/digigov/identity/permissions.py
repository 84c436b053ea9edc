"""Who may manage staff accounts and roles (R0.5 least privilege).

An organisation administrator (Role.ORG_ADMIN) manages the memberships of their organisation and its internal
units, and no other; the platform administrator manages every organisation's. Nobody manages here the platform
administrator role or an account that also holds a role outside the manager's reach: resetting such a member's
password would hand the manager that other role.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from digigov.core.choices import Role
from digigov.core.models import Membership, Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids

STAFF_MANAGERS = (Role.ORG_ADMIN,)
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
