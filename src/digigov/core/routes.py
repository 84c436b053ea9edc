"""Ninja routes of the shared kernel: who am I, my to-dos, my background jobs, divisions, organisations, validators,
calendar."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from digigov.core import calendar, inbox, selectors, validators
from digigov.core.api_auth import session_auth
from digigov.core.api_inputs import Id
from digigov.core.api_jobs import JobOut
from digigov.core.errors import NotFoundError
from digigov.core.models import InboxItem
from digigov.core.permissions import is_platform_admin, memberships

router = Router(tags=["core"])


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    name: str
    platform_admin: bool
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, auth=session_auth, summary=_("The signed-in person and their roles"))
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "platform_admin": is_platform_admin(user),
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships(user)
        ],
    }


class InboxItemOut(Schema):
    id: int
    source: str
    kind: str
    title: str
    url: str
    organisation: str = Field(..., alias="assignee_org.name")
    role: str = Field(..., alias="assignee_role")
    deadline: dt.date | None
    state: str


@router.get(
    "/inbox", response=list[InboxItemOut], auth=session_auth, summary=_("My open to-dos, earliest deadline first")
)
def inbox_list(request):
    items = list(selectors.inbox_for(request.user)[:500])
    for item in items:
        item.state = calendar.deadline_state(item.deadline)
    return items


@router.post("/inbox/{item_id}/complete", response=InboxItemOut, auth=session_auth, summary=_("Mark a to-do done"))
def inbox_complete(request, item_id: Id):
    item = get_object_or_404(InboxItem, pk=item_id)
    if not inbox.can_handle(request.user, item):
        # Another organisation's to-do is invisible, not merely forbidden.
        raise NotFoundError()
    item = inbox.inbox_complete(actor=request.user, item=item)
    item.state = calendar.deadline_state(item.deadline)
    return item


@router.get(
    "/jobs/{job_id}", response=JobOut, auth=session_auth, summary=_("A background job I started: progress and result")
)
def job_detail(request, job_id: Id):
    # Another person's job is invisible, not merely forbidden (as on its page).
    job = selectors.jobs_visible_to(request.user).filter(pk=job_id).first()
    if job is None:
        raise NotFoundError()
    return job


class DivisionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent_id")


@router.get("/divisions", response=list[DivisionOut], summary=_("Children of a division (top level without parent)"))
def division_list(request, parent: str | None = None):
    if parent is not None:
        validators.validate_division_code(parent)
    return list(selectors.division_children(parent))


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    uscc: str | None
    division_code: str = Field(..., alias="division_id")
    parent_id: int | None


@router.get("/organisations", response=list[OrganisationOut], summary=_("Organisations visible to me"))
def organisation_list(request):
    system = getattr(request, "system_client", None)  # set by the API-key authenticator
    if system is not None:
        return list(selectors.organisation_with_units(system.organisation))
    return list(selectors.organisation_list(request.user))


class ValidateIn(Schema):
    kind: Literal["id_number", "uscc", "division_code"]
    value: str


class ValidateOut(Schema):
    valid: bool
    value: str


_VALIDATORS = {
    "id_number": validators.validate_id_number,
    "uscc": validators.validate_uscc,
    "division_code": validators.validate_division_code,
}


@router.post("/validate", response=ValidateOut, summary=_("Check an ID number, credit code or division code"))
def validate(request, payload: ValidateIn):
    try:
        value = _VALIDATORS[payload.kind](payload.value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None
    return {"valid": True, "value": value}


class WorkingDaysOut(Schema):
    start: dt.date
    days: int
    deadline: dt.date


@router.get("/calendar/add-working-days", response=WorkingDaysOut, summary=_("The date N working days after start"))
def add_working_days(request, start: dt.date, days: int = Query(..., ge=0, le=3650)):
    return {"start": start, "days": days, "deadline": calendar.add_working_days(start, days)}


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


@router.get("/calendar/working-days-between", response=BetweenOut, summary=_("Working days from start to end"))
def working_days_between(request, start: dt.date, end: dt.date):
    return {"start": start, "end": end, "working_days": calendar.working_days_between(start, end)}
