"""Relying parties of single sign-on (OIDC), R0.2, R0.5. Systems that call with an API key: `systems.py`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from digigov.core import ledger
from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.core.permissions import is_platform_admin


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
