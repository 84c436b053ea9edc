"""预约 in the online service hall (R4.7): book a counter visit for an item (from its guide page, or for a case
from the case's page), 我的预约 with cancellation, and what the applicant's case page adds (the visit to book
while it runs; "您可能还需要办理", the 主动推送 items, once it is concluded)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from digigov.core.errors import DomainError, NotFoundError
from digigov.eservices import appointment_selectors, case_selectors
from digigov.eservices.choices import AppointmentStatus, CaseStatus
from digigov.eservices.models import Case, ServiceItem
from digigov.eservices.services import appointments
from digigov.eservices.services.push import hall_url, related_items
from digigov.identity import api as identity
from digigov.websites.api import chrome_for

HOME = "/zwfw/"


def case_extras(case: Case) -> dict:
    """The applicant's case page: a visit to book while the case runs; the related items once it is concluded."""
    running = case.status in (CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING, CaseStatus.IN_PROGRESS)
    book = reverse("eservices_hall_book", args=[case.item.implementation_code]) + f"?case={case.number}"
    return {
        "book_url": book if running else "",
        "related": [
            {"name": link.related.name, "department": link.related.organisation.name, "reason": link.reason,
             "url": hall_url(link.related)}
            for link in related_items(case)
        ] if case.status == CaseStatus.CONCLUDED else [],
    }  # fmt: skip


def _page(request, template: str, status: int = 200, **extra) -> TemplateResponse:
    context = {"chrome": chrome_for(request, HOME), "request": request, **extra}
    return TemplateResponse(request, f"eservices/hall/{template}", context, status=status)


def _sign_in(request):
    return redirect_to_login(request.get_full_path(), reverse("identity:login"))


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if len(text) == 5 else None
    except ValueError:
        return None


def _case(request, number: str) -> Case | None:
    if not number:
        return None
    try:
        return case_selectors.applicant_case_get(request.user, number[:40])
    except NotFoundError:
        raise Http404 from None


def book(request, code: str):
    item = ServiceItem.objects.published().select_related("organisation").filter(implementation_code=code).first()
    if item is None:
        raise Http404
    if not request.user.is_authenticated:
        return _sign_in(request)
    data = request.POST if request.method == "POST" else request.GET
    case = _case(request, data.get("case", ""))
    if case is not None and case.item_id != item.pk:
        raise Http404
    days = appointment_selectors.bookable_days()
    day = _day(data.get("day", "")) or days[0]
    errors, status = {}, 200
    if request.method == "POST":
        try:
            appointment = appointments.appointment_book(
                actor=request.user, item=item, day=_day(data.get("day", "")), slot=_time(data.get("slot", "")),
                case=case,
            )  # fmt: skip
        except DomainError as error:
            errors, status = error.fields or {"": [error.message]}, error.status
        else:
            messages.success(
                request,
                _("Your visit is booked: %(day)s %(time)s, number %(no)s. Please bring the materials of the guide.")
                % {"day": f"{appointment.day:%Y-%m-%d}", "time": f"{appointment.slot:%H:%M}", "no": appointment.number},
            )
            return redirect(reverse("eservices_hall_appointments"))
    guide_url = reverse("eservices_hall_item", args=[code])
    return _page(
        request,
        "book.html",
        status=status,
        item=item,
        case=case,
        is_party=identity.party_of(request.user) is not None,
        bookable=appointment_selectors.bookable(item, case),
        days=[(d, d == day) for d in days],
        day=day,
        slots=appointment_selectors.slots_for(item, day),
        chosen=data.get("slot", ""),
        day_errors=errors.get("day", []),
        slot_errors=errors.get("slot", []),
        problems=errors.get("", []),
        breadcrumbs=[(_("Online service hall"), HOME), (item.name, guide_url), (_("Book a visit"), "")],
    )


def my_appointments(request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    return _page(
        request,
        "appointments.html",
        rows=list(appointment_selectors.person_appointments(request.user)[:50]),
        booked=AppointmentStatus.BOOKED,
        breadcrumbs=[(_("Online service hall"), HOME), (_("My appointments"), "")],
    )


def cancel(request, number: str):
    if not request.user.is_authenticated:
        return _sign_in(request)
    try:
        appointment = appointment_selectors.person_appointment_get(request.user, number[:40])
    except NotFoundError:
        raise Http404 from None
    if request.method == "POST":
        try:
            appointments.appointment_cancel(actor=request.user, appointment=appointment)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your visit %(no)s is cancelled.") % {"no": appointment.number})
    return redirect(reverse("eservices_hall_appointments"))
