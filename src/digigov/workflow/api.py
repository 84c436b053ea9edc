"""What other apps may use of the workflow kernel (docs/adr/0003-eservices-workflow.md §4). A domain app registers
an `Owner` from its AppConfig.ready(), starts an instance for its object and completes the instance's user tasks as
its own actions happen; the kernel keeps the engine state, the task rows, their to-dos and the ledger."""

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

__all__ = [
    "Outline",
    "Owner",
    "ProcessDefinition",
    "ProcessInstance",
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
    "register_owner",
    "shipped_install",
    "shipped_processes",
    "task_complete",
    "task_list",
    "tasks_postpone",
    "timers_fire",
    "version_save",
]
