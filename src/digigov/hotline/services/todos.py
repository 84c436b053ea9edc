"""The hotline's to-dos on the workbench (统一工作台): each department a ticket is dispatched to finds it there until it
replies or hands it back; the centre finds the hand-backs waiting for its decision, the replies waiting for review and
the return visits due. Each to-do is about an Assignment (a department's part) or the Ticket (the centre's step), so
the step that ends it closes exactly that one (`inbox_complete_for`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from digigov.core import inbox
from digigov.core.choices import Role
from digigov.hotline.choices import AssignmentStatus
from digigov.hotline.models import Assignment, Ticket

ASSIGNMENT_TASK = "hotline.assignment"  # a department: handle (or co-handle) the ticket by its due date
HAND_BACK_TASK = "hotline.hand_back"  # the centre's supervisors: decide a hand-back
REVIEW_TASK = "hotline.review"  # the centre's supervisors: review the lead department's reply
VISIT_TASK = "hotline.visit"  # the centre's agents: make the return visit
EXTENSION_TASK = "hotline.extension"  # the centre's supervisors: decide an extension request
INTAKE_TASK = "hotline.intake"  # the centre's agents: classify and route a request no agent took (web, letters, API)

_CENTRE = {
    HAND_BACK_TASK: (gettext_lazy("Decide the hand-back of hotline ticket %(number)s"), Role.REVIEWER),
    REVIEW_TASK: (gettext_lazy("Review the reply to hotline ticket %(number)s"), Role.REVIEWER),
    VISIT_TASK: (gettext_lazy("Make the return visit of hotline ticket %(number)s"), ""),
    EXTENSION_TASK: (gettext_lazy("Decide the extension request of hotline ticket %(number)s"), Role.REVIEWER),
    INTAKE_TASK: (gettext_lazy("Classify and route hotline ticket %(number)s received online"), ""),
}
CENTRE_KINDS = tuple(_CENTRE)


def ticket_url(ticket: Ticket) -> str:
    return reverse("hotline_ticket", args=[ticket.pk])


def department_todo(assignment: Assignment) -> None:
    """The department's to-do for its part, due on the part's due date."""
    ticket = assignment.ticket
    if assignment.lead:
        title = gettext_lazy("Handle hotline ticket %(number)s")
    else:
        title = gettext_lazy("Co-handle hotline ticket %(number)s")
    inbox.inbox_register(
        source="hotline",
        kind=ASSIGNMENT_TASK,
        title=inbox.lazy_text(title, number=ticket.number),
        url=ticket_url(ticket),
        assignee_org=assignment.department,
        deadline=assignment.due_on,
        obj=assignment,
    )


def department_done(assignment: Assignment) -> None:
    inbox.inbox_complete_for(obj=assignment, kind=ASSIGNMENT_TASK)


def department_reschedule(assignment: Assignment) -> None:
    inbox.inbox_reschedule_for(obj=assignment, kind=ASSIGNMENT_TASK, deadline=assignment.due_on)


def centre_todo(ticket: Ticket, kind: str) -> None:
    """The centre's to-do for its next step on the ticket (decision, review, return visit)."""
    title, role = _CENTRE[kind]
    inbox.inbox_register(
        source="hotline",
        kind=kind,
        title=inbox.lazy_text(title, number=ticket.number),
        url=ticket_url(ticket),
        assignee_org=ticket.centre,
        assignee_role=role,
        deadline=ticket.due_on,
        obj=ticket,
    )


def centre_extension_todo(ticket: Ticket) -> None:
    centre_todo(ticket, EXTENSION_TASK)


def centre_done(ticket: Ticket, kind: str) -> None:
    inbox.inbox_complete_for(obj=ticket, kind=kind)


def end_assignments(ticket: Ticket) -> None:
    """Every part still running ends (a closed, re-dispatched or merged ticket), with its department's to-do."""
    running = ticket.assignments.exclude(status__in=[AssignmentStatus.HANDED_BACK, AssignmentStatus.ENDED])
    for assignment in running:
        department_done(assignment)
    running.update(status=AssignmentStatus.ENDED)
