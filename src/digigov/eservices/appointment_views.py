"""预约 in the back office (R4.7): 政务服务 › 预约, a day's booked visits at the user's departments (who comes
when, for what), where the clerk marks each visit as came or did not come."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.staff_pages import StaffPage
from digigov.eservices import appointment_selectors
from digigov.eservices.choices import AppointmentStatus
from digigov.eservices.services import appointments


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else timezone.localdate()
    except ValueError:
        return timezone.localdate()


class AppointmentListView(StaffPage):
    template_name = "eservices/appointment_list.html"
    page_title = _("Appointments")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = _day(self.request.GET.get("day", ""))
        today = timezone.localdate()
        context.update(
            day=day,
            previous=day - dt.timedelta(days=1),
            next=day + dt.timedelta(days=1),
            rows=list(appointment_selectors.staff_appointments(self.request.user, day)),
            can_mark=day <= today,
            booked=AppointmentStatus.BOOKED,
        )
        return context

    def post(self, request, *args, **kwargs):
        pk, status = request.POST.get("appointment", ""), request.POST.get("status", "")
        if not pk.isdigit() or len(pk) > 10:
            raise PermissionDenied
        appointment = appointment_selectors.staff_appointment_get(request.user, int(pk))
        self.act(
            lambda: appointments.appointment_mark(actor=request.user, appointment=appointment, status=status),
            _("The visit is marked."),
        )
        return redirect(reverse("eservices_appointments") + f"?day={appointment.day:%Y-%m-%d}")
