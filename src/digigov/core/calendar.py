"""Working days on the official calendar (R0.3): add N working days, count them, judge a deadline.

The calendar is Monday-Friday plus exceptions kept in CalendarDay: public holidays (法定节假日) and make-up
workdays (调休上班, usually a Saturday or Sunday). A year with no CalendarYear row falls back to plain weekends
and is reported by `years_without_schedule` until the platform administrator enters it.

`add_working_hours(start, hours, opens=, closes=)` counts office hours of working days (a hand-back window).

Counting follows the legal rule for periods (期间开始的日不计算在内): "within N working days of acceptance"
counts from the day after acceptance, so `add_working_days(accepted_on, N)` is the last day of the limit and
`working_days_between(start, end)` counts the working days in (start, end].
"""

import bisect
import datetime as dt
import uuid
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.choices import CalendarSource, DayKind, DeadlineState
from digigov.core.errors import DomainError
from digigov.core.models import CalendarDay, CalendarYear
from digigov.core.rules import rule

_VERSION_KEY = "digigov:calendar:version"
_ONE_DAY = dt.timedelta(days=1)

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


@dataclass(frozen=True)
class _Exceptions:
    """The CalendarDay table in memory: sets for lookups, sorted lists for counting over a range."""

    holidays: frozenset
    workdays: frozenset
    weekday_holidays: tuple  # holidays that would otherwise be working days, sorted
    weekend_workdays: tuple  # make-up workdays that would otherwise be rest days, sorted

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


def _version() -> str:
    # A random token rather than a counter: a flushed cache yields a new token, never an old one reused.
    # pragma below: dropping the `None` (no expiry) cannot be seen by a test shorter than the cache's default timeout;
    # the token itself is tested (test_a_flushed_cache_never_brings_back_an_old_calendar).
    return cache.get_or_set(_VERSION_KEY, lambda: uuid.uuid4().hex, None)  # pragma: no mutate


def invalidate() -> None:
    """Call after the calendar tables change (back-office edits, seeding); every process reloads on next use."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)  # pragma: no mutate (no expiry: no test outlives the default)


@lru_cache(maxsize=4)
def _exceptions(version: str) -> _Exceptions:
    holidays, workdays = set(), set()
    for date, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).add(date)
    return _Exceptions(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        weekday_holidays=tuple(sorted(d for d in holidays if d.weekday() < 5)),
        weekend_workdays=tuple(sorted(d for d in workdays if d.weekday() >= 5)),
    )


def _calendar() -> _Exceptions:
    return _exceptions(_version())


def is_working_day(day: dt.date) -> bool:
    return _calendar().is_working_day(day)


class CalendarRangeError(DomainError):
    code = "date_out_of_range"
    default_message = _("The date would fall after 31 December 9999, the last day the calendar holds.")


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start`; `start` itself never counts (自受理之日起 N 个工作日).

    n = 0 returns `start` if it is a working day, else the next working day. CalendarRangeError past 9999-12-31.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    days = _calendar()
    day = start
    try:
        if n == 0:
            while not days.is_working_day(day):
                day += _ONE_DAY
            return day
        while n:
            day += _ONE_DAY
            if days.is_working_day(day):
                n -= 1
    except OverflowError:
        raise CalendarRangeError() from None
    return day


def add_working_hours(start: dt.datetime, hours: float, *, opens: int, closes: int) -> dt.datetime:
    """`start` plus `hours` of office time, from the hour `opens` to the hour `closes` of each working day (an app's
    rules give both): 16:30 on a Friday plus 2 hours is 10:30 on the next working day when the office opens at 9."""
    if closes <= opens:
        closes = opens + 1
    local = timezone.localtime(start)
    day, remaining, moment = local.date(), dt.timedelta(hours=hours), local
    days = _calendar()
    while True:
        if days.is_working_day(day):
            day_start = timezone.make_aware(dt.datetime.combine(day, dt.time(opens)))
            day_end = day_start + dt.timedelta(hours=closes - opens)
            begin = max(moment, day_start)
            if begin < day_end:
                if begin + remaining <= day_end:
                    return begin + remaining
                remaining -= day_end - begin
        day += _ONE_DAY
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def _weekdays_between(start: dt.date, end: dt.date) -> int:
    """Monday-Friday dates in (start, end], for start <= end."""
    full_weeks, rest = divmod((end - start).days, 7)
    first = start.weekday() + 1  # weekday of the day after start
    return full_weeks * 5 + sum((first + i) % 7 < 5 for i in range(rest))


def _count_in(sorted_days: tuple, start: dt.date, end: dt.date) -> int:
    return bisect.bisect_right(sorted_days, end) - bisect.bisect_right(sorted_days, start)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days pass from start to end; negative if end < start.

    Counted from the weekday count and the exceptions in range, without walking the days: fast for any span.
    """
    if end < start:
        return -working_days_between(end, start)
    days = _calendar()
    return (
        _weekdays_between(start, end)
        - _count_in(days.weekday_holidays, start, end)
        + _count_in(days.weekend_workdays, start, end)
    )


