"""Issuing licences and what follows (R6.1): issue (颁发), change (变更), renew (延续), cancel (注销), revoke (吊销).

Every version is sealed: the seal of the issuing department (`signing.api.seal_for`) signs the snapshot's canonical
bytes as a GB/T 38540 SES_Signature (kept in `LicenceVersion.signature`) and, as a plain SM2 signature, the 亮证 QR
text (`qr_signature`), so the licence and its QR code verify offline. The data check, the identifier, the seal and
the ledger entry are one transaction: a refusal or a failed seal leaves nothing behind.

Who: a handler, reviewer, leader or organisation administrator of the type's issuing department, or a system of that
department the operator allowed (`licenses.issue_systems`, as a `SystemActor`). A platform administrator does not
issue for a department.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.rules import rule
from digigov.core.spreadsheets import date_cell
from digigov.core.validators import validate_division_code, validate_id_number, validate_uscc
from digigov.licenses import identifiers, qr, snapshot
from digigov.licenses.choices import HolderKind, IssueSource, ItemKind, LicenceStatus, VersionKind
from digigov.licenses.models import Licence, LicenceType, LicenceVersion
from digigov.licenses.permissions import can_issue
from digigov.signing import api as signing

# What a seal's use is recorded as (signing's ledger names the purpose of each signature).
SEAL_PURPOSE = "licenses.issue"
QR_PURPOSE = "licenses.qr"
REASON_MAX = 200
# Who signs for the department where no person acts (a concluded case, a QR signature left by a bulk load).
PLATFORM_NAME = "电子证照签发平台"


class NoSealError(DomainError):
    status = 409
    code = "no_seal"


# --------------------------------------------------------------------------------------------- checking the data


def _date(value: Any, field: str, errors: FieldErrors, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return date_cell(str(value).strip())
    except ValueError:
        errors.add(field, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
        return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def default_valid_until(licence_type: LicenceType, valid_from: dt.date) -> dt.date | None:
    """The last valid day of a licence of `licence_type` valid from `valid_from`; None for long-term."""
    if not licence_type.validity_years:
        return None
    return add_years(valid_from, licence_type.validity_years) - dt.timedelta(days=1)


def _item_value(item: dict, value: Any) -> str:
    """One metadata item's value as signed (a string); ValidationError/ValueError with the reason if it is wrong."""
    kind = item.get("kind", ItemKind.TEXT)
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value).strip()
    if kind == ItemKind.DATE:
        return date_cell(text).isoformat()
    if kind == ItemKind.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text})
        return text
    if kind == ItemKind.ID_NUMBER:
        return validate_id_number(text)
    if kind == ItemKind.USCC:
        return validate_uscc(text)
    if kind == ItemKind.DIVISION:
        return validate_division_code(text)
    limit = rule("licenses.item_max_chars")
    if len(text) > limit:
        raise ValueError(_("At most %(max)s characters.") % {"max": limit})
    return text


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.messages[0])
    return str(exc)


def clean_data(licence_type: LicenceType, data: Any, errors: FieldErrors, *, prefix: str = "data.") -> dict:
    """The type's own items, checked by kind, required ones present; unknown keys refused."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.add("data", _("The licence data must be an object of the type's items."))
        return {}
    known = {item["key"]: item for item in licence_type.items}
    for key in data:
        if key not in known:
            errors.add(f"{prefix}{key}", _("This licence type has no item “%(key)s”.") % {"key": key})
    cleaned = {}
    for key, item in known.items():
        value = data.get(key)
        if value in (None, ""):
            if item.get("required"):
                errors.add(f"{prefix}{key}", _("“%(label)s” is required.") % {"label": item["label"]})
            continue
        try:
            cleaned[key] = _item_value(item, value)
        except (ValidationError, ValueError) as exc:
            errors.add(f"{prefix}{key}", _message(exc))
    return cleaned


def clean_holder_code(holder_kind: str, code: Any, errors: FieldErrors) -> str:
    code = str(code or "").strip()
    if not code:
        errors.add("holder_code", _("This field is required."))
        return ""
    try:
        return validate_id_number(code) if holder_kind == HolderKind.PERSON else validate_uscc(code)
    except ValidationError as exc:
        errors.add("holder_code", _message(exc))
        return code


@dataclass
class Checked:
    """One licence's checked values, ready to be saved."""

    holder_kind: str
    holder_name: str
    holder_code: str
    number: str
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    data: dict


