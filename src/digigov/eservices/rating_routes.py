"""Ratings in the JSON API (好差评, R4.5): the published figures for anyone (`/ratings/stats`, counts and rates, no
personal data), and for staff the ratings of their departments, one rating, and the rectification, appeal and
appeal-decision steps, scoped as the screens are (another department: 404)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from digigov.core.api_inputs import Id, PageNumber
from digigov.eservices import rating_selectors
from digigov.eservices.choices import AppealStatus, RatingLevel
from digigov.eservices.services import ratings

router = Router(tags=["eservices"])


class RatingStatsRowOut(Schema):
    id: int
    name: str
    count: int
    good: int
    bad: int
    rectified: int
    good_rate: float | None
    average: float | None
    rectified_rate: float | None


class RatingStatsOut(Schema):
    overall: RatingStatsRowOut
    departments: list[RatingStatsRowOut]
    items: list[RatingStatsRowOut]


def _stats_row(row: rating_selectors.StatsRow) -> dict:
    return {
        "id": row.key,
        "name": row.name,
        "count": row.count,
        "good": row.good,
        "bad": row.bad,
        "rectified": row.rectified,
        "good_rate": row.good_rate,
        "average": row.average,
        "rectified_rate": row.rectified_rate,
    }


@router.get(
    "/ratings/stats",
    response=RatingStatsOut,
    auth=None,
    summary=_("Published rating figures per department and item (好差评, R4.5); no personal data"),
)
def rating_stats(request, org: Id | None = None, item: Id | None = None):
    stats = rating_selectors.rating_stats(organisation=org, item=item)
    return {
        "overall": _stats_row(stats.overall),
        "departments": [_stats_row(r) for r in stats.departments],
        "items": [_stats_row(r) for r in stats.items],
    }


class RatingOut(Schema):
    id: int
    case_id: int
    case_number: str
    organisation_id: int
    organisation: str
    item_id: int
    item: str
    level: int
    level_label: str
    dimensions: list[str]
    comment: str
    rated_at: dt.datetime
    due_on: dt.date | None
    needs_rectification: bool
    overdue: bool
    reply: str
    return_visit: str
    replied_at: dt.datetime | None
    appeal_status: str
    appeal_reason: str
    appeal_note: str
    excluded: bool


class RatingPageOut(Schema):
    count: int
    items: list[RatingOut]


def _out(rating) -> dict:
    today = timezone.localdate()
    return {
        "id": rating.pk,
        "case_id": rating.case_id,
        "case_number": rating.case.number or "",
        "organisation_id": rating.organisation_id,
        "organisation": rating.organisation.name,
        "item_id": rating.item_id,
        "item": rating.item.name,
        "level": rating.level,
        "level_label": str(rating.get_level_display()),
        "dimensions": rating.dimensions,
        "comment": rating.comment,
        "rated_at": rating.rated_at,
        "due_on": rating.due_on,
        "needs_rectification": rating.needs_rectification,
        "overdue": rating.needs_rectification and rating.due_on is not None and rating.due_on < today,
        "reply": rating.reply,
        "return_visit": rating.return_visit,
        "replied_at": rating.replied_at,
        "appeal_status": rating.appeal_status,
        "appeal_reason": rating.appeal_reason,
        "appeal_note": rating.appeal_note,
        "excluded": rating.excluded,
    }


@router.get("/ratings", response=RatingPageOut, summary=_("Ratings of the caller's departments, newest first (R4.5)"))
def rating_list(
    request,
    level: int | None = Query(None, ge=1, le=5),
    state: str = Query("", max_length=20, description="pending | overdue"),
    appeal: str = Query("", max_length=20, description="pending | upheld | dismissed"),
    org: Id | None = None,
    page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):
    qs = rating_selectors.rating_list(
        request.user,
        level=level if level in RatingLevel.values else None,
        pending=state == "pending",
        overdue=state == "overdue",
        appeal=appeal if appeal in AppealStatus.values else "",
        organisation=org,
    )
    start = (page - 1) * page_size
    return {"count": qs.count(), "items": [_out(r) for r in qs[start : start + page_size]]}


@router.get("/ratings/{rating_id}", response=RatingOut, summary=_("One rating of the caller's departments"))
def rating_get(request, rating_id: Id):
    rating = rating_selectors.rating_get(request.user, rating_id)
    ratings.rating_opened(actor=request.user, rating=rating)
    return _out(rating)


class RatingReplyIn(Schema):
    reply: str
    return_visit: str


class RatingAppealIn(Schema):
    reason: str


class RatingAppealDecisionIn(Schema):
    upheld: bool
    note: str


def _after(request, rating_id: int) -> dict:
    return _out(rating_selectors.rating_get(request.user, rating_id))


@router.post(
    "/ratings/{rating_id}/reply", response=RatingOut, summary=_("Answer a bad rating and record the return visit")
)
def rating_reply(request, rating_id: Id, body: RatingReplyIn):
    rating = rating_selectors.rating_get(request.user, rating_id)
    ratings.rating_reply(actor=request.user, rating=rating, reply=body.reply, return_visit=body.return_visit)
    return _after(request, rating_id)


@router.post("/ratings/{rating_id}/appeal", response=RatingOut, summary=_("Appeal a wrong or malicious rating"))
def rating_appeal(request, rating_id: Id, body: RatingAppealIn):
    rating = rating_selectors.rating_get(request.user, rating_id)
    ratings.rating_appeal(actor=request.user, rating=rating, reason=body.reason)
    return _after(request, rating_id)


@router.post(
    "/ratings/{rating_id}/appeal-decision",
    response=RatingOut,
    summary=_("Uphold or dismiss an appeal against a rating (platform operator)"),
)
def rating_appeal_decide(request, rating_id: Id, body: RatingAppealDecisionIn):
    rating = rating_selectors.rating_get(request.user, rating_id)
    ratings.rating_appeal_decide(actor=request.user, rating=rating, upheld=body.upheld, note=body.note)
    return _after(request, rating_id)
