"""Departments' application systems and their API keys (X-API-Key), R0.2, R0.5; every write audited (R0.4).

A department's administrator registers a system (name, purpose, contact). Its key is issued, rotated and revoked by
the platform operator, or by the department itself while `identity.department_keys` is 1 (`permissions`). A key is
returned once, to be shown once; only its HMAC-SM3 digest under the server's secret is kept (`models.key_digest`).

Rotation: the new key works at once; the previous one keeps working for `identity.key_rotation_grace_minutes`
(60 by default) so the department can put the new key into its system without an outage, then stops. A rotation
"at once" (a key that leaked) and a revocation stop the old key immediately. Grants name the system, not the key, so
they survive every rotation.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import ledger
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import notify_role
from digigov.core.models import Organisation
from digigov.core.rules import rule
from digigov.identity.choices import KeyScheme
from digigov.identity.models import (
    CONTACT_MAX,
    KEY_PREFIX_LEN,
    SYSTEM_NAME_MAX,
    SupersededKey,
    SystemClient,
    key_digest,
)
from digigov.identity.permissions import KEY_OPERATOR_ROLES, may_manage_key, may_register_system

KEY_MIN_LENGTH = 43  # what SystemClient.new_key() makes: 32 random bytes, URL-safe base64


def _system_url(client: SystemClient) -> str:
    return reverse("identity_system", args=[client.pk])


@transaction.atomic
def system_client_register(*, actor, organisation: Organisation, name: str, purpose: str, contact: str) -> SystemClient:
    """Register an application system of `organisation` (its administrator, or a platform administrator).

    Every field is required; a department cannot have two active systems of the same name (a grant names the system,
    and two alike could not be told apart on an application). Without a key the system can be named on applications
    but cannot call; where departments do not issue keys themselves, the platform operator is told one is awaited.
    """
    if not may_register_system(actor, organisation):
        raise PermissionDeniedError()
    name, purpose, contact = (name or "").strip(), (purpose or "").strip(), (contact or "").strip()
    errors = FieldErrors()
    for field, value in (("name", name), ("purpose", purpose), ("contact", contact)):
        if not value:
            errors.add(field, gettext_lazy("This field is required."))
    if len(name) > SYSTEM_NAME_MAX:
        errors.add("name", gettext_lazy("At most %(n)s characters.") % {"n": SYSTEM_NAME_MAX})
    if len(contact) > CONTACT_MAX:
        errors.add("contact", gettext_lazy("At most %(n)s characters.") % {"n": CONTACT_MAX})
    if name and SystemClient.objects.filter(organisation=organisation, name=name, is_active=True).exists():
        errors.add("name", gettext_lazy("The department already has a system of this name."))
    errors.raise_if_any()
    client = SystemClient.objects.create(organisation=organisation, name=name, purpose=purpose, contact=contact)
    ledger.record(
        action="identity.system_client.registered",
        actor=actor,
        organisation=organisation,
        obj=client,
        after={"name": name, "purpose": purpose, "contact": contact},
    )
    if not rule("identity.department_keys"):
        title = _("%(system)s of %(department)s awaits its API key") % {
            "system": name,
            "department": organisation.name,
        }
        for operator in Organisation.objects.filter(is_platform_operator=True, is_active=True):
            notify_role(operator, KEY_OPERATOR_ROLES, title=title, url=_system_url(client))
    return client


def _locked(actor, client: SystemClient) -> SystemClient:
    if not may_manage_key(actor, client):
        raise PermissionDeniedError()
    locked = SystemClient.objects.select_for_update().filter(pk=client.pk, is_active=True).first()
    if locked is None:
        raise ConflictError(_("The system is no longer registered."))
    return locked


def _new_key() -> str:
    """A random key (256 bits) whose prefix no current or superseded key has: the prefix finds the key's row."""
    while True:
        key = SystemClient.new_key()
        prefix = key[:KEY_PREFIX_LEN]
        taken = SystemClient.objects.filter(key_prefix=prefix).exists()
        if not taken and not SupersededKey.objects.filter(key_prefix=prefix).exists():
            return key


def _set_key(client: SystemClient, key: str) -> None:
    client.key_prefix, client.key_digest = key[:KEY_PREFIX_LEN], key_digest(key)
    client.key_scheme, client.key_issued_at = KeyScheme.HMAC_SM3, timezone.now()
    client.save(update_fields=["key_prefix", "key_digest", "key_scheme", "key_issued_at"])


