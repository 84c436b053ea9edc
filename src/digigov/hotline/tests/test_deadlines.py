"""Time limits per kind and urgency on the official calendar, and the hand-back window in working hours (R5.1)."""

import datetime as dt
import zoneinfo

import pytest

from digigov.core import calendar
from digigov.core.models import CalendarDay
from digigov.hotline import deadlines

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_limits_are_the_rules_defaults_in_working_days():
    friday = dt.date(2026, 12, 4)
    assert deadlines.due_on("consultation", "normal", friday) == dt.date(2026, 12, 7)
    assert deadlines.due_on("help", "normal", friday) == dt.date(2026, 12, 9)
    assert deadlines.due_on("complaint", "normal", friday) == dt.date(2026, 12, 23)
    assert deadlines.due_on("report", "normal", friday) == dt.date(2026, 12, 23)
    assert deadlines.due_on("complaint", "urgent", friday) == friday  # the same working day
    assert deadlines.due_on("complaint", "urgent", dt.date(2026, 12, 5)) == dt.date(2026, 12, 7)  # Saturday


def test_holidays_of_the_official_calendar_do_not_count():
    CalendarDay.objects.create(date=dt.date(2026, 12, 7), kind="holiday", name="测试假日")
    calendar.invalidate()
    assert deadlines.due_on("consultation", "normal", dt.date(2026, 12, 4)) == dt.date(2026, 12, 8)


def test_hand_back_window_counts_office_hours_of_working_days_only():
    friday_afternoon = dt.datetime(2026, 12, 4, 16, 30, tzinfo=TZ)
    assert deadlines.add_working_hours(friday_afternoon, 2) == dt.datetime(2026, 12, 7, 10, 30, tzinfo=TZ)
    early = dt.datetime(2026, 12, 3, 7, 0, tzinfo=TZ)
    assert deadlines.add_working_hours(early, 2) == dt.datetime(2026, 12, 3, 11, 0, tzinfo=TZ)
    assert deadlines.add_working_hours(dt.datetime(2026, 12, 3, 10, 0, tzinfo=TZ), 8) == dt.datetime(
        2026, 12, 4, 10, 0, tzinfo=TZ
    )
