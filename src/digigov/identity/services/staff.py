"""Staff accounts without e-mail: roles given and taken by organisation administrators, passwords they reset,
and the member's own change of password (R0.2, R0.5). Every write is audited in the same transaction (R0.4).

A reset password is temporary: the member must replace it at their next sign-in (`TemporaryPassword`, checked
by `middleware.PasswordChangeRequiredMiddleware`), so the administrator never keeps knowing it.
"""

import secrets

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.errors import DomainError, FieldErrors, PermissionDeniedError
from digigov.core.models import Membership, Organisation
from digigov.core.permissions import acting_organisation, forget
from digigov.identity.choices import AccountKind
from digigov.identity.models import LoginFailure, TemporaryPassword
from digigov.identity.permissions import MANAGEABLE_ROLES, managed_organisations, may_manage_account
from digigov.identity.selectors import account_kind, username_key

# No look-alikes (I l 1 O 0): the administrator reads the password out to the member.
_CLASSES = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=?@")
TEMPORARY_PASSWORD_LENGTH = 12


def temporary_password() -> str:
    """12 characters from all four classes: passes the password policy (passwords.CharacterClassValidator)."""
    chars = [secrets.choice(group) for group in _CLASSES]
    everything = "".join(_CLASSES)
    chars += [secrets.choice(everything) for _ in range(TEMPORARY_PASSWORD_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _managed(actor, organisation: Organisation) -> None:
    if not managed_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDeniedError()


@transaction.atomic
def membership_add(
    *, actor, username: str, name: str, organisation: Organisation, role: str, title: str = ""
) -> tuple[Membership, str | None]:
    """Give a person a role in an organisation `actor` manages.

    A username nobody has yet opens a staff account with a temporary password, returned once (the second value;
    None for an existing account). Citizens' and legal persons' accounts never get staff roles.
    """
    _managed(actor, organisation)
    errors = FieldErrors()
    username, name, title = (username or "").strip(), (name or "").strip(), (title or "").strip()
    if role not in MANAGEABLE_ROLES:
        errors.add("role", _("Choose one of the roles offered."))
    user_model = get_user_model()
    user = user_model.objects.filter(username__iexact=username).first() if username else None
    if not username:
        errors.add("username", _("This field is required."))
    elif user is None:
        try:
            user_model.username_validator(username)
        except ValidationError as exc:
            errors.update({"username": exc.messages})
        if not name:
            errors.add("name", _("A new account needs the person's name."))
    elif account_kind(user) != AccountKind.STAFF:
        errors.add("username", _("This is a citizen's or legal person's account; choose another username."))
    elif Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        errors.add("role", _("This person already holds this role in this organisation."))
    errors.raise_if_any()
    password = None
    if user is None:
        password = temporary_password()
        user = user_model.objects.create_user(username=username, password=password, first_name=name)
        TemporaryPassword.objects.create(user=user, issued_by=actor)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, title=title[:100])
    _admit(user)
    forget(user)
    ledger.record(
        action="identity.membership.added",
        actor=actor,
        organisation=organisation,
        obj=membership,
        after={
            "username": user.get_username(),
            "organisation": organisation.name,
            "role": role,
            "title": membership.title,
            "new_account": password is not None,
        },
    )
    return membership, password


def _admit(user) -> None:
    """Staff open the back office (Wagtail's access_admin); what they see there is decided by their memberships."""
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    user.user_permissions.add(access_admin)


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Take a role back. An administrator cannot take their own administrator role (no one left to give it)."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    _managed(actor, membership.organisation)
    if membership.user_id == actor.pk and membership.role == Role.ORG_ADMIN:
        raise DomainError(_("You cannot remove your own administrator role; ask another administrator."))
    if membership.role not in MANAGEABLE_ROLES:
        raise PermissionDeniedError()
    before = {
        "username": membership.user.get_username(),
        "organisation": membership.organisation.name,
        "role": membership.role,
    }
    ledger.record(
        action="identity.membership.removed",
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        before=before,
    )
    membership.delete()
    forget(membership.user)


@transaction.atomic
def password_reset(*, actor, user) -> str:
    """Set a temporary password for a member who forgot theirs (there is no e-mail to reset by); returned once.

    It also lifts a sign-in lock, and signs the member out everywhere (their sessions carry the old hash).
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not may_manage_account(actor, user):
        raise PermissionDeniedError()
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    TemporaryPassword.objects.update_or_create(user=user, defaults={"issued_by": actor})
    unlocked, _count = LoginFailure.objects.filter(username=username_key(user.get_username())).delete()
    organisation = (
        Membership.objects.filter(user=user, organisation__in=managed_organisations(actor))
        .values_list("organisation_id", flat=True)
        .first()
    )
    ledger.record(
        action="identity.password.reset",
        actor=actor,
        organisation=organisation,
        obj=user,
        after={"username": user.get_username(), "must_change": True, "lock_lifted": bool(unlocked)},
    )
    return password


@transaction.atomic
def password_change(*, user, password: str) -> None:
    """A person sets their own password (within AUTH_PASSWORD_VALIDATORS); a temporary one stops being required."""
    try:
        password_validation.validate_password(password or "", user=user)
    except ValidationError as exc:
        errors = FieldErrors()
        errors.update({"password": exc.messages})
        raise errors.error() from None
    user.set_password(password)
    user.save(update_fields=["password"])
    was_temporary, _count = TemporaryPassword.objects.filter(user_id=user.pk).delete()
    ledger.record(
        action="identity.password.changed",
        actor=user,
        organisation=acting_organisation(user),
        obj=user,
        after={"was_temporary": bool(was_temporary)},
    )


@transaction.atomic
def profile_change(*, user, name: str, email: str):
    """A person's own name and e-mail on the account page (both optional: staff accounts often have no e-mail)."""
    before = {"name": user.first_name, "email": user.email}
    user.first_name, user.email = (name or "").strip()[:150], (email or "").strip()
    user.save(update_fields=["first_name", "email"])
    ledger.record(
        action="identity.profile.changed",
        actor=user,
        organisation=acting_organisation(user),
        obj=user,
        before=before,
        after={"name": user.first_name, "email": user.email},
    )
    return user
