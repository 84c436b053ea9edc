"""Who may do what with hotline tickets (R5.1, R0.5); every check goes through core.permissions.

The hotline centre (an organisation named in the rule `hotline.centre_organisations`) takes requests, answers at
once, dispatches, decides hand-backs, reviews replies and makes return visits: any staff role there may take calls,
only its reviewers, leaders and organisation administrators decide hand-backs and review replies. A department
sees and acts on the tickets dispatched to it.
"""

from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, organisation_ids
from digigov.core.rules import rule

AGENTS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # 话务员 and above
SUPERVISORS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # 班长/审核
DEPARTMENT_HANDLERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def centre_ids() -> set[int]:
    text = str(rule("hotline.centre_organisations")).replace("，", ",")
    return {int(p) for p in text.split(",") if p.strip().isdigit()}


def agent_centre_ids(actor) -> set[int]:
    """The centres where `actor` takes calls (every centre for a platform administrator)."""
    if is_platform_admin(actor):
        return centre_ids()
    return organisation_ids(actor, AGENTS) & centre_ids()


def is_agent(actor, centre_id: int | None = None) -> bool:
    ids = agent_centre_ids(actor)
    return bool(ids) if centre_id is None else centre_id in ids


def is_supervisor(actor, centre_id: int) -> bool:
    return centre_id in centre_ids() and can(actor, SUPERVISORS, centre_id)


def handles_for(actor, department_id: int) -> bool:
    """Staff of the department (platform administrators do not act for a department)."""
    return department_id in organisation_ids(actor, DEPARTMENT_HANDLERS)


def handler_department_ids(actor) -> set[int]:
    return organisation_ids(actor, DEPARTMENT_HANDLERS) - centre_ids()
