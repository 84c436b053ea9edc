"""预约 (R4.7): a citizen books a half-hour slot of one of the next working days at the item's department, with a
number and a notice; each slot holds the rule's capacity, also when people book at the same moment; one booked
visit per person and item; cancellation before the slot; the clerk's day list marks who came. Another department
and another citizen see nothing (404)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from digigov.core.calendar import add_working_days, is_working_day
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry, Notification
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.eservices.appointment_selectors import bookable_days, slot_times, slots_for
from digigov.eservices.choices import AppointmentStatus
from digigov.eservices.models import Appointment
from digigov.eservices.services import appointments
from digigov.eservices.tests.case_setup import world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data

pytestmark = pytest.mark.django_db
NINE = dt.time(9, 0)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def another_citizen(name: str = "李四"):
    return identity.citizen_register(**citizen_data(real_name=name)).user


def test_the_next_working_days_of_the_official_calendar_and_the_half_hour_slots_are_offered():
    days = bookable_days()
    assert len(days) == 10 and all(is_working_day(d) for d in days)
    assert days[0] == add_working_days(timezone.localdate(), 1)
    times = slot_times()
    assert times[0] == NINE and times[-1] == dt.time(16, 30) and times[1] == dt.time(9, 30)
    assert dt.time(11, 30) in times and dt.time(12, 0) not in times and dt.time(13, 0) not in times
    assert dt.time(13, 30) in times  # the lunch break of the rules: 12:00 to 13:30


def test_a_booking_has_a_number_a_notice_and_a_ledger_entry():
    w = world()
    day = bookable_days()[0]
    booked = appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=NINE)
    assert booked.number.startswith("YY") and booked.status == AppointmentStatus.BOOKED
    assert booked.place == w.item.place and booked.person_name == "张三"
    assert Notification.objects.filter(recipient=w.citizen, title__contains=booked.number).exists()
    assert LedgerEntry.objects.filter(action="eservices.appointment.booked", object_id=str(booked.pk)).exists()
    assert [s.free for s in slots_for(w.item, day) if s.time == NINE] == [2]


def test_a_slot_holds_the_rules_capacity_and_a_weekend_or_far_day_is_refused():
    w = world()
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.appointment_slot_capacity", value=1)
    day = bookable_days()[0]
    appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=NINE)
    with pytest.raises(DomainError) as full:
        appointments.appointment_book(actor=another_citizen(), item=w.item, day=day, slot=NINE)
    assert "slot" in full.value.fields
    saturday = next(
        d for d in (timezone.localdate() + dt.timedelta(days=n) for n in range(1, 9)) if not is_working_day(d)
    )
    for wrong_day in (saturday, add_working_days(timezone.localdate(), 11)):
        with pytest.raises(DomainError) as refused:
            appointments.appointment_book(actor=another_citizen("王五"), item=w.item, day=wrong_day, slot=NINE)
        assert "day" in refused.value.fields
    with pytest.raises(DomainError) as odd:
        appointments.appointment_book(actor=another_citizen("赵六"), item=w.item, day=day, slot=dt.time(9, 10))
    assert "slot" in odd.value.fields


def test_the_database_refuses_a_seat_taken_twice_so_concurrent_bookings_cannot_overfill():
    """Two bookings that both read the slot as free write the same seat; the second write fails."""
    w = world()
    day = bookable_days()[0]
    first = appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=NINE)
    other = another_citizen()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            number="YY-race", item=w.item, organisation=w.item.organisation, person=other, person_name="李四",
            day=day, slot=NINE, seat=first.seat,
        )  # fmt: skip
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.appointment_slot_capacity", value=2)
    second = appointments.appointment_book(actor=other, item=w.item, day=day, slot=NINE)
    assert second.seat == 2


def test_one_booked_visit_per_person_and_item_and_a_cancelled_one_frees_its_seat():
    w = world()
    day = bookable_days()[1]
    booked = appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=NINE)
    with pytest.raises(ConflictError):
        appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=dt.time(10, 0))
    with pytest.raises(PermissionDeniedError):
        appointments.appointment_cancel(actor=another_citizen(), appointment=booked)
    appointments.appointment_cancel(actor=w.citizen, appointment=booked)
    assert [s.free for s in slots_for(w.item, day) if s.time == NINE] == [3]
    again = appointments.appointment_book(actor=w.citizen, item=w.item, day=day, slot=NINE)
    assert again.seat == 1
    Appointment.objects.filter(pk=again.pk).update(day=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ConflictError):  # the slot has begun
        appointments.appointment_cancel(actor=w.citizen, appointment=Appointment.objects.get(pk=again.pk))


def test_an_item_without_visits_offers_no_booking_and_staff_cannot_book():
    w = world(visits=0)
    with pytest.raises(ConflictError):
        appointments.appointment_book(actor=w.citizen, item=w.item, day=bookable_days()[0], slot=NINE)
    with pytest.raises(PermissionDeniedError):
        appointments.appointment_book(actor=w.handler, item=w.item, day=bookable_days()[0], slot=NINE)
    guide = Client().get(f"/zwfw/items/{w.item.implementation_code}/").content.decode()
    assert "预约办理" not in guide and "我要咨询" in guide


def test_the_hall_books_lists_and_cancels():
    w = world()
    client = signed_in(w.citizen)
    url = f"/zwfw/items/{w.item.implementation_code}/book/"
    assert Client().get(url).status_code == 302
    day = bookable_days()[2]
    page = client.get(f"{url}?day={day:%Y-%m-%d}")
    assert page.status_code == 200 and "09:30" in page.content.decode()
    missing = client.post(url, {"day": f"{day:%Y-%m-%d}"})
    assert missing.status_code == 400 and "请选择页面所列的时段" in missing.content.decode()
    done = client.post(url, {"day": f"{day:%Y-%m-%d}", "slot": "10:30"})
    assert done.status_code == 302 and done["Location"] == "/zwfw/appointments/"
    booked = Appointment.objects.get(person=w.citizen)
    mine = client.get("/zwfw/appointments/").content.decode()
    assert booked.number in mine and f"{day:%Y-%m-%d} 10:30" in mine
    other = signed_in(another_citizen())
    assert booked.number not in other.get("/zwfw/appointments/").content.decode()
    assert other.post(f"/zwfw/appointments/{booked.number}/cancel/").status_code == 404
    client.post(f"/zwfw/appointments/{booked.number}/cancel/")
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.CANCELLED


def test_the_clerks_day_list_marks_arrival_and_another_department_sees_nothing():
    w = world()
    booked = appointments.appointment_book(actor=w.citizen, item=w.item, day=bookable_days()[0], slot=NINE)
    Appointment.objects.filter(pk=booked.pk).update(day=timezone.localdate())
    clerk = signed_in(w.handler)
    page = clerk.get("/admin/eservices/appointments/").content.decode()
    assert booked.number in page and "张三" in page and "09:00" in page
    outsider = signed_in(w.outsider)
    assert booked.number not in outsider.get("/admin/eservices/appointments/").content.decode()
    assert (
        outsider.post("/admin/eservices/appointments/", {"appointment": booked.pk, "status": "arrived"}).status_code
        == 404
    )
    clerk.post("/admin/eservices/appointments/", {"appointment": booked.pk, "status": "arrived"})
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.ARRIVED
    assert LedgerEntry.objects.filter(action="eservices.appointment.marked", object_id=str(booked.pk)).exists()


def test_the_api_gives_slots_and_books():
    w = world()
    client = signed_in(w.citizen)
    day = bookable_days()[0]
    code = w.item.implementation_code
    slots = client.get(f"/api/v1/eservices/appointments/slots?item={code}&day={day:%Y-%m-%d}").json()
    assert slots[0] == {"time": "09:00", "free": 3, "capacity": 3}
    created = client.post(
        "/api/v1/eservices/appointments", {"item": code, "day": f"{day:%Y-%m-%d}", "slot": "09:00"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["number"].startswith("YY")
    wrong = client.post(
        "/api/v1/eservices/appointments", {"item": code, "day": f"{day:%Y-%m-%d}", "slot": "25:00"},
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code in (400, 409)
    other = signed_in(another_citizen())
    assert other.get("/api/v1/eservices/appointments").json() == []
    pk = created.json()["id"]
    assert other.post(f"/api/v1/eservices/appointments/{pk}/cancel").status_code == 404
    assert client.post(f"/api/v1/eservices/appointments/{pk}/cancel").json()["status"] == "cancelled"
