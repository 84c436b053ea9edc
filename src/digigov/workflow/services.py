"""Writes of the workflow kernel (ADR 0003 §2, §4): definitions, versions, instances and their steps.

Each step runs in one transaction: the owner's row is locked first (its app's `lock`), then the instance row
(`select_for_update`; SQLite's writers already queue), the engine steps, the state is saved with a revision check,
the user-task rows follow the engine, and the ledger entries and to-dos come last, so the platform-wide ledger head
is held for the shortest time. A step that fails rolls back whole: state, tasks, to-dos and ledger.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import ledger
from digigov.core.calendar import add_working_days
from digigov.core.errors import ConflictError, DomainError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import inbox_complete_for, inbox_register, inbox_reschedule_for, lazy_text
from digigov.core.models import Organisation
from digigov.core.names import person_name
from digigov.workflow import layout, validation
from digigov.workflow.choices import InstanceStatus, LaneScope, TaskStatus
from digigov.workflow.engine import ENGINE_FORMAT, FUNCTIONS, EngineError, Run
from digigov.workflow.models import ProcessDefinition, ProcessInstance, ProcessVersion, UserTask
from digigov.workflow.owners import Owner, owner_for
from digigov.workflow.permissions import can_design, can_do

PROCESSES = Path(__file__).resolve().parent / "processes"
INBOX_SOURCE = "workflow"
INBOX_KIND = "workflow.task"
FACT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")
MAX_FACTS_BYTES = 8192


@dataclass
class StepResult:
    instance: ProcessInstance
    opened: list[UserTask] = field(default_factory=list)
    closed: list[UserTask] = field(default_factory=list)
    cancelled: list[UserTask] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    ended_at: list[str] = field(default_factory=list)
    completed: bool = False


# --- definitions and versions ---------------------------------------------------------------------------------


@transaction.atomic
def definition_create(*, actor, key: str, name: str, owner: Organisation | None = None) -> ProcessDefinition:
    if not can_design(actor, owner):
        raise PermissionDeniedError()
    errors = FieldErrors()
    key, name = (key or "").strip(), (name or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_-]{1,59}", key):
        errors.add("key", _("Use 2 to 60 lowercase letters, digits, - or _, starting with a letter."))
    elif ProcessDefinition.objects.filter(key=key).exists():
        errors.add("key", _("A process with this key exists already."))
    if not name:
        errors.add("name", _("This field is required."))
    errors.check_lengths(ProcessDefinition, {"name": name})
    errors.raise_if_any()
    definition = ProcessDefinition.objects.create(key=key, name=name, owner=owner)
    ledger.record(
        action="workflow.definition.created",
        actor=actor,
        organisation=owner,
        obj=definition,
        after={"key": key, "name": name},
    )
    return definition


@transaction.atomic
def version_save(
    *,
    actor,
    definition: ProcessDefinition,
    bpmn_xml: str,
    lanes: dict[str, dict] | None = None,
    tasks: dict[str, dict] | None = None,
    diagram_svg: str = "",
    note: str = "",
    make_current: bool = True,
) -> ProcessVersion:
    """Check a BPMN file and its bindings, and store them as the definition's next version (the same file and
    bindings as the current version store nothing). Running instances stay on the version they started on."""
    definition = ProcessDefinition.objects.select_for_update().get(pk=definition.pk)
    if not can_design(actor, definition):
        raise PermissionDeniedError()
    checked = validation.check(bpmn_xml, lanes, tasks)
    bpmn_xml = layout.with_diagram(bpmn_xml)  # a file without a drawing gets one, so it can be shown
    if len(note) > 300:
        raise FieldErrors.one("note", _("The note can have at most 300 characters."))
    current = definition.current
    if current is not None and current.sha256 == checked.sha256:
        return current
    if diagram_svg and (len(diagram_svg) > 2_000_000 or "<script" in diagram_svg.lower()):
        raise FieldErrors.one("diagram_svg", _("The diagram is not a plain SVG drawing."))
    number = (definition.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ProcessVersion.objects.create(
        definition=definition,
        number=number,
        bpmn_xml=bpmn_xml,
        process_id=checked.outline.process_id,
        spec=checked.compiled.spec,
        sha256=checked.sha256,
        lanes=checked.lanes,
        tasks=checked.tasks,
        diagram_svg=diagram_svg,
        note=note.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if make_current or definition.current_id is None:
        definition.current = version
        definition.save(update_fields=["current"])
    ledger.record(
        action="workflow.version.saved",
        actor=actor,
        organisation=definition.owner,
        obj=definition,
        after={"number": number, "sha256": checked.sha256, "current": definition.current_id == version.pk},
    )
    return version


def shipped_processes() -> dict[str, dict]:
    """The processes the platform ships (workflow/processes/manifest.json): key → name, file, lane bindings, days."""
    return json.loads((PROCESSES / "manifest.json").read_text(encoding="utf-8"))


@transaction.atomic
def shipped_install(*, actor, key: str) -> ProcessDefinition:
    """Create the platform-wide definition of a shipped process with its file as version 1 (or return it)."""
    existing = ProcessDefinition.objects.filter(key=key.replace("_", "-")).first()
    if existing is not None:
        return existing
    entry = shipped_processes()[key]
    definition = definition_create(actor=actor, key=key.replace("_", "-"), name=entry["name"])
    version_save(
        actor=actor,
        definition=definition,
        bpmn_xml=(PROCESSES / entry["file"]).read_text(encoding="utf-8"),
        lanes=entry["lanes"],
        tasks=entry["tasks"],
        note=_("Shipped with the platform"),
    )
    definition.refresh_from_db()
    return definition


# --- instances and steps ----------------------------------------------------------------------------------------


def check_facts(facts: dict[str, Any] | None) -> dict[str, Any]:
    """Routing facts only (materials_ok, joint, decision …): short scalars under plain names. Opinions, documents
    and personal data stay in the owner's tables (ADR 0003 §1)."""
    facts = dict(facts or {})
    errors = FieldErrors()
    for key, value in facts.items():
        if not isinstance(key, str) or not FACT_KEY.match(key) or key in FUNCTIONS:
            errors.add("facts", _("“%(key)s” is not a fact name a process may read.") % {"key": str(key)[:60]})
        elif not _plain(value):
            errors.add("facts", _("The fact “%(key)s” must be a short text, number, yes/no or list.") % {"key": key})
    if not errors and len(json.dumps(facts, ensure_ascii=False)) > MAX_FACTS_BYTES:
        errors.add("facts", _("The facts are too long."))
    errors.raise_if_any()
    return facts


