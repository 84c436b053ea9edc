"""R0.3 working days on the official calendar, with the real 2026 State Council schedule seeded by migration.

2026: Spring Festival holiday 15-23 February, make-up workdays Saturday 14 and Saturday 28 February;
National Day holiday 1-7 October, make-up workdays Sunday 20 September and Saturday 10 October.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digigov.core import calendar, rules
from digigov.core.calendar import add_working_days, deadline_state, is_working_day, working_days_between
from digigov.core.choices import CalendarSource, DayKind, DeadlineState, Role
from digigov.core.models import CalendarDay, CalendarYear, LedgerEntry
from digigov.core.tests.factories import staff

pytestmark = pytest.mark.django_db
D = dt.date
HOUR = dt.timedelta(hours=1)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def back_office_user(role: str):
    user = staff(role)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


# --- the 2026 schedule -----------------------------------------------------------------------------------------


def test_spring_festival_2026_is_a_nine_day_holiday_framed_by_two_make_up_saturdays():
    assert not any(is_working_day(d) for d in days(D(2026, 2, 15), D(2026, 2, 23)))
    assert is_working_day(D(2026, 2, 14)) and D(2026, 2, 14).weekday() == 5
    assert is_working_day(D(2026, 2, 28)) and D(2026, 2, 28).weekday() == 5


def test_national_day_2026_with_make_up_sunday_and_saturday():
    assert not any(is_working_day(d) for d in days(D(2026, 10, 1), D(2026, 10, 7)))
    assert is_working_day(D(2026, 9, 20)) and D(2026, 9, 20).weekday() == 6
    assert is_working_day(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == 5


def test_the_day_after_friday_13_february_2026_is_a_working_saturday():
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_one_working_day_after_the_make_up_saturday_jumps_the_whole_holiday():
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_one_working_day_after_30_september_is_8_october():
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_the_make_up_saturday_10_october_counts():
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert working_days_between(D(2026, 10, 7), D(2026, 10, 12)) == 4  # 8, 9, Saturday 10, 12


def test_working_days_over_the_spring_festival():
    # (12 Feb, 2 Mar]: 13, Sat 14, 24, 25, 26, 27, Sat 28 February and 2 March
    assert working_days_between(D(2026, 2, 12), D(2026, 3, 2)) == 8
    assert working_days_between(D(2026, 2, 14), D(2026, 2, 23)) == 0
    assert working_days_between(D(2026, 3, 2), D(2026, 2, 12)) == -8


def test_office_hours_jump_the_national_day_holiday_and_count_the_make_up_saturday():
    tz = timezone.get_current_timezone()
    at = dt.datetime(2026, 9, 30, 16, 0, tzinfo=tz)  # Wednesday before the holiday, one office hour left
    assert calendar.add_working_hours(at, 3, opens=9, closes=17) == dt.datetime(2026, 10, 8, 11, 0, tzinfo=tz)
    friday = dt.datetime(2026, 10, 9, 16, 30, tzinfo=tz)  # the make-up Saturday 10 October is a working day
    assert calendar.add_working_hours(friday, 2, opens=9, closes=17) == dt.datetime(2026, 10, 10, 10, 30, tzinfo=tz)
    early = dt.datetime(2026, 10, 12, 7, 0, tzinfo=tz)  # before opening: counting starts at 8 when it opens at 8
    assert calendar.add_working_hours(early, 1, opens=8, closes=18) == dt.datetime(2026, 10, 12, 9, 0, tzinfo=tz)


def test_counting_starts_the_day_after_the_start_even_on_a_holiday():
    # 自受理之日起: a case accepted on Friday has its first working day on Monday.
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 2, 17), 1) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 24)  # zero days: the next working day
    assert add_working_days(D(2026, 3, 6), 0) == D(2026, 3, 6)


def test_a_negative_number_of_days_is_a_programming_error():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 3, 6), -1)


@PROPERTY
@given(start=st.dates(D(2004, 1, 1), D(2026, 12, 31)), n=st.integers(1, 300))
def test_adding_n_working_days_lands_on_the_nth_working_day(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    assert working_days_between(start, end) == n
    assert working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@PROPERTY
@given(start=st.dates(D(2004, 1, 1), D(2026, 12, 31)), length=st.integers(0, 400))
def test_counting_in_constant_time_agrees_with_walking_day_by_day(start, length):
    end = start + dt.timedelta(days=length)
    walked = sum(is_working_day(d) for d in days(start + dt.timedelta(days=1), end))
    assert working_days_between(start, end) == walked


def test_long_spans_cost_no_query_once_the_calendar_is_loaded(django_assert_num_queries):
    is_working_day(D(2026, 1, 1))
    with django_assert_num_queries(0):
        # 2026: 261 weekdays - 19 weekday holidays + 6 make-up weekend days = 248 working days, all after 1 January.
        assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248
        # Then 1 January 2027, a Friday with no schedule entered yet, and Monday 4 January.
        assert add_working_days(D(2026, 1, 1), 250) == D(2027, 1, 4)
        assert working_days_between(D(2004, 1, 1), D(2026, 12, 31)) > 5000


# --- deadlines --------------------------------------------------------------------------------------------------


def test_deadline_state_against_the_due_soon_rule():
    deadline = D(2026, 2, 24)  # the first working day after the Spring Festival
    assert rules.rule("core.due_soon_working_days") == 2
    assert deadline_state(deadline, today=D(2026, 2, 12)) == DeadlineState.NORMAL  # 13, 14, 24 remain
    assert deadline_state(deadline, today=D(2026, 2, 13)) == DeadlineState.DUE_SOON  # 14, 24 remain
    assert deadline_state(deadline, today=D(2026, 2, 20)) == DeadlineState.DUE_SOON  # only 24 remains
    assert deadline_state(deadline, today=deadline) == DeadlineState.DUE_SOON
    assert deadline_state(deadline, today=D(2026, 2, 25)) == DeadlineState.OVERDUE
    assert deadline_state(None) == DeadlineState.NORMAL


@PROPERTY
@given(today=st.dates(D(2025, 12, 1), D(2026, 12, 31)), ahead=st.integers(-10, 30))
def test_due_soon_means_at_most_the_rules_number_of_working_days_remain(today, ahead):
    deadline = today + dt.timedelta(days=ahead)
    remaining = working_days_between(today, deadline)
    expected = (
        DeadlineState.OVERDUE
        if deadline < today
        else DeadlineState.DUE_SOON
        if remaining <= rules.rule("core.due_soon_working_days")
        else DeadlineState.NORMAL
    )
    assert deadline_state(deadline, today=today) == expected


def test_the_due_soon_threshold_is_the_rule_the_administrator_sets(django_capture_on_commit_callbacks):
    admin = staff(Role.PLATFORM_ADMIN)
    deadline, today = D(2026, 2, 24), D(2026, 2, 12)
    assert deadline_state(deadline, today=today) == DeadlineState.NORMAL

    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(actor=admin, key="core.due_soon_working_days", value=3)
    assert deadline_state(deadline, today=today) == DeadlineState.DUE_SOON

    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(actor=admin, key="core.due_soon_working_days", value=0)
    assert deadline_state(deadline, today=D(2026, 2, 20)) == DeadlineState.NORMAL
    assert deadline_state(deadline, today=deadline) == DeadlineState.DUE_SOON


# --- years without a published schedule ------------------------------------------------------------------------


def test_seeded_years_run_from_2004_to_2026():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert calendar.years_without_schedule(range(2004, 2029)) == [2027, 2028]


def test_a_year_without_a_schedule_counts_only_weekends():
    assert is_working_day(D(2027, 10, 1))  # a Friday: National Day is unknown until someone enters it
    assert add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 1)
    assert working_days_between(D(2027, 12, 31), D(2028, 12, 31)) == 260


def test_the_platform_administrator_enters_next_years_holiday_in_the_back_office(
    client, django_capture_on_commit_callbacks
):
    assert add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 1)  # cached in this process now
    client.force_login(back_office_user(Role.PLATFORM_ADMIN))

    with django_capture_on_commit_callbacks(execute=True):
        year = client.post(reverse("core_calendaryear:add"), {"year": 2027, "source": CalendarSource.MANUAL})
        day = client.post(
            reverse("core_calendarday:add"), {"date": "2027-10-01", "kind": DayKind.HOLIDAY, "name": "国庆节"}
        )

    assert (year.status_code, day.status_code) == (302, 302)
    assert add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 4)
    assert calendar.years_without_schedule(range(2026, 2029)) == [2028]
    entry = LedgerEntry.objects.get(action="core.calendarday.created")
    assert entry.object_id == "2027-10-01" and "国庆节" in entry.summary


def test_editing_and_deleting_a_day_in_the_back_office_take_effect_at_once(client, django_capture_on_commit_callbacks):
    CalendarDay.objects.create(date=D(2027, 10, 1), kind=DayKind.HOLIDAY, name="国庆节")
    calendar.invalidate()
    assert not is_working_day(D(2027, 10, 1))
    client.force_login(back_office_user(Role.PLATFORM_ADMIN))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("core_calendarday:edit", args=["2027-10-01"]),
            {"date": "2027-10-01", "kind": DayKind.HOLIDAY, "name": "国庆节"},
        )
        client.post(
            reverse("core_calendarday:add"), {"date": "2027-10-09", "kind": DayKind.MAKEUP_WORKDAY, "name": "国庆节"}
        )
    assert is_working_day(D(2027, 10, 9))  # a Saturday

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core_calendarday:delete", args=["2027-10-01"]))
    assert response.status_code == 302
    assert is_working_day(D(2027, 10, 1))
    assert LedgerEntry.objects.filter(action="core.calendarday.deleted", object_id="2027-10-01").exists()


def test_a_handler_cannot_change_the_calendar(client, django_capture_on_commit_callbacks):
    client.force_login(back_office_user(Role.HANDLER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core_calendarday:add"), {"date": "2026-03-02", "kind": DayKind.HOLIDAY, "name": "假日"}
        )
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert not CalendarDay.objects.filter(date=D(2026, 3, 2)).exists()
    assert is_working_day(D(2026, 3, 2))


# --- re-seeding from chinese-calendar -------------------------------------------------------------------------


def test_reseeding_the_migrated_calendar_changes_nothing():
    result = calendar.load_official_calendar()
    assert result.years == list(range(2004, 2027))
    assert not result.changed
    assert not LedgerEntry.objects.filter(action="core.calendar.loaded").exists()


def test_load_calendar_repairs_a_year_to_the_published_schedule_and_is_idempotent(
    capsys, django_capture_on_commit_callbacks
):
    CalendarDay.objects.filter(date=D(2026, 2, 14)).delete()
    CalendarDay.objects.filter(date=D(2026, 10, 1)).update(name="改过")
    CalendarDay.objects.create(date=D(2026, 3, 2), kind=DayKind.HOLIDAY, name="stray")
    calendar.invalidate()
    assert not is_working_day(D(2026, 2, 14)) and not is_working_day(D(2026, 3, 2))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_calendar")
    out = capsys.readouterr().out
    assert "created 1, updated 1, deleted 1" in out
    assert is_working_day(D(2026, 2, 14)) and is_working_day(D(2026, 3, 2))
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert LedgerEntry.objects.filter(action="core.calendar.loaded").count() == 1

    call_command("load_calendar")
    assert "created 0, updated 0, deleted 0; years marked 0" in capsys.readouterr().out
    assert LedgerEntry.objects.filter(action="core.calendar.loaded").count() == 1


def test_load_calendar_leaves_years_entered_by_hand_unless_told(capsys, django_capture_on_commit_callbacks):
    CalendarYear.objects.filter(year=2025).update(source=CalendarSource.MANUAL)
    CalendarDay.objects.create(date=D(2025, 12, 31), kind=DayKind.HOLIDAY, name="local correction")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_calendar", year=[2025])
    assert "Skipped years entered by hand: 2025" in capsys.readouterr().out
    assert not is_working_day(D(2025, 12, 31))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_calendar", year=[2025], overwrite_manual=True)
    assert is_working_day(D(2025, 12, 31))
    assert CalendarYear.objects.get(year=2025).source == CalendarSource.CHINESE_CALENDAR


def test_this_year_and_next_are_flagged_when_their_schedule_is_missing():
    this_year = timezone.localdate().year
    CalendarYear.objects.filter(year__gte=this_year).delete()
    CalendarYear.objects.create(year=this_year, source=CalendarSource.MANUAL)
    assert calendar.years_without_schedule() == [this_year + 1]
    CalendarYear.objects.filter(year=this_year).delete()
    assert calendar.years_without_schedule() == [this_year, this_year + 1]


def test_a_negative_number_of_working_days_is_a_programming_error():
    with pytest.raises(ValueError, match="^n must not be negative$"):
        add_working_days(D(2026, 3, 2), -1)


def test_loading_counts_every_day_it_writes_and_takes_over_the_years_it_loads():
    """Two days missing, two renamed, two stray; 2025 never recorded and 2026 entered by hand: the load says how many
    of each it changed, records both years as chinese-calendar's, and dates the take-over."""
    CalendarDay.objects.filter(date__in=[D(2026, 2, 14), D(2026, 2, 28)]).delete()
    CalendarDay.objects.filter(date__in=[D(2026, 10, 1), D(2026, 10, 2)]).update(name="改过")
    CalendarDay.objects.create(date=D(2026, 3, 2), kind=DayKind.HOLIDAY, name="stray")
    CalendarDay.objects.create(date=D(2026, 3, 3), kind=DayKind.HOLIDAY, name="stray")
    CalendarYear.objects.filter(year=2025).delete()
    CalendarYear.objects.filter(year=2026).update(source=CalendarSource.MANUAL, updated_at=timezone.now() - HOUR)
    before = timezone.now()

    result = calendar.load_official_calendar(years=[2025, 2026], overwrite_manual=True)

    assert (result.created, result.updated, result.deleted, result.years_marked) == (2, 2, 2, 2)
    years = {y.year: y for y in CalendarYear.objects.filter(year__in=[2025, 2026])}
    assert {y.source for y in years.values()} == {CalendarSource.CHINESE_CALENDAR}
    assert years[2026].updated_at >= before
    assert list(CalendarDay.objects.filter(date__in=[D(2026, 10, 1), D(2026, 10, 2)]).values_list("name", "kind")) == [
        ("国庆节", DayKind.HOLIDAY),
        ("国庆节", DayKind.HOLIDAY),
    ]


def test_a_flushed_cache_never_brings_back_an_old_calendar():
    """Another process changed the calendar and its cache (Redis) was then flushed: this process must not keep
    answering from the calendar it loaded before, so a flushed cache gives a new version, not an empty one."""
    cache.clear()
    assert is_working_day(D(2026, 10, 8))  # loaded: 8 October 2026 is a working day (a Thursday)
    CalendarDay.objects.create(date=D(2026, 10, 8), kind=DayKind.HOLIDAY, name="临时调休")
    cache.clear()
    assert not is_working_day(D(2026, 10, 8))
