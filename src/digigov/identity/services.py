"""Writes of unified identity: sign-in lockout, sign-up of citizens and legal persons, system and OIDC clients.

Every write is audited in the same transaction (R0.4). Raw ID numbers never go to the ledger, only masked.
"""

import datetime as dt

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.permissions import acting_organisation, is_platform_admin, require
from digigov.core.rules import rule
from digigov.core.validators import validate_id_number, validate_uscc
from digigov.identity.models import KEY_PREFIX_LEN, CitizenProfile, LegalPersonProfile, LoginFailure, SystemClient
from digigov.identity.selectors import username_key
from digigov.identity.validators import validate_mobile

# ---- sign-in lockout (R0.2, 等级保护: 登录失败处理) ----


@transaction.atomic
def signin_failed(*, username: str) -> dt.datetime | None:
    """Count a failed sign-in; after identity.lockout_attempts in a row lock the username for
    identity.lockout_minutes. Returns the end of the lock if the username is (now) locked.

    The row lock makes concurrent failures count one by one, so parallel guessing cannot outrun the limit.
    """
    key, now = username_key(username), timezone.now()
    failure, _created = LoginFailure.objects.select_for_update().get_or_create(username=key)
    if failure.locked_until and failure.locked_until > now:
        ledger.record(
            action="identity.signin.failed",
            object_type="identity.signin",
            object_id=key,
            after={"reason": "locked", "locked_until": failure.locked_until},
        )
        return failure.locked_until
    failure.count += 1
    failure.last_failed_at = now
    attempts, limit = failure.count, rule("identity.lockout_attempts")
    if attempts >= limit:
        failure.count = 0
        failure.locked_until = now + dt.timedelta(minutes=rule("identity.lockout_minutes"))
    failure.save()
    ledger.record(
        action="identity.signin.failed", object_type="identity.signin", object_id=key, after={"attempt": attempts}
    )
    if attempts < limit:
        return None
    ledger.record(
        action="identity.account.locked",
        object_type="identity.signin",
        object_id=key,
        after={"attempts": attempts, "locked_until": failure.locked_until},
    )
    return failure.locked_until


@transaction.atomic
def signin_succeeded(*, user) -> bool:
    """Record a right password. False if a lock began meanwhile (then the sign-in must be refused)."""
    key = username_key(user.get_username())
    failure = LoginFailure.objects.select_for_update().filter(username=key).first()
    if failure is not None and failure.locked_until and failure.locked_until > timezone.now():
        ledger.record(
            action="identity.signin.failed",
            object_type="identity.signin",
            object_id=key,
            after={"reason": "locked", "locked_until": failure.locked_until},
        )
        return False
    if failure is not None:
        failure.delete()
    ledger.record(action="identity.signin.succeeded", actor=user, organisation=acting_organisation(user), obj=user)
    return True


@transaction.atomic
def account_unlock(*, actor, username: str) -> None:
    """Lift a lock before it runs out (platform administrator only)."""
    if not is_platform_admin(actor):
        raise PermissionDeniedError()
    key = username_key(username)
    LoginFailure.objects.filter(username=key).delete()
    ledger.record(action="identity.account.unlocked", actor=actor, object_type="identity.signin", object_id=key)


@transaction.atomic
def session_expired(*, user) -> None:
    """Audit a sign-out forced by identity.idle_timeout_minutes without a request."""
    ledger.record(action="identity.session.expired", actor=user, organisation=acting_organisation(user), obj=user)


# ---- sign-up of citizens (自然人) and legal persons (法人), R0.2 ----


def mask_id_number(value: str) -> str:
    """420102********123X: enough to tell records apart in the ledger, not enough to misuse."""
    return f"{value[:6]}{'*' * 8}{value[14:]}" if len(value) == 18 else "*" * len(value)