def _plain(value, depth: int = 0) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return not isinstance(value, float) or value == value  # NaN is not a fact
    if isinstance(value, str):
        return len(value) <= 500
    if isinstance(value, list) and depth == 0:
        return len(value) <= 50 and all(_plain(v, 1) for v in value)
    return False


@transaction.atomic
def instance_start(
    *,
    actor,
    version: ProcessVersion,
    organisation: Organisation,
    owner_type: str = "",
    owner_id: str | int = "",
    facts: dict[str, Any] | None = None,
    parts: dict[str, Organisation] | None = None,
    today: dt.date | None = None,
) -> StepResult:
    """Start an instance of `version` led by `organisation` and run it to its first waits (user tasks, timers)."""
    today = today or timezone.localdate()
    facts = check_facts(facts)
    owner = owner_for(owner_type)
    owner_obj = owner.lock(str(owner_id)) if owner else None
    try:
        run = Run.start(version.spec, facts=facts, today=today)
    except EngineError as error:
        raise DomainError(_("The process cannot start: %(reason)s") % {"reason": error}) from error
    instance = ProcessInstance.objects.create(
        version=version,
        owner_type=owner_type,
        owner_id=str(owner_id),
        organisation=organisation,
        parts={code: org.pk for code, org in (parts or {}).items()},
        state=json.dumps(run.state(), ensure_ascii=False),
        engine_format=ENGINE_FORMAT,
        status=InstanceStatus.COMPLETED if run.completed else InstanceStatus.RUNNING,
        next_timer_at=run.next_timer(),
        completed_at=timezone.now() if run.completed else None,
    )
    result = StepResult(instance=instance, ended_at=run.ended_at(), completed=run.completed)
    result.opened = _open_tasks(instance, run.ready(), set(), owner, owner_obj, today)
    ledger.record(
        action="workflow.instance.started",
        actor=actor,
        organisation=organisation,
        obj=instance,
        after={"process": version.definition.name, "version": version.number, "facts": facts},
    )
    _after_step(actor, instance, result, owner, owner_obj, today)
    return result


