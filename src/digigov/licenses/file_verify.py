"""Anyone verifies a licence (issue #12 item 5): an uploaded PDF or OFD, or the text of its 亮证 QR code.

The checks, in the order a verdict is decided:

1. the file is what its content says (PDF or OFD; core.uploads: size rule, real type, zip directory bounds);
2. it carries our seal signature: the PDF's /ByteRange + /Contents, or the OFD's Signature.xml + SignedValue.dat;
3. the protected bytes are unchanged: the PDF's ranges cover the whole file, the OFD's References match every file
   (and no file was added), and SM3 of the protected bytes is the signature's dataHash;
4. the seal's SM2 signature over TBS_Sign holds and the seal was valid when it signed (`signing`);
5. the licence's standing today, found by the identifier inside the protected bytes: revoked or cancelled, replaced
   by a newer version, expired (valid_until before today), or its seal since reported lost or cancelled.

One plain Chinese verdict comes out (证照真实有效, 文件已被篡改, 证照已吊销 …) with the details a verifier may see:
the document's own face, the holder's code masked as on the QR. A known licence's verification is a use
(`LicenceUse`, kind VERIFIED) its holder sees in the wallet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import hotsql, ledger, uploads
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation, is_staff_member
from digigov.core.rules import rule
from digigov.licenses import identifiers, ofd, pdf, qr, snapshot
from digigov.licenses.choices import LicenceStatus, UseKind
from digigov.licenses.models import Licence, LicenceUse, LicenceVersion
from digigov.signing import api as signing

# Outcome codes (stable: the API returns them; the verdict text is for people).
VALID = "valid"
TAMPERED = "tampered"
BAD_SIGNATURE = "bad_signature"
NOT_SIGNED = "not_signed"
SEAL_INVALID = "seal_invalid"
UNKNOWN = "unknown"
REVOKED = "revoked"
CANCELLED = "cancelled"
SUPERSEDED = "superseded"
EXPIRED = "expired"
SEAL_MISMATCH = "seal_mismatch"


@dataclass
class FileVerdict:
    """What a verifier is told: `ok` only when the licence is genuine and in force today."""

    ok: bool
    outcome: str
    verdict: str  # one plain Chinese sentence
    kind: str  # pdf, ofd, qr
    signature_valid: bool = False
    data_intact: bool = False
    identifier: str = ""
    licence_name: str = ""
    holder_name: str = ""
    holder_code: str = ""  # masked
    issuer_name: str = ""
    issued_on: str = ""
    valid_until: str = ""
    version: int | None = None
    current_version: int | None = None
    status: str = ""  # the licence's status label today
    seal_code: str = ""
    seal_name: str = ""
    seal_verdict: str = ""
    signed_at: str = ""
    use: str = ""  # a copy for one use: what the watermark says
    messages: list[str] = field(default_factory=list)

    def details(self) -> list[tuple[str, str]]:
        """(label, value) rows for the page, in reading order, without empty ones."""
        rows = [
            (_("Licence name (verified)"), self.licence_name),
            (_("Holder (verified licence)"), self.holder_name),
            (_("Holder code, masked"), self.holder_code),
            (_("Issuing department (verified licence)"), self.issuer_name),
            (_("Date of issue (verified licence)"), self.issued_on),
            (_("Valid until (verified licence)"), self.valid_until),
            (_("Identifier (verified licence)"), self.identifier),
            (_("Version verified"), str(self.version or "")),
            (_("Licence status today"), self.status),
            (_("Seal that sealed the licence"), " ".join(p for p in (self.seal_name, self.seal_code) if p)),
            (_("Sealed at (licence)"), self.signed_at),
            (_("Copy for one use"), self.use),
        ]
        return [(str(label), value) for label, value in rows if value]


def eseal_of(der: bytes) -> bytes:
    """The SESeal (印章数据) inside a DER SES_Signature: TBS_Sign's second element (GB/T 38540 v4)."""
    from asn1crypto import core

    return core.Sequence.load(der)[0][1].dump()


