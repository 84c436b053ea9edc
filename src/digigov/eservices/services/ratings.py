"""Ratings (好差评, R4.5, 国办发〔2019〕51号): the applicant's rating of a closed case, the lead department's reply
and return visit for a bad one (整改、回访, a to-do due in `eservices.rating_rectify_days` working days), its appeal
against a wrong or malicious rating (申诉, within `eservices.rating_appeal_days`) and the platform operator's
decision on it. Each write checks who acts first, then the state, and records itself in the ledger.

A case is rated once it is concluded (办结) or not accepted (不予受理): the two ends where the department did its
work. A withdrawn case or one still running is not rated. Only the account that applied rates (a counter case
without an account is rated at the counter's device, not built here); anyone else gets 404, as for the case."""

import datetime as dt
from typing import cast

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.models import Organisation
from digigov.core.permissions import can, is_operator, is_platform_admin
from digigov.core.rules import rule
from digigov.eservices.choices import AppealStatus, CaseStatus, RatingDimension, RatingLevel
from digigov.eservices.models import Case, Rating

RATED_STATES = (CaseStatus.CONCLUDED, CaseStatus.REJECTED)
RECTIFIERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # reply and call back
APPELLANTS = (Role.LEADER, Role.ORG_ADMIN)  # an appeal is the department's word
RECTIFY_TASK = "eservices.rating.rectify"
APPEAL_TASK = "eservices.rating.appeal"


def staff_url(rating: Rating) -> str:
    return reverse("eservices_rating_detail", args=[rating.pk])


def _record(action: str, actor, rating: Rating, after: dict, organisation=None) -> None:
    ledger.record(
        action=action,
        actor=actor,
        organisation=organisation or rating.organisation_id,
        obj=rating,
        after={"number": rating.case.number or "", **after},
    )


def _locked(rating: Rating) -> Rating:
    try:
        return Rating.objects.select_for_update(of=("self",)).select_related("case").get(pk=rating.pk)
    except Rating.DoesNotExist:
        raise NotFoundError() from None


def _text(errors: FieldErrors, field: str, value: str, limit: int, *, required: bool, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, message or _("This field is required."))
    elif len(value) > limit:
        errors.add(field, _("Write at most %(n)s characters.") % {"n": limit})
    return value


def _level(value: int | str | None) -> int | None:
    try:
        level = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return level if level in RatingLevel.values else None


@transaction.atomic
def rating_submit(
    *, actor, case: Case, level: int | str | None, dimensions: list[str], comment: str = "", now=None
) -> Rating:
    """The applicant rates their closed case, once. A bad rating names what went wrong (an aspect and a comment)
    and opens the lead department's rectification to-do."""
    try:
        case = Case.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=case.pk)
    except Case.DoesNotExist:
        raise NotFoundError() from None
    if case.applicant_id is None or case.applicant_id != getattr(actor, "pk", None):
        raise NotFoundError()
    if case.status not in RATED_STATES:
        raise ConflictError(_("A case is rated once it is concluded or not accepted."))
    if Rating.objects.filter(case=case).exists():
        raise ConflictError(_("You have already rated this case."))
    errors = FieldErrors()
    chosen = _level(level)
    if chosen is None:
        errors.add("level", _("Choose one of the five levels."))
    dimensions = list(dict.fromkeys(d for d in dimensions or [] if d))
    if any(d not in RatingDimension.values for d in dimensions):
        errors.add("dimensions", _("Choose among the aspects listed."))
    bad = chosen is not None and chosen < RatingLevel.FAIRLY_SATISFIED
    if bad and not dimensions:
        errors.add("dimensions", _("Tick what was not satisfactory."))
    comment = _text(errors, "comment", comment, 500, required=bad, message=_("Tell the department what went wrong."))
    errors.raise_if_any()
    now = now or timezone.now()
    rating = Rating(
        case=case,
        organisation=case.organisation,
        item_id=case.item_id,
        level=cast(int, chosen),  # raise_if_any() refused None above
        dimensions=dimensions,
        comment=comment,
        rated_at=now,
    )
    if bad:
        rating.due_on = add_working_days(timezone.localdate(now), rule("eservices.rating_rectify_days"))
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # a second tab raced the first past the check: the unique case wins
        raise ConflictError(_("You have already rated this case.")) from None
    _record(
        "eservices.rating.submitted",
        actor,
        rating,
        {"level": rating.get_level_display(), "dimensions": dimensions, "due_on": rating.due_on},
    )
    if bad:
        title = lazy_text(gettext_lazy("Bad rating of case %(no)s: reply and call the applicant back"), no=case.number)
        inbox.inbox_register(
            source="eservices",
            kind=RECTIFY_TASK,
            title=title,
            url=staff_url(rating),
            assignee_org=case.organisation,
            assignee_role=Role.HANDLER,
            deadline=rating.due_on,
            obj=rating,
        )
        inbox.notify_role(case.organisation, [Role.LEADER], title=title, url=staff_url(rating))
    return rating


