"""`POST /api/v1/licenses/verify` (issue #12 items 5, 9): the verdict on a licence file (base64 PDF or OFD) or a
scanned QR text, for department systems and the portal alike. Public, as the verification page is: the check is
recorded as an anonymous use of the licence (an unauthenticated route cannot tell a cross-site post from its
caller, so it names nobody).

`POST /api/v1/licenses/verify/identifier`: the verdict on a licence this platform holds, by its identifier alone
(a counter or a department's system that was given it). Staff and departments' systems only, since an identifier
proves no possession; the check is a use of the licence in the checker's name, which the holder sees."""

import base64
import binascii

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from digigov.core.actors import SystemActor
from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.core.permissions import is_staff_member
from digigov.core.rules import rule
from digigov.core.uploads import MB
from digigov.licenses import file_verify

router = Router(tags=["licenses"])


class LicenceVerifyIn(Schema):
    file: str = Field("", description="The licence file (PDF or OFD), base64; or leave empty and give `qr`.")
    qr: str = Field("", max_length=4000, description="The text of the licence's QR code (or the address it opens).")


class LicenceVerifyDetailOut(Schema):
    label: str
    value: str


class LicenceVerifyOut(Schema):
    ok: bool = Field(description="True only when the licence is genuine and in force today.")
    outcome: str = Field(description="valid, tampered, bad_signature, not_signed, seal_invalid, seal_mismatch, "
                         "unknown, revoked, cancelled, superseded, expired")  # fmt: skip
    verdict: str
    kind: str
    signature_valid: bool
    data_intact: bool
    identifier: str
    licence_name: str
    holder_name: str
    holder_code: str
    issuer_name: str
    issued_on: str
    valid_until: str
    version: int | None
    current_version: int | None
    status: str
    seal_code: str
    seal_name: str
    signed_at: str
    use: str
    messages: list[str]
    details: list[LicenceVerifyDetailOut]


def _out(verdict: file_verify.FileVerdict) -> dict:
    data = {name: getattr(verdict, name) for name in LicenceVerifyOut.model_fields if name != "details"}
    data["details"] = [{"label": label, "value": value} for label, value in verdict.details()]
    return data


@router.post(
    "/verify",
    response=LicenceVerifyOut,
    auth=None,
    summary=gettext_lazy("Verify a licence file or QR code"),
)
def licence_verify(request, payload: LicenceVerifyIn):
    if payload.file:
        if len(payload.file) > (rule("licenses.verify_max_mb") * MB) * 4 / 3 + 4:
            raise FieldErrors.one(
                "file", _("The file is larger than %(mb)s MB.") % {"mb": rule("licenses.verify_max_mb")}
            )
        try:
            data = base64.b64decode(payload.file, validate=True)
        except (binascii.Error, ValueError):
            raise FieldErrors.one("file", _("The file is not valid base64.")) from None
        return _out(file_verify.verify_file(data, actor=None))
    if payload.qr.strip():
        return _out(file_verify.verify_qr(payload.qr, actor=None))
    raise FieldErrors.one("file", _("Give a licence file or the text of its QR code."))


class LicenceIdentifierVerifyIn(Schema):
    identifier: str = Field(
        min_length=1, max_length=200, description="The licence identifier (GB/T 36904), as on the document or its QR."
    )


@router.post(
    "/verify/identifier",
    response=LicenceVerifyOut,
    summary=gettext_lazy("Verify a licence this platform holds by its identifier (staff and department systems)"),
)
def licence_verify_identifier(request, payload: LicenceIdentifierVerifyIn):
    client = getattr(request, "system_client", None)
    if client is not None:
        actor = SystemActor(
            client_id=client.pk, name=client.name, organisation_id=client.organisation_id, roles=frozenset()
        )
    elif is_staff_member(request.user):
        actor = request.user
    else:
        raise PermissionDeniedError(
            _("Only staff and departments' systems verify a licence by its identifier; upload the file or scan its QR.")
        )
    return _out(file_verify.verify_record(payload.identifier, actor=actor))