def check(
    *,
    licence_type: LicenceType,
    holder_kind: str | None,
    holder_name: Any,
    holder_code: Any,
    number: Any,
    issued_on: Any,
    valid_from: Any,
    valid_until: Any = None,
    data: Any = None,
    errors: FieldErrors,
    today: dt.date,
) -> Checked | None:
    """Every check of one licence's input that needs no database (numbers' uniqueness is the caller's)."""
    holder_kind = holder_kind or licence_type.holder_kind
    if holder_kind != licence_type.holder_kind:
        errors.add(
            "holder_kind",
            _("A %(type)s is held by: %(kind)s.")
            % {"type": licence_type.name, "kind": HolderKind(licence_type.holder_kind).label},
        )
    name = str(holder_name or "").strip()
    if not name:
        errors.add("holder_name", _("This field is required."))
    code = clean_holder_code(licence_type.holder_kind, holder_code, errors)
    number = str(number or "").strip()
    if not number:
        errors.add("number", _("This field is required."))
    issued = _date(issued_on, "issued_on", errors)
    start = _date(valid_from, "valid_from", errors)
    end = _date(valid_until, "valid_until", errors, required=False)
    if issued and issued > today:
        errors.add("issued_on", _("The date of issue cannot be in the future."))
    if start and end is None:
        end = default_valid_until(licence_type, start)
    if start and end and end < start:
        errors.add("valid_until", _("The licence must end after it starts."))
    if issued and end and end < issued:
        errors.add("valid_until", _("The licence must end after its date of issue."))
    cleaned = clean_data(licence_type, data, errors)
    errors.check_lengths(Licence, {"holder_name": name, "number": number})
    if errors.fields or issued is None or start is None:
        return None
    return Checked(licence_type.holder_kind, name, code, number, issued, start, end, cleaned)


# --------------------------------------------------------------------------------------------- sealing


def _seal(issuer):
    seal = signing.seal_for(issuer)
    if seal is None:
        raise NoSealError(
            _("%(org)s has no seal in use for licences: a licence cannot be issued unsealed.") % {"org": issuer.name}
        )
    return seal


def _person(actor):
    return actor if getattr(actor, "pk", None) is not None else None


def _sealed_version(*, actor, seal, licence: Licence, licence_type, kind: str, reason: str = "") -> LicenceVersion:
    """The version `licence` stands at now (its identifier, fields and data), sealed; not saved."""
    shot = snapshot.build(licence_type=licence_type, licence=licence, identifier=licence.identifier, data=licence.data)
    sealed = signing.seal_sign(
        actor=actor, seal=seal, data=snapshot.canonical(shot), purpose=SEAL_PURPOSE, property_info=licence.identifier
    )
    qr_signature = signing.seal_sign_raw(
        actor=actor, seal=seal, data=qr.signed_text(shot, seal_code=sealed.seal_code), purpose=QR_PURPOSE
    )
    return LicenceVersion(
        licence=licence,
        version=licence.version,
        identifier=licence.identifier,
        kind=kind,
        reason=reason,
        snapshot=shot,
        seal_code=sealed.seal_code,
        signature=signing.seal_signature_compact(sealed),
        qr_signature=qr_signature,
        created_by=_person(actor),
    )


def signature_der(version: LicenceVersion) -> bytes:
    """The GB/T 38540 SES_Signature over the version's canonical snapshot, rebuilt from its stored compact form."""
    return signing.seal_signature_expand(bytes(version.signature))


