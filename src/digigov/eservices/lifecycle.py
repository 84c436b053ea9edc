"""The service item's review lifecycle (R4.1), in the catalogue's pattern (catalog/lifecycle.py): draft →
submitted → published or returned; a published item is revised (its revision is draft, submitted or returned
again) while the published guide keeps serving; withdrawn ends it. One table (core.lifecycle) and who may take each
step; the services and the screens ask it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.lifecycle import Lifecycle
from digigov.core.permissions import can
from digigov.eservices.choices import ItemStatus as S
from digigov.eservices.permissions import EDITORS, REVIEWERS, SUBMITTERS


class ItemAction(models.TextChoices):
    EDIT = "edit", _("edit the guide")
    SUBMIT = "submit", _("submit the item for review")
    PUBLISH = "publish", _("approve and publish the item")
    RETURN = "return", _("return the item for changes")
    DISCARD = "discard", _("discard the item's revision")
    WITHDRAW = "withdraw", _("withdraw the item")


A = ItemAction

TRANSITIONS = {
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.RETURNED, A.EDIT): S.RETURNED,
    (S.PUBLISHED, A.EDIT): S.DRAFT,  # a revision starts; the published guide stays
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


def item_state(item) -> str:
    """The item's own state, or its revision's once it has been published."""
    if item.status == S.PUBLISHED and item.revision_status:
        return item.revision_status
    return item.status


ITEM = Lifecycle(TRANSITIONS, noun=_("service item"), states=S, actions=A, state_of=item_state)


def _editor(actor, item) -> bool:
    return can(actor, EDITORS, item.organisation_id)


def _submitter(actor, item) -> bool:
    return can(actor, SUBMITTERS, item.organisation_id)


def _reviewer(actor, item) -> bool:
    return can(actor, REVIEWERS, item.organisation_id)


def _has_revision(item) -> str | None:
    return None if item.revision is not None else _("There is no revision of this item to discard.")


def _has_process(item) -> str | None:
    """Publication needs the handling process the cases will run on (ADR 0003 §5)."""
    process = item.revision["fields"].get("process") if item.revision is not None else item.process_id
    return None if process else _("Choose the handling process before the item is published.")


ITEM.permit(A.EDIT, who=_editor)
ITEM.permit(A.SUBMIT, who=_submitter)
ITEM.permit(A.PUBLISH, who=_reviewer, when=_has_process)
ITEM.permit(A.RETURN, who=_reviewer)
ITEM.permit(A.DISCARD, who=_editor, when=_has_revision)
ITEM.permit(A.WITHDRAW, who=lambda actor, item: _editor(actor, item) or _reviewer(actor, item))
