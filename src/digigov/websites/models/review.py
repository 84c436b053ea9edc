"""The editorial chain of a government site (R8.7): 起草 → 审核 → 保密审查 → 签发, as Wagtail workflow tasks. Each
step is decided by a role in the unit that owns the content (an item's owning unit, a page's site organiser), so
the chain works for every unit without groups to keep: 审核 and 保密审查 by its reviewers, 签发 by its leaders.
The confidentiality review needs its basis in writing; the workflow's end (`review.publish_after_review`) publishes
only content that passed one."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, Task, TaskState

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, organisation_ids

STEP_ROLES = [(Role.REVIEWER, _("Reviewer (审核)")), (Role.LEADER, _("Leader (签发)"))]


def owning_unit(obj) -> int | None:
    """The organisation whose roles decide: a library item's owner, a page's site organiser."""
    if hasattr(obj, "owner_id"):
        return obj.owner_id
    site = obj.get_site() if hasattr(obj, "get_site") else None
    profile = getattr(site, "profile", None) if site else None
    return profile.organiser_id if profile else None


def owned_by(units: set[int]) -> Q:
    """Task states of items owned by `units` and of pages on sites they organise, in one query."""
    from digigov.websites.models.library import LibraryItem
    from digigov.websites.models.sites import SiteProfile

    items = LibraryItem.objects.filter(owner_id__in=units).values_list("pk", flat=True)
    homes = SiteProfile.objects.filter(organiser_id__in=units).values_list("site__root_page__path", flat=True)
    pages = Page.objects.none()
    for path in homes:
        pages = pages | Page.objects.filter(path__startswith=path)
    item_type = ContentType.objects.get_for_model(LibraryItem)
    page_type = ContentType.objects.get_for_model(Page)
    return Q(
        workflow_state__base_content_type=item_type,
        workflow_state__object_id__in=[str(pk) for pk in items],
    ) | Q(
        workflow_state__base_content_type=page_type,
        workflow_state__object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
    )


class RoleApprovalTask(Task):
    """A step approved by a role of the unit that owns the content (审核, 签发)."""

    role = models.CharField(_("deciding role"), max_length=20, choices=STEP_ROLES)

    admin_form_fields = [*Task.admin_form_fields, "role"]

    class Meta:
        verbose_name = _("approval by a role of the owning unit")
        verbose_name_plural = _("approvals by a role of the owning unit")

    def decides(self, obj, user) -> bool:
        return can(user, [self.role, Role.ORG_ADMIN], owning_unit(obj))

    def user_can_access_editor(self, obj, user):
        return self.decides(obj, user)

    def locked_for_user(self, obj, user):
        return not self.decides(obj, user)

    def user_can_lock(self, obj, user):
        return self.decides(obj, user)

    def get_actions(self, obj, user):
        if not self.decides(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task=self.task_ptr)
        if is_platform_admin(user):
            return states
        units = organisation_ids(user, [self.role, Role.ORG_ADMIN])
        return states.filter(owned_by(units))

    @classmethod
    def get_description(cls):
        return _("The reviewers or the leaders of the unit that owns the content approve this step")


class ReviewBasisForm(TaskStateCommentForm):
    """The basis of a confidentiality review is required (保密审查依据)."""

    comment = forms.CharField(label=_("Basis of the confidentiality review"), widget=forms.Textarea, max_length=1000)


class ConfidentialityReviewTask(RoleApprovalTask):
    """保密审查 (R8.7): a reviewer of the owning unit states the basis; without it nothing is published or reposted."""

    class Meta:
        verbose_name = _("confidentiality review")
        verbose_name_plural = _("confidentiality reviews")

    def get_actions(self, obj, user):
        if not self.decides(obj, user):
            return []
        return [("reject", _("Request changes"), True), ("approve", _("Passed the confidentiality review"), True)]

    def get_form_for_action(self, action):
        return ReviewBasisForm if action == "approve" else TaskStateCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            ledger.record(
                action="websites.review.confidentiality_passed",
                actor=user,
                organisation=owning_unit(obj),
                obj=obj,
                after={"title": str(obj), "comment": kwargs.get("comment", "")},
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("A reviewer of the owning unit checks the content for state secrets and states the basis")
