"""The unified electronic seal system (统一电子印章, R7.1): the seal maker, making and changing seals on approval,
sealing data with a GB/T 38540 SES_Signature, and verifying one from its bytes alone.

Every change of a seal is a request by the organisation's administrator that takes effect only when the platform
operator approves it; every step and every use of a seal is in the ledger (R0.4), which records the SM3 of the
sealed data and the purpose, never the data. Private keys are sealed at rest by `keystore` (R0.5).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core import hotsql, inbox, ledger
from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, FieldErrors, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.rules import rule, rule_system_ids
from digigov.signing import appearance, certs, keystore, ses, sm2
from digigov.signing.choices import (
    REVOKED_STATUSES,
    SealKind,
    SealRequestAction,
    SealRequestState,
    SealStatus,
)
from digigov.signing.models import Seal, SealMaker, SealRequest, SealStatusChange
from digigov.signing.permissions import (
    SEAL_REQUESTERS,
    can_request_seal,
    can_use_seal,
    holds_keys,
    is_seal_approver,
)

REQUEST_TASK = "signing.seal.request"
REQUESTERS = SEAL_REQUESTERS
PURPOSE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500
CERT_USE = "电子证照"  # a business seal whose use names this is the one licences are sealed with

# Status a request moves a seal to, and the statuses it may start from.
_TRANSITIONS = {
    SealRequestAction.SUSPEND: ((SealStatus.ACTIVE,), SealStatus.SUSPENDED),
    SealRequestAction.RESUME: ((SealStatus.SUSPENDED,), SealStatus.ACTIVE),
    SealRequestAction.REPORT_LOST: ((SealStatus.ACTIVE, SealStatus.SUSPENDED), SealStatus.LOST),
    SealRequestAction.CANCEL: ((SealStatus.ACTIVE, SealStatus.SUSPENDED, SealStatus.LOST), SealStatus.CANCELLED),
    SealRequestAction.REISSUE: ((SealStatus.ACTIVE, SealStatus.SUSPENDED, SealStatus.LOST), SealStatus.CANCELLED),
}
KIND_DIGIT = {SealKind.OFFICIAL: "1", SealKind.BUSINESS: "2", SealKind.NAME: "3"}


# --- who may do what (signing.permissions) ---------------------------------------------------------------------

is_approver = is_seal_approver
can_request = can_request_seal


SEAL_SYSTEM_ROLES = frozenset({Role.HANDLER})


def seal_system_ids() -> set[int]:
    return rule_system_ids("signing.seal_systems")


def seal_system_actor(client) -> SystemActor | None:
    """The actor a department system (an authenticated identity SystemClient) seals as: its own organisation, if the
    platform operator allowed it (rule `signing.seal_systems`); None otherwise."""
    if client is None or client.pk not in seal_system_ids():
        return None
    return SystemActor(
        client_id=client.pk,
        name=client.name,
        organisation_id=client.organisation_id,
        roles=SEAL_SYSTEM_ROLES,
        channel="api",
    )


def can_use(actor, seal: Seal) -> bool:
    return can_use_seal(actor, seal.organisation_id)


# --- the seal maker ---------------------------------------------------------------------------------------------


def _operator() -> Organisation:
    org = Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    if org is None:
        raise DomainError(
            _("No organisation is marked as the platform operator; it is the seal maker and must exist first."),
            code="no_seal_maker",
        )
    return org


def _name(common_name: str, organisation: str, serial: str = "") -> dict:
    name = {"country_name": "CN", "organization_name": organisation[:64], "common_name": common_name[:64]}
    if serial:
        name["serial_number"] = serial
    return name


def maker_current() -> SealMaker:
    """The seal maker's current root, made on first use (key sealed at rest, 20-year self-signed certificate)."""
    existing = SealMaker.objects.filter(is_current=True).select_related("organisation").first()
    if existing is not None:
        return existing
    organisation = _operator()
    private = sm2.generate_private_key()
    public = private.public_key()
    fingerprint = public.fingerprint()
    now = timezone.now()
    subject = _name(f"{organisation.name}电子印章制作根证书", organisation.name)
    der = certs.build_certificate(
        subject=subject,
        issuer=subject,
        public_key=public,
        issuer_public_key=public,
        sign=private.sign,
        serial=certs.new_serial(),
        not_before=now - dt.timedelta(minutes=5),
        not_after=now + dt.timedelta(days=365 * 20),
        is_ca=True,
    )
    try:
        with transaction.atomic():
            maker = SealMaker.objects.create(
                organisation=organisation,
                encrypted_private_key_pem=keystore.seal(
                    private, organisation_id=organisation.pk, fingerprint=fingerprint
                ),
                key_fingerprint=fingerprint,
                certificate_pem=certs.to_pem(der),
                certificate_sm3=sm2.sm3_hex(der),
            )
            ledger.record(
                action="signing.seal_maker.created",
                organisation=organisation,
                obj=maker,
                after={"fingerprint": fingerprint},
            )
    except IntegrityError:  # another process made it first
        return SealMaker.objects.get(is_current=True)
    return maker