def _lock_owner(instance_id: int) -> tuple[Owner | None, Any]:
    """The owner's row first (lock order: owner, instance, ledger head), when the instance has an owner."""
    meta = ProcessInstance.objects.filter(pk=instance_id).values_list("owner_type", "owner_id").first()
    if meta is None:
        raise NotFoundError()
    owner = owner_for(meta[0])
    return owner, (owner.lock(meta[1]) if owner else None)


def _locked_instance(pk: int) -> ProcessInstance:
    """The instance row, locked until the transaction ends, read in the locking statement itself: a second
    person completing a parallel task waits here and then reads the state the first one saved."""
    return (
        ProcessInstance.objects.select_for_update(of=("self",))
        .select_related("version__definition", "organisation")
        .get(pk=pk)
    )


@transaction.atomic
def task_complete(
    *, actor, task: UserTask, facts: dict[str, Any] | None = None, today: dt.date | None = None
) -> StepResult:
    """Complete one user task with the routing facts it decided, and run the process to its next waits."""
    today = today or timezone.localdate()
    facts = check_facts(facts)
    owner, owner_obj = _lock_owner(task.instance_id)
    instance = _locked_instance(task.instance_id)
    task = UserTask.objects.select_related("done_by").get(pk=task.pk)
    if not can_do(actor, task):
        raise PermissionDeniedError()
    if task.status != TaskStatus.OPEN or instance.status != InstanceStatus.RUNNING:
        raise ConflictError(_already_done(task))
    run = _load(instance, today)
    if not run.is_ready(str(task.task_uuid)):
        raise ConflictError(_already_done(task))
    try:
        run.complete(str(task.task_uuid), facts)
    except EngineError as error:
        raise DomainError(_("The process cannot go on: %(reason)s") % {"reason": error}) from error
    _save(instance, run)
    # A system acting for its organisation (core.actors.SystemActor) has no account: the ledger names it.
    done_by = actor if getattr(actor, "is_authenticated", False) else None
    task.status, task.done_at, task.done_by = TaskStatus.DONE, timezone.now(), done_by
    task.save(update_fields=["status", "done_at", "done_by"])
    result = StepResult(instance=instance, closed=[task], ended_at=run.ended_at(), completed=run.completed)
    result.cancelled, result.opened = _follow_engine(instance, run, owner, owner_obj, today)
    inbox_complete_for(obj=task)
    ledger.record(
        action="workflow.task.completed",
        actor=actor,
        organisation=task.organisation_id,
        obj=instance,
        after={"name": task.name, "element": task.element_id, "task": task.pk, "facts": facts},
    )
    _after_step(actor, instance, result, owner, owner_obj, today)
    return result


def _already_done(task: UserTask) -> str:
    if task.status == TaskStatus.DONE and task.done_by is not None and task.done_at is not None:
        return _("This task was already done by %(name)s at %(at)s; reload the page.") % {
            "name": person_name(task.done_by),
            "at": date_format(timezone.localtime(task.done_at), "Y-m-d H:i"),
        }
    return _("This task is no longer waiting; reload the page.")


def _load(instance: ProcessInstance, today: dt.date) -> Run:
    if instance.engine_format != ENGINE_FORMAT:
        raise DomainError(_("This process was saved by another engine version and must be migrated first."))
    return Run.load(instance.version.spec, json.loads(instance.state), today=today)