def _require_issuer(actor, licence_type: LicenceType) -> None:
    if not can_issue(actor, licence_type.issuer_id):
        raise PermissionDeniedError(_("Only the issuing department's staff or systems issue its licences."))


def _number_taken(licence_type: LicenceType, number: str, *, exclude: int | None = None) -> bool:
    qs = Licence.objects.filter(licence_type=licence_type, number=number)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


# --------------------------------------------------------------------------------------------- issue


@transaction.atomic
def issue(
    *,
    actor,
    licence_type: LicenceType,
    holder_kind: str | None = None,
    holder_name: str,
    holder_code: str,
    number: str,
    issued_on: dt.date | str,
    valid_from: dt.date | str,
    valid_until: dt.date | str | None = None,
    data: dict | None = None,
    source: str = IssueSource.HAND,
    source_ref: str = "",
    today: dt.date | None = None,
) -> Licence:
    """颁发 (R6.1): check, identify (new serial, version 1), seal, save and record one licence."""
    _require_issuer(actor, licence_type)
    if not licence_type.is_active:
        raise DomainError(_("This licence type is no longer in use."))
    errors = FieldErrors()
    if source not in IssueSource.values:
        errors.add("source", _("Unknown way of issuing."))
    errors.check_lengths(Licence, {"source_ref": source_ref})
    checked = check(
        licence_type=licence_type,
        holder_kind=holder_kind,
        holder_name=holder_name,
        holder_code=holder_code,
        number=number,
        issued_on=issued_on,
        valid_from=valid_from,
        valid_until=valid_until,
        data=data,
        errors=errors,
        today=today or timezone.localdate(),
    )
    if checked and _number_taken(licence_type, checked.number):
        errors.add("number", _("A licence of this type already has the number %(no)s.") % {"no": checked.number})
    errors.raise_if_any()
    assert checked is not None  # noqa: S101  raise_if_any returned: every field was clean
    issuer = licence_type.issuer
    seal = _seal(issuer)
    serial = identifiers.new_serial()
    licence = Licence(
        identifier=identifiers.make(
            type_code=licence_type.code, issuer_code=issuer.uscc or "", serial=serial, version=1
        ),
        serial=serial,
        licence_type=licence_type,
        issuer=issuer,
        version=1,
        source=source,
        source_ref=source_ref,
        trust_grade=licence_type.trust_grade,
        holder_kind=checked.holder_kind,
        holder_name=checked.holder_name,
        holder_code=checked.holder_code,
        number=checked.number,
        issued_on=checked.issued_on,
        valid_from=checked.valid_from,
        valid_until=checked.valid_until,
        data=checked.data,
    )
    version = _sealed_version(
        actor=actor, seal=seal, licence=licence, licence_type=licence_type, kind=VersionKind.ISSUED
    )
    try:
        with transaction.atomic():
            licence.save(force_insert=True)
    except IntegrityError:
        raise FieldErrors.one(
            "number", _("A licence of this type already has the number %(no)s.") % {"no": checked.number}
        ) from None
    version.licence = licence
    version.save(force_insert=True)
    _documents_after_commit(version)
    ledger.record(
        action="licenses.issued",
        actor=actor,
        organisation=issuer,
        obj=licence,
        after={
            "identifier": licence.identifier,
            "number": licence.number,
            "source": IssueSource(source).label,
            "source_ref": source_ref,
            "seal": version.seal_code,
        },
    )
    return licence


# --------------------------------------------------------------------------------------------- after issue


def _locked(licence: Licence) -> Licence:
    try:
        return (
            Licence.objects.select_for_update(of=("self",)).select_related("licence_type", "issuer").get(pk=licence.pk)
        )
    except Licence.DoesNotExist:
        raise NotFoundError() from None


def _reason(reason: Any, *, required: bool = True) -> str:
    reason = str(reason or "").strip()
    if required and not reason:
        raise FieldErrors.one("reason", _("Give the reason."), summary=_("Give the reason."))
    if len(reason) > REASON_MAX:
        raise FieldErrors.one("reason", _("The reason has at most %(max)s characters.") % {"max": REASON_MAX})
    return reason