def deadline_state(deadline: dt.date | None, today: dt.date | None = None) -> str:
    """Overdue after the deadline; due soon when at most core.due_soon_working_days working days remain."""
    if deadline is None:
        return DeadlineState.NORMAL
    today = today or timezone.localdate()
    if today > deadline:
        return DeadlineState.OVERDUE
    # working_days_between(today, deadline) <= N, without walking to a deadline that may be months away.
    if deadline < add_working_days(today, rule("core.due_soon_working_days") + 1):
        return DeadlineState.DUE_SOON
    return DeadlineState.NORMAL


def years_without_schedule(years: range | None = None) -> list[int]:
    """Years (this one and next by default) whose holiday schedule is not entered: flagged to the administrator."""
    if years is None:
        today = timezone.localdate()
        years = range(today.year, today.year + 2)
    # pragma: the year is the table's key, so values_list() without "year" (a mutant) reads the same column.
    known = set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))  # pragma: no mutate
    return [y for y in years if y not in known]


@dataclass(frozen=True)
class LoadResult:
    years: list[int]  # years written from chinese-calendar
    skipped: list[int]  # years the platform administrator entered by hand, left alone
    created: int  # calendar days
    updated: int
    deleted: int
    years_marked: int  # CalendarYear rows created or set to chinese-calendar

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.years_marked)


def _official_schedule() -> dict[int, dict[dt.date, tuple[str, str]]]:
    """chinese-calendar's published schedule, by year: date -> (kind, Chinese festival name)."""
    from chinese_calendar import constants

    schedule: dict[int, dict[dt.date, tuple[str, str]]] = {}
    for table, kind in ((constants.holidays, DayKind.HOLIDAY), (constants.workdays, DayKind.MAKEUP_WORKDAY)):
        for date, name in table.items():
            # A festival chinese-calendar adds later keeps its English name until FESTIVAL_NAMES has it.
            schedule.setdefault(date.year, {})[date] = (kind, FESTIVAL_NAMES.get(name, name))  # pragma: no mutate
    return schedule


def _load_year(year: int, official: dict[dt.date, tuple[str, str]]) -> tuple[int, int, int, int]:
    stored = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
    deleted = CalendarDay.objects.filter(date__in=[d for d in stored if d not in official]).delete()[0]
    created = updated = 0
    for date, (kind, name) in official.items():
        day = stored.get(date)
        if day is None:
            CalendarDay.objects.create(date=date, kind=kind, name=name)
            created += 1
        elif (day.kind, day.name) != (kind, name):
            day.kind, day.name = kind, name
            day.save(update_fields=["kind", "name"])  # pragma: no mutate (saving every field writes the same row)
            updated += 1
    marked = (
        CalendarYear.objects.filter(year=year)
        .exclude(source=CalendarSource.CHINESE_CALENDAR)
        .update(source=CalendarSource.CHINESE_CALENDAR, updated_at=timezone.now())
    )
    _, year_created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": CalendarSource.CHINESE_CALENDAR}
    )
    return created, updated, deleted, marked + year_created


@transaction.atomic
def load_official_calendar(*, years: list[int] | None = None, overwrite_manual: bool = False) -> LoadResult:
    """Make each year chinese-calendar knows match it exactly; idempotent (a second run changes nothing).

    Years whose CalendarYear source is "manual" were entered or corrected by the platform administrator and are
    skipped unless `overwrite_manual`. Any change is written to the audit ledger.
    """
    schedule = _official_schedule()
    wanted = sorted(schedule if years is None else set(years) & set(schedule))
    manual = CalendarYear.objects.filter(year__in=wanted, source=CalendarSource.MANUAL)
    skipped = [] if overwrite_manual else sorted(manual.values_list("year", flat=True))
    loaded = [y for y in wanted if y not in skipped]
    totals = [0, 0, 0, 0]
    for year in loaded:
        totals = [a + b for a, b in zip(totals, _load_year(year, schedule[year]), strict=True)]
    result = LoadResult(loaded, skipped, *totals)
    if result.changed:
        ledger.record(
            action="core.calendar.loaded",
            object_type="core.calendaryear",
            object_id=f"{loaded[0]}-{loaded[-1]}",
            after={
                "source": CalendarSource.CHINESE_CALENDAR.value,
                "created": result.created,
                "updated": result.updated,
                "deleted": result.deleted,
                "skipped": skipped,
            },
        )
        transaction.on_commit(invalidate)
    return result
