"""Excel import and export of the three lists (R1.3): Chinese headers out; every bad row reported, all or nothing in.

Columns (import and export; export adds state columns after them):
  responsibility  责任部门 | 资源名称 | 信息项 | 职责依据 | 完成时限
  demand          需求部门 | 所需数据 | 信息项 | 用途 | 依据 | 预期提供部门
  negative        部门 | 资源名称 | 信息项 | 依据类型 | 法律依据
"""

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog.choices import LegalBasisKind
from digigov.catalog.models import DemandEntry, NegativeEntry, ResponsibilityEntry
from digigov.catalog.permissions import EDITORS, is_operator, require_operator
from digigov.catalog.selectors import demand_list, negative_list, responsibility_list, responsibility_state
from digigov.catalog.services.lists import REQUESTERS, organisation_by_name
from digigov.core import ledger, spreadsheets
from digigov.core.errors import DomainError, FieldErrors, PermissionDeniedError
from digigov.core.permissions import acting_organisation, can
from digigov.core.rules import rule
from digigov.core.spreadsheets import Column, ImportRejectedError, Row

KINDS = ("responsibility", "demand", "negative")
FORMATS = ("xlsx", "csv")
MAX_ROWS = 10_000
_ORG, _NAME, _ITEMS = "organisation", "resource_name", "items"
COLUMNS = {
    "responsibility": [
        Column(_ORG, gettext_lazy("Responsible department"), required=True),
        Column(_NAME, gettext_lazy("Resource name"), required=True),
        Column(_ITEMS, gettext_lazy("Information items")),
        Column("duty_basis", gettext_lazy("Basis of the duty")),
        Column("due_date", gettext_lazy("Due date"), parse=spreadsheets.date_cell, required=True),
    ],
    "demand": [
        Column(_ORG, gettext_lazy("Requesting department"), required=True),
        Column(_NAME, gettext_lazy("Data needed"), required=True),
        Column(_ITEMS, gettext_lazy("Information items")),
        Column("purpose", gettext_lazy("Purpose"), required=True),
        Column("basis", gettext_lazy("Basis")),
        Column("provider", gettext_lazy("Expected provider")),
    ],
    "negative": [
        Column(_ORG, gettext_lazy("Department"), required=True),
        Column(_NAME, gettext_lazy("Resource name"), required=True),
        Column(_ITEMS, gettext_lazy("Information items")),
        Column(
            "legal_basis_kind",
            gettext_lazy("Kind of legal basis"),
            parse=spreadsheets.choice_cell(LegalBasisKind),
            required=True,
        ),
        Column("legal_basis", gettext_lazy("Legal basis"), required=True),
    ],
}
TITLES = {
    "responsibility": gettext_lazy("Responsibility list"),
    "demand": gettext_lazy("Demand list"),
    "negative": gettext_lazy("Negative list"),
}
__all__ = [
    "FORMATS",
    "KINDS",
    "TITLES",
    "ImportRejectedError",
    "list_export",
    "list_import",
    "list_import_check",
    "list_parse",
    "list_save",
]


def list_parse(
    *,
    actor,
    kind: str,
    data: bytes,
    filename: str | None = None,
    progress: Callable[..., None] | None = None,
) -> list:
    """Read an xlsx file into unsaved entries of one list, or raise ImportRejectedError naming every bad cell.

    Checks the file (rule catalog.import_max_mb, a real .xlsx), the header, each cell's type, the departments
    named and the actor's right to list entries for them, and duplicates within the file and against the list.
    """
    if kind == "responsibility":
        require_operator(actor)
    report = progress or _no_progress
    report(0, None, stage=_("Reading the file"))
    table = spreadsheets.parse(
        data,
        COLUMNS[kind],
        max_mb=rule("catalog.import_max_mb"),
        filename=filename,
        max_rows=MAX_ROWS,
        progress=lambda done, total: report(done, total, stage=_("Reading rows")),
    )
    orgs: dict = {}
    seen: set = set()
    pending = []
    checking = _("Checking departments and duplicates")
    for done, row in enumerate(table.rows, start=1):
        report(done, len(table.rows), stage=checking)
        org = organisation_by_name(row[_ORG], orgs) if row[_ORG] else None
        if row[_ORG] and org is None:
            row.error(_ORG, _("No department is named “%(name)s”.") % {"name": row[_ORG]})
        elif org is not None and not _may_import(actor, kind, org):
            row.error(_ORG, _("You may not import entries for “%(name)s”.") % {"name": row[_ORG]})
        key = (org.pk if org else None, row[_NAME])
        if kind != "demand" and org is not None and row[_NAME]:
            model = ResponsibilityEntry if kind == "responsibility" else NegativeEntry
            if key in seen or model.objects.filter(organisation=org, resource_name=row[_NAME]).exists():
                row.error(_NAME, _("“%(name)s” is already listed for this department.") % {"name": row[_NAME]})
        seen.add(key)
        entry = _build(kind, row, org, orgs, actor)
        too_long = FieldErrors()
        too_long.check_lengths(type(entry), {column.key: row[column.key] for column in COLUMNS[kind]})
        for column_key, messages in too_long.fields.items():
            row.error(column_key, messages[0])
        if row.ok:
            pending.append(entry)
    table.errors.raise_if_any()
    return pending


