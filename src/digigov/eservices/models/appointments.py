"""预约 (R4.7): a counter visit booked for a half-hour slot of a working day at the item's 办理地点.

Capacity is held by the database, not by a count read before writing: each booking takes a numbered seat of its
slot, and (department, day, slot, seat) is unique among bookings not cancelled, so two people booking the last
seat at the same moment cannot both get it, on SQLite and PostgreSQL alike. One person has at most one booked
visit per item (a partial unique constraint too)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.eservices.choices import AppointmentStatus
from digigov.eservices.models.cases import Case
from digigov.eservices.models.items import ServiceItem

HOLDS_SEAT = [AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.NO_SHOW]


class Appointment(models.Model):
    """One booked visit: who, for which item (and case), where, which day and slot; then whether they came."""

    number = models.CharField(_("appointment number"), max_length=30, unique=True)
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(_("name"), max_length=200)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("where to go"), max_length=300, blank=True)
    day = models.DateField(_("day"))
    slot = models.TimeField(_("time"))
    seat = models.PositiveSmallIntegerField(_("seat in the slot"))
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["day", "slot", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day", "slot", "seat"],
                condition=models.Q(status__in=HOLDS_SEAT),
                name="eservices_appointment_seat",
            ),
            models.UniqueConstraint(
                fields=["person", "item"],
                condition=models.Q(status=AppointmentStatus.BOOKED),
                name="eservices_appointment_one_per_item",
            ),
        ]
        indexes = [models.Index(fields=["person", "-day"], name="eservices_appointment_person")]

    def __str__(self) -> str:
        return self.number