def _require_valid(licence: Licence) -> None:
    if licence.status != LicenceStatus.VALID:
        raise ConflictError(
            _("This licence is %(status)s; it can no longer be changed.")
            % {"status": LicenceStatus(licence.status).label}
        )


def _next_version(*, actor, licence: Licence, kind: str, reason: str) -> LicenceVersion:
    """Raise `licence` (its fields already set) to its next version: new identifier, sealed, saved."""
    if licence.version >= 999:
        raise ConflictError(_("This licence has reached its last version (999)."))
    seal = _seal(licence.issuer)
    licence.version += 1
    licence.identifier = identifiers.make(
        type_code=licence.licence_type.code,
        issuer_code=licence.issuer.uscc or "",
        serial=licence.serial,
        version=licence.version,
    )
    version = _sealed_version(
        actor=actor, seal=seal, licence=licence, licence_type=licence.licence_type, kind=kind, reason=reason
    )
    licence.save()
    version.save(force_insert=True)
    _documents_after_commit(version)
    return version


def _documents_after_commit(version: LicenceVersion) -> None:
    """Seal the version's PDF and OFD once the issue has committed, in a background task (a failure there loses
    nothing: `documents.pdf_of` makes them on first request). A batch leaves them to first request."""
    from digigov.licenses import tasks  # the task module imports the batch service, which imports this one

    transaction.on_commit(lambda: tasks.produce_documents.enqueue(version_id=version.pk))


@transaction.atomic
def change(
    *,
    actor,
    licence: Licence,
    reason: str,
    holder_name: str | None = None,
    data: dict | None = None,
    issued_on: dt.date | str | None = None,
    today: dt.date | None = None,
) -> Licence:
    """变更 (R6.1): new holder name and/or data under a new version (the identifier's version part), with the reason."""
    licence = _locked(licence)
    _require_issuer(actor, licence.licence_type)
    _require_valid(licence)
    today = today or timezone.localdate()
    errors = FieldErrors()
    reason_text = str(reason or "").strip()
    if not reason_text:
        errors.add("reason", _("Give the reason."))
    elif len(reason_text) > REASON_MAX:
        errors.add("reason", _("The reason has at most %(max)s characters.") % {"max": REASON_MAX})
    checked = check(
        licence_type=licence.licence_type,
        holder_kind=licence.holder_kind,
        holder_name=licence.holder_name if holder_name is None else holder_name,
        holder_code=licence.holder_code,
        number=licence.number,
        issued_on=issued_on or today,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        data=licence.data if data is None else data,
        errors=errors,
        today=today,
    )
    errors.raise_if_any()
    assert checked is not None  # noqa: S101
    before = {"identifier": licence.identifier, "holder_name": licence.holder_name, "data": licence.data}
    licence.holder_name, licence.data, licence.issued_on = checked.holder_name, checked.data, checked.issued_on
    _next_version(actor=actor, licence=licence, kind=VersionKind.CHANGED, reason=reason_text)
    ledger.record(
        action="licenses.changed",
        actor=actor,
        organisation=licence.issuer,
        obj=licence,
        before=before,
        after={"identifier": licence.identifier, "holder_name": licence.holder_name, "reason": reason_text},
    )
    return licence


