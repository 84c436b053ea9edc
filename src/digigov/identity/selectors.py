"""Reads of unified identity."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from digigov.identity.choices import AccountKind
from digigov.identity.models import CitizenProfile, LegalPersonProfile, LoginFailure, SystemClient

USERNAME_KEY_LEN = LoginFailure._meta.get_field("username").max_length


def username_key(username: str) -> str:
    """The key failures are counted under: the username typed, cut to the column's length."""
    return (username or "")[:USERNAME_KEY_LEN]


def locked_until(username: str) -> dt.datetime | None:
    """When the lock on `username` ends, or None if it may sign in now (R0.2)."""
    until = (
        LoginFailure.objects.filter(username=username_key(username), locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def account_kind(user) -> str:
    """Citizen, legal person or staff: the kind of party behind a user account."""
    if CitizenProfile.objects.filter(user_id=user.pk).exists():
        return AccountKind.CITIZEN
    if LegalPersonProfile.objects.filter(user_id=user.pk).exists():
        return AccountKind.LEGAL_PERSON
    return AccountKind.STAFF


def citizen_profile_of(user) -> CitizenProfile | None:
    return CitizenProfile.objects.filter(user_id=user.pk).first()


def legal_person_profile_of(user) -> LegalPersonProfile | None:
    return LegalPersonProfile.objects.filter(user_id=user.pk).first()


def system_client_active(pk) -> SystemClient | None:
    """The active system client with this id, or None (revoked, unknown, or not an id at all)."""
    try:
        return SystemClient.objects.filter(pk=int(pk), is_active=True).first()
    except (TypeError, ValueError):
        return None


def system_clients_of(organisation) -> QuerySet[SystemClient]:
    """The active systems of an organisation, by name: what it may name as the consumer of a grant."""
    return SystemClient.objects.filter(organisation=organisation, is_active=True).order_by("name")
