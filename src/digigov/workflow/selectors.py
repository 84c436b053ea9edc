"""What screens and the API read of processes and tasks, scoped to the reader."""

from django.db.models import Count, Q, QuerySet

from digigov.core.choices import Role
from digigov.core.errors import NotFoundError
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.workflow.choices import InstanceStatus, TaskStatus
from digigov.workflow.models import ProcessDefinition, ProcessInstance, UserTask
from digigov.workflow.permissions import can_view

TASK_ROLES = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def definition_list(*, actor) -> QuerySet[ProcessDefinition]:
    """Every definition, for any staff member (processes are how the administration works, not secrets)."""
    if not can_view(actor):
        return ProcessDefinition.objects.none()
    return (
        ProcessDefinition.objects.select_related("owner", "current")
        .annotate(running=Count("versions__instances", filter=Q(versions__instances__status=InstanceStatus.RUNNING)))
        .order_by("key")
    )


def definition_get(*, actor, pk: int) -> ProcessDefinition:
    definition = definition_list(actor=actor).filter(pk=pk).first()
    if definition is None:
        raise NotFoundError()
    return definition


def definition_by_key(key: str) -> ProcessDefinition | None:
    return ProcessDefinition.objects.select_related("current").filter(key=key).first()


def task_list(*, actor, status: str = TaskStatus.OPEN) -> QuerySet[UserTask]:
    """The tasks the actor may do: open ones of their organisations' roles, soonest due first."""
    tasks = UserTask.objects.select_related("instance__version__definition", "organisation").filter(status=status)
    if not is_platform_admin(actor):
        allowed = Q(pk__in=[])
        for role in TASK_ROLES:
            ids = organisation_ids(actor, [role])
            if ids:
                allowed |= Q(role=role, organisation_id__in=ids)
        tasks = tasks.filter(allowed)
    return tasks.order_by("due_on", "opened_at", "pk")


def task_get(*, actor, pk: int) -> UserTask:
    task = (
        UserTask.objects.select_related("instance__version__definition", "organisation", "done_by")
        .filter(pk=pk)
        .first()
    )
    if task is None or not _may_see_instance(actor, task.instance):
        raise NotFoundError()
    return task


def instance_get(*, actor, pk: int) -> ProcessInstance:
    instance = ProcessInstance.objects.select_related("version__definition", "organisation").filter(pk=pk).first()
    if instance is None or not _may_see_instance(actor, instance):
        raise NotFoundError()
    return instance


def _may_see_instance(actor, instance: ProcessInstance) -> bool:
    """The lead organisation's staff and the staff of an organisation with a task in it (a co-reviewer sees the
    instance its part is in; its owner app decides what of the case it sees)."""
    if is_platform_admin(actor):
        return True
    mine = organisation_ids(actor)
    if instance.organisation_id in mine:
        return True
    return instance.tasks.filter(organisation_id__in=mine).exists()


def open_tasks(instance: ProcessInstance) -> list[UserTask]:
    return list(instance.tasks.filter(status=TaskStatus.OPEN).select_related("organisation"))


def instance_for(owner_type: str, owner_id: str) -> ProcessInstance | None:
    return ProcessInstance.objects.filter(owner_type=owner_type, owner_id=str(owner_id)).order_by("-pk").first()
