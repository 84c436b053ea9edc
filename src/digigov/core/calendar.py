"""Working days on the official calendar (R0.3): add N working days, count them, judge a deadline.

The calendar is Monday-Friday plus exceptions (public holidays, 调休 make-up workdays) kept in CalendarDay.
A year with no CalendarYear row falls back to plain weekends and is reported by `years_without_schedule`.
"""

import datetime as dt
from functools import lru_cache

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from digigov.core.choices import CalendarSource, DayKind, DeadlineState
from digigov.core.models import CalendarDay, CalendarYear
from digigov.core.rules import rule

_VERSION_KEY = "digigov:calendar:version"

# chinese-calendar names its festivals in English; the table shows them in Chinese.
FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, None)


def invalidate() -> None:
    """Call after the calendar tables change (edits in the back office, seeding)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


@lru_cache(maxsize=4)
def _exceptions(version: int) -> tuple[frozenset, frozenset]:
    holidays, workdays = set(), set()
    for date, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).add(date)
    return frozenset(holidays), frozenset(workdays)


def is_working_day(day: dt.date) -> bool:
    holidays, workdays = _exceptions(_version())
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date n working days after `start` (the day of `start` itself does not count, as in 自受理之日起).

    n = 0 returns `start` moved forward to a working day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    if n == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days pass from start to end; negative if end < start."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def deadline_state(deadline: dt.date | None, today: dt.date | None = None) -> str:
    """Normal, due soon (within core.due_soon_working_days) or overdue (past the deadline)."""
    if deadline is None:
        return DeadlineState.NORMAL
    today = today or timezone.localdate()
    if today > deadline:
        return DeadlineState.OVERDUE
    if working_days_between(today, deadline) <= rule("core.due_soon_working_days"):
        return DeadlineState.DUE_SOON
    return DeadlineState.NORMAL


def years_without_schedule(years: range | None = None) -> list[int]:
    """Years (this one and next by default) whose holiday schedule is not entered: flagged to the administrator."""
    today = timezone.localdate()
    years = years or range(today.year, today.year + 2)
    known = set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))
    return [y for y in years if y not in known]


@transaction.atomic
def load_official_calendar() -> int:
    """Seed every year chinese-calendar knows; idempotent. Returns the number of days written."""
    from chinese_calendar import constants

    written = 0
    years: set[int] = set()
    for table, kind in ((constants.holidays, DayKind.HOLIDAY), (constants.workdays, DayKind.MAKEUP_WORKDAY)):
        for date, name in table.items():
            years.add(date.year)
            _, created = CalendarDay.objects.update_or_create(
                date=date, defaults={"kind": kind, "name": FESTIVAL_NAMES.get(name, name)}
            )
            written += created
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": CalendarSource.CHINESE_CALENDAR})
    transaction.on_commit(invalidate)
    return written
