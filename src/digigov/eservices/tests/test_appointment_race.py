"""预约 under concurrency (R4.7): people booking the last seats of a slot at the same moment, each in their own
thread, connection and transaction; the slot never holds more than `eservices.appointment_slot_capacity`.

On PostgreSQL the writers really race: the second writer of a seat waits for the first, fails the unique index and
takes the next seat, or is told the time is full. The in-memory SQLite test database refuses, rather than queues, a
second writer ("database table is locked": a file database would queue it), so there a booking may also be turned
away that way; what is booked is still never more than the capacity."""

import datetime as dt
import threading

import pytest
from django.db import connection

from digigov.core.errors import DomainError
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.eservices.appointment_selectors import bookable_days
from digigov.eservices.models import Appointment
from digigov.eservices.services import appointments
from digigov.eservices.tests.case_setup import world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data

FULL = "该时段已约满，请选择其他时段。"


@pytest.mark.django_db(transaction=True)
def test_people_booking_at_once_never_overfill_a_slot():
    w = world()
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.appointment_slot_capacity", value=2)
    people = [identity.citizen_register(**citizen_data(real_name=f"王{n}")).user for n in "一二三四"]
    day, nine = bookable_days()[0], dt.time(9, 0)
    barrier, booked, refused, failed = threading.Barrier(len(people)), [], [], []

    def book(person):
        try:
            barrier.wait()
            booked.append(appointments.appointment_book(actor=person, item=w.item, day=day, slot=nine).seat)
        except DomainError as error:
            refused.append(error.fields.get("slot"))
        except Exception as error:  # noqa: BLE001  (reported below, not swallowed)
            failed.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Appointment.objects.filter(day=day, slot=nine).count() == len(booked) <= 2
    assert len(set(booked)) == len(booked)
    if connection.vendor == "postgresql":
        assert failed == [] and sorted(booked) == [1, 2] and refused == [[FULL]] * 2
    else:
        assert all("locked" in problem for problem in failed) and len(booked) + len(refused) + len(failed) == 4