@transaction.atomic
def rating_reply(*, actor, rating: Rating, reply: str, return_visit: str, now=None) -> Rating:
    """整改、回访: the lead department answers a bad rating and records its call back to the applicant; the
    applicant reads the reply on their case page. Closes the rectification to-do."""
    rating = _locked(rating)
    if not can(actor, RECTIFIERS, rating.organisation_id):
        raise NotFoundError()
    if not rating.is_bad:
        raise ConflictError(_("Only a bad rating is rectified."))
    if rating.replied_at is not None:
        raise ConflictError(_("This rating has already been answered."))
    if rating.excluded:
        raise ConflictError(_("The appeal against this rating was upheld; it needs no rectification."))
    errors = FieldErrors()
    reply = _text(errors, "reply", reply, 2000, required=True, message=_("Write the reply to the applicant."))
    return_visit = _text(
        errors, "return_visit", return_visit, 1000, required=True, message=_("Record the call back to the applicant.")
    )
    errors.raise_if_any()
    now = now or timezone.now()
    rating.reply, rating.return_visit, rating.replied_at, rating.replied_by = reply, return_visit, now, actor
    rating.save(update_fields=["reply", "return_visit", "replied_at", "replied_by"])
    late = rating.due_on is not None and timezone.localdate(now) > rating.due_on
    _record("eservices.rating.replied", actor, rating, {"late": late, "note": return_visit})
    inbox.inbox_complete_for(obj=rating, kind=RECTIFY_TASK)
    case = rating.case
    if case.applicant_id is not None:
        inbox.notify(
            recipient=case.applicant,
            title=lazy_text(gettext_lazy("The department answered your rating of case %(no)s"), no=case.number),
            body=reply,
            url=f"/zwfw/cases/{case.number}/",
        )
    return rating


def appeal_deadline(rating: Rating) -> dt.date:
    return add_working_days(timezone.localdate(rating.rated_at), rule("eservices.rating_appeal_days"))


@transaction.atomic
def rating_appeal(*, actor, rating: Rating, reason: str, now=None) -> Rating:
    """申诉: the lead department's leader asks the platform operator to exclude a wrong or malicious bad rating,
    within `eservices.rating_appeal_days` working days of it; the rectification clock keeps running meanwhile."""
    rating = _locked(rating)
    if not can(actor, RECTIFIERS, rating.organisation_id):
        raise NotFoundError()
    if not can(actor, APPELLANTS, rating.organisation_id):
        raise PermissionDeniedError(_("Only the department's leader or administrator appeals a rating."))
    if not rating.is_bad:
        raise ConflictError(_("Only a bad rating may be appealed."))
    if rating.appeal_status:
        raise ConflictError(_("This rating has already been appealed."))
    now = now or timezone.now()
    if timezone.localdate(now) > appeal_deadline(rating):
        raise ConflictError(_("The time to appeal ended on %(date)s.") % {"date": appeal_deadline(rating).isoformat()})
    errors = FieldErrors()
    reason = _text(
        errors, "reason", reason, 2000, required=True, message=_("Say why the rating is wrong or malicious.")
    )
    errors.raise_if_any()
    rating.appeal_status, rating.appeal_reason = AppealStatus.PENDING, reason
    rating.appealed_at, rating.appealed_by = now, actor
    rating.save(update_fields=["appeal_status", "appeal_reason", "appealed_at", "appealed_by"])
    _record("eservices.rating.appealed", actor, rating, {"reason": reason})
    title = lazy_text(gettext_lazy("Decide the appeal against the rating of case %(no)s"), no=rating.case.number)
    for operator in Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk")[:1]:
        inbox.inbox_register(
            source="eservices",
            kind=APPEAL_TASK,
            title=title,
            url=staff_url(rating),
            assignee_org=operator,
            assignee_role=Role.LEADER,
            working_days=rule("eservices.rating_appeal_decide_days"),
            obj=rating,
        )
    return rating


def may_decide_appeal(actor, rating: Rating) -> bool:
    """The platform operator decides, never on its own department's rating (a platform administrator may)."""
    if is_platform_admin(actor):
        return True
    return is_operator(actor) and not can(actor, RECTIFIERS, rating.organisation_id)


@transaction.atomic
def rating_appeal_decide(*, actor, rating: Rating, upheld: bool, note: str = "", now=None) -> Rating:
    """Upheld: the rating stays on the case but leaves the figures, and needs no rectification. Dismissed: it stands
    and its rectification is still due. The reason is required either way."""
    rating = _locked(rating)
    if not may_decide_appeal(actor, rating):
        raise PermissionDeniedError()
    if rating.appeal_status != AppealStatus.PENDING:
        raise ConflictError(_("No appeal awaits a decision on this rating."))
    errors = FieldErrors()
    note = _text(errors, "note", note, 2000, required=True, message=_("Give the reason for the decision."))
    errors.raise_if_any()
    rating.appeal_status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
    rating.appeal_note, rating.appeal_decided_at, rating.appeal_decided_by = note, now or timezone.now(), actor
    rating.save(update_fields=["appeal_status", "appeal_note", "appeal_decided_at", "appeal_decided_by"])
    action = "eservices.rating.appeal_upheld" if upheld else "eservices.rating.appeal_dismissed"
    _record(action, actor, rating, {"note": note})
    inbox.inbox_complete_for(obj=rating, kind=APPEAL_TASK)
    if upheld:
        inbox.inbox_complete_for(obj=rating, kind=RECTIFY_TASK)
    title = (
        lazy_text(gettext_lazy("Your appeal against the rating of case %(no)s was upheld"), no=rating.case.number)
        if upheld
        else lazy_text(
            gettext_lazy("Your appeal against the rating of case %(no)s was dismissed"), no=rating.case.number
        )
    )
    if rating.appealed_by_id:
        inbox.notify(recipient=rating.appealed_by, title=title, body=note, url=staff_url(rating))
    return rating


@transaction.atomic
def rating_opened(*, actor, rating: Rating) -> None:
    """Opening a rating shows the applicant's name, phone and comment to staff: recorded (R0.4)."""
    ledger.record(
        action="eservices.rating.viewed",
        actor=actor,
        organisation=rating.organisation_id,
        obj=rating,
        after={"number": rating.case.number or ""},
    )