def _masked(code: str) -> str:
    return qr.mask(code) if code else ""


def _today() -> dt.date:
    return timezone.localdate()


def _refused(kind: str, outcome: str, verdict: str, **extra) -> FileVerdict:
    return FileVerdict(ok=False, outcome=outcome, verdict=verdict, kind=kind, **extra)


def verify_file(data: bytes, *, actor=None) -> FileVerdict:
    """The verdict on an uploaded licence file (PDF or OFD, recognised by content). Raises UploadError (Chinese,
    at the field `file`) for anything else, an oversized file or a zip bomb."""
    kind = uploads.check_upload(
        data, filename=None, kinds=(uploads.PDF, uploads.OFD), max_mb=rule("licenses.verify_max_mb")
    )
    if kind == uploads.PDF:
        try:
            found = pdf.read_signature(data)
        except pdf.PdfSignatureError:
            return _refused(kind, NOT_SIGNED, _("No electronic seal was found in this file: it cannot be verified."))
        intact = found.covers_whole_file
        der, protected = found.der, found.protected
        identifier, use = found.info.get("LicenceIdentifier", ""), found.info.get("LicenceUse", "")
        messages = [] if intact else [_("Bytes were added to or changed in the file after it was sealed.")]
    else:
        try:
            found_ofd = ofd.read_signature(data)
        except ofd.OfdError:
            return _refused(kind, NOT_SIGNED, _("No electronic seal was found in this file: it cannot be verified."))
        intact = (
            not found_ofd.mismatched
            and not found_ofd.unprotected
            and found_ofd.check_method in (ofd.SM3_CHECK_METHOD, "SM3")
        )
        messages = [_("Changed file in the package: %(path)s") % {"path": p} for p in found_ofd.mismatched]
        messages += [_("File added after sealing: %(path)s") % {"path": p} for p in found_ofd.unprotected]
        der, protected, identifier, use = found_ofd.der, found_ofd.signature_xml, found_ofd.identifier, ""
        try:
            if found_ofd.seal_file and found_ofd.seal_file != eseal_of(der):
                intact = False
                messages.append(_("The seal file does not match the seal inside the signature."))
        except (ValueError, TypeError, IndexError):
            intact = False
    return _judge(kind, der=der, protected=protected, intact=intact, identifier=identifier, use=use,
                  messages=messages, actor=actor, purpose=_("Licence file verified"))  # fmt: skip


def _judge(
    kind, *, der, protected, intact, identifier, use, messages, actor, purpose, record=True, held=None, seal=None
) -> FileVerdict:
    try:
        seal = seal or signing.verify_seal_signature(der, protected)
    except (ValueError, TypeError):
        return _refused(kind, BAD_SIGNATURE, _("The electronic seal in this file is damaged: it cannot be verified."))
    verdict = FileVerdict(
        ok=False,
        outcome=VALID,
        verdict="",
        kind=kind,
        signature_valid=bool(seal.signature_valid),
        data_intact=bool(intact and seal.data_matches),
        identifier=identifier,
        seal_code=seal.seal_code or "",
        seal_name=seal.seal_name or "",
        seal_verdict=seal.verdict or "",
        signed_at=_when(seal.signed_at),
        use=use,
        messages=[*messages, *(str(m) for m in (seal.messages or [])[1:])],  # [0] is its verdict
    )
    if not seal.signature_valid:
        verdict.outcome, verdict.verdict = BAD_SIGNATURE, _("The seal's signature does not verify: not genuine.")
        return verdict
    if not verdict.data_intact:
        verdict.outcome, verdict.verdict = TAMPERED, _("The file has been tampered with after it was sealed.")
        return verdict
    if not seal.ok:
        verdict.outcome = SEAL_INVALID
        verdict.verdict = seal.verdict or _("The seal was not valid when it sealed this file.")
        return verdict
    if seal.revoked:
        verdict.messages.append(_("The seal has since been withdrawn; it was valid when it sealed this file."))
    return _standing(verdict, seal_department=seal.department_id, actor=actor, purpose=purpose, record=record,
                     held=held)  # fmt: skip


