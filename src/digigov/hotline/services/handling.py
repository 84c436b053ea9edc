"""From dispatch to closing (R5.1): the centre dispatches to a department, which accepts or hands back (退单) within
its working hours while the centre decides; the department replies, the centre reviews the reply, makes the return
visit (回访) and may reopen (重办) an unsatisfied ticket once before it closes. Several departments may co-handle a
ticket (协办, supervision.py); each department part and each centre step waiting is a to-do (todos.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.rules import rule
from digigov.hotline import deadlines
from digigov.hotline.choices import AssignmentStatus, Resolution, Satisfaction, TicketAction, TicketStatus
from digigov.hotline.lifecycle import TICKET
from digigov.hotline.models import Assignment, Ticket
from digigov.hotline.permissions import centre_ids
from digigov.hotline.services import merging, todos
from digigov.hotline.services._common import locked, required_text, step
from digigov.hotline.signals import announce_answer


def _assignment(ticket: Ticket) -> Assignment:
    assignment = ticket.current_assignment
    if assignment is None:  # the lifecycle's `who` already required one
        raise PermissionDeniedError()
    return assignment


def _department(pk) -> Organisation | None:
    """A department the centre may dispatch to: an active organisation that is not a hotline centre."""
    department = Organisation.objects.filter(pk=pk, is_active=True).first()
    return None if department is None or department.pk in centre_ids() else department


@transaction.atomic
def ticket_dispatch(
    *, actor, ticket: Ticket, department_id: int, instructions: str = "", co_department_ids=()
) -> Assignment:
    """派单: the ticket goes to one department as lead, and to co-handling departments (协办) if any; each may hand
    its part back within the rule's working hours and finds its part among its to-dos."""
    ticket = locked(ticket)
    status = TICKET.check(actor, ticket, TicketAction.DISPATCH)
    department = _department(department_id)
    if department is None:
        raise FieldErrors.one("department_id", _("Choose the department that must handle this ticket."))
    co_departments: list[Organisation] = []
    for pk in dict.fromkeys(co_department_ids or ()):
        if pk == department.pk:
            continue
        co = _department(pk)
        if co is None:
            raise FieldErrors.one("co_department_ids", _("Choose the co-handling departments among the departments."))
        co_departments.append(co)
    todos.end_assignments(ticket)  # a re-dispatch: nothing of the earlier dispatch runs on
    now = timezone.now()
    common = {
        "ticket": ticket,
        "instructions": (instructions or "").strip()[:2000],
        "assigned_at": now,
        "hand_back_until": deadlines.add_working_hours(now, rule("hotline.hand_back_hours")),
        "due_on": ticket.due_on or deadlines.due_on(ticket.kind, ticket.urgency, timezone.localdate(now)),
    }
    assignment = Assignment.objects.create(department=department, lead=True, **common)
    parts = [assignment] + [Assignment.objects.create(department=co, lead=False, **common) for co in co_departments]
    for part in parts:
        todos.department_todo(part)
    todos.centre_done(ticket, todos.INTAKE_TASK)
    ticket.status = status
    ticket.forget_assignment()
    after: dict[str, object] = {
        "department": department.name,
        "hand_back_until": assignment.hand_back_until.isoformat(),
    }
    if co_departments:
        after["co_departments"] = [co.name for co in co_departments]
    step(
        ticket,
        actor=actor,
        action=TicketAction.DISPATCH,
        ledger_action="hotline.ticket.dispatched",
        department=department,
        note=assignment.instructions,
        after=after,
        save=["status"],
    )
    return assignment


@transaction.atomic
def ticket_accept(*, actor, ticket: Ticket) -> Assignment:
    """签收: the lead department takes the ticket on; the accepting person is its handler."""
    ticket = locked(ticket)
    status = TICKET.check(actor, ticket, TicketAction.ACCEPT)
    assignment = _assignment(ticket)
    assignment.status, assignment.accepted_at = AssignmentStatus.ACCEPTED, timezone.now()
    assignment.handled_by = actor if getattr(actor, "is_authenticated", False) and hasattr(actor, "pk") else None
    assignment.save(update_fields=["status", "accepted_at", "handled_by"])
    ticket.status = status
    step(
        ticket,
        actor=actor,
        action=TicketAction.ACCEPT,
        ledger_action="hotline.ticket.accepted",
        department=assignment.department,
        organisation=assignment.department,
        after={"department": assignment.department.name},
        save=["status"],
    )
    return assignment


