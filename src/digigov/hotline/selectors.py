"""Reads of hotline tickets (R5.1), each scoped to the actor with `Ticket.objects.visible_to`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from digigov.core.errors import NotFoundError
from digigov.core.models import Division, Organisation
from digigov.hotline import deadlines
from digigov.hotline.choices import AssignmentStatus
from digigov.hotline.models import OPEN_STATUSES, ExtensionRequest, RoutingRule, Ticket, TicketEvent
from digigov.hotline.permissions import handler_department_ids
from digigov.knowledge.api import Category


def ticket_list(
    *,
    actor,
    status: str = "",
    kind: str = "",
    overdue: bool = False,
    q: str = "",
    today: dt.date | None = None,
    due_soon: bool = False,
) -> QuerySet[Ticket]:
    """The tickets `actor` may see, newest first, filtered by status, kind, overdue or due-soon state and number or
    text."""
    qs = Ticket.objects.visible_to(actor).select_related("division", "category", "centre", "merged_into")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.overdue(today or timezone.localdate())
    if due_soon:
        day = today or timezone.localdate()
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__gte=day, due_on__lt=deadlines.due_soon_line(day))
    for word in (q or "").split()[:5]:
        qs = qs.filter(Q(number=word) | Q(content__icontains=word) | Q(address__icontains=word))
    return qs


def department_ticket_list(*, actor, open_only: bool = True) -> QuerySet[Ticket]:
    """工单签收/办理: tickets dispatched to the actor's departments (their latest assignment there not ended)."""
    ids = handler_department_ids(actor)
    qs = Ticket.objects.filter(
        assignments__department_id__in=ids,
        assignments__status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED, AssignmentStatus.REPLIED],
    )
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.select_related("division", "category").distinct().order_by("due_on", "pk")


def ticket_get(*, actor, pk: int | None = None, number: str | None = None) -> Ticket:
    """One ticket the actor may see, by id or number; NotFoundError otherwise (another centre's looks missing)."""
    qs = Ticket.objects.visible_to(actor).select_related("division", "category", "centre", "taken_by")
    found = qs.filter(pk=pk).first() if pk is not None else qs.filter(number=number or "").first()
    if found is None:
        raise NotFoundError()
    return found


def ticket_events(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("organisation", "department")


def ticket_extensions(*, ticket: Ticket) -> QuerySet[ExtensionRequest]:
    """The ticket's extension requests (延期申请), oldest first, with who asked and who decided."""
    return ticket.extensions.select_related("assignment__department", "requested_by", "decided_by")


def caller_history(*, actor, phone: str, exclude_pk: int | None = None, limit: int = 10) -> list[Ticket]:
    """The caller's earlier tickets by phone number, newest first (the agent sees them while talking)."""
    if not phone:
        return []
    qs = Ticket.objects.visible_to(actor).filter(caller_phone=phone).select_related("category")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[: max(1, min(limit, 50))])


def suggest_department(*, category_id: int | None, division_code: str) -> Organisation | None:
    """The department the routing rules give for (category × division): the most specific category first (its own
    code, then its parents'), within it the most specific division (the division, then those above it)."""
    if category_id is None:
        return None
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        return None
    codes = [category.code[:n] for n in range(len(category.code), 0, -2)]
    divisions: list[str] = []
    division = Division.objects.filter(pk=division_code).first()
    while division is not None and len(divisions) < 6:
        divisions.append(division.pk)
        division = division.parent
    rules = RoutingRule.objects.filter(category__code__in=codes, division_id__in=divisions).select_related(
        "department", "category"
    )
    best = sorted(rules, key=lambda r: (codes.index(r.category.code), divisions.index(r.division_id)))
    return best[0].department if best else None


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("category", "division", "department").order_by(
        "category__code", "division_id"
    )
