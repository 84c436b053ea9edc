"""The workflow API under /api/v1/workflow/ (ADR 0003 §4): process definitions and their versions, an instance's
tasks and history, the caller's open tasks, and completing one. A department system with an API key acts as its
department's staff do; a designer posts BPMN and gets the problems back per element."""

import datetime as dt
import math

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from digigov.core.api_inputs import Id, PageNumber
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.workflow import selectors, services
from digigov.workflow.choices import TaskStatus
from digigov.workflow.models import ProcessDefinition, ProcessVersion, UserTask
from digigov.workflow.permissions import can_view

router = Router(tags=["workflow"])
PAGE_SIZE = 50


class VersionOut(Schema):
    id: int
    number: int
    process_id: str
    sha256: str
    note: str
    lanes: dict[str, dict]
    tasks: dict[str, dict]
    created_at: dt.datetime


class VersionDetailOut(VersionOut):
    bpmn_xml: str


class DefinitionOut(Schema):
    id: int
    key: str
    name: str
    owner: str | None
    current: VersionOut | None
    running: int = Field(description="Instances still running, on any version")


class VersionIn(Schema):
    bpmn_xml: str = Field(max_length=2_000_000)
    lanes: dict[str, dict[str, str]] = Field(default_factory=dict)
    tasks: dict[str, dict[str, int]] = Field(default_factory=dict)
    note: str = Field("", max_length=300)
    make_current: bool = True


class TaskOut(Schema):
    id: int
    instance: int
    process: str
    element_id: str
    name: str
    lane: str
    organisation: str
    role: str
    part: str
    status: str
    due_on: dt.date | None
    opened_at: dt.datetime
    done_at: dt.datetime | None


class TaskPage(Schema):
    count: int
    pages: int
    items: list[TaskOut]


class StepOut(Schema):
    instance: int
    status: str
    opened: list[TaskOut]
    ended_at: list[str]
    completed: bool


class HistoryOut(Schema):
    at: dt.datetime
    action: str
    actor: str


class InstanceOut(Schema):
    id: int
    process: str
    version: int
    organisation: str
    status: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    next_timer_at: dt.datetime | None
    tasks: list[TaskOut]
    history: list[HistoryOut]


class CompleteIn(Schema):
    facts: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class TaskQuery(Schema):
    status: TaskStatus = TaskStatus.OPEN
    page: PageNumber = 1


def _version(version: ProcessVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "id": version.pk, "number": version.number, "process_id": version.process_id, "sha256": version.sha256,
        "note": version.note, "lanes": version.lanes, "tasks": version.tasks, "created_at": version.created_at,
    }  # fmt: skip


def _definition(d: ProcessDefinition) -> dict:
    return {
        "id": d.pk, "key": d.key, "name": d.name, "owner": d.owner.name if d.owner else None,
        "current": _version(d.current), "running": getattr(d, "running", 0),
    }  # fmt: skip


def _task(t: UserTask) -> dict:
    return {
        "id": t.pk, "instance": t.instance_id, "process": t.instance.version.definition.name,
        "element_id": t.element_id, "name": t.name, "lane": t.lane, "organisation": t.organisation.name,
        "role": t.role, "part": t.part, "status": t.status, "due_on": t.due_on, "opened_at": t.opened_at,
        "done_at": t.done_at,
    }  # fmt: skip


@router.get("/definitions", response=list[DefinitionOut], summary=_("Process definitions"))
def definition_list(request):
    if not can_view(request.user):
        raise PermissionDeniedError()
    return [_definition(d) for d in selectors.definition_list(actor=request.user)]


@router.get("/definitions/{definition_id}", response=DefinitionOut, summary=_("One process definition"))
def definition_get(request, definition_id: Id):
    return _definition(selectors.definition_get(actor=request.user, pk=definition_id))


@router.get(
    "/definitions/{definition_id}/versions", response=list[VersionDetailOut], summary=_("A definition's versions")
)
def version_list(request, definition_id: Id):
    definition = selectors.definition_get(actor=request.user, pk=definition_id)
    return [dict(_version(v) or {}, bpmn_xml=v.bpmn_xml) for v in definition.versions.order_by("-number")]


@router.post(
    "/definitions/{definition_id}/versions",
    response={201: VersionOut},
    summary=_("Save a new version of a process (BPMN 2.0 XML)"),
)
def version_create(request, definition_id: Id, payload: VersionIn):
    definition = selectors.definition_get(actor=request.user, pk=definition_id)
    version = services.version_save(
        actor=request.user,
        definition=definition,
        bpmn_xml=payload.bpmn_xml,
        lanes=payload.lanes,
        tasks=payload.tasks,
        note=payload.note,
        make_current=payload.make_current,
    )
    return Status(201, _version(version))


@router.get("/instances/{instance_id}", response=InstanceOut, summary=_("A process instance, its tasks and history"))
def instance_get(request, instance_id: Id):
    instance = selectors.instance_get(actor=request.user, pk=instance_id)
    entries = LedgerEntry.objects.filter(object_type="workflow.processinstance", object_id=str(instance.pk)).order_by(
        "seq"
    )
    tasks = instance.tasks.select_related("organisation", "instance__version__definition")
    return {
        "id": instance.pk, "process": instance.version.definition.name, "version": instance.version.number,
        "organisation": instance.organisation.name, "status": instance.status, "started_at": instance.started_at,
        "completed_at": instance.completed_at, "next_timer_at": instance.next_timer_at,
        "tasks": [_task(t) for t in tasks],
        "history": [{"at": e.at, "action": e.action, "actor": e.actor_name} for e in entries],
    }  # fmt: skip


@router.get("/tasks", response=TaskPage, summary=_("The tasks the caller may do"))
def task_list(request, query: Query[TaskQuery]):
    tasks = selectors.task_list(actor=request.user, status=query.status)
    count = tasks.count()
    start = (query.page - 1) * PAGE_SIZE
    return {
        "count": count,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "items": [_task(t) for t in tasks[start : start + PAGE_SIZE]],
    }


@router.post("/tasks/{task_id}/complete", response=StepOut, summary=_("Complete a user task"))
def task_complete(request, task_id: Id, payload: CompleteIn):
    task = selectors.task_get(actor=request.user, pk=task_id)
    result = services.task_complete(actor=request.user, task=task, facts=payload.facts)
    return {
        "instance": result.instance.pk,
        "status": result.instance.status,
        "opened": [_task(t) for t in result.opened],
        "ended_at": result.ended_at,
        "completed": result.completed,
    }