def _maker_key(maker: SealMaker) -> sm2.PrivateKey:
    return keystore.unseal(
        maker.encrypted_private_key_pem, organisation_id=maker.organisation_id, fingerprint=maker.key_fingerprint
    )


# --- making a seal ----------------------------------------------------------------------------------------------


def seal_name(organisation: Organisation, kind: str, use_text: str) -> str:
    return f"{organisation.name}{use_text}" if kind == SealKind.BUSINESS else organisation.name


def _next_code(organisation: Organisation, kind: str) -> str:
    """esID: the first 6 digits of the organisation's division code (GB/T 2260 county), one digit for the kind
    (1 公章, 2 业务专用章, 3 名称章) and a 7-digit serial within them: 14 digits, e.g. 42010220000003."""
    prefix = f"{str(organisation.division_id)[:6].ljust(6, '0')}{KIND_DIGIT[SealKind(kind)]}"
    last = (
        Seal.objects.select_for_update()
        .filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{number:07d}"


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _day_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _default_until(start: dt.date) -> dt.date:
    years = int(rule("signing.seal_validity_years"))
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _make(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    use_text: str,
    valid_from: dt.date,
    valid_until: dt.date,
    request: SealRequest | None = None,
    replaces: Seal | None = None,
) -> Seal:
    maker = maker_current()
    maker_key = _maker_key(maker)
    maker_der = certs.from_pem(maker.certificate_pem)
    maker_public = maker_key.public_key()
    name = seal_name(organisation, kind, use_text)
    code = _next_code(organisation, kind)
    now = timezone.now()
    start, end = _day_start(valid_from), _day_end(valid_until)
    private = sm2.generate_private_key()
    public = private.public_key()
    fingerprint = public.fingerprint()
    serial = certs.new_serial()
    cert_der = certs.build_certificate(
        subject=_name(name, organisation.name, code),
        issuer=_name(f"{maker.organisation.name}电子印章制作根证书", maker.organisation.name),
        public_key=public,
        issuer_public_key=maker_public,
        sign=maker_key.sign,
        serial=serial,
        not_before=start,
        not_after=end,
        is_ca=False,
    )
    square = kind == SealKind.NAME
    image = appearance.square_seal(organisation.name) if square else appearance.round_seal(organisation.name, use_text)
    width, height = appearance.size_mm(square)
    info = ses.seal_info(
        es_id=code,
        name=name,
        seal_cert_der=cert_der,
        created=now,
        valid_start=start,
        valid_end=end,
        picture_png=image,
        width_mm=width,
        height_mm=height,
    )
    seseal_der = ses.build_seseal(info, maker_cert_der=maker_der, maker_sign=maker_key.sign)
    seal = Seal.objects.create(
        organisation=organisation,
        kind=kind,
        use_text=use_text if kind == SealKind.BUSINESS else "",
        name=name,
        code=code,
        status=SealStatus.ACTIVE,
        status_since=now,
        valid_from=start,
        valid_until=end,
        encrypted_private_key_pem=keystore.seal(private, organisation_id=organisation.pk, fingerprint=fingerprint),
        key_fingerprint=fingerprint,
        certificate_pem=certs.to_pem(cert_der),
        certificate_serial=format(serial, "X"),
        certificate_sm3=sm2.sm3_hex(cert_der),
        seseal_der=seseal_der,
        image_png=image,
        maker=maker,
        replaces=replaces,
    )
    SealStatusChange.objects.create(
        seal=seal,
        from_status="",
        to_status=SealStatus.ACTIVE,
        at=now,
        request=request,
        reason=request.reason if request else "",
    )
    ledger.record(
        action="signing.seal.made",
        actor=actor,
        organisation=organisation,
        obj=seal,
        after={
            "code": code,
            "name": name,
            "kind": kind,
            "valid_until": valid_until,
            "fingerprint": fingerprint,
            "replaces": replaces.code if replaces else "",
        },
    )
    return seal


def _change_status(*, actor, seal: Seal, to: str, reason: str, request: SealRequest | None = None) -> Seal:
    before, now = seal.status, timezone.now()
    seal.status, seal.status_since = to, now
    seal.save(update_fields=["status", "status_since"])
    SealStatusChange.objects.create(seal=seal, from_status=before, to_status=to, at=now, request=request, reason=reason)
    _forget_state(seal.code)
    transaction.on_commit(functools.partial(_forget_state, seal.code))
    ledger.record(
        action="signing.seal.status_changed",
        actor=actor,
        organisation=seal.organisation_id,
        obj=seal,
        before={"status": before},
        after={"status": to, "code": seal.code, "reason": reason},
    )
    return seal


@transaction.atomic
def seal_bootstrap(
    *, organisation: Organisation, kind: str, use_text: str = "", valid_from: dt.date | None = None
) -> Seal:
    """System use (deployment scripts, tests): the organisation's active seal of this kind and use, made at once if
    there is none. Checks no permission; people go through requests and approval."""
    existing = Seal.objects.filter(
        organisation=organisation, kind=kind, use_text=use_text, status=SealStatus.ACTIVE
    ).first()
    if existing is not None:
        return existing
    start = valid_from or timezone.localdate()
    return _make(
        actor=None,
        organisation=organisation,
        kind=kind,
        use_text=use_text,
        valid_from=start,
        valid_until=_default_until(start),
    )


# --- requests and approval --------------------------------------------------------------------------------------


def _clean_text(value: str, field_name: str, *, required: bool, limit: int) -> str:
    value = " ".join(str(value or "").split())
    if required and not value:
        raise FieldErrors.one(field_name, _("This field is required."), summary=_("Give the reason."))
    if len(value) > limit:
        raise FieldErrors.one(field_name, _("At most %(n)d characters.") % {"n": limit})
    return value


def _approver_org() -> Organisation:
    return _operator()


@transaction.atomic
def seal_request(
    *,
    actor,
    organisation: Organisation,
    action: str,
    reason: str,
    seal: Seal | None = None,
    kind: str = "",
    use_text: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> SealRequest:
    """An organisation administrator asks for a seal to be made, suspended, resumed, reported lost, cancelled or
    re-issued; the platform operator's leaders get a to-do (R7.1)."""
    action = SealRequestAction(action)
    if seal is not None:
        seal = Seal.objects.select_for_update().select_related("organisation").get(pk=seal.pk)
        organisation = seal.organisation
    if not can_request(actor, organisation):
        raise PermissionDeniedError()
    if not holds_keys(organisation):
        raise DomainError(_("Seals belong to departments and public institutions, not to internal units."))
    reason = _clean_text(reason, "reason", required=True, limit=REASON_MAX_LENGTH)
    errors = FieldErrors()
    if action == SealRequestAction.MAKE:
        if seal is not None:
            raise DomainError(_("A request to make a seal names no existing seal."))
        if kind not in SealKind.values:
            errors.add("kind", _("Choose the kind of seal."))
        use_text = _clean_text(use_text, "use_text", required=False, limit=30)
        if kind == SealKind.BUSINESS and not use_text:
            errors.add("use_text", _("A business seal needs its use, e.g. 电子证照专用章."))
        if kind != SealKind.BUSINESS:
            use_text = ""
        if (
            kind in SealKind.values
            and Seal.objects.filter(organisation=organisation, kind=kind, use_text=use_text)
            .exclude(status=SealStatus.CANCELLED)
            .exists()
        ):
            errors.add("kind", _("The organisation already has this seal; ask to re-issue it instead."))
        if SealRequest.objects.filter(
            organisation=organisation,
            action=SealRequestAction.MAKE,
            kind=kind,
            use_text=use_text,
            state=SealRequestState.PENDING,
        ).exists():
            errors.add("kind", _("A request to make this seal is already awaiting approval."))
    else:
        if seal is None:
            raise DomainError(_("Say which seal the request is about."))
        allowed, _to = _TRANSITIONS[action]
        if seal.status not in allowed:
            raise ConflictError(
                _("A seal that is “%(status)s” cannot be asked for this.") % {"status": seal.get_status_display()}
            )
        if SealRequest.objects.filter(seal=seal, state=SealRequestState.PENDING).exists():
            raise ConflictError(_("A request about this seal is already awaiting approval."))
        kind, use_text = seal.kind, seal.use_text
    today = timezone.localdate()
    if action in (SealRequestAction.MAKE, SealRequestAction.REISSUE):
        valid_from = valid_from or today
        valid_until = valid_until or _default_until(valid_from)
        if valid_from < today:
            errors.add("valid_from", _("A seal cannot be valid from a day in the past."))
        if valid_until <= valid_from:
            errors.add("valid_until", _("The end of validity must come after its start."))
    else:
        valid_from = valid_until = None
    errors.raise_if_any()
    request = SealRequest.objects.create(
        organisation=organisation,
        action=action,
        seal=seal,
        kind=kind,
        use_text=use_text,
        valid_from=valid_from,
        valid_until=valid_until,
        reason=reason,
        requested_by=actor,
    )
    ledger.record(
        action="signing.seal.requested",
        actor=actor,
        organisation=organisation,
        obj=request,
        after={"request": action.value, "seal": seal.code if seal else "", "kind": kind, "reason": reason},
    )
    inbox.inbox_register(
        source="signing",
        kind=REQUEST_TASK,
        title=inbox.lazy_text(_("Seal request from %(org)s: %(action)s"), org=organisation.name, action=action.label),
        url=reverse("signing_seal_request", args=[request.pk]),
        assignee_org=_approver_org(),
        assignee_role=Role.LEADER,
        working_days=int(rule("signing.seal_request_days")),
        obj=request,
    )
    return request


@transaction.atomic
def seal_request_decide(*, actor, request: SealRequest, approve: bool, reason: str) -> SealRequest:
    """The platform operator approves (the change is made now) or rejects a seal request, with a reason."""
    if not is_approver(actor):
        raise PermissionDeniedError()
    request = (
        SealRequest.objects.select_for_update(of=("self",)).select_related("organisation", "seal").get(pk=request.pk)
    )
    if request.state != SealRequestState.PENDING:
        raise ConflictError(_("This request has already been decided."))
    reason = _clean_text(reason, "decision_reason", required=True, limit=REASON_MAX_LENGTH)
    if approve:
        request.result = _carry_out(actor=actor, request=request, reason=reason)
    request.state = SealRequestState.APPROVED if approve else SealRequestState.REJECTED
    request.decided_by, request.decided_at, request.decision_reason = actor, timezone.now(), reason
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason", "result"])
    ledger.record(
        action="signing.seal.request_decided",
        actor=actor,
        organisation=request.organisation,
        obj=request,
        before={"state": SealRequestState.PENDING},
        after={
            "state": request.state,
            "request": request.action,
            "seal": request.result.code if request.result else (request.seal.code if request.seal else ""),
            "reason": reason,
        },
    )
    inbox.inbox_complete_for(obj=request, kind=REQUEST_TASK)
    message = (
        _("Your seal request was approved: %(action)s")
        if approve
        else _("Your seal request was not approved: %(action)s")
    )
    inbox.notify(
        recipient=request.requested_by,
        title=inbox.lazy_text(message, action=SealRequestAction(request.action).label),
        body=reason,
        url=reverse("signing_seal_request", args=[request.pk]),
    )
    return request


def _carry_out(*, actor, request: SealRequest, reason: str) -> Seal:
    action = SealRequestAction(request.action)
    if action == SealRequestAction.MAKE:
        if request.valid_from is None or request.valid_until is None:  # the request's form always sets them
            raise DomainError(_("The end of validity must come after its start."))
        return _make(
            actor=actor,
            organisation=request.organisation,
            kind=request.kind,
            use_text=request.use_text,
            valid_from=max(request.valid_from, timezone.localdate()),
            valid_until=request.valid_until,
            request=request,
        )
    if request.seal is None:
        raise DomainError(_("Say which seal the request is about."))
    seal = Seal.objects.select_for_update().get(pk=request.seal.pk)
    allowed, to = _TRANSITIONS[action]
    if seal.status not in allowed:
        raise ConflictError(
            _("A seal that is “%(status)s” cannot be asked for this.") % {"status": seal.get_status_display()}
        )
    if action == SealRequestAction.REISSUE:
        if request.valid_from is None or request.valid_until is None:  # the request's form always sets them
            raise DomainError(_("The end of validity must come after its start."))
        new = _make(
            actor=actor,
            organisation=seal.organisation,
            kind=seal.kind,
            use_text=seal.use_text,
            valid_from=max(request.valid_from, timezone.localdate()),
            valid_until=request.valid_until,
            request=request,
            replaces=seal,
        )
        _change_status(
            actor=actor,
            seal=seal,
            to=to,
            reason=f"{request.reason}（{gettext('re-issued as')} {new.code}）",
            request=request,
        )
        return new
    return _change_status(actor=actor, seal=seal, to=to, reason=request.reason, request=request)


# --- sealing ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealedSignature:
    """A GB/T 38540 SES_Signature made with a seal, and its parts for those who embed or check it elsewhere."""

    der: bytes  # SES_Signature DER
    seal_code: str
    signed_at: dt.datetime
    data_sm3: str  # hex SM3 of the sealed data (the dataHash)
    to_sign_der: bytes  # DER TBS_Sign: what the seal's key signed
    signature_value: bytes  # DER SM2 r,s over to_sign_der, id 1234567812345678


def _clean_purpose(purpose: str) -> str:
    purpose = " ".join(str(purpose or "").split())
    if not purpose:
        raise FieldErrors.one("purpose", _("Required."), summary=_("Say what the signature is for."))
    if len(purpose) > PURPOSE_MAX_LENGTH:
        raise FieldErrors.one("purpose", _("At most %(n)d characters.") % {"n": PURPOSE_MAX_LENGTH})
    return purpose


def _usable_seal(actor, seal: Seal) -> tuple[Seal, sm2.PrivateKey]:
    seal = Seal.objects.select_related("organisation").get(pk=seal.pk)
    if not can_use(actor, seal):
        raise PermissionDeniedError(_("Only staff or systems of the seal's organisation may use its seal."))
    if seal.status != SealStatus.ACTIVE:
        raise DomainError(
            _("The seal %(code)s is “%(status)s” and cannot seal anything.")
            % {"code": seal.code, "status": seal.get_status_display()},
            code="seal_not_active",
        )
    now = timezone.now()
    if not (seal.valid_from <= now <= seal.valid_until):
        raise DomainError(
            _("The seal %(code)s is outside its validity (%(start)s to %(end)s).")
            % {
                "code": seal.code,
                "start": timezone.localdate(seal.valid_from),
                "end": timezone.localdate(seal.valid_until),
            },
            code="seal_not_valid",
        )
    key = keystore.unseal(
        seal.encrypted_private_key_pem, organisation_id=seal.organisation_id, fingerprint=seal.key_fingerprint
    )
    return seal, key


def _seal_one(seal: Seal, key: sm2.PrivateKey, cert_der: bytes, data: bytes, signed_at, property_info: str):
    digest = hashlib.new("sm3", data).digest()
    tbs = ses.build_tbs_sign(
        seseal_der=bytes(seal.seseal_der), signed_at=signed_at, data_hash=digest, property_info=property_info
    )
    to_sign = tbs.dump()
    value = key.sign(to_sign, id=sm2.DEFAULT_ID)
    der = ses.build_signature(tbs, signer_cert_der=cert_der, signature=value)
    return SealedSignature(
        der=der,
        seal_code=seal.code,
        signed_at=signed_at,
        data_sm3=digest.hex(),
        to_sign_der=to_sign,
        signature_value=value,
    )


def _as_bytes(data) -> bytes:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("seals sign bytes")
    return bytes(data)


def _now() -> dt.datetime:
    return timezone.now().astimezone(dt.UTC).replace(microsecond=0)


@transaction.atomic
def seal_sign(*, actor, seal: Seal, data: bytes, purpose: str, property_info: str = "") -> SealedSignature:
    """Seal `data`: an SES_Signature whose dataHash is SM3(data), signed with the seal's key (R7.1)."""
    data = _as_bytes(data)
    purpose = _clean_purpose(purpose)
    seal, key = _usable_seal(actor, seal)
    result = _seal_one(seal, key, certs.from_pem(seal.certificate_pem), data, _now(), property_info)
    ledger.record(
        action="signing.seal_used",
        actor=actor,
        organisation=seal.organisation_id,
        obj=seal,
        after={"purpose": purpose, "data_sm3": result.data_sm3, "data_bytes": len(data), "code": seal.code},
    )
    return result


@transaction.atomic
def seal_sign_raw(*, actor, seal: Seal, data: bytes, purpose: str) -> bytes:
    """A plain DER SM2 signature (id 1234567812345678) of `data` with the seal's key, for compact payloads (QR)."""
    data = _as_bytes(data)
    purpose = _clean_purpose(purpose)
    seal, key = _usable_seal(actor, seal)
    value = key.sign(data, id=sm2.DEFAULT_ID)
    ledger.record(
        action="signing.seal_used",
        actor=actor,
        organisation=seal.organisation_id,
        obj=seal,
        after={
            "purpose": purpose,
            "data_sm3": sm2.sm3_hex(data),
            "data_bytes": len(data),
            "code": seal.code,
            "raw": True,
        },
    )
    return value


@transaction.atomic
def seal_sign_batch(*, actor, seal: Seal, items: list[bytes], purpose: str) -> list[SealedSignature]:
    """Seal many items with one unsealing of the key and one ledger entry naming their count and the SM3 of the
    items' hashes, in order (bulk issuance)."""
    items = [_as_bytes(item) for item in items]
    purpose = _clean_purpose(purpose)
    seal, key = _usable_seal(actor, seal)
    cert_der, signed_at = certs.from_pem(seal.certificate_pem), _now()
    results = [_seal_one(seal, key, cert_der, item, signed_at, "") for item in items]
    hashes = b"".join(bytes.fromhex(r.data_sm3) for r in results)
    ledger.record(
        action="signing.seal_used",
        actor=actor,
        organisation=seal.organisation_id,
        obj=seal,
        after={"purpose": purpose, "count": len(results), "items_sm3": sm2.sm3_hex(hashes), "code": seal.code},
    )
    return results


@transaction.atomic
def seal_sign_raw_batch(*, actor, seal: Seal, items: list[bytes], purpose: str) -> list[bytes]:
    """Plain signatures (as `seal_sign_raw`) of many items with one unsealing of the key and one ledger entry naming
    their count and the SM3 of their SM3s, in order (the QR texts of a bulk issue)."""
    items = [_as_bytes(item) for item in items]
    purpose = _clean_purpose(purpose)
    seal, key = _usable_seal(actor, seal)
    values = [key.sign(item, id=sm2.DEFAULT_ID) for item in items]
    hashes = b"".join(hashlib.new("sm3", item).digest() for item in items)
    ledger.record(
        action="signing.seal_used",
        actor=actor,
        organisation=seal.organisation_id,
        obj=seal,
        after={
            "purpose": purpose,
            "count": len(values),
            "items_sm3": sm2.sm3_hex(hashes),
            "code": seal.code,
            "raw": True,
        },
    )
    return values


def seal_signature_compact(sealed: SealedSignature) -> bytes:
    """The storage form of a signature this platform's seal made (about 150 bytes instead of the SES_Signature's
    kilobytes): `seal_signature_expand` gives back the identical SES_Signature DER."""
    parsed = ses.parse_signature(sealed.der)
    return ses.CompactSignature(
        {
            "sealCode": sealed.seal_code,
            "sealHash": hashlib.new("sm3", parsed.seseal_der).digest(),
            "timeInfo": parsed.signed_at,
            "dataHash": parsed.data_hash,
            "propertyInfo": parsed.property_info,
            "signature": parsed.signature,
        }
    ).dump()


class _SealParts(NamedTuple):
    """What every signature of one seal shares: its SESeal, its certificate and the certificate's SM3."""

    seseal_der: bytes
    cert_der: bytes
    cert_digest: bytes


def _seal_parts(code: str, seal_hash: bytes) -> _SealParts:
    """The seal's parts by its code and the SM3 of its SESeal (content-addressed: a restored or test database is
    safe); DomainError when no seal has them."""
    parts = _EXPAND_CACHE.get((code, seal_hash))
    if parts is None:
        seal = Seal.objects.filter(code=code).only("seseal_der", "certificate_pem").order_by().first()
        if seal is None or hashlib.new("sm3", bytes(seal.seseal_der)).digest() != seal_hash:
            raise DomainError(_("No seal has the code %(code)s.") % {"code": code})
        cert_der = certs.from_pem(seal.certificate_pem)
        parts = _SealParts(bytes(seal.seseal_der), cert_der, _sm3(cert_der))
        _remember(_EXPAND_CACHE, (code, seal_hash), parts)
    return parts


def seal_signature_expand(compact: bytes) -> bytes:
    """The SES_Signature DER (GB/T 38540) a compact form stands for, rebuilt with its seal's SESeal and certificate.
    `ses.SESFormatError` when the bytes are not a compact form, `DomainError` when the seal is unknown."""
    parts = ses.read_compact(compact)
    seal = _seal_parts(parts.seal_code, parts.seal_hash)
    tbs = ses.build_tbs_sign(  # field by field, the reference encoding
        seseal_der=seal.seseal_der,
        signed_at=parts.signed_at,
        data_hash=parts.data_hash,
        property_info=parts.property_info,
    )
    return ses.build_signature(tbs, signer_cert_der=seal.cert_der, signature=parts.signature)


# A seal's SESeal and certificate never change under its code (a re-issue makes a new code): kept per process.
_EXPAND_CACHE: dict[tuple[str, bytes], _SealParts] = {}


# --- verification -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealVerdict:
    """What a verifier tells about a sealed piece of data, with one plain Chinese sentence."""

    ok: bool
    signature_valid: bool
    data_matches: bool
    seal_code: str
    seal_name: str
    organisation_name: str
    department_id: int | None  # the department (root organisation) the seal belongs to; None for an unknown seal
    seal_status: str  # a SealStatus value, "" for a seal the platform does not know
    seal_valid_at_signing: bool
    revoked: bool  # lost or cancelled
    revoked_since: dt.datetime | None
    signed_at: dt.datetime | None
    messages: list[str] = field(default_factory=list)
    verdict: str = ""


# Verification is the hot path (every licence check): parsed keys and each SESeal's checks are cached per process,
# and the seal's status comes from one indexed query; nothing is written.
_CACHE_LIMIT = 1024
_KEY_CACHE: dict[bytes, sm2.PublicKey] = {}  # certificate SM3 -> its public key


@dataclass(frozen=True)
class _SealFacts:
    """What one SESeal says and whether it holds: the maker signed its SES_SealInfo, and the seal's certificate in
    it was issued by that maker."""

    sound: bool
    es_id: str
    name: str
    seal_cert_der: bytes
    maker_cert_sm3: bytes


_SESEAL_CACHE: dict[bytes, _SealFacts] = {}  # the SESeal's DER bytes -> its facts


def _remember(cache: dict, key, value):
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def _cert_key(cert_der: bytes, digest: bytes | None = None) -> sm2.PublicKey:
    digest = digest or _sm3(cert_der)
    key = _KEY_CACHE.get(digest)
    if key is None:
        key = _remember(_KEY_CACHE, digest, certs.public_key(cert_der))
    return key


def _seal_facts(seseal_der: bytes) -> _SealFacts:
    facts = _SESEAL_CACHE.get(seseal_der)
    if facts is not None:
        return facts
    try:
        seal = ses.parse_seal(seseal_der)
    except ses.SESFormatError:
        return _SealFacts(False, "", "", b"", b"")
    sound = False
    seal_cert = seal.certs[0] if seal.certs else b""
    try:
        maker = _cert_key(seal.maker_cert_der)
        if seal.sign_alg == ses.SM2_WITH_SM3 and seal_cert and maker.verify(seal.signed_value, seal.seal_info_der):
            tbs, value = certs.tbs_and_signature(seal_cert)
            sound = maker.verify(value, tbs)
    except (ValueError, TypeError, sm2.SM2Error):
        sound = False
    facts = _SealFacts(sound, seal.es_id, seal.name, seal_cert, _sm3(seal.maker_cert_der))
    return _remember(_SESEAL_CACHE, seseal_der, facts)


def _aware(value):
    if isinstance(value, str):  # a backend that hands back text
        value = dt.datetime.fromisoformat(value)
    return value if value is None or value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# The apps' own table names, no input.
_SEAL_ROW_SQL = (
    "SELECT s.status, s.status_since, s.certificate_sm3, s.valid_from, s.valid_until, m.certificate_sm3, o.name, "  # noqa: S608
    "o.id, o.parent_id "
    f"FROM {Seal._meta.db_table} s JOIN {Organisation._meta.db_table} o ON o.id = s.organisation_id "
    f"JOIN {SealMaker._meta.db_table} m ON m.id = s.maker_id WHERE s.code = %s"
)


def _seal_row(code: str) -> dict | None:
    """The seal's status and what a verdict names, in one indexed query (no ORM query building on the hot path)."""
    rows = hotsql.fetch_all(_SEAL_ROW_SQL, [code])
    if not rows:
        return None
    status, since, cert_sm3, valid_from, valid_until, maker_sm3, org_name, org_id, parent_id = rows[0]
    return {
        "status": status,
        "status_since": _aware(since),
        "certificate_sm3": cert_sm3,
        "valid_from": _aware(valid_from),
        "valid_until": _aware(valid_until),
        "maker_certificate_sm3": maker_sm3,
        "organisation_name": org_name,
        "department_id": org_id if parent_id is None else Organisation.objects.get(pk=org_id).root().pk,
    }


# A verifier relies on a seal's status for at most `signing.seal_status_max_age_seconds`, as on a revocation list
# that is valid until its next update (R7.1): read once per seal and process for that long, and forgotten at once in
# the process that changes it. Keyed by the certificate's SM3 too, so another database's seal of the same code (a
# restore, a test) never answers for this one. An unknown seal is not remembered.
_STATE_CACHE: dict[tuple[str, bytes], tuple[float, dict]] = {}


def _seal_state(code: str, cert_digest: bytes) -> dict | None:
    now = time.monotonic()
    hit = _STATE_CACHE.get((code, cert_digest))
    if hit is not None and now < hit[0]:
        return hit[1]
    row = _seal_row(code)
    max_age = rule("signing.seal_status_max_age_seconds")  # read on a refresh only, never on the hot path
    if row is not None and max_age:
        _remember(_STATE_CACHE, (code, cert_digest), (now + max_age, row))
    return row


def _forget_state(code: str) -> None:
    for key in [key for key in _STATE_CACHE if key[0] == code]:
        _STATE_CACHE.pop(key, None)


def _verdict(**values: Any) -> SealVerdict:
    defaults: dict[str, Any] = {
        "ok": False,
        "signature_valid": False,
        "data_matches": False,
        "seal_code": "",
        "seal_name": "",
        "organisation_name": "",
        "department_id": None,
        "seal_status": "",
        "seal_valid_at_signing": False,
        "revoked": False,
        "revoked_since": None,
        "signed_at": None,
        "messages": [],
        "verdict": "",
    }
    defaults.update(values)
    return SealVerdict(**defaults)


def verify_seal_signature(der: bytes, data: bytes) -> SealVerdict:
    """Check an SES_Signature over `data` from its bytes alone (the certificate inside), and the seal's status
    from one small lookup; writes nothing. Anyone may ask.

    The signature is good when the seal's key (from the certificate in the DER) signed TBS_Sign, that certificate is
    the one in the SESeal's certList, the maker signed the SESeal and issued the certificate, and the platform knows
    the seal by its esID with that very certificate, made by its own seal maker."""
    try:
        parsed = ses.parse_signature(der)
    except ses.SESFormatError:
        text = gettext("These bytes are not an electronic seal signature (GB/T 38540).")
        return _verdict(messages=[text], verdict=text)
    return _verify_parsed(parsed, data)


def verify_compact_seal_signature(compact: bytes, data: bytes) -> SealVerdict:
    """`verify_seal_signature` of the SES_Signature a stored compact form stands for (`seal_signature_compact`),
    without encoding the whole signature and reading it back: the same checks over the same TBS_Sign bytes.

    This is every licence verification's path (bench/licences.py): the SM3 of ``Z || TBS_Sign`` starts from a
    state kept per seal after its header, version and SESeal (~6 KB, the picture inside), so only the compact
    form's last fields are hashed, and OpenSSL checks the digest (`sm2.PublicKey.verify_digest`)."""
    try:
        parts = ses.read_compact(compact)
        seal = _seal_parts(parts.seal_code, parts.seal_hash)
    except ses.SESFormatError:
        text = gettext("These bytes are not an electronic seal signature (GB/T 38540).")
        return _verdict(messages=[text], verdict=text)
    except DomainError:
        text = gettext("The seal that made this signature is not one of the platform's seals.")
        return _verdict(messages=[text], verdict=text)
    facts = _seal_facts(seal.seseal_der)
    signature_valid = _signature_holds(
        facts, seal.cert_der, seal.cert_digest,
        lambda key: key.verify_digest(parts.signature, _tbs_digest(key, seal, parts.tail)),
    )  # fmt: skip
    data_matches = _sm3(bytes(data)) == parts.data_hash
    return _judged(facts, seal.cert_digest, signature_valid, data_matches, parts.signed_at)


def _tbs_digest(key: sm2.PublicKey, seal: _SealParts, tail: bytes) -> bytes:
    """SM3(Z || TBS_Sign) for a TBS_Sign around this seal's SESeal ending in `tail`, from the hash state after the
    part every such TBS_Sign shares (one per seal and tail length: the header holds the length)."""
    state = _HEAD_CACHE.get((seal.cert_digest, seal.seseal_der, len(tail)))
    if state is None:
        state = key.hasher(sm2.DEFAULT_ID)
        state.update(ses.tbs_sign_head(seal.seseal_der, len(tail)))
        _remember(_HEAD_CACHE, (seal.cert_digest, seal.seseal_der, len(tail)), state)
    state = state.copy()
    state.update(tail)
    return state.digest()


_HEAD_CACHE: dict[tuple[bytes, bytes, int], Any] = {}  # (certificate SM3, SESeal, tail length) -> SM3 state


def _verify_parsed(parsed: ses.ParsedSignature, data: bytes) -> SealVerdict:
    facts = _seal_facts(parsed.seseal_der)
    cert_digest = _sm3(parsed.signer_cert_der)
    signature_valid = parsed.signature_alg == ses.SM2_WITH_SM3 and _signature_holds(
        facts, parsed.signer_cert_der, cert_digest, lambda key: key.verify(parsed.signature, parsed.to_sign_der)
    )
    return _judged(facts, cert_digest, signature_valid, _sm3(bytes(data)) == parsed.data_hash, parsed.signed_at)


def _signature_holds(facts: _SealFacts, cert_der: bytes, cert_digest: bytes, check) -> bool:
    """The seal is sound (its maker signed it), the signer's certificate is the seal's own, and `check(key)` holds
    with that certificate's key; a malformed key or value is a signature that does not hold."""
    if not facts.sound or facts.seal_cert_der != cert_der:
        return False
    try:
        return bool(check(_cert_key(cert_der, cert_digest)))
    except (ValueError, TypeError, sm2.SM2Error):
        return False


def _judged(
    facts: _SealFacts, cert_digest: bytes, signature_valid: bool, data_matches: bool, signed_at: dt.datetime
) -> SealVerdict:
    """The verdict once the signature is checked: the seal's status now and when it signed."""
    base = {
        "signature_valid": signature_valid,
        "data_matches": data_matches,
        "seal_code": facts.es_id,
        "seal_name": facts.name,
        "signed_at": signed_at,
    }
    row = _seal_state(facts.es_id, cert_digest) if facts.es_id else None
    if (
        row is None
        or row["certificate_sm3"] != cert_digest.hex()
        or row["maker_certificate_sm3"] != facts.maker_cert_sm3.hex()
    ):
        text = gettext("The seal that made this signature is not one of the platform's seals.")
        return _verdict(**(base | {"signature_valid": False}), messages=[text], verdict=text)
    status, since = row["status"], row["status_since"]
    revoked = status in REVOKED_STATUSES
    in_window = row["valid_from"] <= signed_at <= row["valid_until"]
    stopped_before = status != SealStatus.ACTIVE and since <= signed_at
    valid_at_signing = in_window and not stopped_before
    if not signature_valid:
        verdict = gettext("The signature is not valid: it was not made by this seal, or it was altered.")
    elif not data_matches:
        verdict = gettext("The file has been changed since it was sealed.")
    elif status == SealStatus.LOST:
        verdict = gettext("The seal was reported lost; its signatures cannot be trusted.")
    elif not in_window:
        verdict = gettext("The seal was outside its validity when this was sealed.")
    elif stopped_before and status == SealStatus.CANCELLED:
        verdict = gettext("The seal had been cancelled when this was sealed.")
    elif stopped_before:
        verdict = gettext("The seal had been suspended when this was sealed.")
    else:
        verdict = gettext("The seal signature is valid.")
    ok = signature_valid and data_matches and valid_at_signing and status != SealStatus.LOST
    messages = [verdict]
    if status != SealStatus.ACTIVE:
        when = timezone.localtime(since).strftime("%Y-%m-%d %H:%M")
        if status == SealStatus.LOST:
            messages.append(gettext("The seal was reported lost on %(when)s.") % {"when": when})
        elif ok and status == SealStatus.CANCELLED:
            text = gettext("The seal has been cancelled since %(when)s; it was valid when this was sealed.")
            messages.append(text % {"when": when})
        elif ok:
            text = gettext("The seal has been suspended since %(when)s; it was valid when this was sealed.")
            messages.append(text % {"when": when})
    return _verdict(
        **base,
        ok=ok,
        organisation_name=row["organisation_name"],
        department_id=row["department_id"],
        seal_status=status,
        seal_valid_at_signing=valid_at_signing,
        revoked=revoked,
        revoked_since=since if revoked else None,
        messages=messages,
        verdict=verdict,
    )


def verify_seal_raw(*, seal_code: str, data: bytes, signature: bytes) -> bool:
    """True iff `signature` is the seal's plain DER SM2 signature of `data` (id 1234567812345678); writes nothing.
    Says nothing of the seal's status: ask `seal_by_code` for that."""
    row = Seal.objects.filter(code=seal_code).values_list("certificate_sm3", "certificate_pem").first()
    if row is None:
        return False
    digest = bytes.fromhex(row[0])
    key = _KEY_CACHE.get(digest) or _cert_key(certs.from_pem(row[1]), digest)
    return key.verify(bytes(signature), bytes(data), id=sm2.DEFAULT_ID)
