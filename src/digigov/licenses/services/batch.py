"""Issuing many licences at once (R6.1): an Excel batch of a department (template, upload, background job with a
progress bar, all or nothing with cell-addressed Chinese errors) and the demo's 100,000 licences.

`issue_bulk` checks every row as `issuance.issue` does, then seals all of them with one unsealing of the seal's key
(`signing.api.seal_sign_batch`) and writes them with `bulk_create`, in one transaction: either every licence of the
batch exists, or none. The ledger gets one entry for the batch (type, count, source), not one per licence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import ledger, spreadsheets
from digigov.core.errors import DomainError, FieldErrors
from digigov.core.rules import rule
from digigov.core.spreadsheets import Column
from digigov.licenses import identifiers, qr, snapshot
from digigov.licenses.choices import IssueSource, VersionKind
from digigov.licenses.models import Licence, LicenceType, LicenceVersion
from digigov.licenses.services import issuance
from digigov.licenses.services.issuance import Checked

CHUNK = 1000  # rows sealed and written per round: bounded memory, one bulk INSERT per table and round

COMMON_COLUMNS = [
    Column("holder_name", gettext_lazy("Holder (licence)"), required=True),
    Column("holder_code", gettext_lazy("Holder's code"), required=True),
    Column("number", gettext_lazy("Licence number"), required=True),
    Column("issued_on", gettext_lazy("Date of issue"), parse=spreadsheets.date_cell, required=True),
    Column("valid_from", gettext_lazy("Valid from (licence)"), parse=spreadsheets.date_cell, required=True),
    Column("valid_until", gettext_lazy("Valid until (empty: by the type)"), parse=spreadsheets.date_cell),
]


def _progress_none(done: int, total: int | None = None, **_kwargs) -> None:
    pass


def columns(licence_type: LicenceType) -> list[Column]:
    """The template's columns: the common ones, then each item of the type (its label; * marks a required one)."""
    own = [
        Column(f"data.{item['key']}", item["label"] + ("*" if item.get("required") else ""))
        for item in licence_type.items
    ]
    return [*COMMON_COLUMNS, *own]


def template(licence_type: LicenceType) -> bytes:
    """An empty workbook with the batch's header row (and one example row of the common columns' formats)."""
    cols = columns(licence_type)
    headers = [str(c.header) for c in cols]
    return spreadsheets.write_xlsx(headers, [], title=licence_type.name[:31])


def _row_input(row: dict) -> dict:
    data = dict(row.get("data") or {})
    for key, value in row.items():
        if key.startswith("data."):
            data[key[5:]] = value
    return {
        "holder_kind": row.get("holder_kind"),
        "holder_name": row.get("holder_name"),
        "holder_code": row.get("holder_code"),
        "number": row.get("number"),
        "issued_on": row.get("issued_on"),
        "valid_from": row.get("valid_from"),
        "valid_until": row.get("valid_until"),
        "data": data,
    }


def check_rows(
    licence_type: LicenceType,
    rows: list[dict],
    *,
    today: dt.date,
    report: Callable[[int, str, str], None],
    progress: Callable[..., None] = _progress_none,
) -> list[Checked]:
    """Every row checked (`report(index, field, message)` for each problem); numbers unique in the batch and the
    type. Returns the checked rows when no problem was reported."""
    checked: list[Checked] = []
    seen: dict[str, int] = {}
    total = len(rows)
    for index, row in enumerate(rows):
        errors = FieldErrors()
        values = issuance.check(licence_type=licence_type, errors=errors, today=today, **_row_input(row))
        for field, messages in errors.fields.items():
            for message in messages:
                report(index, field, str(message))
        number = str(row.get("number") or "").strip()
        if number in seen:
            message = _("The number %(no)s is also in row %(row)s.") % {"no": number, "row": seen[number] + 1}
            report(index, "number", message)
        elif number:
            seen[number] = index
        if values is not None:
            checked.append(values)
        if (index + 1) % 500 == 0 or index + 1 == total:
            progress(index + 1, total)
    numbers = list(seen)
    for start in range(0, len(numbers), 500):
        taken = Licence.objects.filter(licence_type=licence_type, number__in=numbers[start : start + 500])
        for number in taken.values_list("number", flat=True):
            report(seen[number], "number", _("A licence of this type already has the number %(no)s.") % {"no": number})
    return checked


