"""The BPMN engine behind one door: the only module that imports SpiffWorkflow (LGPL-3.0, used unchanged;
docs/adr/0003-eservices-workflow.md §1). Everything else speaks in plain values: a compiled spec (JSON), a state
(JSON), the user tasks that are ready (uuid, element, name, lane) and routing facts.

Expressions are a security boundary. Spiff evaluates gateway conditions and timer dates with Python `eval` and
script tasks with `exec`; whoever may edit a process could otherwise run code on the server. `SafeEnvironment`
accepts only names, constants, comparisons, `and/or/not`, `in` and calls of our own functions (`working_days`),
with no builtins, and refuses every script. `expression_problem` runs the same walk when a version is saved, so a
bad condition is refused in the designer, not while a case waits.
"""

import ast
import datetime as dt
import uuid as uuid_module
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils import timezone
from lxml import etree
from SpiffWorkflow import TaskState
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as SERIALIZER_VERSION
from SpiffWorkflow.exceptions import SpiffWorkflowException

from digigov.core.calendar import add_working_days

ENGINE_FORMAT = SERIALIZER_VERSION  # stored beside each state: an upgrade migrates older ones
FUNCTIONS = ("working_days",)
_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.Compare,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Call,
    ast.Tuple,
    ast.List,
)
MAX_EXPRESSION = 500


class EngineError(Exception):
    """The engine refused a process or a step; `element` names the BPMN element when one is known."""

    def __init__(self, message: str, element: str = ""):
        super().__init__(message)
        self.element = element


def hardened_parser() -> etree.XMLParser:
    """No DTD, no entities, no network: a BPMN file is data from a person, not a program."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def expression_problem(expression: str) -> str:
    """Why an expression may not run ("" when it may): the walk both the designer and the engine apply."""
    if len(expression) > MAX_EXPRESSION:
        return "too_long"
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return "syntax"
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            return "construct"
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            return "construct"
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
        ):
            return "function"
    return ""


def working_days_timer(today: dt.date, n: int) -> str:
    """A timer's date: local midnight after the n-th working day from `today`, so it fires once that day is over
    (R0.3). Evaluated once, when the timer is reached; a later calendar edit does not move it."""
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 366:
        raise ValueError("working_days takes a whole number of days from 0 to 366")
    day = add_working_days(today, n) + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=_local_zone()).isoformat()


def _local_zone() -> dt.tzinfo:
    return timezone.get_current_timezone()


class SafeEnvironment(TaskDataEnvironment):
    def __init__(self, today: dt.date):
        super().__init__({"__builtins__": {}, "working_days": partial(working_days_timer, today)})

    def evaluate(self, expression, context, external_context=None):
        if problem := expression_problem(expression):
            raise EngineError(f"expression refused ({problem}): {expression[:80]}")
        safe_context = {k: v for k, v in context.items() if isinstance(k, str) and not k.startswith("_")}
        return super().evaluate(expression.strip(), safe_context, external_context)

    def execute(self, script, context, external_context=None):
        raise EngineError("script tasks are refused")

    def call_service(self, context, **kwargs):
        raise EngineError("service tasks are refused")


def _script_engine(today: dt.date) -> PythonScriptEngine:
    return PythonScriptEngine(environment=SafeEnvironment(today))


_serializer = BpmnWorkflowSerializer()


@dataclass(frozen=True)
class Compiled:
    process_id: str
    name: str
    spec: dict  # {"spec": …, "subprocess_specs": …}: stored once per version


def compile_bpmn(root: etree._Element, process_id: str) -> Compiled:
    """The engine's own reading of an already checked tree (XSD, then its parser); raises EngineError."""
    parser = BpmnParser(validator=BpmnValidator())
    try:
        parser.add_bpmn_xml(root, filename="process.bpmn")
        spec = parser.get_spec(process_id)
        subprocesses = parser.get_subprocess_specs(process_id)
    except SpiffWorkflowException as error:
        raise EngineError(_first_line(error), element=getattr(error, "id", "") or "") from error
    except etree.LxmlError as error:
        raise EngineError(_first_line(error)) from error
    return Compiled(
        process_id=process_id,
        name=spec.description or process_id,
        spec={
            "spec": _serializer.to_dict(spec),
            "subprocess_specs": {k: _serializer.to_dict(v) for k, v in subprocesses.items()},
        },
    )


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:300]


@dataclass(frozen=True)
class ReadyTask:
    uuid: str
    element_id: str
    name: str
    lane: str


