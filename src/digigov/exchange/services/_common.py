"""Helpers the exchange's services share: numbering, notifying the staff of a role, the actor's user."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from digigov.core.inbox import notify
from digigov.core.models import Membership


def user_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def next_number(model, prefix: str, *, today: dt.date | None = None) -> str:
    """PREFIX + yyyymmdd + 4-digit sequence of the day, e.g. GX202611230001 (unique per model)."""
    day = (today or timezone.localdate()).strftime("%Y%m%d")
    stem = f"{prefix}{day}"
    last = model.objects.filter(number__startswith=stem).order_by("-number").values_list("number", flat=True).first()
    seq = int(last[len(stem) :]) + 1 if last else 1
    return f"{stem}{seq:04d}"


def create_numbered(model, prefix: str, **fields):
    """Create a row with the next number; a concurrent writer taking the same number makes us take the next."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return model.objects.create(number=next_number(model, prefix), **fields)
        except IntegrityError:
            continue
    raise IntegrityError(f"could not allocate a {prefix} number")


def staff_of(organisation, roles) -> list:
    """People holding one of `roles` directly in the organisation: they receive its notifications."""
    ids = (
        Membership.objects.filter(organisation=organisation, role__in=list(roles), user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(Membership.user.field.related_model.objects.filter(pk__in=ids).order_by("pk"))


def notify_staff(organisation, roles, *, title: str, body: str = "", url: str = "") -> int:
    people = staff_of(organisation, roles)
    for person in people:
        notify(recipient=person, title=title, body=body, url=url)
    return len(people)
