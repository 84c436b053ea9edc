"""Who may do what with signing keys (R0.5 least privilege); every check goes through core.permissions."""

from digigov.core.choices import OrganisationKind, Role
from digigov.core.permissions import can, is_platform_admin, organisation_ids

KEY_MANAGERS = (Role.ORG_ADMIN,)
SIGNERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def can_manage_keys(user, organisation) -> bool:
    """Organisation administrators of that organisation, or platform administrators, generate and revoke keys."""
    return can(user, KEY_MANAGERS, organisation)


def can_open_key_screen(user) -> bool:
    return is_platform_admin(user) or bool(organisation_ids(user, KEY_MANAGERS))


def holds_keys(organisation) -> bool:
    """Keys belong to departments and public institutions; an internal unit (内设机构) signs with its department's."""
    return organisation.kind != OrganisationKind.INTERNAL_UNIT