def _check(errors: dict, field: str, validator, value: str) -> str:
    try:
        return validator(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return ""


def _required(errors: dict, field: str, value: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(str(_("This field is required.")))
    elif len(value) > max_length:
        errors.setdefault(field, []).append(
            str(_("Enter at most %(n)d characters.") % {"n": max_length}),
        )
    return value


def _check_account(errors: dict, username: str, password: str, name: str):
    """Username free and well-formed, password within the policy (AUTH_PASSWORD_VALIDATORS)."""
    user_model = get_user_model()
    username = _required(errors, "username", username, user_model._meta.get_field("username").max_length)
    if username:
        _check(errors, "username", user_model.username_validator, username)
        if user_model.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append(str(_("This username is taken; choose another.")))
    candidate = user_model(username=username, first_name=name)
    try:
        password_validation.validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    return username


def _create_user(username: str, password: str, name: str):
    return get_user_model().objects.create_user(username=username, password=password, first_name=name)


def _duplicate(field: str, message) -> ValidationError:
    return ValidationError({field: [str(message)]})


DUPLICATE_ID = _("An account with this ID number already exists; sign in with it or reset its password.")
DUPLICATE_USCC = _("This credit code is already registered; ask the entity's account holder.")


@transaction.atomic
def citizen_register(*, username: str, password: str, real_name: str, id_number: str, phone: str) -> CitizenProfile:
    """Open a citizen account: real name, ID number (GB 11643 check digit), mobile, password policy (R0.2)."""
    errors: dict[str, list[str]] = {}
    real_name = _required(errors, "real_name", real_name, 50)
    id_number = _check(errors, "id_number", validate_id_number, id_number)
    if id_number and CitizenProfile.objects.filter(id_number=id_number).exists():
        errors.setdefault("id_number", []).append(str(DUPLICATE_ID))
    phone = _check(errors, "phone", validate_mobile, phone)
    username = _check_account(errors, username, password, real_name)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # a savepoint, so a lost race leaves the outer transaction usable
            user = _create_user(username, password, real_name)
            profile = CitizenProfile.objects.create(user=user, real_name=real_name, id_number=id_number, phone=phone)
    except IntegrityError:
        if CitizenProfile.objects.filter(id_number=id_number).exists():
            raise _duplicate("id_number", DUPLICATE_ID) from None
        raise _duplicate("username", _("This username is taken; choose another.")) from None
    ledger.record(
        action="identity.citizen.registered",
        actor=user,
        obj=profile,
        after={"username": username, "real_name": real_name, "id_number": mask_id_number(id_number)},
    )
    return profile


@transaction.atomic
def legal_person_register(
    *,
    username: str,
    password: str,
    entity_name: str,
    uscc: str,
    legal_representative: str,
    representative_id_number: str,
    phone: str,
) -> LegalPersonProfile:
    """Open a legal-person account: entity name, credit code (GB 32100 check character), representative (R0.2)."""
    errors: dict[str, list[str]] = {}
    entity_name = _required(errors, "entity_name", entity_name, 200)
    uscc = _check(errors, "uscc", validate_uscc, uscc)
    if uscc and LegalPersonProfile.objects.filter(uscc=uscc).exists():
        errors.setdefault("uscc", []).append(str(DUPLICATE_USCC))
    legal_representative = _required(errors, "legal_representative", legal_representative, 50)
    representative_id_number = _check(errors, "representative_id_number", validate_id_number, representative_id_number)
    phone = _check(errors, "phone", validate_mobile, phone)
    username = _check_account(errors, username, password, entity_name)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = _create_user(username, password, entity_name)
            profile = LegalPersonProfile.objects.create(
                user=user,
                entity_name=entity_name,
                uscc=uscc,
                legal_representative=legal_representative,
                representative_id_number=representative_id_number,
                phone=phone,
            )
    except IntegrityError:
        if LegalPersonProfile.objects.filter(uscc=uscc).exists():
            raise _duplicate("uscc", DUPLICATE_USCC) from None
        raise _duplicate("username", _("This username is taken; choose another.")) from None
    ledger.record(
        action="identity.legal_person.registered",
        actor=user,
        obj=profile,
        after={"username": username, "entity_name": entity_name, "uscc": uscc},
    )
    return profile


# ---- systems that call the API (X-API-Key) and relying parties of single sign-on (OIDC) ----


@transaction.atomic
def system_client_issue(*, actor, organisation, name: str) -> tuple[SystemClient, str]:
    """Issue an API key for a system of `organisation` (its administrator or the platform administrator).

    The key is returned once; only its SM3 digest is kept.
    """
    require(actor, [Role.ORG_ADMIN], organisation)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [str(_("This field is required."))]})
    key = SystemClient.new_key()
    while SystemClient.objects.filter(key_prefix=key[:KEY_PREFIX_LEN]).exists():
        key = SystemClient.new_key()
    client = SystemClient.objects.create(
        name=name, organisation=organisation, key_prefix=key[:KEY_PREFIX_LEN], key_digest=SystemClient.digest(key)
    )
    ledger.record(
        action="identity.system_client.issued",
        actor=actor,
        organisation=organisation,
        obj=client,
        after={"name": name, "key_prefix": client.key_prefix},
    )
    return client, key


@transaction.atomic
def system_client_revoke(*, actor, client: SystemClient) -> SystemClient:
    """Stop a system's key working at once (its organisation's administrator or the platform administrator)."""
    require(actor, [Role.ORG_ADMIN], client.organisation_id)
    client = SystemClient.objects.select_for_update().get(pk=client.pk)
    if client.is_active:
        client.is_active = False
        client.save(update_fields=["is_active"])
        ledger.record(
            action="identity.system_client.revoked",
            actor=actor,
            organisation=client.organisation_id,
            obj=client,
            before={"is_active": True},
            after={"is_active": False},
        )
    return client


@transaction.atomic
def oidc_client_register(*, actor, name: str, redirect_uris: list[str]):
    """Register a confidential relying party of single sign-on (authorization code + PKCE, RS256 ID tokens).

    `actor` None means the operator at the server console (the `oidc_client` command); otherwise the platform
    administrator only. Returns the application and its secret, which is stored hashed and shown once.
    """
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDeniedError()
    application_model = get_application_model()
    secret = generate_client_secret()
    app = application_model(
        name=name,
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
        algorithm=application_model.RS256_ALGORITHM,
        redirect_uris=" ".join(redirect_uris),
        client_secret=secret,
    )
    try:
        app.full_clean(exclude=["user"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    app.save()
    ledger.record(
        action="identity.oidc_client.registered",
        actor=actor,
        obj=app,
        after={"name": name, "client_id": app.client_id, "redirect_uris": redirect_uris},
    )
    return app, secret
