"""The publishing workflow of the website cluster (R8.7): 审核 → 保密审查 → 签发 for every library item and every
site's pages. Nobody publishes directly; the end of the workflow publishes (settings.WAGTAIL_FINISH_WORKFLOW_ACTION)
once every step, the confidentiality review among them, has approved."""

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from digigov.core.choices import Role
from digigov.core.inbox import stored_text
from digigov.websites.models import ConfidentialityReviewTask, LibraryItem, RoleApprovalTask

WORKFLOW_NAME = "发布审批（审核 → 保密审查 → 签发）"
STEPS = (
    ("审核", RoleApprovalTask, Role.REVIEWER),
    ("保密审查", ConfidentialityReviewTask, Role.REVIEWER),
    ("签发", RoleApprovalTask, Role.LEADER),
)


@transaction.atomic
def publishing_workflow() -> Workflow:
    """The one workflow, made on first use and assigned to the library (idempotent)."""
    workflow, created = Workflow.objects.get_or_create(name=stored_text(WORKFLOW_NAME))
    if created:
        for order, (name, task_class, role) in enumerate(STEPS):
            task = task_class.objects.create(name=stored_text(name), role=role)
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(LibraryItem), defaults={"workflow": workflow}
    )
    return workflow


def assign_to_site(home: Page) -> None:
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": publishing_workflow()})


def passed_confidentiality_review(workflow_state) -> bool:
    tasks = workflow_state.workflow.tasks.all()
    review_tasks = [t.pk for t in tasks if isinstance(t.specific, ConfidentialityReviewTask)]
    if not review_tasks:
        return True  # a workflow of Wagtail's own (none is assigned to the sites): its approval stands
    return workflow_state.task_states.filter(task_id__in=review_tasks, status="approved").exists()


# Who signed: Wagtail's published signal names only the revision (its author is the drafter).
PUBLISHER: ContextVar = ContextVar("websites_publisher", default=None)


def publish_after_review(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: the signer's approval publishes the revision that went through the chain
    (without the signer needing a publish permission of their own); never without a confidentiality review."""
    if not passed_confidentiality_review(workflow_state):
        return
    token = PUBLISHER.set(user)
    try:
        workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
    finally:
        PUBLISHER.reset(token)
