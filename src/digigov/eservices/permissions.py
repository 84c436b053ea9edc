"""Who may do what in the service-item catalogue (R4.1); every check goes through core.permissions.

The implementing department's handlers draft and edit its items and submit them; its reviewers (and leaders)
review and publish them. Platform administrators may do everything. Themes and basic items are the platform
operator's (`core.permissions.is_operator`), as the catalogue's classification is.
"""

from digigov.core.choices import Role
from digigov.core.permissions import is_operator, is_staff_member, require_operator

__all__ = ["CLERKS", "EDITORS", "REVIEWERS", "SUBMITTERS", "is_operator", "is_staff_member", "require_operator"]

EDITORS = (Role.HANDLER, Role.ORG_ADMIN)
SUBMITTERS = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN)
REVIEWERS = (Role.REVIEWER, Role.LEADER)
CLERKS = (Role.HANDLER,)  # 窗口: a handler of the item's department takes counter and assisted applications (R4.2)
