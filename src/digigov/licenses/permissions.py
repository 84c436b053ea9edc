"""Who may do what with licences (R6.1); every check goes through core.permissions.

A department's organisation administrator keeps its licence types (证照目录); platform administrators keep every
department's. Its handlers, reviewers, leaders and organisation administrators issue, change, renew, cancel and
revoke its licences — a platform administrator does not issue for a department. A department's system issues
when the operator allowed it (the rule `licenses.issue_systems`), as a `SystemActor` of its own department.
"""

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, is_staff_member, organisation_ids
from digigov.core.rules import rule_system_ids

__all__ = [
    "CATALOGUE_EDITORS",
    "ISSUERS",
    "can_edit_types",
    "can_issue",
    "is_platform_admin",
    "is_staff_member",
    "issue_system_ids",
    "issuing_organisation_ids",
    "system_actor",
]

CATALOGUE_EDITORS = (Role.ORG_ADMIN,)
ISSUERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def can_edit_types(actor, organisation) -> bool:
    return can(actor, CATALOGUE_EDITORS, organisation)


def issuing_organisation_ids(actor) -> set[int]:
    """The departments whose licences `actor` issues and manages (no platform-wide right: issuing is the
    department's act)."""
    return organisation_ids(actor, ISSUERS)


def can_issue(actor, organisation) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return org_id is not None and org_id in issuing_organisation_ids(actor)


def issue_system_ids() -> set[int]:
    return rule_system_ids("licenses.issue_systems")


def system_actor(client) -> SystemActor | None:
    """The actor a department's system (an authenticated identity SystemClient) issues as, or None if it may
    not: the operator lists it in the rule `licenses.issue_systems`."""
    if client is None or client.pk not in issue_system_ids():
        return None
    return SystemActor(
        client_id=client.pk,
        name=client.name,
        organisation_id=client.organisation_id,
        roles=frozenset({Role.HANDLER}),
        channel="api",
    )