def _save(instance: ProcessInstance, run: Run) -> None:
    """Write the state only over the revision that was read: a path that forgot the lock gets a 409, never a
    silently lost step."""
    completed = run.completed
    values = {
        "state": json.dumps(run.state(), ensure_ascii=False),
        "next_timer_at": run.next_timer(),
        "status": InstanceStatus.COMPLETED if completed else InstanceStatus.RUNNING,
        "completed_at": timezone.now() if completed else None,
    }
    updated = ProcessInstance.objects.filter(pk=instance.pk, revision=instance.revision).update(
        revision=F("revision") + 1, **values
    )
    if updated != 1:
        raise ConflictError(_("Someone else moved this process on at the same moment; reload the page."))
    for name, value in values.items():
        setattr(instance, name, value)
    instance.revision += 1


def _follow_engine(instance, run: Run, owner: Owner | None, owner_obj, today: dt.date):
    """The task rows after a step: open ones the engine no longer waits for are cancelled (a terminating end),
    and each task it newly waits on gets a row (its to-do comes with the ledger entries, last)."""
    ready = run.ready()
    rows = list(instance.tasks.values_list("pk", "task_uuid", "status"))
    waiting = {r.uuid for r in ready}
    gone = [pk for pk, uuid, status in rows if status == TaskStatus.OPEN and str(uuid) not in waiting]
    cancelled = list(UserTask.objects.filter(pk__in=gone)) if gone else []
    for task in cancelled:
        task.status, task.done_at = TaskStatus.CANCELLED, timezone.now()
        task.save(update_fields=["status", "done_at"])
        inbox_complete_for(obj=task)
    known = {str(uuid) for _pk, uuid, _status in rows}
    return cancelled, _open_tasks(instance, ready, known, owner, owner_obj, today)


def _open_tasks(instance, ready_tasks, known: set[str], owner: Owner | None, owner_obj, today: dt.date):
    version = instance.version
    opened = []
    for ready in ready_tasks:
        if ready.uuid in known:
            continue
        spec = version.tasks.get(ready.element_id, {})
        binding = version.lanes.get(spec.get("lane", ""), {"scope": LaneScope.LEAD, "part": "", "role": "handler"})
        organisation = _organisation(instance, binding, owner, owner_obj, ready.element_id)
        days = int(spec.get("working_days", 0))
        if owner and owner.task_days:
            days = owner.task_days(owner_obj, ready.element_id, days)
        task = UserTask.objects.create(
            instance=instance,
            task_uuid=ready.uuid,
            element_id=ready.element_id,
            name=ready.name[:200],
            lane=binding.get("name", ready.lane)[:200],
            organisation=organisation,
            role=binding["role"],
            part=binding.get("part", ""),
            due_on=add_working_days(today, days),
        )
        opened.append(task)
    return opened


def _organisation(instance, binding: dict, owner: Owner | None, owner_obj, element_id: str) -> Organisation:
    if binding.get("scope") != LaneScope.PART:
        return instance.organisation
    code = binding.get("part", "")
    found = None
    if owner and owner.resolve:
        found = owner.resolve(owner_obj, code)
    elif code in instance.parts:
        found = Organisation.objects.filter(pk=instance.parts[code]).first()
    if found is None:
        raise DomainError(
            _("No co-reviewing department is named for the part “%(part)s” of task %(task)s.")
            % {"part": code, "task": element_id}
        )
    return found


def _after_step(actor, instance, result: StepResult, owner: Owner | None, owner_obj, today: dt.date) -> None:
    """Ledger entries and to-dos last (the ledger head's lock is held until the commit), then the owner's turn."""
    for task in result.opened:
        inbox_register(
            source=owner.source if owner else INBOX_SOURCE,
            kind=INBOX_KIND,
            title=_title(instance, task, owner, owner_obj),
            url=owner.url(owner_obj, task) if owner and owner.url else "",
            assignee_org=task.organisation,
            assignee_role=task.role,
            deadline=task.due_on,
            start=today,
            obj=task,
        )
    if result.completed:
        ledger.record(
            action="workflow.instance.completed",
            actor=actor,
            organisation=instance.organisation,
            obj=instance,
            after={"ended_at": "、".join(result.ended_at)},
        )
    if owner and owner.on_step:
        owner.on_step(owner_obj, result)


