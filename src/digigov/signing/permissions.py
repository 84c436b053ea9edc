"""Who may do what with signing keys (R0.5 least privilege); every check goes through core.permissions."""

from digigov.core.actors import SystemActor
from digigov.core.choices import OrganisationKind, Role
from digigov.core.permissions import can, is_platform_admin, memberships, organisation_ids

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


# Electronic seals (R7.1): the organisation's administrator asks, the platform operator's leaders approve.
SEAL_REQUESTERS = (Role.ORG_ADMIN,)
SEAL_APPROVER_ROLES = (Role.LEADER,)


def is_seal_approver(user) -> bool:
    """A leader of the platform operator organisation, or a platform administrator, decides seal requests."""
    if isinstance(user, SystemActor):
        return False
    if is_platform_admin(user):
        return True
    return any(m.organisation.is_platform_operator and m.role in SEAL_APPROVER_ROLES for m in memberships(user))


def can_request_seal(user, organisation) -> bool:
    return not isinstance(user, SystemActor) and can(user, SEAL_REQUESTERS, organisation)


def can_see_seals(user, organisation) -> bool:
    """Staff of the organisation (any role), the approvers, platform administrators."""
    return is_seal_approver(user) or can(user, [r.value for r in Role], organisation)


def can_use_seal(actor, organisation_id: int) -> bool:
    """A signer of the seal's organisation, or a department system (SystemActor) of that organisation."""
    if isinstance(actor, SystemActor):
        return organisation_id in organisation_ids(actor)
    return can(actor, SIGNERS, organisation_id)
