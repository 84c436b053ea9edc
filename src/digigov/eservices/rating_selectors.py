"""Reads of ratings (好差评, R4.5): the staff list scoped to the person's departments (the platform operator and
platform administrators see every department's, as they decide appeals), one rating, and the published figures per
department and per item — counts only, never a name or a comment."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from digigov.core.errors import NotFoundError
from digigov.core.permissions import is_operator, organisation_ids
from digigov.eservices.choices import GOOD_LEVEL_MIN, AppealStatus
from digigov.eservices.models import Case, Rating

BAD = Q(level__lt=GOOD_LEVEL_MIN)
COUNTED = ~Q(appeal_status=AppealStatus.UPHELD)  # an upheld appeal takes the rating out of the figures
PENDING = BAD & COUNTED & Q(replied_at__isnull=True)


def rating_scope(actor) -> QuerySet[Rating]:
    qs = Rating.objects.select_related("case", "item", "organisation")
    if is_operator(actor):
        return qs
    return qs.filter(organisation_id__in=organisation_ids(actor))


def rating_list(
    actor,
    *,
    level: int | None = None,
    pending: bool = False,
    overdue: bool = False,
    appeal: str = "",
    organisation: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Rating]:
    """Ratings of the actor's departments, newest first: by level, needing rectification, overdue (needing it after
    its day), by appeal state, by department."""
    qs = rating_scope(actor)
    if level:
        qs = qs.filter(level=level)
    if pending or overdue:
        qs = qs.filter(PENDING)
    if overdue:
        qs = qs.filter(due_on__lt=today or timezone.localdate())
    if appeal:
        qs = qs.filter(appeal_status=appeal)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs.order_by("-rated_at", "-pk")


def rating_get(actor, pk: int) -> Rating:
    rating = rating_scope(actor).select_related("case__applicant").filter(pk=pk).first()
    if rating is None:
        raise NotFoundError()
    return rating


def applicant_rating(case: Case) -> Rating | None:
    return Rating.objects.filter(case=case).first()


@dataclass
class StatsRow:
    """One department's or one item's published figures."""

    key: int
    name: str
    count: int
    good: int
    bad: int
    rectified: int
    average: float | None

    @property
    def good_rate(self) -> float | None:
        """好评率: 非常满意, 满意 and 基本满意 over every counted rating, in percent, one decimal."""
        return round(100 * self.good / self.count, 1) if self.count else None

    @property
    def rectified_rate(self) -> float | None:
        """整改率: bad ratings answered over bad ratings, in percent."""
        return round(100 * self.rectified / self.bad, 1) if self.bad else None


def _rows(qs: QuerySet[Rating], key: str, name: str) -> list[StatsRow]:
    grouped = (
        qs.values(key, name)
        .annotate(
            n=Count("pk"),
            good=Count("pk", filter=~BAD),
            bad=Count("pk", filter=BAD),
            rectified=Count("pk", filter=BAD & Q(replied_at__isnull=False)),
            average=Avg("level"),
        )
        .order_by("-n", name)
    )
    return [
        StatsRow(
            key=g[key],
            name=g[name],
            count=g["n"],
            good=g["good"],
            bad=g["bad"],
            rectified=g["rectified"],
            average=round(float(g["average"]), 2) if g["average"] is not None else None,
        )
        for g in grouped
    ]


@dataclass
class Stats:
    overall: StatsRow
    departments: list[StatsRow]
    items: list[StatsRow]


def rating_stats(*, organisation: int | None = None, item: int | None = None, items_shown: int = 50) -> Stats:
    """The published figures (R4.5): every counted rating (upheld appeals excluded), overall, per department and
    per item (the `items_shown` most rated)."""
    qs = Rating.objects.filter(COUNTED)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if item:
        qs = qs.filter(item_id=item)
    total = qs.aggregate(
        n=Count("pk"),
        good=Count("pk", filter=~BAD),
        bad=Count("pk", filter=BAD),
        rectified=Count("pk", filter=BAD & Q(replied_at__isnull=False)),
        average=Avg("level"),
    )
    overall = StatsRow(
        key=0,
        name="",
        count=total["n"],
        good=total["good"],
        bad=total["bad"],
        rectified=total["rectified"],
        average=round(float(total["average"]), 2) if total["average"] is not None else None,
    )
    return Stats(
        overall=overall,
        departments=_rows(qs, "organisation_id", "organisation__name"),
        items=_rows(qs, "item_id", "item__name")[:items_shown],
    )
