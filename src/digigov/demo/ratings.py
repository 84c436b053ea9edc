"""Demo ratings (好差评, R4.5): most of the demo's closed online cases rated by their applicants, dated after their
conclusion; a few bad ones answered and called back, one waiting past its rectification day (overdue), one still
within it, and one whose department's appeal waits for the platform operator. Deterministic (its own seed), through
the services as applicant, window and leader would act; run once, after the cases (`cases.load_cases`)."""

import datetime as dt
import random

from django.utils import timezone

from digigov.core.calendar import add_working_days, is_working_day
from digigov.core.choices import Role
from digigov.core.models import InboxItem, Notification
from digigov.eservices.choices import RatingDimension
from digigov.eservices.models import Case, Rating
from digigov.eservices.services import ratings

SEED = 451
BAD = [
    (
        2,
        [RatingDimension.EFFICIENCY],
        "提交后很久没有进展，电话也打不通。",
        "已核查积压原因并增派人手，今后按日清理待办件。",
    ),
    (1, [RatingDimension.ATTITUDE], "窗口人员解释不耐烦。", "已对相关窗口人员批评教育，并组织服务礼仪培训。"),
    (
        2,
        [RatingDimension.GUIDE, RatingDimension.ONE_VISIT],
        "办事指南没写要带原件，白跑一趟。",
        "已修订办事指南，写明需携带原件核验。",
    ),
]
GOOD = [
    (5, [RatingDimension.EFFICIENCY, RatingDimension.ONE_VISIT], "很快就办好了。"),
    (5, [RatingDimension.CONVENIENCE], ""),
    (4, [RatingDimension.ATTITUDE], "工作人员耐心。"),
    (4, [], ""),
    (3, [RatingDimension.GUIDE], "指南可以再清楚一些。"),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _dated(when: dt.datetime, step, **arguments):
    """Take a rating step at `when`, and date the to-dos and notices it made then too (as `cases._at` does): a
    to-do made today for a rating of October would otherwise look assigned after its own deadline."""
    mark = timezone.now()
    result = step(**arguments, now=when)
    if when < mark:
        InboxItem.objects.filter(created_at__gte=mark).update(created_at=when)
        Notification.objects.filter(created_at__gte=mark).update(created_at=when)
    return result


def _back(today: dt.date, n: int) -> dt.date:
    day = today
    while n > 0 or not is_working_day(day):
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def load_ratings(clerks, today: dt.date) -> int:
    """Rate the closed online cases not rated yet; `clerks(organisation_id, role)` gives the department's staff."""
    if Rating.objects.exists():
        return Rating.objects.count()
    closed = list(
        Case.objects.filter(applicant__isnull=False, status__in=ratings.RATED_STATES, concluded_on__isnull=False)
        .select_related("applicant")
        .order_by("concluded_on", "pk")
    )
    rng = random.Random(SEED)
    last = len(closed) - 1
    for n, case in enumerate(closed):
        handler, leader = clerks(case.organisation_id, Role.HANDLER), clerks(case.organisation_id, Role.LEADER)
        if n in (0, 1, last - 1, last) and len(closed) >= 4:
            level, aspects, comment, reply = BAD[n % len(BAD)]
            day = {0: case.concluded_on, 1: case.concluded_on, last - 1: today, last: _back(today, 1)}[n]
            day = max(day, case.concluded_on)
            rating = _rate(case, day, level, aspects, comment)
            if n == 1:  # answered and called back within its time
                done = min(add_working_days(day, 2), today)
                _reply(handler, rating, reply, done)
            elif n == last:  # the department holds the rating wrong
                _dated(
                    _at(today, 16),
                    ratings.rating_appeal,
                    actor=leader,
                    rating=rating,
                    reason="该申请因申请人未提交法定材料不予受理，评价所述情况与事实不符，已附受理记录。",
                )
            continue  # n == 0: overdue, n == last - 1: within its time
        if rng.random() < 0.15:
            continue  # not every applicant rates
        day = min(add_working_days(case.concluded_on, rng.choice([0, 0, 1, 2])), today)
        if rng.random() < 0.08:
            level, aspects, comment, reply = rng.choice(BAD)
            rating = _rate(case, day, level, aspects, comment)
            done = min(add_working_days(day, rng.choice([1, 2, 4])), today)
            _reply(handler, rating, reply, done)
            continue
        level, aspects, comment = GOOD[min(int(rng.random() ** 1.6 * len(GOOD)), len(GOOD) - 1)]
        _rate(case, day, level, aspects, comment)
    return Rating.objects.count()


def _rate(case: Case, day: dt.date, level: int, aspects: list, comment: str) -> Rating:
    return _dated(
        _at(day),
        ratings.rating_submit,
        actor=case.applicant,
        case=case,
        level=level,
        dimensions=aspects,
        comment=comment,
    )


def _reply(handler, rating: Rating, reply: str, day: dt.date) -> None:
    visit = f"{day.month}月{day.day}日电话回访申请人，申请人对整改情况表示认可。"
    _dated(_at(day, 15), ratings.rating_reply, actor=handler, rating=rating, reply=reply, return_visit=visit)