@transaction.atomic
def list_save(*, actor, kind: str, entries: list) -> int:
    """Save the entries list_parse made, all in one transaction, and record the import (R0.4)."""
    for entry in entries:
        entry.save()
    ledger.record(
        action=f"catalog.{kind}.imported",
        actor=actor,
        organisation=acting_organisation(actor),
        object_type=f"catalog.{kind}",
        after={"rows": len(entries)},
    )
    return len(entries)


def list_import(
    *,
    actor,
    kind: str,
    data: bytes,
    filename: str | None = None,
    progress: Callable[..., None] | None = None,
) -> int:
    """Import the rows of an xlsx file into one list, all or nothing; returns how many entries were created.

    With the upload's `filename`, a renamed file is named as such ("named .xlsx but not an Excel workbook").
    The reading and checking run outside any transaction, so a job's progress shows; list_save is the one write.
    """
    entries = list_parse(actor=actor, kind=kind, data=data, filename=filename, progress=progress)
    if progress is not None:
        progress(0, len(entries), stage=_("Saving rows"))
    return list_save(actor=actor, kind=kind, entries=entries)


def list_import_check(*, actor, kind: str, upload) -> bytes:
    """What a list import can be refused for at once, in the request (before a job reads the rows): the kind, the
    right to import it, the file's size and real type. Returns the file's bytes."""
    if kind not in KINDS:
        raise DomainError(code="not_found")
    if kind == "responsibility":
        require_operator(actor)
    return spreadsheets.check_upload(upload, max_mb=rule("catalog.import_max_mb"), formats=(spreadsheets.XLSX,))


def _no_progress(done: int, total: int | None = None, **_kwargs) -> None:
    pass


def _may_import(actor, kind, org) -> bool:
    if is_operator(actor):
        return True
    return can(actor, REQUESTERS if kind == "demand" else EDITORS, org)


def _build(kind, row: Row, org, orgs, actor):
    common = {"resource_name": row[_NAME], "items": row[_ITEMS]}
    if kind == "responsibility":
        return ResponsibilityEntry(organisation=org, duty_basis=row["duty_basis"], due_date=row["due_date"], **common)
    if kind == "demand":
        provider = organisation_by_name(row["provider"], orgs) if row["provider"] else None
        if row["provider"] and provider is None:
            row.error("provider", _("No department is named “%(name)s”.") % {"name": row["provider"]})
        return DemandEntry(
            requester=org, purpose=row["purpose"], basis=row["basis"], provider=provider, created_by=actor, **common
        )
    return NegativeEntry(
        organisation=org, legal_basis_kind=row["legal_basis_kind"] or "", legal_basis=row["legal_basis"], **common
    )


STATE_LABELS = {
    "fulfilled": gettext_lazy("Fulfilled"),
    "overdue": gettext_lazy("Overdue"),
    "open": gettext_lazy("Not yet due"),
}


@transaction.atomic
def list_export(*, actor, kind: str, fmt: str = "xlsx") -> bytes:
    """The list as the actor may see it, as xlsx or CSV (UTF-8 with BOM, for Excel) with Chinese headers; the export
    is recorded (R0.4). Text a spreadsheet would evaluate (=, +, -, @) is written as text, never as a formula."""
    if kind not in KINDS or fmt not in FORMATS:
        raise DomainError(code="not_found")
    if not actor or not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError()
    headers = [str(c.header) for c in COLUMNS[kind]]
    rows: list[list[object]]
    if kind == "responsibility":
        headers += [_("State"), _("Fulfilled by")]
        rows = [
            [e.organisation.name, e.resource_name, e.items, e.duty_basis, e.due_date]
            + [str(STATE_LABELS[responsibility_state(e)]), e.resource.code if e.resource else ""]
            for e in responsibility_list(actor=actor)
        ]
    elif kind == "demand":
        headers += [_("Status"), _("Matched resource"), _("Provider's response"), _("Response deadline")]
        rows = [
            [e.requester.name, e.resource_name, e.items, e.purpose, e.basis, e.provider.name if e.provider else ""]
            + [e.get_status_display(), e.resource.code if e.resource else "", e.response, e.response_deadline]
            for e in demand_list(actor=actor)
        ]
    else:
        headers += [_("Catalogue resource")]
        rows = [
            [
                e.organisation.name,
                e.resource_name,
                e.items,
                e.get_legal_basis_kind_display(),
                e.legal_basis,
                e.resource.code if e.resource else "",
            ]
            for e in negative_list(actor=actor)
        ]
    ledger.record(
        action=f"catalog.{kind}.exported",
        actor=actor,
        organisation=acting_organisation(actor),
        object_type=f"catalog.{kind}",
        after={"rows": len(rows), "format": fmt},
    )
    if fmt == "csv":
        return spreadsheets.write_csv(headers, rows)
    return spreadsheets.write_xlsx(headers, rows, title=str(TITLES[kind]))
