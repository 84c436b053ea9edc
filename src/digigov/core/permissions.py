"""The one place that decides who may act for which organisation (R0.5 least privilege).

A staff member acts through memberships (organisation + role). A role held in a department also covers its
internal units. The platform administrator role is global. Every app asks `can`/`require` and scopes its
querysets with `OrgScopedQuerySet.visible_to`, so the rule lives here once.
"""

from collections.abc import Iterable

from django.db import models

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import Membership, Organisation

_CACHE_ATTR = "_digigov_memberships"


def memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, organisation__is_active=True).select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_platform_admin(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or any(m.role == Role.PLATFORM_ADMIN for m in memberships(user))


def is_staff_member(user) -> bool:
    """Anyone holding a role somewhere, or a platform administrator: who may open the back office's work screens."""
    return is_platform_admin(user) or bool(memberships(user))


# The platform operator (共享平台运维方): staff of an organisation flagged `is_platform_operator`. It reviews the
# catalogue, keeps the three lists and checks, forwards, urges and escalates share applications (R1.4).
OPERATOR_ROLES = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def is_operator(user) -> bool:
    """Staff of the platform operator, or a platform administrator."""
    if is_platform_admin(user):
        return True
    return any(m.organisation.is_platform_operator and m.role in OPERATOR_ROLES for m in memberships(user))


def require_operator(user) -> None:
    if not is_operator(user):
        raise PermissionDeniedError()


def with_units(org_ids: set[int]) -> set[int]:
    """Add every internal unit below the given organisations (a unit tree is a few levels deep at most)."""
    found, frontier = set(org_ids), set(org_ids)
    while frontier:
        frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def organisation_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    """Organisations (with their internal units) where the user holds one of `roles` (any role if None)."""
    wanted = set(roles) if roles is not None else None
    if isinstance(user, SystemActor):  # a system acts in its own organisation only, in the roles it was given
        acts = wanted is None or bool(wanted & user.roles)
        return with_units({user.organisation_id}) if acts else set()
    direct = {m.organisation_id for m in memberships(user) if wanted is None or m.role in wanted}
    return with_units(direct) if direct else set()


def can(user, roles: Iterable[str], organisation: Organisation | int | None) -> bool:
    """True if the user holds one of `roles` for `organisation` (or one above it), or is platform admin."""
    if is_platform_admin(user):
        return True
    if organisation is None:
        return False
    org_id = getattr(organisation, "pk", organisation)
    return org_id in organisation_ids(user, roles)


def require(user, roles: Iterable[str], organisation: Organisation | int | None) -> None:
    if not can(user, roles, organisation):
        raise PermissionDeniedError()


def acting_organisation(user) -> Organisation | None:
    """The organisation recorded in the ledger for the user's actions: their first membership."""
    ms = memberships(user)
    return ms[0].organisation if ms else None


class OrgScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to an organisation; `org_field` names the path to it (NetBox `restrict`)."""

    org_field = "organisation"

    def visible_to(self, user, roles: Iterable[str] | None = None):
        if is_platform_admin(user):
            return self
        ids = organisation_ids(user, roles)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.org_field}__in": ids})
