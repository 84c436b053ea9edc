"""Deadline reminders: one working day before, once when overdue, never twice (R1.5)."""

import datetime as dt

import pytest

from digigov.core.models import Notification
from digigov.exchange import services
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
D = dt.date


def titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_provider_reminded_the_working_day_before_and_once_when_overdue(world, today):
    application = apply(world)
    today(D(2026, 9, 29))
    services.application_forward(actor=world.op_handler, application=application)  # due Mon 2026-10-19
    Notification.objects.all().delete()
    today(D(2026, 10, 15))
    assert services.remind_due() == 0
    today(D(2026, 10, 16))  # Friday: the next working day is the deadline
    assert services.remind_due() == 1
    assert services.remind_due() == 0
    today(D(2026, 10, 17))  # Saturday, still the same reminder: not sent again
    assert services.remind_due() == 0
    today(D(2026, 10, 20))
    assert services.remind_due() == 1
    assert services.remind_due() == 0
    assert titles(world.prov_reviewer) == [
        f"即将到期：共享申请 {application.number} 应于 2026-10-19 前答复",
        f"已超期：共享申请 {application.number} 应于 2026-10-19 前答复",
    ]
    assert titles(world.op_handler) == [f"已超期：共享申请 {application.number} 应于 2026-10-19 前答复"]
    assert titles(world.cons_handler) == []


def test_operator_reminded_of_its_own_check(world, today):
    application = apply(world)  # operator check due 2026-09-30
    today(D(2026, 9, 29))
    assert services.remind_due() == 1
    assert titles(world.op_handler) == [f"即将到期：共享申请 {application.number} 应于 2026-09-30 前答复"]


def test_command_sends_reminders(world, today):
    from django.core.management import call_command

    apply(world)
    today(D(2026, 10, 8))
    call_command("remind_applications")
    assert Notification.objects.filter(recipient=world.op_handler, title__startswith="已超期").count() == 1
