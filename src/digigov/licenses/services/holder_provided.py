"""Licences the platform did not issue itself, by trust grade (国办函〔2019〕108号, R6.2):

- B: a clerk at a counter sees the paper original and records it (`counter_record`, source COUNTER);
- C: the holder uploads a scan or photo (a checked upload: real type PDF/JPEG/PNG, size rule
  `licenses.holder_upload_max_mb`), which waits until a clerk has seen the original (`provision_check`), then
  becomes a licence of grade C with source HOLDER;
- D: the holder declares it under a signed promise (告知承诺: the promise text, ticked, signed with their name),
  recorded at once as grade D with source HOLDER (`licence_declare`).

Such a licence gets a GB/T 36904 identifier under its type like an issued one, and a version with its snapshot but
no seal signature: it verifies as unsealed, and its grade says how far it can be relied on.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import ledger, uploads
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.permissions import is_staff_member
from digigov.core.rules import rule
from digigov.core.validators import validate_id_number, validate_uscc
from digigov.identity import api as identity
from digigov.identity.choices import AccountKind
from digigov.licenses import identifiers, snapshot
from digigov.licenses.choices import HolderKind, IssueSource, ProvisionKind, ProvisionState, TrustGrade
from digigov.licenses.models import HolderProvision, Licence, LicenceType, LicenceVersion
from digigov.licenses.services.authorisations import redeeming_organisation

PROMISE = gettext_lazy(
    "I promise that the licence I declare exists, is valid and is as I describe it, and that I have told the "
    "truth. I accept that departments may check it, and that a false declaration makes me liable under the law "
    "and is recorded in my credit file."
)
SCAN_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG)
HOLDER_KINDS: dict[str, str] = {
    AccountKind.CITIZEN: HolderKind.PERSON,
    AccountKind.LEGAL_PERSON: HolderKind.LEGAL_PERSON,
}


def types_for(holder_kind: str):
    """The licence types a holder of this kind can hold (the catalogue's active ones)."""
    return LicenceType.objects.active().filter(holder_kind=holder_kind).select_related("issuer").order_by("name")


def _party(actor):
    party = identity.party_of(actor)
    if party is None:
        raise PermissionDeniedError(_("Sign in as a citizen or as a legal person to use the wallet."))
    return party, HOLDER_KINDS[party.kind]


def _check(
    errors: FieldErrors, *, licence_type: LicenceType | None, holder_kind: str, number: str, issued_on, valid_until
) -> str:
    number = (number or "").strip()
    if licence_type is None or not licence_type.is_active:
        errors.add("licence_type", _("Choose the licence type."))
    elif licence_type.holder_kind != holder_kind:
        errors.add("licence_type", _("This licence type is not held by a holder of this kind."))
    if not number:
        errors.add("number", _("Enter the number printed on the licence."))
    errors.check_lengths(Licence, {"number": number})
    today = timezone.localdate()
    if issued_on is None:
        errors.add("issued_on", _("Enter the date of issue."))
    elif issued_on > today:
        errors.add("issued_on", _("The date of issue cannot be in the future."))
    if valid_until is not None and issued_on is not None and valid_until < issued_on:
        errors.add("valid_until", _("The licence cannot end before it was issued."))
    if (
        licence_type is not None
        and number
        and Licence.objects.filter(licence_type=licence_type, number=number).exists()
    ):
        errors.add("number", _("A licence of this type with this number is already recorded."))
    return number


def _licence(
    *, actor, licence_type: LicenceType, holder_kind, holder_name, holder_code, number, issued_on, valid_until,
    source, source_ref, grade,
) -> Licence:  # fmt: skip
    """A licence row and its first version (snapshot, no signature) for a licence the platform did not issue."""
    serial = identifiers.new_serial()
    identifier = identifiers.make(
        type_code=licence_type.code, issuer_code=licence_type.issuer.uscc or "", serial=serial, version=1
    )
    licence = Licence(
        identifier=identifier,
        serial=serial,
        licence_type=licence_type,
        number=number,
        holder_kind=holder_kind,
        holder_name=holder_name,
        holder_code=holder_code,
        issuer=licence_type.issuer,
        issued_on=issued_on,
        valid_from=issued_on,
        valid_until=valid_until,
        source=source,
        source_ref=source_ref[:100],
        trust_grade=grade,
    )
    licence.save()
    LicenceVersion.objects.create(
        licence=licence,
        version=1,
        identifier=identifier,
        snapshot=snapshot.build(licence_type=licence_type, licence=licence, identifier=identifier, data={}),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return licence


@transaction.atomic
def licence_declare(
    *, actor, licence_type: LicenceType | None, number: str, issued_on: dt.date | None,
    valid_until: dt.date | None, promised: bool, promise_name: str,
) -> Licence:  # fmt: skip
    """Grade D: the holder declares a licence under the promise (告知承诺), ticked and signed with their own name."""
    party, holder_kind = _party(actor)
    errors = FieldErrors()
    number = _check(
        errors, licence_type=licence_type, holder_kind=holder_kind, number=number, issued_on=issued_on,
        valid_until=valid_until,
    )  # fmt: skip
    signer = party.name if party.kind == AccountKind.CITIZEN else party.representative
    if not promised:
        errors.add("promised", _("Tick the promise to declare the licence."))
    if (promise_name or "").strip() != signer:
        errors.add("promise_name", _("Sign with your own name as on your account: %(name)s.") % {"name": signer})
    errors.raise_if_any()
    licence_type = cast(LicenceType, licence_type)
    licence = _licence(
        actor=actor, licence_type=licence_type, holder_kind=holder_kind, holder_name=party.name,
        holder_code=party.code, number=number, issued_on=issued_on, valid_until=valid_until,
        source=IssueSource.HOLDER, source_ref=str(_("Declared under a promise")), grade=TrustGrade.D,
    )  # fmt: skip
    HolderProvision.objects.create(
        kind=ProvisionKind.PROMISE,
        state=ProvisionState.RECORDED,
        licence_type=licence_type,
        number=number,
        holder_kind=holder_kind,
        holder_name=party.name,
        holder_code=party.code,
        issued_on=cast(dt.date, issued_on),
        valid_until=valid_until,
        promise_text=str(PROMISE),
        promise_name=signer,
        created_by=actor,
        licence=licence,
    )
    ledger.record(
        action="licenses.holder.declared",
        actor=actor,
        organisation=licence.issuer_id,
        obj=licence,
        after={"identifier": licence.identifier, "promise_name": signer, "grade": TrustGrade.D},
    )
    return licence


@transaction.atomic
def licence_scan_upload(
    *, actor, licence_type: LicenceType | None, number: str, issued_on: dt.date | None,
    valid_until: dt.date | None, filename: str, data: bytes,
) -> HolderProvision:  # fmt: skip
    """Grade C once checked: the holder's scan or photo, kept until a clerk has seen the original."""
    party, holder_kind = _party(actor)
    errors = FieldErrors()
    number = _check(
        errors, licence_type=licence_type, holder_kind=holder_kind, number=number, issued_on=issued_on,
        valid_until=valid_until,
    )  # fmt: skip
    kind = None
    try:
        kind = uploads.check_upload(
            data, filename=filename, kinds=SCAN_KINDS, max_mb=rule("licenses.holder_upload_max_mb"), field="file"
        )
    except uploads.UploadError as refused:
        errors.add("file", refused.message)
    if HolderProvision.objects.filter(
        holder_code=party.code, licence_type=licence_type, number=number, state=ProvisionState.PENDING
    ).exists():
        errors.add("number", _("This licence is already waiting for its original to be checked."))
    errors.raise_if_any()
    provision = HolderProvision(
        kind=ProvisionKind.SCAN,
        licence_type=licence_type,
        number=number,
        holder_kind=holder_kind,
        holder_name=party.name,
        holder_code=party.code,
        issued_on=cast(dt.date, issued_on),
        valid_until=valid_until,
        filename=(filename or "scan").replace("/", "_")[-120:],
        size=len(data),
        created_by=actor,
    )
    provision.file.save(f"{party.code[-6:]}-{identifiers.new_serial()[:8]}.{kind}", ContentFile(data), save=False)
    provision.save()
    ledger.record(
        action="licenses.holder.uploaded",
        actor=actor,
        organisation=licence_type.issuer_id if licence_type else None,
        obj=provision,
        after={"number": number},
    )
    return provision


@transaction.atomic
def provision_check(*, actor, provision: HolderProvision, confirmed: bool, note: str = "") -> HolderProvision:
    """A clerk has compared the holder's upload with the paper original: it becomes a licence of grade C, or is
    refused with a note the holder reads."""
    organisation_id = redeeming_organisation(actor)  # staff of a department only
    locked = HolderProvision.objects.select_for_update().filter(pk=provision.pk).first()
    if locked is None:
        raise NotFoundError()
    provision = locked
    if provision.state != ProvisionState.PENDING:
        raise ConflictError(_("This upload has been checked already."))
    note = (note or "").strip()
    errors = FieldErrors()
    if not confirmed and not note:
        errors.add("note", _("Say why the original does not match."))
    errors.check_lengths(HolderProvision, {"check_note": note}, prefix="")
    errors.raise_if_any()
    provision.checked_by, provision.checked_at, provision.check_note = actor, timezone.now(), note
    if confirmed:
        if Licence.objects.filter(licence_type=provision.licence_type, number=provision.number).exists():
            raise ConflictError(_("A licence of this type with this number is already recorded."))
        licence = _licence(
            actor=actor, licence_type=provision.licence_type, holder_kind=provision.holder_kind,
            holder_name=provision.holder_name, holder_code=provision.holder_code, number=provision.number,
            issued_on=provision.issued_on, valid_until=provision.valid_until, source=IssueSource.HOLDER,
            source_ref=str(_("Uploaded by the holder, original checked")), grade=TrustGrade.C,
        )  # fmt: skip
        provision.state, provision.licence = ProvisionState.RECORDED, licence
        provision.save()
        ledger.record(
            action="licenses.holder.checked",
            actor=actor,
            organisation=organisation_id,
            obj=licence,
            after={"identifier": licence.identifier, "number": provision.number, "grade": TrustGrade.C},
        )
    else:
        provision.state = ProvisionState.REFUSED
        provision.save()
        ledger.record(
            action="licenses.holder.refused",
            actor=actor,
            organisation=organisation_id,
            obj=provision,
            after={"number": provision.number, "note": note},
        )
    return provision


def _holder_code(holder_kind: str, code: str, errors: FieldErrors) -> str:
    try:
        if holder_kind == HolderKind.PERSON:
            return validate_id_number(code)
        return validate_uscc(code)
    except ValidationError as invalid:
        for message in invalid.messages:
            errors.add("holder_code", message)
        return (code or "").strip().upper()


@transaction.atomic
def counter_record(
    *, actor, licence_type: LicenceType | None, holder_name: str, holder_code: str, number: str,
    issued_on: dt.date | None, valid_until: dt.date | None,
) -> Licence:  # fmt: skip
    """Grade B: a clerk at a counter has seen the paper original and records it for its holder."""
    organisation_id = redeeming_organisation(actor)
    if not is_staff_member(actor):
        raise PermissionDeniedError()
    errors = FieldErrors()
    holder_kind = licence_type.holder_kind if licence_type is not None else HolderKind.PERSON
    number = _check(
        errors, licence_type=licence_type, holder_kind=holder_kind, number=number, issued_on=issued_on,
        valid_until=valid_until,
    )  # fmt: skip
    holder_name = (holder_name or "").strip()
    if not holder_name:
        errors.add("holder_name", _("Enter the holder's name as on the licence."))
    errors.check_lengths(Licence, {"holder_name": holder_name})
    code = _holder_code(holder_kind, holder_code, errors)
    errors.raise_if_any()
    licence_type = cast(LicenceType, licence_type)
    licence = _licence(
        actor=actor, licence_type=licence_type, holder_kind=holder_kind, holder_name=holder_name,
        holder_code=code, number=number, issued_on=issued_on, valid_until=valid_until,
        source=IssueSource.COUNTER, source_ref=str(_("Original checked at a counter")), grade=TrustGrade.B,
    )  # fmt: skip
    ledger.record(
        action="licenses.counter.recorded",
        actor=actor,
        organisation=organisation_id,
        obj=licence,
        after={"identifier": licence.identifier, "number": number, "grade": TrustGrade.B},
    )
    return licence
