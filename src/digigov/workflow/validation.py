"""What a process version must be before it is saved (docs/adr/0003-eservices-workflow.md §1): a BPMN file of the
supported subset, every user task in a lane, every lane bound to an organisation and role, conditions and timers
the engine will accept. Every message is Chinese and names the element, so the designer can mark it:
field "bpmn" for the file as a whole, "element:<id>" for one element, "lanes.<id>" and "tasks.<id>" for a
binding."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from digigov.core.choices import Role
from digigov.core.errors import FieldErrors
from digigov.core.rules import rule
from digigov.workflow.choices import LaneScope
from digigov.workflow.engine import Compiled, EngineError, compile_bpmn, expression_problem, hardened_parser

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DIAGRAM_NAMESPACES = {
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = {"startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "intermediateCatchEvent"}
# Elements that may appear inside a process besides the flow nodes (structure, labels, notes).
STRUCTURE = {
    "sequenceFlow",
    "laneSet",
    "lane",
    "flowNodeRef",
    "conditionExpression",
    "documentation",
    "textAnnotation",
    "text",
    "association",
    "incoming",
    "outgoing",
    "timerEventDefinition",
    "timeDate",
    "terminateEventDefinition",
    "extensionElements",
}
TIMER = re.compile(r"^\s*working_days\(\s*(\d{1,3})\s*\)\s*$")
LANE_NAME = re.compile(r"^(?:lead(?::(?P<lead_role>\w+))?|part:(?P<part>[a-z0-9_-]{1,50})(?::(?P<part_role>\w+))?)$")
ROLES = [Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN]
MAX_TASK_DAYS = 366


@dataclass(frozen=True)
class Lane:
    id: str
    name: str


@dataclass(frozen=True)
class TaskOutline:
    id: str
    name: str
    lane_id: str


@dataclass(frozen=True)
class Outline:
    process_id: str
    name: str
    lanes: list[Lane] = field(default_factory=list)
    user_tasks: list[TaskOutline] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """A version ready to be stored."""

    outline: Outline
    compiled: Compiled
    lanes: dict[str, dict]
    tasks: dict[str, dict]
    sha256: str


def _tag(element) -> tuple[str, str]:
    qname = etree.QName(element)
    return qname.namespace or "", qname.localname


def parse(bpmn_xml: str) -> etree._Element:
    """The tree of a BPMN file, read without DTD, entities or network; refuses what is not one."""
    data = bpmn_xml.encode() if isinstance(bpmn_xml, str) else bpmn_xml
    if len(data) > rule("workflow.bpmn_max_kb") * 1024:
        raise FieldErrors.one(
            "bpmn", _("The BPMN file is larger than %(kb)s KB.") % {"kb": rule("workflow.bpmn_max_kb")}
        )
    if not data.strip():
        raise FieldErrors.one("bpmn", _("The BPMN file is empty."))
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as error:
        raise FieldErrors.one(
            "bpmn", _("The BPMN file is not well-formed XML (line %(line)s).") % {"line": error.lineno or 1}
        ) from error
    if root.getroottree().docinfo.doctype:
        raise FieldErrors.one("bpmn", _("A BPMN file may not carry a DOCTYPE."))
    if _tag(root) != (BPMN, "definitions"):
        raise FieldErrors.one("bpmn", _("The file is not a BPMN 2.0 model (its root is not bpmn:definitions)."))
    return root


def _process(root) -> etree._Element:
    processes = root.findall(f"{{{BPMN}}}process")
    executable = [p for p in processes if p.get("isExecutable", "true") != "false"] or processes
    if not executable:
        raise FieldErrors.one("bpmn", _("The BPMN file has no process."))
    if len(executable) > 1:
        raise FieldErrors.one("bpmn", _("The BPMN file has several executable processes; keep one."))
    return executable[0]


def outline(bpmn_xml: str) -> Outline:
    root = parse(bpmn_xml)
    return _outline(_process(root))


def _outline(process) -> Outline:
    lanes = [Lane(lane.get("id", ""), lane.get("name", "")) for lane in process.iter(f"{{{BPMN}}}lane")]
    lane_of = {
        ref.text.strip(): lane.get("id", "")
        for lane in process.iter(f"{{{BPMN}}}lane")
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")
        if ref.text
    }
    tasks = [
        TaskOutline(task.get("id", ""), task.get("name", ""), lane_of.get(task.get("id", ""), ""))
        for task in process.iter(f"{{{BPMN}}}userTask")
    ]
    return Outline(process.get("id", ""), process.get("name", "") or process.get("id", ""), lanes, tasks)


def check(bpmn_xml: str, lanes: dict | None = None, tasks: dict | None = None) -> Checked:
    """Every check of a version; raises one DomainError listing every problem found."""
    root = parse(bpmn_xml)
    process = _process(root)
    errors = FieldErrors()
    _check_elements(process, errors)
    shape = _outline(process)
    _check_structure(process, shape, errors)
    bound_lanes = _check_lanes(shape, lanes or {}, errors)
    bound_tasks = _check_tasks(shape, tasks or {}, errors)
    errors.raise_if_any()
    try:
        compiled = compile_bpmn(root, shape.process_id)
    except EngineError as error:
        field_name = f"element:{error.element}" if error.element else "bpmn"
        raise FieldErrors.one(
            field_name, _("The engine cannot run this process: %(reason)s") % {"reason": str(error)}
        ) from error
    text = bpmn_xml if isinstance(bpmn_xml, str) else bpmn_xml.decode()
    digest = hashlib.sha256(
        json.dumps([text, bound_lanes, bound_tasks], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return Checked(shape, compiled, bound_lanes, bound_tasks, digest)


def _element_error(errors: FieldErrors, element, message: str) -> None:
    element_id = element.get("id", "")
    errors.add(f"element:{element_id}" if element_id else "bpmn", message)


def _check_elements(process, errors: FieldErrors) -> None:
    for element in process.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        namespace, name = _tag(element)
        if element is process:
            continue
        if namespace != BPMN:
            if not _inside_extensions(element, process):
                _element_error(errors, element, _refused(name))
            continue
        if name in FLOW_NODES or name in STRUCTURE:
            continue
        _element_error(errors, element, _refused(name))


def _inside_extensions(element, process) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not process:
        if _tag(parent) == (BPMN, "extensionElements"):
            return True
        parent = parent.getparent()
    return False


def _refused(name: str) -> str:
    if name in {"scriptTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "callActivity"}:
        return _("A %(name)s runs code or calls outside systems; this platform runs only user tasks.") % {"name": name}
    if name == "task":
        return _("Set the task's type to user task (人工任务): a task without a type has nobody to do it.")
    if name in {"subProcess", "transaction", "adHocSubProcess"}:
        return _("Subprocesses are not supported yet; draw the steps in the main process.")
    if name == "boundaryEvent":
        return _("Boundary events are not supported yet; use an intermediate timer after the task.")
    if name == "inclusiveGateway":
        return _("Inclusive gateways are not supported; use an exclusive or a parallel gateway.")
    return _("“%(name)s” is not a BPMN element this platform runs.") % {"name": name}


def _check_structure(process, shape: Outline, errors: FieldErrors) -> None:
    tag = lambda name: f"{{{BPMN}}}{name}"  # noqa: E731
    starts = process.findall(tag("startEvent"))
    if len(starts) != 1:
        errors.add("bpmn", _("A process needs exactly one start event."))
    for start in starts:
        if any(isinstance(child.tag, str) and _tag(child)[1].endswith("EventDefinition") for child in start):
            _element_error(errors, start, _("The start event must be a plain start event (no timer or message)."))
    if not process.findall(tag("endEvent")):
        errors.add("bpmn", _("A process needs at least one end event."))
    for end in process.findall(tag("endEvent")):
        for child in end:
            kind = _tag(child)[1] if isinstance(child.tag, str) else ""
            if kind.endswith("EventDefinition") and kind != "terminateEventDefinition":
                _element_error(errors, end, _("An end event may only be plain or terminating."))
    laneset_count = len(process.findall(tag("laneSet")))
    if laneset_count != 1:
        errors.add("bpmn", _("Draw the process in one pool with lanes: each lane says who does its tasks."))
    for lane in process.iter(tag("lane")):
        if lane.find(tag("childLaneSet")) is not None:
            _element_error(errors, lane, _("Lanes inside lanes are not supported."))
    for task in shape.user_tasks:
        element = process.find(f"{tag('userTask')}[@id='{task.id}']")
        if not task.name.strip():
            _element_error(errors, element, _("Give every user task a name: it is the to-do's title."))
        if not task.lane_id and laneset_count:
            _element_error(errors, element, _("Put the user task in a lane, so it has someone to do it."))
    flows = process.findall(tag("sequenceFlow"))
    gateway_ids = {g.get("id") for g in process.findall(tag("exclusiveGateway"))}
    for flow in flows:
        condition = flow.find(tag("conditionExpression"))
        if condition is None:
            continue
        if flow.get("sourceRef") not in gateway_ids:
            _element_error(errors, flow, _("Only the flows leaving an exclusive gateway may have a condition."))
            continue
        text = (condition.text or "").strip()
        if problem := expression_problem(text):
            _element_error(errors, flow, _expression_message(problem, text))
    for gateway in process.findall(tag("exclusiveGateway")):
        outgoing = [f for f in flows if f.get("sourceRef") == gateway.get("id")]
        default = gateway.get("default", "")
        unconditioned = [f for f in outgoing if f.find(tag("conditionExpression")) is None and f.get("id") != default]
        if len(outgoing) > 1 and unconditioned:
            _element_error(
                errors,
                gateway,
                _("Every flow leaving this gateway needs a condition, except one marked as the default."),
            )
    for event in process.findall(tag("intermediateCatchEvent")):
        timer = event.find(tag("timerEventDefinition"))
        definitions = [c for c in event if isinstance(c.tag, str) and _tag(c)[1].endswith("EventDefinition")]
        if timer is None or len(definitions) != 1:
            _element_error(errors, event, _("An intermediate event must be a timer."))
            continue
        date = timer.find(tag("timeDate"))
        if date is None or not TIMER.match(date.text or ""):
            _element_error(
                errors,
                event,
                _("Write the timer as a number of working days, e.g. working_days(2) (R0.3); durations are refused."),
            )


def _expression_message(problem: str, text: str) -> str:
    if problem == "too_long":
        return _("The condition is longer than 500 characters.")
    if problem == "syntax":
        return _("The condition “%(text)s” cannot be read; write e.g. materials_ok and amount <= 500.") % {
            "text": text[:80]
        }
    return _(
        "The condition “%(text)s” uses something conditions may not: only case facts, numbers, texts, comparisons, "
        "and/or/not and in."
    ) % {"text": text[:80]}


def default_binding(lane_name: str) -> dict:
    """A lane named "lead:reviewer" or "part:seal:handler" binds itself; any other name defaults to the lead's
    handlers."""
    match = LANE_NAME.match(lane_name.strip())
    if not match:
        return {"scope": LaneScope.LEAD.value, "part": "", "role": Role.HANDLER.value}
    if match.group("part"):
        return {
            "scope": LaneScope.PART.value,
            "part": match.group("part"),
            "role": match.group("part_role") or Role.REVIEWER.value,
        }
    return {"scope": LaneScope.LEAD.value, "part": "", "role": match.group("lead_role") or Role.HANDLER.value}


def _check_lanes(shape: Outline, given: dict, errors: FieldErrors) -> dict[str, dict]:
    known = {lane.id: lane for lane in shape.lanes}
    for lane_id in given:
        if lane_id not in known:
            errors.add(f"lanes.{lane_id}", _("The process has no lane “%(id)s”.") % {"id": lane_id})
    bound = {}
    for lane in shape.lanes:
        binding = {**default_binding(lane.name), **{k: v for k, v in (given.get(lane.id) or {}).items() if v != ""}}
        if binding.get("scope") not in LaneScope.values:
            errors.add(f"lanes.{lane.id}", _("Choose whether the lead or a co-reviewing department works here."))
        if binding.get("role") not in ROLES:
            errors.add(f"lanes.{lane.id}", _("Choose the role whose holders do this lane's tasks."))
        part = str(binding.get("part") or "")
        if binding.get("scope") == LaneScope.PART and not re.fullmatch(r"[a-z0-9_-]{1,50}", part):
            errors.add(
                f"lanes.{lane.id}",
                _("Name the co-reviewing part with a code of lowercase letters, digits, - or _ (e.g. seal)."),
            )
        if binding.get("scope") == LaneScope.LEAD:
            part = ""
        bound[lane.id] = {
            "name": lane.name,
            "scope": str(binding.get("scope")),
            "part": part,
            "role": str(binding.get("role")),
        }
    return bound


def _check_tasks(shape: Outline, given: dict, errors: FieldErrors) -> dict[str, dict]:
    known = {task.id: task for task in shape.user_tasks}
    for task_id in given:
        if task_id not in known:
            errors.add(f"tasks.{task_id}", _("The process has no user task “%(id)s”.") % {"id": task_id})
    bound = {}
    for task in shape.user_tasks:
        days = (given.get(task.id) or {}).get("working_days")
        if days in (None, ""):
            days = rule("workflow.task_working_days")
        try:
            days = int(days)
        except (TypeError, ValueError):
            days = -1
        if not 0 <= days <= MAX_TASK_DAYS:
            errors.add(
                f"tasks.{task.id}",
                _("A task's time limit is a whole number of working days from 0 to %(max)s.") % {"max": MAX_TASK_DAYS},
            )
        bound[task.id] = {"name": task.name, "lane": task.lane_id, "working_days": days}
    return bound
