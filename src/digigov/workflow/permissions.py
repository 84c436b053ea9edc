"""Who designs processes and who works their tasks (R0.2): a platform-wide definition is designed by platform
administrators, an organisation's own by its organisation administrators; any staff member may read them. A user
task is done by a holder of its lane's role in its organisation."""

from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, is_staff_member
from digigov.workflow.models import ProcessDefinition, UserTask


def can_design(user, target: ProcessDefinition | object | None) -> bool:
    """`target` is a definition, or the owner organisation (None: platform-wide) of one about to be created."""
    owner = target.owner if isinstance(target, ProcessDefinition) else target
    if owner is None:
        return is_platform_admin(user)
    return can(user, [Role.ORG_ADMIN], owner)


def can_view(user) -> bool:
    return is_staff_member(user)


def can_do(user, task: UserTask) -> bool:
    return can(user, [task.role], task.organisation_id)