@transaction.atomic
def _issue_checked(
    *,
    actor,
    licence_type: LicenceType,
    rows: list[Checked],
    source: str,
    source_ref: str,
    progress,
    sign_qr: bool = True,
) -> int:
    issuer = licence_type.issuer
    seal = issuance._seal(issuer)
    creator = issuance._person(actor)
    total = len(rows)
    for start in range(0, total, CHUNK):
        chunk = rows[start : start + CHUNK]
        licences, shots = [], []
        for values in chunk:
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
                holder_kind=values.holder_kind,
                holder_name=values.holder_name,
                holder_code=values.holder_code,
                number=values.number,
                issued_on=values.issued_on,
                valid_from=values.valid_from,
                valid_until=values.valid_until,
                data=values.data,
            )
            licences.append(licence)
            shots.append(
                snapshot.build(
                    licence_type=licence_type, licence=licence, identifier=licence.identifier, data=values.data
                )
            )
        sealed = issuance.signing.seal_sign_batch(
            actor=actor, seal=seal, items=[snapshot.canonical(s) for s in shots], purpose=issuance.SEAL_PURPOSE
        )
        seal_code = sealed[0].seal_code if sealed else ""
        if sign_qr:
            qr_signatures = qr_sign_batch(actor=actor, seal=seal, shots=shots, seal_code=seal_code)
        else:  # signed at the first showing (issuance.qr_signature_ensure)
            qr_signatures = [b""] * len(shots)
        Licence.objects.bulk_create(licences, batch_size=CHUNK)
        if any(licence.pk is None for licence in licences):  # a backend that does not return keys
            by_identifier = dict(
                Licence.objects.filter(identifier__in=[lc.identifier for lc in licences]).values_list(
                    "identifier", "pk"
                )
            )
            for licence in licences:
                licence.pk = by_identifier[licence.identifier]
        versions = [
            LicenceVersion(
                licence_id=licence.pk,
                version=1,
                identifier=licence.identifier,
                kind=VersionKind.ISSUED,
                snapshot=shot,
                seal_code=seal_signature.seal_code,
                signature=issuance.signing.seal_signature_compact(seal_signature),
                qr_signature=qr_signature,
                created_by=creator,
            )
            for licence, shot, seal_signature, qr_signature in zip(licences, shots, sealed, qr_signatures, strict=True)
        ]
        LicenceVersion.objects.bulk_create(versions, batch_size=CHUNK)
        progress(start + len(chunk), total)
    ledger.record(
        action="licenses.issued_batch",
        actor=actor,
        organisation=issuer,
        obj=licence_type,
        after={
            "count": total,
            "type_code": licence_type.code,
            "source": IssueSource(source).label,
            "source_ref": source_ref,
        },
    )
    return total


def qr_sign_batch(*, actor, seal, shots: list[dict], seal_code: str) -> list[bytes]:
    """The QR texts' plain SM2 signatures of one chunk: one unsealing of the key and one ledger entry."""
    return issuance.signing.seal_sign_raw_batch(
        actor=actor,
        seal=seal,
        items=[qr.signed_text(shot, seal_code=seal_code) for shot in shots],
        purpose=issuance.QR_PURPOSE,
    )