@transaction.atomic
def ticket_hand_back(*, actor, ticket: Ticket, reason: str) -> Assignment:
    """退单: the department says the ticket is not its own, with a reason, before `hand_back_until`."""
    ticket = locked(ticket)
    reason = required_text("reason", reason, _("Give the reason for handing the ticket back."))[:2000]
    status = TICKET.check(actor, ticket, TicketAction.HAND_BACK)
    assignment = _assignment(ticket)
    assignment.status, assignment.hand_back_reason = AssignmentStatus.HANDED_BACK, reason
    assignment.save(update_fields=["status", "hand_back_reason"])
    todos.department_done(assignment)
    todos.centre_todo(ticket, todos.HAND_BACK_TASK)
    ticket.status = status
    step(
        ticket,
        actor=actor,
        action=TicketAction.HAND_BACK,
        ledger_action="hotline.ticket.handed_back",
        department=assignment.department,
        organisation=assignment.department,
        after={"department": assignment.department.name, "reason": reason},
        save=["status"],
    )
    return assignment


@transaction.atomic
def hand_back_decide(*, actor, ticket: Ticket, approve: bool, note: str = "") -> Ticket:
    """The centre decides a hand-back: agreed, the ticket waits for a new dispatch; refused, the department must
    handle it (its assignment counts as accepted)."""
    ticket = locked(ticket)
    action = TicketAction.APPROVE_HAND_BACK if approve else TicketAction.REFUSE_HAND_BACK
    note = (note or "").strip()[:2000]
    if not approve and not note:
        raise FieldErrors.one("note", _("Tell the department why it must handle the ticket."))
    status = TICKET.check(actor, ticket, action)
    assignment = _assignment(ticket)
    todos.centre_done(ticket, todos.HAND_BACK_TASK)
    if approve:
        assignment.status = AssignmentStatus.ENDED
        assignment.save(update_fields=["status"])
        todos.end_assignments(ticket)  # the co-handlers' parts end with the lead's
    else:
        assignment.status, assignment.accepted_at = AssignmentStatus.ACCEPTED, timezone.now()
        assignment.save(update_fields=["status", "accepted_at"])
        todos.department_todo(assignment)
    ticket.status = status
    step(
        ticket,
        actor=actor,
        action=action,
        ledger_action="hotline.ticket.hand_back_decided",
        department=assignment.department,
        note=note,
        after={"decision": str(action.label), "department": assignment.department.name},
        save=["status"],
    )
    return ticket


@transaction.atomic
def ticket_reply(*, actor, ticket: Ticket, reply: str) -> Assignment:
    """答复: the lead department writes what it did and what the caller is told; the centre reviews it."""
    ticket = locked(ticket)
    reply = required_text("reply", reply, _("Write the reply to the caller."))[:5000]
    status = TICKET.check(actor, ticket, TicketAction.REPLY)
    assignment = _assignment(ticket)
    assignment.status, assignment.reply, assignment.replied_at = AssignmentStatus.REPLIED, reply, timezone.now()
    if assignment.handled_by_id is None and getattr(actor, "is_authenticated", False) and hasattr(actor, "pk"):
        assignment.handled_by = actor
    assignment.save(update_fields=["status", "reply", "replied_at", "handled_by"])
    todos.department_done(assignment)
    todos.centre_todo(ticket, todos.REVIEW_TASK)
    ticket.status = status
    step(
        ticket,
        actor=actor,
        action=TicketAction.REPLY,
        ledger_action="hotline.ticket.replied",
        department=assignment.department,
        organisation=assignment.department,
        note=reply,
        after={"department": assignment.department.name},
        save=["status"],
    )
    return assignment


@transaction.atomic
def reply_review(*, actor, ticket: Ticket, approve: bool, note: str = "") -> Ticket:
    """审核: the centre approves the department's reply (it becomes the answer; the return visit follows) or sends
    it back with what is missing."""
    ticket = locked(ticket)
    action = TicketAction.APPROVE_REPLY if approve else TicketAction.RETURN_REPLY
    note = (note or "").strip()[:2000]
    if not approve and not note:
        raise FieldErrors.one("note", _("Say what the reply lacks."))
    status = TICKET.check(actor, ticket, action)
    assignment = _assignment(ticket)
    todos.centre_done(ticket, todos.REVIEW_TASK)
    if approve:
        ticket.answer = assignment.reply
        todos.centre_todo(ticket, todos.VISIT_TASK)
    else:
        assignment.status = AssignmentStatus.ACCEPTED
        assignment.save(update_fields=["status"])
        todos.department_todo(assignment)
    ticket.status = status
    step(
        ticket,
        actor=actor,
        action=action,
        ledger_action="hotline.ticket.reply_reviewed",
        department=assignment.department,
        note=note,
        after={"decision": str(action.label)},
        save=["status", "answer"],
    )
    announce_answer(ticket, actor)  # approved: the answer is final (a letter routed in gets it)
    merging.propagate_answer(ticket, actor)  # 并案: an approved reply goes to every merged caller too
    return ticket


