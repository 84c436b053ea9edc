"""Who may do what in the knowledge base (GB/T 44191: 知识维护 by the owning department, 知识管理 by the centre).

Every staff member reads published articles (the knowledge base is shared by the centre's agents and every
department). A department's handlers, reviewers, leaders and organisation administrators create and keep its own
articles (drafts included) and answer their review to-dos; the knowledge managers of the 12345 centre — reviewers,
leaders and organisation administrators of an organisation named in the rule `knowledge.centre_organisations` —
and platform administrators keep every department's articles and the subject category tree. Nobody else edits.
"""

from digigov.core.choices import Role
from digigov.core.permissions import is_platform_admin, is_staff_member, organisation_ids
from digigov.core.rules import rule

__all__ = [
    "EDITORS",
    "MANAGERS",
    "can_edit",
    "centre_ids",
    "editable_department_ids",
    "is_manager",
    "is_staff_member",
]

EDITORS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)
MANAGERS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def centre_ids() -> set[int]:
    text = str(rule("knowledge.centre_organisations")).replace("，", ",")
    return {int(p) for p in text.split(",") if p.strip().isdigit()}


def is_manager(actor) -> bool:
    """A knowledge manager: edits every article and the category tree."""
    return is_platform_admin(actor) or bool(organisation_ids(actor, MANAGERS) & centre_ids())


def editable_department_ids(actor) -> set[int] | None:
    """The departments whose articles `actor` keeps; None means every department (a knowledge manager)."""
    if is_manager(actor):
        return None
    return organisation_ids(actor, EDITORS)


def can_edit(actor, department) -> bool:
    org_id = getattr(department, "pk", department)
    allowed = editable_department_ids(actor)
    return org_id is not None and (allowed is None or org_id in allowed)
