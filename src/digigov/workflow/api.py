"""What other apps may use of the workflow kernel (docs/adr/0003-eservices-workflow.md §4). A domain app registers
an `Owner` from its AppConfig.ready(), starts an instance for its object and completes the instance's user tasks as
its own actions happen; the kernel keeps the engine state, the task rows, their to-dos and the ledger."""

from dataclasses import dataclass, field

from digigov.workflow.models import ProcessDefinition, ProcessInstance, ProcessVersion, UserTask
from digigov.workflow.owners import Owner, register_owner
from digigov.workflow.permissions import can_design, can_do
from digigov.workflow.selectors import (
    definition_by_key,
    definition_get,
    definition_list,
    instance_for,
    open_tasks,
    task_list,
)
from digigov.workflow.services import (
    StepResult,
    definition_create,
    instance_cancel,
    instance_start,
    shipped_install,
    shipped_processes,
    task_complete,
    tasks_postpone,
    timers_fire,
    version_save,
)
from digigov.workflow.validation import Outline, default_binding
from digigov.workflow.validation import outline as bpmn_outline


@dataclass(frozen=True)
class ProcessDiagram:
    """What a public guide shows of a process: the drawing of its current version (SVG drawn in the designer;
    empty for a shipped file nobody has drawn yet), its steps (user-task names, in the file's order) and its lanes."""

    svg: str
    steps: list[str] = field(default_factory=list)
    lanes: list[str] = field(default_factory=list)


def process_diagram(definition_id: int | None) -> ProcessDiagram | None:
    """The current version of a definition as a diagram, or None when there is no such definition or version."""
    if not definition_id:
        return None
    version = (
        ProcessVersion.objects.filter(pk__in=ProcessDefinition.objects.filter(pk=definition_id).values("current_id"))
        .only("bpmn_xml", "diagram_svg")
        .first()
    )
    if version is None:
        return None
    shape = bpmn_outline(version.bpmn_xml)  # the file's order: the JSON of `tasks` loses it on PostgreSQL (jsonb)
    return ProcessDiagram(
        svg=version.diagram_svg,
        steps=[task.name or task.id for task in shape.user_tasks],
        lanes=[lane.name or lane.id for lane in shape.lanes],
    )


__all__ = [
    "Outline",
    "Owner",
    "ProcessDefinition",
    "ProcessInstance",
    "ProcessDiagram",
    "ProcessVersion",
    "StepResult",
    "UserTask",
    "bpmn_outline",
    "can_design",
    "can_do",
    "default_binding",
    "definition_by_key",
    "definition_create",
    "definition_get",
    "definition_list",
    "instance_cancel",
    "instance_for",
    "instance_start",
    "open_tasks",
    "process_diagram",
    "register_owner",
    "shipped_install",
    "shipped_processes",
    "task_complete",
    "task_list",
    "tasks_postpone",
    "timers_fire",
    "version_save",
]