@transaction.atomic
def ticket_visit(*, actor, ticket: Ticket, satisfaction: str, note: str = "") -> Ticket:
    """回访: the caller's satisfaction is recorded; satisfied or fairly satisfied closes the ticket, not satisfied
    leaves it for the centre to reopen (once, rule hotline.reopen_limit) or close."""
    ticket = locked(ticket)
    if satisfaction not in Satisfaction.values:
        raise FieldErrors.one("satisfaction", _("Choose how satisfied the caller is."))
    status = TICKET.check(actor, ticket, TicketAction.VISIT)
    ticket.satisfaction = satisfaction
    if satisfaction == Satisfaction.UNSATISFIED:
        ticket.status = TicketStatus.UNSATISFIED
    else:
        ticket.status, ticket.resolution, ticket.closed_at = status, Resolution.HANDLED, timezone.now()
        todos.end_assignments(ticket)
    todos.centre_done(ticket, todos.VISIT_TASK)
    step(
        ticket,
        actor=actor,
        action=TicketAction.VISIT,
        ledger_action="hotline.ticket.visited",
        note=(note or "").strip()[:2000],
        after={"satisfaction": str(Satisfaction(satisfaction).label)},
        save=["status", "satisfaction", "resolution", "closed_at"],
    )
    return ticket


@transaction.atomic
def ticket_reopen(*, actor, ticket: Ticket, note: str) -> Ticket:
    """重办: an unsatisfied ticket goes back to its lead department with a new time limit counted from today."""
    ticket = locked(ticket)
    note = required_text("note", note, _("Say what the caller is still not satisfied with."))[:2000]
    status = TICKET.check(actor, ticket, TicketAction.REOPEN)
    today = timezone.localdate()
    ticket.due_on = deadlines.due_on(ticket.kind, ticket.urgency, today)
    assignment = _reopened_part(ticket) if ticket.current_assignment is None else _assignment(ticket)
    assignment.status, assignment.due_on = AssignmentStatus.ACCEPTED, ticket.due_on
    assignment.warned_on = assignment.overdue_noticed_on = None  # a new time limit, new notices
    assignment.save(update_fields=["status", "due_on", "warned_on", "overdue_noticed_on"])
    todos.department_todo(assignment)
    ticket.status, ticket.reopen_count, ticket.satisfaction = status, ticket.reopen_count + 1, ""
    step(
        ticket,
        actor=actor,
        action=TicketAction.REOPEN,
        ledger_action="hotline.ticket.reopened",
        department=assignment.department,
        note=note,
        after={"due_on": ticket.due_on.isoformat()},
        save=["status", "reopen_count", "satisfaction", "due_on"],
    )
    return ticket


def _reopened_part(ticket: Ticket) -> Assignment:
    """A merged ticket was answered with its main ticket and never dispatched itself: its 重办 goes to the department
    that answered the main ticket, as this ticket's own part from now on."""
    main = ticket.merged_into
    main_part = main.current_assignment if main is not None else None
    if main is None or main_part is None or ticket.due_on is None:
        raise ConflictError(_("This ticket has no department to reopen it with; dispatch it instead."))
    now, number = timezone.now(), main.number
    part = Assignment.objects.create(
        ticket=ticket, department=main_part.department, lead=True, status=AssignmentStatus.ACCEPTED,
        instructions=str(_("Reopened: answered with the main ticket %(number)s.") % {"number": number}),
        assigned_at=now, hand_back_until=now, due_on=ticket.due_on, handled_by=main_part.handled_by, accepted_at=now,
    )  # fmt: skip
    ticket.forget_assignment()
    return part


@transaction.atomic
def ticket_close(*, actor, ticket: Ticket, note: str = "") -> Ticket:
    """办结 of an unsatisfied ticket that is not (or no longer) reopened; its rating stays 不满意."""
    ticket = locked(ticket)
    status = TICKET.check(actor, ticket, TicketAction.CLOSE)
    ticket.status, ticket.resolution, ticket.closed_at = status, Resolution.HANDLED, timezone.now()
    todos.end_assignments(ticket)
    step(
        ticket,
        actor=actor,
        action=TicketAction.CLOSE,
        ledger_action="hotline.ticket.closed",
        note=(note or "").strip()[:2000],
        save=["status", "resolution", "closed_at"],
    )
    return ticket
