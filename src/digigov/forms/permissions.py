"""Who may see and change which form (R0.5): a platform-wide form (no owner) is read by every staff member and
changed by platform administrators; an organisation's form is read by its staff and changed by its administrators
and handlers (core.permissions.can covers internal units and platform administrators)."""

from django.db.models import Q

from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, is_staff_member, organisation_ids

EDIT_ROLES = (Role.ORG_ADMIN, Role.HANDLER)


def can_edit_for(user, owner) -> bool:
    """May `user` create or change forms owned by `owner` (an Organisation, or None for platform-wide)?"""
    if owner is None:
        return is_platform_admin(user)
    return can(user, EDIT_ROLES, owner)


def can_edit(user, definition) -> bool:
    return can_edit_for(user, definition.owner if definition.owner_id else None)


def can_create_any(user) -> bool:
    return is_platform_admin(user) or bool(organisation_ids(user, EDIT_ROLES))


def visible_filter(user) -> Q | None:
    """The forms `user` may read as a filter; None = nothing."""
    if is_platform_admin(user):
        return Q()
    if not is_staff_member(user):
        return None
    return Q(owner__isnull=True) | Q(owner_id__in=organisation_ids(user))
