"""One scheduler runs every registered periodic job once per slot, on the local clock (core/periodic.py)."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import override_settings

from digigov.core import periodic
from digigov.core.models import Notification, PeriodicRun
from digigov.core.tests.factories import UserFactory
from digigov.core.tests.jobs import leave_a_note

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def clock_job():
    """A daily job registered like an app's, removed afterwards."""
    UserFactory(username="clock")
    periodic.register(name="tests.note", label="记一笔", schedule=periodic.daily("00:10"), task=leave_a_note)
    yield
    periodic.unregister("tests.note")


def notes() -> int:
    return Notification.objects.filter(recipient__username="clock").count()


def test_slots_are_cut_on_the_shanghai_clock():
    assert periodic.every(minutes=5).slot(at(1, 9, 7)) == at(1, 9, 5)
    assert periodic.every(minutes=60).slot(at(1, 0, 59)) == at(1, 0)
    assert periodic.daily("00:10").slot(at(2, 0, 9)) == at(1, 0, 10), "before 00:10 the slot is yesterday's"
    assert periodic.daily("00:10").slot(at(2, 15)) == at(2, 0, 10)
    utc_evening = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC)  # 00:30 on 2 December in Shanghai
    job = periodic.PeriodicJob("x", "x", periodic.daily("00:10"), leave_a_note)
    assert periodic.current_slot(job, utc_evening) == at(2, 0, 10)
    with pytest.raises(ValueError):
        periodic.every(minutes=0)


def test_a_daily_job_runs_once_per_day_however_often_the_scheduler_looks_or_restarts(clock_job):
    assert "tests.note" in periodic.run_due(now=at(2, 0, 11))
    assert notes() == 1
    # the same scheduler 30 s later, a restarted one at 15:00, a second one started by mistake: nothing more
    for now in (at(2, 0, 11), at(2, 15), at(2, 23, 59)):
        assert "tests.note" not in periodic.run_due(now=now)
    assert notes() == 1
    assert "tests.note" in periodic.run_due(now=at(3, 0, 10))
    assert notes() == 2
    assert list(PeriodicRun.objects.filter(job="tests.note").values_list("slot", flat=True).order_by("slot")) == [
        at(2, 0, 10),
        at(3, 0, 10),
    ]


def test_slots_older_than_a_month_are_forgotten(clock_job):
    PeriodicRun.objects.create(job="tests.note", slot=at(1, 0, 10) - dt.timedelta(days=40))
    periodic.run_due(now=at(2, 0, 11))
    assert list(PeriodicRun.objects.filter(job="tests.note").values_list("slot", flat=True)) == [at(2, 0, 10)]


def test_a_slot_whose_enqueue_failed_is_retried_at_the_next_check(clock_job):
    unreachable = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=unreachable, RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0"}}):
        assert "tests.note" not in periodic.run_due(now=at(2, 0, 11)), "Redis is down: nothing is enqueued"
    assert not PeriodicRun.objects.filter(job="tests.note").exists() and notes() == 0
    assert "tests.note" in periodic.run_due(now=at(2, 0, 12))
    assert notes() == 1


def test_a_slot_claimed_by_another_scheduler_is_not_enqueued_again(clock_job):
    PeriodicRun.objects.create(job="tests.note", slot=at(2, 0, 10), task_result_id="other-scheduler")
    assert "tests.note" not in periodic.run_due(now=at(2, 8))
    assert notes() == 0


def test_run_scheduler_enqueues_a_due_job_exactly_once_across_two_runs(clock_job, capsys):
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")
    assert notes() == 1
    assert capsys.readouterr().out.count("enqueued tests.note") == 1
    call_command("run_scheduler", "--list")
    listing = capsys.readouterr().out
    assert "tests.note" in listing and "daily at 00:10" in listing and "记一笔" in listing


def test_the_exchange_registers_its_three_timers_with_the_one_scheduler():
    jobs = periodic.REGISTRY
    assert str(jobs["exchange.probe_services"].schedule) == "every 5 min"
    assert str(jobs["exchange.remind_applications"].schedule) == "daily at 08:00"
    assert str(jobs["exchange.seal_gateway_log"].schedule) == "daily at 00:10"
    assert str(jobs["exchange.seal_gateway_log"].label) == "封存网关日志"