def verify_record(identifier: str, *, actor=None, record: bool = True) -> FileVerdict:
    """The verdict on a licence this platform holds, by its GB/T 36904 identifier: the seal's SES_Signature over the
    version's canonical snapshot (rebuilt from its stored compact form), then its standing, as for a file.
    `record=False` leaves out the use record and its ledger entry (bench/licences.py measures both ways)."""
    held = _held(identifier)
    if held is None or not held.signature:
        return _refused("record", UNKNOWN, _("This platform holds no licence with this identifier."))
    data = snapshot.canonical(held.snapshot)
    seal = signing.verify_compact_seal_signature(held.signature, data)
    if not seal.signature_valid and not seal.seal_code:
        return _refused("record", BAD_SIGNATURE, _("The licence's seal signature is damaged: it cannot be verified."))
    return _judge("record", der=b"", protected=data, intact=True, identifier=held.identifier, use="", messages=[],
                  actor=actor, purpose=_("Licence record verified"), record=record, held=held, seal=seal)  # fmt: skip


def _when(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    return str(value)


class _Held(NamedTuple):
    """What a verification needs of a version this platform holds and of its licence today."""

    version_id: int
    identifier: str
    version: int
    snapshot: dict
    signature: bytes
    licence_id: int
    status: str
    current_version: int
    valid_until: dt.date | None
    issuer_department_id: int


# The app's own tables, no input: one indexed lookup by the unique identifier on every verification (core.hotsql
# prepares it on PostgreSQL); the ORM's query building cost more than the query.
_HELD_SQL = (
    "SELECT v.id, v.identifier, v.version, v.snapshot, v.signature, l.id, l.status, l.version, l.valid_until, "  # noqa: S608
    f"l.issuer_id, o.parent_id FROM {LicenceVersion._meta.db_table} v "
    f"JOIN {Licence._meta.db_table} l ON l.id = v.licence_id "
    f"JOIN {Organisation._meta.db_table} o ON o.id = l.issuer_id WHERE v.identifier = %s"
)


def _held(identifier: str) -> _Held | None:
    rows = hotsql.fetch_all(_HELD_SQL, [(identifier or "").strip()])
    if not rows:
        return None
    version_id, ident, number, snap, signature, licence_id, status, current, valid_until, issuer_id, parent_id = rows[0]
    if isinstance(snap, (str, bytes)):  # the database hands JSON back as text
        snap = json.loads(snap)
    if isinstance(valid_until, str):
        valid_until = dt.date.fromisoformat(valid_until)
    department = issuer_id if parent_id is None else Organisation.objects.get(pk=issuer_id).root().pk
    return _Held(version_id, ident, number, snap, bytes(signature or b""), licence_id, status, current, valid_until,
                 department)  # fmt: skip


def _standing(
    verdict: FileVerdict, *, seal_department: int | None, actor, purpose: str, record: bool = True, held=None
) -> FileVerdict:
    """The licence's standing today, by the identifier the seal signed; a known licence's check is recorded."""
    if held is None or held.identifier != verdict.identifier:
        held = _held(verdict.identifier) if identifiers.parse(verdict.identifier) else None
    if held is None:
        verdict.outcome = UNKNOWN
        verdict.verdict = _("The seal is genuine, but this platform holds no licence with this identifier.")
        return verdict
    snap = held.snapshot
    verdict.licence_name = snap.get("licence_name", "")
    verdict.holder_name = snap.get("holder_name", "")
    verdict.holder_code = _masked(snap.get("holder_code", ""))
    verdict.issuer_name = snap.get("issuer_name", "")
    verdict.issued_on = snap.get("issued_on", "")
    verdict.valid_until = snap.get("valid_until", "")
    verdict.version, verdict.current_version = held.version, held.current_version
    verdict.status = str(LicenceStatus(held.status).label)
    if seal_department is None or seal_department != held.issuer_department_id:
        verdict.outcome = SEAL_MISMATCH
        verdict.verdict = _("The file was sealed with another seal than the one that issued this licence.")
    elif held.status == LicenceStatus.REVOKED:
        verdict.outcome, verdict.verdict = REVOKED, _("The licence has been revoked.")
    elif held.status == LicenceStatus.CANCELLED:
        verdict.outcome, verdict.verdict = CANCELLED, _("The licence has been cancelled.")
    elif held.version < held.current_version:
        verdict.outcome = SUPERSEDED
        verdict.verdict = _("A newer version of this licence exists: ask for the current one.")
    elif held.valid_until is not None and held.valid_until < _today():
        verdict.outcome, verdict.verdict = EXPIRED, _("The licence has expired.")
    else:
        verdict.ok, verdict.outcome, verdict.verdict = True, VALID, _("The licence is genuine and valid.")
    if record:
        _record(held, actor=actor, purpose=purpose, verdict=verdict)
    return verdict


@transaction.atomic
def _record(held: _Held, *, actor, purpose: str, verdict: FileVerdict) -> None:
    """The check as a use of the licence: by a staff member (their organisation), a department's system (its
    organisation, named in the ledger) or anonymous."""
    system = getattr(actor, "is_system", False)
    staff = not system and actor is not None and getattr(actor, "is_authenticated", False) and is_staff_member(actor)
    if staff:
        organisation = acting_organisation(actor)
        organisation_id = organisation.pk if organisation is not None else None
    else:
        organisation_id = actor.organisation_id if system else None
    LicenceUse.objects.create(
        licence_id=held.licence_id,
        version=held.version,
        kind=UseKind.VERIFIED,
        user=actor if staff else None,
        organisation_id=organisation_id,
        user_name=actor.get_username() if staff or system else "",
        purpose=str(purpose),
    )
    ledger.record(
        action="licenses.verified",
        actor=actor if staff or system else None,
        organisation=organisation_id,
        object_type=LicenceVersion._meta.label_lower,
        object_id=held.version_id,
        after={"identifier": held.identifier, "outcome": verdict.outcome, "channel": verdict.kind},
    )


def verify_qr(parameter: str, *, actor=None) -> FileVerdict:
    """The verdict on a scanned 亮证 QR: the `p` parameter (or the whole address a scanner typed). The seal's raw
    SM2 signature over the QR text must hold; then the licence's standing as for a file."""
    text = (parameter or "").strip()
    if "p=" in text:
        text = text.split("p=", 1)[1].split("&", 1)[0]
    payload = qr.decode(text)
    if payload is None:
        return _refused("qr", NOT_SIGNED, _("This is not the QR code of an electronic licence of this platform."))
    valid = signing.verify_seal_raw(seal_code=payload.seal_code, data=payload.text, signature=payload.signature)
    verdict = FileVerdict(
        ok=False,
        outcome=VALID,
        verdict="",
        kind="qr",
        signature_valid=bool(valid),
        data_intact=bool(valid),
        identifier=payload.identifier,
        licence_name=payload.licence_name,
        holder_name=payload.holder_name,
        holder_code=payload.holder_code,
        issuer_name=payload.issuer_name,
        issued_on=payload.issued_on,
        valid_until=payload.valid_until,
        seal_code=payload.seal_code,
    )
    if not valid:
        verdict.outcome = BAD_SIGNATURE
        verdict.verdict = _("The QR code's signature does not verify: it was altered or not made by the issuer.")
        return verdict
    seal = signing.seal_by_code(payload.seal_code)
    verdict.seal_name = seal.name if seal is not None else ""
    if seal is not None and seal.status == signing.SealStatus.LOST:
        verdict.outcome = SEAL_INVALID
        verdict.verdict = _("The seal was reported lost; its signatures cannot be trusted.")
        return verdict
    department = seal.organisation.root().pk if seal is not None else None
    return _standing(verdict, seal_department=department, actor=actor, purpose=_("Licence QR code verified"))
