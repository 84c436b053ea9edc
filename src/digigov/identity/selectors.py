"""Reads of unified identity."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.models import get_application_model

from digigov.core.models import Membership
from digigov.identity.choices import AccountKind
from digigov.identity.models import CitizenProfile, LegalPersonProfile, LoginFailure, SystemClient, TemporaryPassword
from digigov.identity.permissions import managed_organisations

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


def must_change_password(user) -> bool:
    """True while `user` signs in with a password an administrator set (TemporaryPassword)."""
    return TemporaryPassword.objects.filter(user_id=user.pk).exists()


def staff_memberships(actor) -> QuerySet[Membership]:
    """The roles held in the organisations `actor` manages, by organisation and person (staff screen)."""
    return (
        Membership.objects.filter(organisation__in=managed_organisations(actor))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username", "role")
    )


def oidc_client_name(next_url: str | None) -> str | None:
    """The relying party's name when a sign-in continues its OIDC authorization request, else None."""
    parts = urlsplit(next_url or "")
    if parts.path != reverse("oauth2_provider:authorize"):
        return None
    client_id = parse_qs(parts.query).get("client_id", [""])[0]
    if not client_id:
        return None
    return get_application_model().objects.filter(client_id=client_id).values_list("name", flat=True).first()
