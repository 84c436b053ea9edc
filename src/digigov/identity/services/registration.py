"""Sign-up of citizens (自然人) and legal persons (法人) with their real-name data (R0.2).

Raw ID numbers never go to the ledger, only masked. Every field is checked at once: a DomainError names each bad
field with its Chinese reason.
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.errors import FieldErrors
from digigov.core.validators import validate_id_number, validate_uscc
from digigov.identity.models import CitizenProfile, LegalPersonProfile
from digigov.identity.validators import validate_mobile


def mask_id_number(value: str) -> str:
    """420102********123X: enough to tell records apart in the ledger, not enough to misuse."""
    return f"{value[:6]}{'*' * 8}{value[14:]}" if len(value) == 18 else "*" * len(value)


def _check(errors: FieldErrors, field: str, validator, value: str) -> str:
    try:
        return validator(value)
    except ValidationError as exc:
        errors.update({field: exc.messages})
        return ""


def _required(errors: FieldErrors, field: str, value: str, max_length: int | None) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, _("This field is required."))
    elif max_length is not None and len(value) > max_length:
        errors.add(field, _("Enter at most %(n)d characters.") % {"n": max_length})
    return value


def _check_account(errors: FieldErrors, username: str, password: str, name: str):
    """Username free and well-formed, password within the policy (AUTH_PASSWORD_VALIDATORS)."""
    user_model = get_user_model()
    username = _required(errors, "username", username, user_model._meta.get_field("username").max_length)
    if username:
        _check(errors, "username", user_model.username_validator, username)
        if user_model.objects.filter(username__iexact=username).exists():
            errors.add("username", _("This username is taken; choose another."))
    candidate = user_model(username=username, first_name=name)
    try:
        password_validation.validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors.update({"password": exc.messages})
    return username


def _create_user(username: str, password: str, name: str):
    return get_user_model().objects.create_user(username=username, password=password, first_name=name)


DUPLICATE_ID = _("An account with this ID number already exists; sign in with it or reset its password.")
DUPLICATE_USCC = _("This credit code is already registered; ask the entity's account holder.")


@transaction.atomic
def citizen_register(*, username: str, password: str, real_name: str, id_number: str, phone: str) -> CitizenProfile:
    """Open a citizen account: real name, ID number (GB 11643 check digit), mobile, password policy (R0.2)."""
    errors = FieldErrors()
    real_name = _required(errors, "real_name", real_name, 50)
    id_number = _check(errors, "id_number", validate_id_number, id_number)
    if id_number and CitizenProfile.objects.filter(id_number=id_number).exists():
        errors.add("id_number", DUPLICATE_ID)
    phone = _check(errors, "phone", validate_mobile, phone)
    username = _check_account(errors, username, password, real_name)
    errors.raise_if_any()
    try:
        with transaction.atomic():  # a savepoint, so a lost race leaves the outer transaction usable
            user = _create_user(username, password, real_name)
            profile = CitizenProfile.objects.create(user=user, real_name=real_name, id_number=id_number, phone=phone)
    except IntegrityError:
        if CitizenProfile.objects.filter(id_number=id_number).exists():
            raise FieldErrors.one("id_number", DUPLICATE_ID) from None
        raise FieldErrors.one("username", _("This username is taken; choose another.")) from None
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
    errors = FieldErrors()
    entity_name = _required(errors, "entity_name", entity_name, 200)
    uscc = _check(errors, "uscc", validate_uscc, uscc)
    if uscc and LegalPersonProfile.objects.filter(uscc=uscc).exists():
        errors.add("uscc", DUPLICATE_USCC)
    legal_representative = _required(errors, "legal_representative", legal_representative, 50)
    representative_id_number = _check(errors, "representative_id_number", validate_id_number, representative_id_number)
    phone = _check(errors, "phone", validate_mobile, phone)
    username = _check_account(errors, username, password, entity_name)
    errors.raise_if_any()
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
            raise FieldErrors.one("uscc", DUPLICATE_USCC) from None
        raise FieldErrors.one("username", _("This username is taken; choose another.")) from None
    ledger.record(
        action="identity.legal_person.registered",
        actor=user,
        obj=profile,
        after={"username": username, "entity_name": entity_name, "uscc": uscc},
    )
    return profile
