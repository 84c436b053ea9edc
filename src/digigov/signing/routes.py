"""Ninja routes of the signing app: an organisation's public key, sign as my organisation, verify (R0.5); electronic
seals (R7.1): a seal's public facts and certificate, the revocation list and verification for anyone, my
organisation's seals and sealing for staff and for department systems with an API key (rule `signing.seal_systems`)."""

import base64
import binascii
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from digigov.core.api_auth import session_auth
from digigov.core.api_inputs import Id
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation
from digigov.signing import seals, selectors, services
from digigov.signing.errors import NoSigningKeyError
from digigov.signing.models import Seal

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


# --- electronic seals (R7.1) -------------------------------------------------------------------------------------


def _seal_actor(request):
    """The signed-in person, or the department system whose X-API-Key authenticated the call, if the platform
    operator allowed it to seal (rule `signing.seal_systems`)."""
    client = getattr(request, "system_client", None)
    if client is None:
        return request.user
    actor = seals.seal_system_actor(client)
    if actor is None:
        raise PermissionDeniedError(
            _("This system may not use seals; the platform operator allows it under the rule for seal systems.")
        )
    return actor


def _public_seal(code: str) -> Seal:
    seal = selectors.seal_by_code(code)
    if seal is None:
        raise NotFoundError(_("No electronic seal has this code."))
    return seal


class SealOut(Schema):
    code: str
    name: str
    kind: str
    use_text: str
    organisation_id: int
    organisation: str
    status: str
    status_since: dt.datetime
    valid_from: dt.datetime
    valid_until: dt.datetime
    revoked: bool
    certificate_url: str

    @staticmethod
    def from_seal(seal: Seal) -> dict:
        return {
            "code": seal.code,
            "name": seal.name,
            "kind": seal.kind,
            "use_text": seal.use_text,
            "organisation_id": seal.organisation_id,
            "organisation": seal.organisation.name,
            "status": seal.status,
            "status_since": seal.status_since,
            "valid_from": seal.valid_from,
            "valid_until": seal.valid_until,
            "revoked": seal.is_revoked,
            "certificate_url": reverse("signing_seal_certificate", args=[seal.code]),
        }


class SealPublicOut(SealOut):
    certificate_pem: str
    maker_certificate_url: str


class SealRevokedOut(Schema):
    code: str
    status: str
    since: dt.datetime


@router.get("/seals", response=list[SealOut], summary=_("The electronic seals of my organisation"))
def seal_list(request):
    actor = _seal_actor(request)
    return [SealOut.from_seal(seal) for seal in selectors.seal_list(actor=actor)]


@router.get("/seals/revoked", response=list[SealRevokedOut], auth=None, summary=_("The seal revocation list"))
def seal_revoked(request):
    return selectors.revoked_seals()


class SealVerifyIn(Schema):
    signature: str = Field(..., description="The SES_Signature (GB/T 38540), DER, base64")
    data: str = Field(..., description="The sealed bytes, base64")


class SealVerdictOut(Schema):
    ok: bool
    verdict: str
    messages: list[str]
    signature_valid: bool
    data_matches: bool
    seal_code: str
    seal_name: str
    organisation_name: str
    seal_status: str
    seal_valid_at_signing: bool
    revoked: bool
    revoked_since: dt.datetime | None
    signed_at: dt.datetime | None


@router.post(
    "/seals/verify", response=SealVerdictOut, auth=None, summary=_("Check an electronic seal signature over data")
)
def seal_verify(request, payload: SealVerifyIn):
    der, data = _b64(payload.signature, "signature"), _b64(payload.data, "data")
    return seals.verify_seal_signature(der, data)


@router.get("/seals/{code}", response=SealPublicOut, auth=None, summary=_("A seal's public facts and certificate"))
def seal_public(request, code: str):
    seal = _public_seal(code)
    return {
        **SealOut.from_seal(seal),
        "certificate_pem": seal.certificate_pem,
        "maker_certificate_url": reverse("signing_seal_maker_certificate"),
    }


@router.get("/seals/{code}/certificate", auth=None, summary=_("A seal's X.509 certificate (PEM)"))
def seal_certificate(request, code: str):
    seal = _public_seal(code)
    response = HttpResponse(seal.certificate_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="seal-{seal.code}.pem"'
    return response


class SealSignIn(Schema):
    data: str = Field(..., description="The bytes to seal, base64")
    purpose: str = Field(..., min_length=1, max_length=seals.PURPOSE_MAX_LENGTH)
    property_info: str = Field("", max_length=200, description="TBS_Sign propertyInfo, e.g. the document's name")


class SealSignatureOut(Schema):
    seal_code: str
    signature: str = Field(..., description="SES_Signature DER, base64")
    signed_at: dt.datetime
    data_sm3: str
    to_sign: str = Field(..., description="TBS_Sign DER, base64: what the seal's key signed")
    signature_value: str = Field(..., description="DER SM2 signature (r, s) over to_sign, base64")


@router.post(
    "/seals/{code}/sign", response=SealSignatureOut, summary=_("Seal data with one of my organisation's seals")
)
def seal_sign(request, code: str, payload: SealSignIn):
    actor = _seal_actor(request)
    seal = _public_seal(code)
    signed = seals.seal_sign(
        actor=actor,
        seal=seal,
        data=_b64(payload.data, "data"),
        purpose=payload.purpose,
        property_info=payload.property_info,
    )
    return {
        "seal_code": signed.seal_code,
        "signature": base64.b64encode(signed.der).decode(),
        "signed_at": signed.signed_at,
        "data_sm3": signed.data_sm3,
        "to_sign": base64.b64encode(signed.to_sign_der).decode(),
        "signature_value": base64.b64encode(signed.signature_value).decode(),
    }
