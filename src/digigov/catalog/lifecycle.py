"""The catalogue resource's review lifecycle (R1.1, R1.4): draft → submitted → published or returned; revised,
withdrawn; and the demand list's entries (R1.3). One table each (core.lifecycle) and who may take each step; the
services and the screens ask them.

The state is the resource's own until it is published; after that it is its revision's (a published resource
being revised is "draft", "submitted" or "returned" again) while the published version keeps serving exchange.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import DemandStatus
from digigov.catalog.choices import ResourceStatus as S
from digigov.catalog.permissions import EDITORS, SUBMITTERS, is_operator
from digigov.core.lifecycle import Lifecycle
from digigov.core.permissions import can


class ResourceAction(models.TextChoices):
    EDIT = "edit", _("edit")
    SUBMIT = "submit", _("submit for review")
    PUBLISH = "publish", _("publish")
    RETURN = "return", _("return for changes")
    DISCARD = "discard", _("discard the revision")
    WITHDRAW = "withdraw", _("withdraw")


A = ResourceAction

TRANSITIONS = {
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.RETURNED, A.EDIT): S.RETURNED,
    (S.PUBLISHED, A.EDIT): S.DRAFT,  # a revision starts; the published version stays
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.PUBLISH): S.PUBLISHED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.DRAFT, A.DISCARD): S.PUBLISHED,  # only a revision: the published version is left as it was
    (S.RETURNED, A.DISCARD): S.PUBLISHED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, A.WITHDRAW): S.WITHDRAWN,
    (S.RETURNED, A.WITHDRAW): S.WITHDRAWN,
    (S.PUBLISHED, A.WITHDRAW): S.WITHDRAWN,
}


def resource_state(resource) -> str:
    """The resource's own state, or its revision's once it has been published."""
    if resource.status == S.PUBLISHED and resource.revision_status:
        return resource.revision_status
    return resource.status


RESOURCE = Lifecycle(TRANSITIONS, noun=_("catalogue resource"), states=S, actions=A, state_of=resource_state)


def _editor(actor, resource) -> bool:
    return can(actor, EDITORS, resource.provider_id)


def _submitter(actor, resource) -> bool:
    return can(actor, SUBMITTERS, resource.provider_id)


def _operator(actor, resource) -> bool:
    return is_operator(actor)


def _has_revision(resource) -> str | None:
    return None if resource.revision is not None else _("There is no revision in progress to discard.")


RESOURCE.permit(A.EDIT, who=_editor)
RESOURCE.permit(A.SUBMIT, who=_submitter)
RESOURCE.permit(A.PUBLISH, who=_operator)
RESOURCE.permit(A.RETURN, who=_operator)
RESOURCE.permit(A.DISCARD, who=_editor, when=_has_revision)
RESOURCE.permit(A.WITHDRAW, who=lambda actor, resource: _editor(actor, resource) or is_operator(actor))


class DemandAction(models.TextChoices):
    MATCH = "match", _("match to the catalogue")
    ASK = "ask", _("ask the provider to respond")
    PLAN = "planned", _("promise to provide")
    DECLINE = "unmet", _("declare it cannot be met")


# A demand (需求清单, R1.3) is answered from the catalogue by the operator, or passed to a provider who answers it.
DEMAND = Lifecycle(
    {
        (DemandStatus.OPEN, DemandAction.MATCH): DemandStatus.MATCHED,
        (DemandStatus.ASKED, DemandAction.MATCH): DemandStatus.MATCHED,
        (DemandStatus.OPEN, DemandAction.ASK): DemandStatus.ASKED,
        (DemandStatus.ASKED, DemandAction.ASK): DemandStatus.ASKED,
        (DemandStatus.ASKED, DemandAction.PLAN): DemandStatus.PLANNED,
        (DemandStatus.ASKED, DemandAction.DECLINE): DemandStatus.UNMET,
    },
    noun=_("demand"),
    states=DemandStatus,
    actions=DemandAction,
)
DEMAND.permit(DemandAction.MATCH, who=_operator)
DEMAND.permit(DemandAction.ASK, who=_operator)
DEMAND.permit(DemandAction.PLAN, who=lambda actor, entry: can(actor, SUBMITTERS, entry.provider_id))
DEMAND.permit(DemandAction.DECLINE, who=lambda actor, entry: can(actor, SUBMITTERS, entry.provider_id))
