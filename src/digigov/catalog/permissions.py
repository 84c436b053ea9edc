"""Who may do what in the catalogue (R1.4); every check goes through core.permissions.

A provider department's handlers draft and edit its resources; its handlers and reviewers submit them. The
platform operator (共享平台运维方: staff of an organisation flagged `is_platform_operator`) reviews, publishes
and keeps the three lists. Platform administrators may do everything.
"""

from digigov.core.choices import Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.permissions import is_platform_admin, memberships

EDITORS = (Role.HANDLER, Role.ORG_ADMIN)
SUBMITTERS = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN)
OPERATOR_ROLES = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN, Role.LEADER)


def is_operator(user) -> bool:
    """Staff of the platform operator, or a platform administrator."""
    if is_platform_admin(user):
        return True
    return any(m.organisation.is_platform_operator and m.role in OPERATOR_ROLES for m in memberships(user))


def require_operator(user) -> None:
    if not is_operator(user):
        raise PermissionDeniedError()


def is_staff_member(user) -> bool:
    """Anyone holding a role somewhere: the published catalogue is open to every department (R1.9)."""
    return is_platform_admin(user) or bool(memberships(user))
