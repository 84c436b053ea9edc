"""协办, 延期, 督办 and time-limit notices (issue 13 items 3 and 4; R5.1): co-handling departments accept (or hand back)
their part and send their contribution to the lead, whose reply is the ticket's; the lead department asks the centre
for more working days; the centre's supervisors urge a department; a daily job warns each department once before a
part is due and once when it is overdue. None of these steps changes the ticket's status."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.rules import rule
from digigov.hotline.choices import AssignmentStatus, ExtensionStatus, TicketAction
from digigov.hotline.lifecycle import TICKET, co_assignment
from digigov.hotline.models import OPEN_STATUSES, Assignment, ExtensionRequest, Ticket
from digigov.hotline.services import todos
from digigov.hotline.services._common import locked, required_text, step

NOTIFIED_ROLES = [Role.HANDLER, Role.LEADER]  # who in a department hears of urging and due dates


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) and hasattr(actor, "pk") else None


def _co_part(actor, ticket: Ticket, status: str) -> Assignment:
    assignment = co_assignment(actor, ticket, status)
    if assignment is None:  # the lifecycle's `who` already required one
        raise PermissionDeniedError()
    return assignment


def _co_step(ticket: Ticket, actor, action: str, assignment: Assignment, note: str = "") -> None:
    step(
        ticket,
        actor=actor,
        action=action,
        ledger_action="hotline.ticket.co_handling",
        department=assignment.department,
        organisation=assignment.department,
        note=note,
        after={"department": assignment.department.name, "step": str(TicketAction(action).label)},
    )


@transaction.atomic
def co_accept(*, actor, ticket: Ticket) -> Assignment:
    """协办签收: a co-handling department takes its part on; the accepting person is the part's handler (the caller
    stays masked for them: only the lead's handler reads the caller, services/privacy.py)."""
    ticket = locked(ticket)
    TICKET.check(actor, ticket, TicketAction.CO_ACCEPT)
    assignment = _co_part(actor, ticket, AssignmentStatus.PENDING)
    assignment.status, assignment.accepted_at, assignment.handled_by = (
        AssignmentStatus.ACCEPTED, timezone.now(), _person(actor),
    )  # fmt: skip
    assignment.save(update_fields=["status", "accepted_at", "handled_by"])
    _co_step(ticket, actor, TicketAction.CO_ACCEPT, assignment)
    return assignment


@transaction.atomic
def co_hand_back(*, actor, ticket: Ticket, reason: str) -> Assignment:
    """协办退回: a co-handling department says the matter is none of its own, within the hand-back hours. Its part
    ends at once: the lead still answers for the ticket, so the centre has nothing to decide."""
    ticket = locked(ticket)
    reason = required_text("reason", reason, _("Give the reason for handing the ticket back."))[:2000]
    pending = co_assignment(actor, ticket, AssignmentStatus.PENDING)
    if pending is not None and timezone.now() > pending.hand_back_until:
        raise ConflictError(
            _("The time to hand this ticket back ended at %(until)s; handle it or ask the centre.")
            % {"until": timezone.localtime(pending.hand_back_until).strftime("%Y-%m-%d %H:%M")}
        )
    TICKET.check(actor, ticket, TicketAction.CO_HAND_BACK)
    assignment = _co_part(actor, ticket, AssignmentStatus.PENDING)
    assignment.status, assignment.hand_back_reason = AssignmentStatus.HANDED_BACK, reason
    assignment.save(update_fields=["status", "hand_back_reason"])
    todos.department_done(assignment)
    _co_step(ticket, actor, TicketAction.CO_HAND_BACK, assignment, note=reason)
    return assignment


@transaction.atomic
def ticket_co_reply(*, actor, ticket: Ticket, reply: str) -> Assignment:
    """协办反馈: a co-handling department sends what it did to the lead department, whose handler reads it on the
    ticket's page; the lead's reply stays the ticket's reply."""
    ticket = locked(ticket)
    reply = required_text("reply", reply, _("Write what your department did for this ticket."))[:5000]
    TICKET.check(actor, ticket, TicketAction.CO_REPLY)
    assignment = _co_part(actor, ticket, AssignmentStatus.ACCEPTED)
    assignment.status, assignment.reply, assignment.replied_at = AssignmentStatus.REPLIED, reply, timezone.now()
    assignment.handled_by = assignment.handled_by or _person(actor)
    assignment.save(update_fields=["status", "reply", "replied_at", "handled_by"])
    todos.department_done(assignment)
    _co_step(ticket, actor, TicketAction.CO_REPLY, assignment, note=reply)
    return assignment


