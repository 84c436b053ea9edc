"""预约 (R4.7): a signed-in person books a half-hour slot of a working day at the item's 办理地点, cancels it before
the slot, and the department's clerk marks whether they came. Every number is a rule (days ahead, first and last
slot, slot length, people per slot and department)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.numbering import next_number
from digigov.core.permissions import can
from digigov.core.rules import rule
from digigov.eservices.appointment_selectors import bookable, bookable_days, slot_times
from digigov.eservices.choices import AppointmentStatus
from digigov.eservices.models import Appointment, Case, ServiceItem
from digigov.eservices.models.appointments import HOLDS_SEAT
from digigov.identity import api as identity

PREFIX = "YY"  # 预约
CLERKS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def _record(action: str, actor, appointment: Appointment, **after) -> None:
    ledger.record(
        action=action,
        actor=actor,
        organisation=appointment.organisation_id,
        obj=appointment,
        after={"number": appointment.number, **after},
    )


def _slot_text(appointment: Appointment) -> str:
    return f"{appointment.day:%Y-%m-%d} {appointment.slot:%H:%M}"


def _check_slot(day: dt.date | None, slot: dt.time | None) -> tuple[dt.date, dt.time]:
    errors = FieldErrors()
    if day is None or day not in bookable_days():
        errors.add(
            "day",
            _("Choose one of the next %(n)s working days.") % {"n": rule("eservices.appointment_window_days")},
        )
    if slot is None or slot not in slot_times():
        errors.add("slot", _("Choose one of the times shown."))
    errors.raise_if_any()
    assert day is not None and slot is not None  # noqa: S101  (checked above; for the type checker)
    return day, slot


def _take_seat(actor, item: ServiceItem, party_name: str, case: Case | None, day: dt.date, slot: dt.time):
    """The first free seat of the slot; a seat someone took meanwhile fails the unique constraint, and the next is
    tried, so a slot never holds more than its capacity however many book at once."""
    taken = set(
        Appointment.objects.filter(
            organisation_id=item.organisation_id, day=day, slot=slot, status__in=HOLDS_SEAT
        ).values_list("seat", flat=True)
    )
    for seat in range(1, rule("eservices.appointment_slot_capacity") + 1):
        if seat in taken:
            continue
        try:
            with transaction.atomic():  # a savepoint: a lost race undoes the number too (no gap)
                return Appointment.objects.create(
                    number=next_number(PREFIX, model=Appointment),
                    item=item,
                    organisation_id=item.organisation_id,
                    person=actor,
                    person_name=party_name,
                    case=case,
                    place=item.place,
                    day=day,
                    slot=slot,
                    seat=seat,
                )
        except IntegrityError:
            if Appointment.objects.filter(person=actor, item=item, status=AppointmentStatus.BOOKED).exists():
                raise ConflictError(_("You already have a booked visit for this service.")) from None
            if not Appointment.objects.filter(
                organisation_id=item.organisation_id, day=day, slot=slot, seat=seat, status__in=HOLDS_SEAT
            ).exists():
                raise  # not a lost race for the seat
    raise FieldErrors.one("slot", _("This time is fully booked. Choose another time."))


@transaction.atomic
def appointment_book(
    *, actor, item: ServiceItem, day: dt.date | None, slot: dt.time | None, case: Case | None = None
) -> Appointment:
    """A booked visit with its number (core.numbering) and a notice to the person."""
    party = identity.party_of(actor)
    if party is None:
        raise PermissionDeniedError(_("Only citizens and legal persons book visits online."))
    if case is not None and (case.applicant_id != actor.pk or case.item_id != item.pk):
        raise PermissionDeniedError()
    if not bookable(item, case):
        raise ConflictError(_("This service needs no visit to the office."))
    day, slot = _check_slot(day, slot)
    if Appointment.objects.filter(person=actor, item=item, status=AppointmentStatus.BOOKED).exists():
        raise ConflictError(_("You already have a booked visit for this service. Cancel it to book another time."))
    appointment = _take_seat(actor, item, party.name, case, day, slot)
    _record("eservices.appointment.booked", actor, appointment, slot=_slot_text(appointment), item=item.name)
    inbox.notify(
        recipient=actor,
        title=lazy_text(
            gettext_lazy("Visit booked: %(item)s, %(when)s, number %(no)s"),
            item=item.name,
            when=_slot_text(appointment),
            no=appointment.number,
        ),
        body=item.place,
        url="/zwfw/appointments/",
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, actor, appointment: Appointment) -> Appointment:
    """The person cancels a booked visit before its slot begins; the seat is free again."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.person_id != actor.pk:
        raise PermissionDeniedError()
    starts = timezone.make_aware(dt.datetime.combine(appointment.day, appointment.slot))
    if appointment.status != AppointmentStatus.BOOKED or timezone.now() >= starts:
        raise ConflictError(_("Only a booked visit that has not begun can be cancelled."))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status", "updated_at"])
    _record("eservices.appointment.cancelled", actor, appointment)
    return appointment


@transaction.atomic
def appointment_mark(*, actor, appointment: Appointment, status: str, today: dt.date | None = None) -> Appointment:
    """The department's clerk marks a visit of today or before as came or did not come."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not can(actor, CLERKS, appointment.organisation_id):
        raise PermissionDeniedError()
    if status not in (AppointmentStatus.ARRIVED, AppointmentStatus.NO_SHOW):
        raise FieldErrors.one("status", _("Choose came or did not come."))
    if appointment.status != AppointmentStatus.BOOKED or appointment.day > (today or timezone.localdate()):
        raise ConflictError(_("Only a booked visit of today or before can be marked."))
    appointment.status = status
    appointment.save(update_fields=["status", "updated_at"])
    _record("eservices.appointment.marked", actor, appointment, status=str(AppointmentStatus(status).label))
    return appointment
