"""Time limits of tickets on the official calendar (R5.1, R0.3): working days per kind and urgency, and the working
hours a department has to hand a ticket back."""

import datetime as dt

from django.utils import timezone

from digigov.core import calendar
from digigov.core.calendar import add_working_days
from digigov.core.rules import rule
from digigov.hotline.choices import TicketKind, Urgency

_DAYS_RULE = {
    TicketKind.CONSULTATION: "hotline.consultation_days",
    TicketKind.HELP: "hotline.help_days",
    TicketKind.COMPLAINT: "hotline.complaint_days",
    TicketKind.REPORT: "hotline.report_days",
    TicketKind.SUGGESTION: "hotline.suggestion_days",
    TicketKind.PRAISE: "hotline.suggestion_days",
}


def limit_days(kind: str, urgency: str) -> int:
    """Working days a ticket of this kind and urgency may take (0: the same working day)."""
    return rule("hotline.urgent_days") if urgency == Urgency.URGENT else rule(_DAYS_RULE[TicketKind(kind)])


def due_on(kind: str, urgency: str, start: dt.date) -> dt.date:
    """The last day of the limit: `start` itself never counts (自登记之日起 N 个工作日); 0 is the same working day."""
    return add_working_days(start, limit_days(kind, urgency))


def add_working_hours(start: dt.datetime, hours: int) -> dt.datetime:
    """`start` plus `hours` of office time (rules hotline.office_opens_hour/closes_hour) on working days only: a
    ticket dispatched at 16:30 with 2 hours left may be handed back until 10:30 of the next working day."""
    return calendar.add_working_hours(
        start, hours, opens=rule("hotline.office_opens_hour"), closes=rule("hotline.office_closes_hour")
    )


DUE_SOON, OVERDUE = "due_soon", "overdue"


def due_soon_line(today: dt.date) -> dt.date:
    """A ticket due before this date is due soon: at most rule hotline.warn_working_days working days remain (the
    same line the daily notices use)."""
    return add_working_days(today, rule("hotline.warn_working_days") + 1)


def state(due: dt.date | None, today: dt.date | None = None) -> str:
    """ "overdue", "due_soon" or "" for an open ticket's (or part's) due date."""
    if due is None:
        return ""
    today = today or timezone.localdate()
    if today > due:
        return OVERDUE
    return DUE_SOON if due < due_soon_line(today) else ""