class Run:
    """One instance's workflow while a service holds its row: load, step, save."""

    def __init__(self, workflow: BpmnWorkflow):
        self.workflow = workflow

    @classmethod
    def start(cls, spec: dict, *, facts: dict, today: dt.date) -> "Run":
        workflow = BpmnWorkflow(
            _serializer.from_dict(spec["spec"]),
            {k: _serializer.from_dict(v) for k, v in spec.get("subprocess_specs", {}).items()},
            script_engine=_script_engine(today),
        )
        workflow.data.update(facts)
        run = cls(workflow)
        start = workflow.get_tasks(state=TaskState.READY)
        for task in start:
            task.data.update(facts)
        run._advance()
        return run

    @classmethod
    def load(cls, spec: dict, state: dict, *, today: dt.date) -> "Run":
        whole = dict(state, spec=spec["spec"], subprocess_specs=spec.get("subprocess_specs", {}))
        workflow = _serializer.from_dict(whole)
        workflow.script_engine = _script_engine(today)
        return cls(workflow)

    def state(self) -> dict:
        whole = _serializer.to_dict(self.workflow)
        whole.pop("spec", None)
        whole.pop("subprocess_specs", None)
        return whole

    def _advance(self) -> None:
        try:
            self.workflow.do_engine_steps()
        except SpiffWorkflowException as error:
            raise EngineError(_first_line(error), element=_element_of(error)) from error

    def ready(self) -> list[ReadyTask]:
        return [
            ReadyTask(
                uuid=str(task.id),
                element_id=task.task_spec.bpmn_id or task.task_spec.name,
                name=task.task_spec.bpmn_name or task.task_spec.name,
                lane=task.task_spec.lane or "",
            )
            for task in self.workflow.get_tasks(state=TaskState.READY, manual=True)
        ]

    def is_ready(self, uuid: str) -> bool:
        return any(task.uuid == uuid for task in self.ready())

    def complete(self, uuid: str, facts: dict) -> None:
        task = self.workflow.get_task_from_id(_uuid(uuid))
        if task is None or task.state != TaskState.READY:
            raise EngineError("the task is not waiting")
        task.data.update(facts)
        try:
            task.run()
        except SpiffWorkflowException as error:
            raise EngineError(_first_line(error), element=_element_of(error)) from error
        self._advance()

    def fire_timers(self, now: dt.datetime) -> list[str]:
        """Fire every waiting timer whose date has come by `now` (the job's clock, not the machine's); returns their
        element ids."""
        fired = []
        for task in self.workflow.get_tasks(state=TaskState.WAITING):
            due = task._get_internal_data("event_value")
            if isinstance(due, str) and _parse(due) <= now:
                task._set_internal_data(event_fired=True)
                fired.append(task.task_spec.bpmn_id or task.task_spec.name)
        if fired:
            self.workflow.refresh_timers()
            self._advance()
        return fired

    def next_timer(self) -> dt.datetime | None:
        dues = [
            _parse(value)
            for task in self.workflow.get_tasks(state=TaskState.WAITING)
            if isinstance(value := task._get_internal_data("event_value"), str)
        ]
        return min(dues) if dues else None

    def waiting_timers(self) -> list[tuple[str, str, dt.datetime]]:
        return [
            (task.task_spec.bpmn_id or "", task.task_spec.bpmn_name or "", _parse(value))
            for task in self.workflow.get_tasks(state=TaskState.WAITING)
            if isinstance(value := task._get_internal_data("event_value"), str)
        ]

    @property
    def completed(self) -> bool:
        return self.workflow.is_completed()

    def ended_at(self) -> list[str]:
        """The end events the instance has reached (which way a case went: 办结, 不予受理 …)."""
        return [
            task.task_spec.bpmn_id
            for task in self.workflow.get_tasks(state=TaskState.COMPLETED)
            if type(task.task_spec).__name__ == "EndEvent" and task.task_spec.bpmn_id
        ]

    def facts(self) -> dict[str, Any]:
        return {k: v for k, v in self.workflow.data.items() if k != "data_objects"}

    def cancel(self) -> None:
        self.workflow.cancel()


def _uuid(value: str) -> uuid_module.UUID:
    return uuid_module.UUID(str(value))


def _parse(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _element_of(error: Exception) -> str:
    task = getattr(error, "task", None)
    spec = getattr(task, "task_spec", None)
    return getattr(spec, "bpmn_id", "") or ""
