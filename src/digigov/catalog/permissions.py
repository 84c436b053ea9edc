"""Who may do what in the catalogue (R1.4); every check goes through core.permissions.

A provider department's handlers draft and edit its resources; its handlers and reviewers submit them. The
platform operator (`core.permissions.is_operator`) reviews, publishes and keeps the three lists. Platform
administrators may do everything.
"""

from digigov.core.choices import Role
from digigov.core.permissions import is_operator, is_staff_member, require_operator

__all__ = ["APPLICANT_ROLES", "EDITORS", "SUBMITTERS", "is_operator", "is_staff_member", "require_operator"]

EDITORS = (Role.HANDLER, Role.ORG_ADMIN)
SUBMITTERS = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN)
# Who applies for shared data on an organisation's behalf (the exchange's applicants): offered 申请共享.
APPLICANT_ROLES = (Role.HANDLER, Role.ORG_ADMIN)