@transaction.atomic
def system_key_issue(*, actor, client: SystemClient, key: str | None = None) -> str:
    """Issue the first key of a system that has none (never issued, or revoked); returns the key, to show once.

    `key` is for a key published in advance (the demo's): as long as a generated one, its prefix unused."""
    client = _locked(actor, client)
    if client.key_prefix:
        raise ConflictError(_("The system already has a key. Rotate it to get a new one."))
    if key is None:
        key = _new_key()
    elif len(key) < KEY_MIN_LENGTH:
        raise FieldErrors.one("key", _("A key has at least %(n)d characters.") % {"n": KEY_MIN_LENGTH})
    elif (
        SystemClient.objects.filter(key_prefix=key[:KEY_PREFIX_LEN]).exists()
        or SupersededKey.objects.filter(key_prefix=key[:KEY_PREFIX_LEN]).exists()
    ):
        raise FieldErrors.one("key", _("Another system's key begins the same way; choose another key."))
    _set_key(client, key)
    ledger.record(
        action="identity.system_client.issued",
        actor=actor,
        organisation=client.organisation_id,
        obj=client,
        after={"name": client.name, "key_prefix": client.key_prefix},
    )
    return key


@transaction.atomic
def system_key_rotate(*, actor, client: SystemClient, at_once: bool = False) -> tuple[str, dt.datetime | None]:
    """Replace a system's key. Returns the new key (to show once) and when the previous one stops working: after
    `identity.key_rotation_grace_minutes`, or None when it stopped now (`at_once`, or a grace of 0).

    A key still in its grace period from an earlier rotation stops now: only the latest previous key is honoured.
    """
    client = _locked(actor, client)
    if not client.key_prefix:
        raise ConflictError(_("The system has no key to rotate. Issue one first."))
    old_prefix, old_digest, old_scheme = client.key_prefix, client.key_digest, client.key_scheme
    client.superseded_keys.all().delete()
    grace = 0 if at_once else rule("identity.key_rotation_grace_minutes")
    until = timezone.now() + dt.timedelta(minutes=grace) if grace else None
    key = _new_key()
    _set_key(client, key)
    if until is not None:
        SupersededKey.objects.create(
            client=client, key_prefix=old_prefix, key_digest=old_digest, key_scheme=old_scheme, expires_at=until
        )
    ledger.record(
        action="identity.system_client.rotated",
        actor=actor,
        organisation=client.organisation_id,
        obj=client,
        before={"key_prefix": old_prefix},
        after={"key_prefix": client.key_prefix, "previous_key_until": until.isoformat() if until else ""},
    )
    return key, until


@transaction.atomic
def system_key_revoke(*, actor, client: SystemClient) -> SystemClient:
    """Stop a system's key, and a previous one still in its grace period, at once. The system stays registered
    (its grants too) and may be issued a new key."""
    client = _locked(actor, client)
    had_key = bool(client.key_prefix)
    old_prefix = client.key_prefix or ""
    in_grace = client.superseded_keys.all().delete()[0]
    if not had_key and not in_grace:
        return client
    client.key_prefix, client.key_digest, client.key_issued_at = None, "", None
    client.save(update_fields=["key_prefix", "key_digest", "key_issued_at"])
    ledger.record(
        action="identity.system_client.revoked",
        actor=actor,
        organisation=client.organisation_id,
        obj=client,
        before={"key_prefix": old_prefix},
        after={"key_prefix": ""},
    )
    return client


@transaction.atomic
def system_key_rehash(*, client: SystemClient, key: str) -> None:
    """Re-store a key issued before HMAC-SM3 (plain SM3 digest) under the server's secret, on its first use after
    the upgrade: the key keeps working, and the table no longer holds an unkeyed digest of it. The caller has checked
    the key against the old digest. Idempotent: a concurrent call that re-stored it first leaves nothing to do."""
    done = SystemClient.objects.filter(pk=client.pk, key_prefix=key[:KEY_PREFIX_LEN], key_scheme=KeyScheme.SM3).update(
        key_digest=key_digest(key), key_scheme=KeyScheme.HMAC_SM3
    )
    if done:
        client.key_digest, client.key_scheme = key_digest(key), KeyScheme.HMAC_SM3
        ledger.record(
            action="identity.system_client.rehashed",
            organisation=client.organisation_id,
            obj=client,
            before={"key_scheme": KeyScheme.SM3},
            after={"key_prefix": client.key_prefix, "key_scheme": KeyScheme.HMAC_SM3},
        )