def _title(instance, task: UserTask, owner: Owner | None, owner_obj):
    if owner and owner.title:
        return owner.title(owner_obj, task.name)
    return lazy_text(gettext_lazy("%(task)s: %(process)s"), task=task.name, process=instance.version.definition.name)


@transaction.atomic
def instance_fire_timers(*, instance_id: int, now: dt.datetime, today: dt.date | None = None) -> StepResult:
    """Fire an instance's due timers (the periodic job's work for one instance), in the lock order of a step."""
    today = today or timezone.localdate()
    owner, owner_obj = _lock_owner(instance_id)
    instance = _locked_instance(instance_id)
    result = StepResult(instance=instance)
    if instance.status != InstanceStatus.RUNNING:
        return result
    run = _load(instance, today)
    timer_names = {element: name for element, name, _due in run.waiting_timers()}
    fired = run.fire_timers(now)
    if not fired:
        _save(instance, run)  # a timer moved by hand: next_timer_at follows the state
        return result
    _save(instance, run)
    result.fired, result.ended_at, result.completed = fired, run.ended_at(), run.completed
    result.cancelled, result.opened = _follow_engine(instance, run, owner, owner_obj, today)
    for element in fired:
        ledger.record(
            action="workflow.timer.fired",
            organisation=instance.organisation,
            obj=instance,
            after={"name": timer_names.get(element) or element, "element": element},
        )
    _after_step(None, instance, result, owner, owner_obj, today)
    return result


def timers_fire(*, now: dt.datetime | None = None) -> int:
    """The periodic job: every running instance whose earliest timer is due, each in its own transaction."""
    now = now or timezone.now()
    due = ProcessInstance.objects.filter(status=InstanceStatus.RUNNING, next_timer_at__lte=now).values_list(
        "pk", flat=True
    )
    fired = 0
    for pk in list(due[:1000]):
        fired += len(instance_fire_timers(instance_id=pk, now=now, today=timezone.localtime(now).date()).fired)
    return fired


@transaction.atomic
def instance_cancel(*, actor, instance: ProcessInstance, reason: str) -> ProcessInstance:
    """Stop an instance (a withdrawn case): its open tasks and to-dos close. The owner app checks who may."""
    owner = owner_for(instance.owner_type)
    if owner:
        owner.lock(instance.owner_id)
    instance = _locked_instance(instance.pk)
    if instance.status != InstanceStatus.RUNNING:
        raise ConflictError(_("This process has ended already."))
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors.one("reason", _("This field is required."))
    run = _load(instance, timezone.localdate())
    run.cancel()
    _save(instance, run)
    ProcessInstance.objects.filter(pk=instance.pk).update(status=InstanceStatus.CANCELLED)
    instance.status = InstanceStatus.CANCELLED
    for task in instance.tasks.filter(status=TaskStatus.OPEN):
        task.status, task.done_at = TaskStatus.CANCELLED, timezone.now()
        task.save(update_fields=["status", "done_at"])
        inbox_complete_for(obj=task)
    ledger.record(
        action="workflow.instance.cancelled",
        actor=actor,
        organisation=instance.organisation,
        obj=instance,
        after={"reason": reason[:300]},
    )
    return instance


def tasks_postpone(*, instance: ProcessInstance, working_days: int) -> int:
    """Move the open tasks' deadlines (and their to-dos) later by `working_days`: the owner's clock stood still
    (a case waiting for the applicant's supplement). In the caller's transaction; returns how many moved."""
    if working_days <= 0:
        return 0
    moved = 0
    for task in instance.tasks.filter(status=TaskStatus.OPEN, due_on__isnull=False):
        if task.due_on is None:
            continue
        task.due_on = add_working_days(task.due_on, working_days)
        task.save(update_fields=["due_on"])
        inbox_reschedule_for(obj=task, kind=INBOX_KIND, deadline=task.due_on)
        moved += 1
    return moved