def issue_bulk(
    *,
    actor,
    licence_type: LicenceType,
    rows: Iterable[dict],
    source: str = IssueSource.BATCH,
    source_ref: str = "",
    today: dt.date | None = None,
    progress: Callable[..., None] = _progress_none,
    sign_qr: bool = True,
) -> int:
    """Issue every row or none (R6.1); returns how many. A row is a dict of `issue`'s fields (`data` a dict, or
    its items as `data.<key>`). A refusal names each problem as `rows.<n>.<field>` (n from 1).

    `sign_qr=False` (a bulk load such as the demo's 100,000) leaves the QR signatures to be made when a licence is
    first shown (`issuance.qr_signature_ensure`): about four times faster."""
    issuance._require_issuer(actor, licence_type)
    if not licence_type.is_active:
        raise DomainError(_("This licence type is no longer in use."))
    rows = list(rows)
    errors = FieldErrors()
    if source not in IssueSource.values:
        errors.add("source", _("Unknown way of issuing."))
    if not rows:
        errors.add("rows", _("The batch has no licence."))
    if len(rows) > rule("licenses.batch_max_rows"):
        errors.add("rows", _("A batch has at most %(n)s licences.") % {"n": rule("licenses.batch_max_rows")})
    errors.check_lengths(Licence, {"source_ref": source_ref})
    errors.raise_if_any()

    def report(index: int, field: str, message: str) -> None:
        errors.add(f"rows.{index + 1}.{field}", message)

    checked = check_rows(licence_type, rows, today=today or timezone.localdate(), report=report)
    errors.raise_if_any(
        _("Nothing was issued: %(n)s problems in the rows.") % {"n": sum(len(m) for m in errors.fields.values())}
    )
    return _issue_checked(
        actor=actor,
        licence_type=licence_type,
        rows=checked,
        source=source,
        source_ref=source_ref,
        progress=progress,
        sign_qr=sign_qr,
    )


def import_file(
    *,
    actor,
    licence_type: LicenceType,
    data: bytes,
    filename: str | None = None,
    source_ref: str = "",
    progress: Callable[..., None] = _progress_none,
) -> int:
    """An Excel batch (the type's template filled in): every bad cell named (C7 + Chinese reason), else all issued."""
    issuance._require_issuer(actor, licence_type)
    progress(0, None, stage=_("Reading the file"))
    table = spreadsheets.parse(
        data,
        columns(licence_type),
        max_mb=rule("licenses.import_max_mb"),
        filename=filename,
        max_rows=rule("licenses.batch_max_rows") + 1,
        progress=lambda d, t: progress(d, t, stage=_("Reading the file")),
    )
    if not table.rows:
        raise DomainError(_("The file has no licence below its header row."))
    if len(table.rows) > rule("licenses.batch_max_rows"):
        raise DomainError(_("A batch has at most %(n)s licences.") % {"n": rule("licenses.batch_max_rows")})
    keys = {c.key for c in columns(licence_type)}
    unreadable = {e.cell for e in table.errors.all()}  # empty where required, or not a date: said once is enough

    def report(index: int, field: str, message: str) -> None:
        row = table.rows[index]
        key = field if field in keys else "holder_name"
        if row.ref(key) not in unreadable:
            row.error(key, message)

    checked = check_rows(
        licence_type,
        [row.values for row in table.rows],
        today=timezone.localdate(),
        report=report,
        progress=lambda d, t: progress(d, t, stage=_("Checking rows")),
    )
    table.errors.raise_if_any()
    progress(0, len(checked), stage=_("Sealing and saving"))
    return _issue_checked(
        actor=actor,
        licence_type=licence_type,
        rows=checked,
        source=IssueSource.BATCH,
        source_ref=source_ref,
        progress=progress,
    )


def import_check(*, actor, licence_type: LicenceType, upload) -> bytes:
    """What an upload is refused for at once: the right to issue this type, the file's size and real type."""
    issuance._require_issuer(actor, licence_type)
    if not licence_type.is_active:
        raise DomainError(_("This licence type is no longer in use."))
    return spreadsheets.check_upload(upload, max_mb=rule("licenses.import_max_mb"), formats=(spreadsheets.XLSX,))
