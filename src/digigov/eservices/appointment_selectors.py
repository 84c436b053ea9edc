"""Reads of counter-visit appointments (预约, R4.7): the bookable days and slots of an item's department, a
person's own appointments, and a department's list of a day."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.errors import NotFoundError
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.rules import rule
from digigov.eservices.choices import AppointmentStatus
from digigov.eservices.models import Appointment, Case, ServiceItem
from digigov.eservices.models.appointments import HOLDS_SEAT


@dataclass(frozen=True)
class Slot:
    time: dt.time
    free: int
    capacity: int

    @property
    def label(self) -> str:
        return f"{self.time:%H:%M}"


def bookable_days(today: dt.date | None = None) -> list[dt.date]:
    """The next `eservices.appointment_window_days` working days of the official calendar, from tomorrow."""
    today = today or timezone.localdate()
    return [add_working_days(today, n) for n in range(1, rule("eservices.appointment_window_days") + 1)]


def slot_times() -> list[dt.time]:
    """Every slot start from the first to the last slot of the rules, `eservices.appointment_slot_minutes` apart,
    none beginning in the lunch break (`eservices.appointment_break_start` to `…_break_end`)."""
    first = dt.time.fromisoformat(rule("eservices.appointment_first_slot"))
    last = dt.time.fromisoformat(rule("eservices.appointment_last_slot"))
    step = dt.timedelta(minutes=rule("eservices.appointment_slot_minutes"))
    pause = dt.time.fromisoformat(rule("eservices.appointment_break_start"))
    resume = dt.time.fromisoformat(rule("eservices.appointment_break_end"))
    moment, end, times = dt.datetime.combine(dt.date.min, first), dt.datetime.combine(dt.date.min, last), []
    while moment <= end:
        if not pause <= moment.time() < resume:  # no slot begins in the lunch break
            times.append(moment.time())
        moment += step
    return times


def slots_for(item: ServiceItem, day: dt.date) -> list[Slot]:
    """The slots of `day` at the item's department with the seats still free (empty on a day not bookable)."""
    if day not in bookable_days():
        return []
    capacity = rule("eservices.appointment_slot_capacity")
    taken = dict(
        Appointment.objects.filter(organisation_id=item.organisation_id, day=day, status__in=HOLDS_SEAT)
        .values_list("slot")
        .annotate(n=Count("pk"))
    )
    return [Slot(t, max(capacity - taken.get(t, 0), 0), capacity) for t in slot_times()]


def bookable(item: ServiceItem, case: Case | None = None) -> bool:
    """An item asks for a visit to the counter, or the person's case does (R4.7)."""
    return item.visits > 0 or case is not None


def person_appointments(actor) -> QuerySet[Appointment]:
    if actor is None or not actor.is_authenticated:
        return Appointment.objects.none()
    return Appointment.objects.filter(person=actor).select_related("item", "organisation").order_by("-day", "-slot")


def person_appointment_get(actor, number: str) -> Appointment:
    found = person_appointments(actor).filter(number=number).first()
    if found is None:
        raise NotFoundError()
    return found


def staff_appointments(actor, day: dt.date, organisation: int | None = None) -> QuerySet[Appointment]:
    """A day's visits at the actor's departments (every department's for a platform administrator)."""
    qs = Appointment.objects.filter(day=day).exclude(status=AppointmentStatus.CANCELLED)
    if not is_platform_admin(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs.select_related("item", "organisation", "case").order_by("slot", "pk")


def staff_appointment_get(actor, pk: int) -> Appointment:
    qs = Appointment.objects.all()
    if not is_platform_admin(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFoundError()
    return found