@transaction.atomic
def extension_request(*, actor, ticket: Ticket, days: int, reason: str) -> ExtensionRequest:
    """延期申请: the lead department asks for `days` more working days (1 to rule hotline.extension_max_days), one
    request pending at a time and at most rule hotline.extension_limit approved per ticket."""
    ticket = locked(ticket)
    errors = FieldErrors()
    maximum = rule("hotline.extension_max_days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= maximum:
        errors.add("days", _("Ask for 1 to %(max)s working days.") % {"max": maximum})
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Say why the department needs more time."))
    errors.raise_if_any()
    TICKET.check(actor, ticket, TicketAction.REQUEST_EXTENSION)
    assignment = ticket.current_assignment
    if assignment is None:  # the lifecycle's `who` already required one
        raise PermissionDeniedError()
    request = ExtensionRequest.objects.create(
        ticket=ticket,
        assignment=assignment,
        days=days,
        reason=reason[:2000],
        requested_by=_person(actor),
        due_before=assignment.due_on,
    )
    todos.centre_extension_todo(ticket)
    step(
        ticket,
        actor=actor,
        action=TicketAction.REQUEST_EXTENSION,
        ledger_action="hotline.ticket.extension_requested",
        department=assignment.department,
        organisation=assignment.department,
        note=request.reason,
        after={"days": days, "due_on": assignment.due_on.isoformat()},
    )
    return request


@transaction.atomic
def extension_decide(*, actor, ticket: Ticket, approve: bool, note: str = "") -> ExtensionRequest:
    """The centre decides the pending extension: approved, the ticket and every running part are due that many
    working days after their present due date (the departments' to-dos move with them, new notices follow)."""
    ticket = locked(ticket)
    action = TicketAction.APPROVE_EXTENSION if approve else TicketAction.REFUSE_EXTENSION
    note = (note or "").strip()[:2000]
    if not approve and not note:
        raise FieldErrors.one("note", _("Tell the department why it gets no more time."))
    TICKET.check(actor, ticket, action)
    request = ExtensionRequest.objects.select_for_update().get(ticket=ticket, status=ExtensionStatus.PENDING)
    request.decided_by, request.decided_at, request.note = _person(actor), timezone.now(), note
    save = []
    if approve:
        request.status = ExtensionStatus.APPROVED
        request.due_after = add_working_days(request.due_before, request.days)
        ticket.due_on = add_working_days(ticket.due_on or request.due_before, request.days)
        save = ["due_on"]
        running = ticket.assignments.exclude(status__in=[AssignmentStatus.HANDED_BACK, AssignmentStatus.ENDED])
        for assignment in running:
            assignment.due_on = add_working_days(assignment.due_on, request.days)
            assignment.warned_on = assignment.overdue_noticed_on = None  # a new time limit, new notices
            assignment.save(update_fields=["due_on", "warned_on", "overdue_noticed_on"])
            todos.department_reschedule(assignment)
    else:
        request.status = ExtensionStatus.REFUSED
    request.save(update_fields=["status", "due_after", "decided_by", "decided_at", "note"])
    todos.centre_done(ticket, todos.EXTENSION_TASK)
    step(
        ticket,
        actor=actor,
        action=action,
        ledger_action="hotline.ticket.extension_decided",
        department=request.assignment.department,
        note=note,
        after={"decision": str(action.label), "days": request.days, "due_on": str(ticket.due_on or "")},
        save=save,
    )
    return request


@transaction.atomic
def ticket_urge(*, actor, ticket: Ticket, note: str) -> Ticket:
    """督办: a centre supervisor presses the lead department on a dispatched ticket; the department's handlers and
    leaders are notified and the lists show how often the ticket was urged."""
    ticket = locked(ticket)
    note = required_text("note", note, _("Say what the department must do, and by when."))[:2000]
    TICKET.check(actor, ticket, TicketAction.URGE)
    assignment = ticket.current_assignment
    if assignment is None:  # DISPATCHED and HANDLING always have one
        raise PermissionDeniedError()
    ticket.urge_count += 1
    inbox.notify_role(
        assignment.department,
        NOTIFIED_ROLES,
        title=inbox.lazy_text(_("The hotline centre urges ticket %(number)s"), number=ticket.number),
        body=note,
        url=todos.ticket_url(ticket),
    )
    step(
        ticket,
        actor=actor,
        action=TicketAction.URGE,
        ledger_action="hotline.ticket.urged",
        department=assignment.department,
        note=note,
        after={"department": assignment.department.name, "urge_count": ticket.urge_count},
        save=["urge_count"],
    )
    return ticket


def deadline_notices(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: every department whose running part of an open ticket comes within rule
    hotline.warn_working_days working days of its due date is told once, and once more when it is overdue. What was
    sent is kept on the part (`warned_on`, `overdue_noticed_on`), so a second run the same day sends nothing."""
    today = today or timezone.localdate()
    line = add_working_days(today, rule("hotline.warn_working_days") + 1)  # due before this: due soon
    sent = {"due_soon": 0, "overdue": 0}
    parts = (
        Assignment.objects.filter(
            ticket__status__in=OPEN_STATUSES,
            status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED],
            due_on__lt=line,
        )
        .filter(overdue_noticed_on__isnull=True)
        .select_related("ticket", "department")
        .order_by("due_on", "pk")
    )
    for part in parts.iterator(chunk_size=500):
        kind = "overdue" if today > part.due_on else "due_soon"
        if kind == "due_soon" and part.warned_on is not None:
            continue
        if _notice(part.pk, kind, today):
            sent[kind] += 1
    return sent


@transaction.atomic
def _notice(pk: int, kind: str, today: dt.date) -> bool:
    """One notice, sent and remembered in one transaction (re-read under lock: two runs never both send)."""
    part = Assignment.objects.select_for_update().select_related("ticket", "department").get(pk=pk)
    field = "overdue_noticed_on" if kind == "overdue" else "warned_on"
    if getattr(part, field) is not None:
        return False
    ticket = part.ticket
    if kind == "overdue":
        title = inbox.lazy_text(_("Hotline ticket %(number)s is overdue (due on %(date)s)"), number=ticket.number,
                                date=part.due_on.isoformat())  # fmt: skip
    else:
        title = inbox.lazy_text(_("Hotline ticket %(number)s is due on %(date)s"), number=ticket.number,
                                date=part.due_on.isoformat())  # fmt: skip
    inbox.notify_role(part.department, NOTIFIED_ROLES, title=title, url=todos.ticket_url(ticket))
    setattr(part, field, today)
    part.save(update_fields=[field])
    ledger.record(
        action="hotline.deadline.noticed",
        organisation=part.department,
        obj=ticket,
        after={
            "number": ticket.number,
            "department": part.department.name,
            "notice": str(_("Overdue") if kind == "overdue" else _("Due soon")),
            "due_on": part.due_on.isoformat(),
        },
    )
    return True
