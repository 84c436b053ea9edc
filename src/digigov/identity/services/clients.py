"""Systems that call the API with a key (X-API-Key) and relying parties of single sign-on (OIDC), R0.2, R0.5."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.core.permissions import is_platform_admin, require
from digigov.identity.models import KEY_PREFIX_LEN, SystemClient

KEY_MIN_LENGTH = 43  # what SystemClient.new_key() makes: 32 random bytes, URL-safe base64


@transaction.atomic
def system_client_issue(*, actor, organisation, name: str, key: str | None = None) -> tuple[SystemClient, str]:
    """Issue an API key for a system of `organisation` (its administrator or the platform administrator).

    The key is returned once; only its SM3 digest is kept. `key` is for a key published in advance (the demo's):
    it must be as long as a generated one and its prefix unused.
    """
    require(actor, [Role.ORG_ADMIN], organisation)
    name = (name or "").strip()
    errors = FieldErrors()
    if not name:
        errors.add("name", _("This field is required."))
    if key is not None and len(key) < KEY_MIN_LENGTH:
        errors.add("key", _("A key has at least %(n)d characters.") % {"n": KEY_MIN_LENGTH})
    elif key is not None and SystemClient.objects.filter(key_prefix=key[:KEY_PREFIX_LEN]).exists():
        errors.add("key", _("Another system's key begins the same way; choose another key."))
    errors.raise_if_any()
    if key is None:
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
        errors = FieldErrors()
        errors.update(exc.message_dict)
        raise errors.error() from None
    app.save()
    ledger.record(
        action="identity.oidc_client.registered",
        actor=actor,
        obj=app,
        after={"name": name, "client_id": app.client_id, "redirect_uris": redirect_uris},
    )
    return app, secret
