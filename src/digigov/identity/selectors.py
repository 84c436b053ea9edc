"""Reads of unified identity."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.models import get_application_model

from digigov.core.errors import NotFoundError
from digigov.core.models import LedgerEntry, Membership, Organisation
from digigov.core.permissions import organisation_ids
from digigov.identity.choices import AccountKind, KeyState
from digigov.identity.models import (
    CitizenProfile,
    LegalPersonProfile,
    LoginFailure,
    SupersededKey,
    SystemClient,
    TemporaryPassword,
)
from digigov.identity.permissions import is_key_operator, managed_organisations

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


def organisations_with_systems() -> QuerySet[Organisation]:
    """Organisations holding at least one application system (the consumers a call-log filter offers)."""
    return Organisation.objects.filter(pk__in=SystemClient.objects.values("organisation_id")).order_by("name")


def system_list(*, actor) -> QuerySet[SystemClient]:
    """The registered systems `actor` may see, by department and name: every system for the platform operator's key
    staff; a department's own (and its units') for anyone holding a role there. Each carries `grace_until`: when its
    previous key stops working after a rotation, or None."""
    qs = SystemClient.objects.filter(is_active=True).select_related("organisation")
    if not is_key_operator(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    in_grace = SupersededKey.objects.filter(expires_at__gt=timezone.now()).order_by("-expires_at")
    return qs.prefetch_related(Prefetch("superseded_keys", queryset=in_grace, to_attr="keys_in_grace")).order_by(
        "organisation__name", "name", "pk"
    )


def system_get(*, actor, pk: int) -> SystemClient:
    """One system `actor` may see (system_list); NotFoundError for any other, so its existence is not revealed."""
    client = system_list(actor=actor).filter(pk=pk).first()
    if client is None:
        raise NotFoundError()
    return client


def key_state(client: SystemClient) -> str:
    """KeyState of a system from `system_list`: no key, a key, or a new key while the previous one still works."""
    if not client.key_prefix:
        return KeyState.NONE
    return KeyState.ROTATING if grace_until(client) else KeyState.ACTIVE


def grace_until(client: SystemClient) -> dt.datetime | None:
    """When the previous key of a system from `system_list` stops working, or None if none works."""
    keys = getattr(client, "keys_in_grace", None)
    if keys is None:
        keys = list(client.superseded_keys.filter(expires_at__gt=timezone.now()).order_by("-expires_at"))
    return keys[0].expires_at if keys else None


def system_history(client: SystemClient) -> QuerySet[LedgerEntry]:
    """Registration and every key issued, rotated, revoked or re-stored, as the audit ledger recorded them."""
    return LedgerEntry.objects.filter(
        Q(object_type="identity.systemclient", object_id=str(client.pk)), action__startswith="identity.system_client."
    ).order_by("seq")


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


@dataclass(frozen=True)
class Party:
    """Who a citizen or legal-person account stands for, as other apps record it on what they apply for."""

    kind: str  # AccountKind.CITIZEN or LEGAL_PERSON
    name: str  # real name, or the entity's name
    code: str  # resident ID number, or unified social credit code
    phone: str
    representative: str = ""  # a legal person's legal representative
    representative_id_number: str = ""


def party_of(user) -> Party | None:
    """The citizen or legal person behind `user`; None for staff and anonymous visitors."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    citizen = citizen_profile_of(user)
    if citizen is not None:
        return Party(AccountKind.CITIZEN, citizen.real_name, citizen.id_number, citizen.phone)
    legal = legal_person_profile_of(user)
    if legal is not None:
        return Party(
            AccountKind.LEGAL_PERSON,
            legal.entity_name,
            legal.uscc,
            legal.phone,
            legal.legal_representative,
            legal.representative_id_number,
        )
    return None


def account_of(kind: str, code: str):
    """The active account of the citizen (ID number) or legal person (credit code) with this code, or None: a clerk
    at the counter links a walk-in applicant's case to their own account when they have one (R4.2)."""
    code = (code or "").strip().upper()
    if kind == AccountKind.CITIZEN:
        citizen = CitizenProfile.objects.filter(id_number=code, user__is_active=True).select_related("user").first()
        return citizen.user if citizen is not None else None
    if kind == AccountKind.LEGAL_PERSON:
        legal = LegalPersonProfile.objects.filter(uscc=code, user__is_active=True).select_related("user").first()
        return legal.user if legal is not None else None
    return None