@transaction.atomic
def renew(
    *,
    actor,
    licence: Licence,
    valid_from: dt.date | str,
    valid_until: dt.date | str | None = None,
    issued_on: dt.date | str | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Licence:
    """延续 (R6.1): a new period of validity under a new version; `valid_until` defaults to the type's validity."""
    licence = _locked(licence)
    _require_issuer(actor, licence.licence_type)
    _require_valid(licence)
    reason_text = _reason(reason, required=False)
    today = today or timezone.localdate()
    errors = FieldErrors()
    checked = check(
        licence_type=licence.licence_type,
        holder_kind=licence.holder_kind,
        holder_name=licence.holder_name,
        holder_code=licence.holder_code,
        number=licence.number,
        issued_on=issued_on or today,
        valid_from=valid_from,
        valid_until=valid_until,
        data=licence.data,
        errors=errors,
        today=today,
    )
    if (
        checked
        and checked.valid_until is not None
        and licence.valid_until
        and checked.valid_until <= licence.valid_until
    ):
        errors.add(
            "valid_until",
            _("A renewal must end later than the licence does now (%(date)s).") % {"date": licence.valid_until},
        )
    errors.raise_if_any()
    assert checked is not None  # noqa: S101
    before = {"identifier": licence.identifier, "valid_until": licence.valid_until}
    licence.issued_on, licence.valid_from, licence.valid_until = (
        checked.issued_on,
        checked.valid_from,
        checked.valid_until,
    )
    _next_version(actor=actor, licence=licence, kind=VersionKind.RENEWED, reason=reason_text)
    ledger.record(
        action="licenses.renewed",
        actor=actor,
        organisation=licence.issuer,
        obj=licence,
        before=before,
        after={
            "identifier": licence.identifier,
            "valid_until": licence.valid_until or snapshot.LONG_TERM,
            "reason": reason_text,
        },
    )
    return licence


def _end(*, actor, licence: Licence, reason: str, status: str, action: str) -> Licence:
    licence = _locked(licence)
    _require_issuer(actor, licence.licence_type)
    reason_text = _reason(reason)
    _require_valid(licence)
    licence.status = status
    licence.status_reason = reason_text
    licence.status_changed_at = timezone.now()
    licence.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    ledger.record(
        action=action,
        actor=actor,
        organisation=licence.issuer,
        obj=licence,
        before={"status": LicenceStatus.VALID.label},
        after={
            "number": licence.number,
            "identifier": licence.identifier,
            "status": licence.get_status_display(),
            "reason": reason_text,
        },
    )
    return licence


@transaction.atomic
def cancel(*, actor, licence: Licence, reason: str) -> Licence:
    """注销 (R6.1): the licence ends at the holder's request or by law; it verifies as cancelled from now on."""
    return _end(
        actor=actor, licence=licence, reason=reason, status=LicenceStatus.CANCELLED, action="licenses.cancelled"
    )


@transaction.atomic
def revoke(*, actor, licence: Licence, reason: str) -> Licence:
    """吊销 (R6.1): the licence is withdrawn as a penalty; it verifies as revoked from now on."""
    return _end(actor=actor, licence=licence, reason=reason, status=LicenceStatus.REVOKED, action="licenses.revoked")


@transaction.atomic
def licence_opened(*, actor, licence: Licence) -> None:
    """Record that `actor` opened a licence: it holds the holder's personal data (R0.4). Screen and API."""
    ledger.record(
        action="licenses.viewed",
        actor=actor,
        organisation=licence.issuer_id,
        obj=licence,
        after={"number": licence.number},
    )


@transaction.atomic
def qr_signature_ensure(*, version: LicenceVersion) -> bytes:
    """The version's QR signature, made now by its department's seal if a bulk load left it for later. The seal
    that sealed the version signs (the QR text names its code); signed as the department's platform."""
    version = LicenceVersion.objects.select_for_update().select_related("licence__issuer").get(pk=version.pk)
    if version.qr_signature:
        return bytes(version.qr_signature)
    seal = signing.seal_by_code(version.seal_code)
    if seal is None:
        raise NoSealError(_("The seal that sealed this licence is unknown."))
    issuer = version.licence.issuer
    actor = SystemActor(
        client_id=0, name=PLATFORM_NAME, organisation_id=issuer.pk, roles=frozenset({Role.HANDLER}), channel="qr"
    )
    text = qr.signed_text(version.snapshot, seal_code=version.seal_code)
    version.qr_signature = signing.seal_sign_raw(actor=actor, seal=seal, data=text, purpose=QR_PURPOSE)
    version.save(update_fields=["qr_signature"])
    return bytes(version.qr_signature)
