"""Ninja routes of the signing app: an organisation's public key, sign as my organisation, verify (R0.5)."""

import base64
import binascii
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from digigov.core.api_auth import session_auth
from digigov.core.api_inputs import Id
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation
from digigov.signing import selectors, services
from digigov.signing.errors import NoSigningKeyError

router = Router(tags=["signing"])


def _b64(value: str, field: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({field: [_("This is not valid base64.")]}, code="invalid") from None


def _organisation(org_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=org_id, is_active=True).first()
    if organisation is None:
        raise NotFoundError()
    return organisation


class PublicKeyOut(Schema):
    organisation_id: int
    organisation: str
    fingerprint: str
    public_key_pem: str
    algorithm: str
    signer_id: str
    created_at: dt.datetime


@router.get("/keys/{org_id}/public", response=PublicKeyOut, summary=_("An organisation's active SM2 public key"))
def public_key(request, org_id: Id):
    key = selectors.key_active(_organisation(org_id))
    if key is None:
        raise NoSigningKeyError()
    return {
        "organisation_id": key.organisation_id,
        "organisation": key.organisation.name,
        "fingerprint": key.fingerprint,
        "public_key_pem": key.public_key_pem,
        "algorithm": services.ALGORITHM,
        "signer_id": services.SIGNER_ID,
        "created_at": key.created_at,
    }


class SignIn(Schema):
    data: str = Field(..., description="The bytes to sign, base64")
    purpose: str = Field(..., min_length=1, max_length=services.PURPOSE_MAX_LENGTH)
    organisation_id: Id | None = Field(None, description="Defaults to my (first) organisation")


class SignatureOut(Schema):
    org_id: int
    key_fingerprint: str
    signature_b64: str
    algorithm: str
    signer_id: str


@router.post("/sign", response=SignatureOut, auth=session_auth, summary=_("Sign data with my organisation's key"))
def sign(request, payload: SignIn):
    data = _b64(payload.data, "data")
    if payload.organisation_id is None:
        organisation = acting_organisation(request.user)
        if organisation is None:
            raise PermissionDeniedError()
    else:
        organisation = _organisation(payload.organisation_id)
    return services.sign(actor=request.user, organisation=organisation, data=data, purpose=payload.purpose)


class VerifyIn(Schema):
    data: str = Field(..., description="The signed bytes, base64")
    signature: str = Field(..., description="DER SM2 signature, base64")
    org_id: Id | None = None
    key_fingerprint: str | None = Field(None, description="A revoked key of org_id; the active key if omitted")
    public_key_pem: str | None = None


class VerifyOut(Schema):
    valid: bool


@router.post("/verify", response=VerifyOut, summary=_("Check an SM2/SM3 signature against an organisation or a key"))
def verify(request, payload: VerifyIn):
    data, signature = _b64(payload.data, "data"), _b64(payload.signature, "signature")
    organisation = _organisation(payload.org_id) if payload.org_id is not None else None
    valid = services.verify(
        data=data,
        signature=signature,
        public_key_pem=payload.public_key_pem,
        organisation=organisation,
        key_fingerprint=payload.key_fingerprint,
    )
    return {"valid": valid}
