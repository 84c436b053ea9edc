"""Excel import and export of the three lists (R1.3): Chinese headers out; every bad row reported, all or nothing in.

Columns (import and export; export adds state columns after them):
  responsibility  责任部门 | 资源名称 | 信息项 | 职责依据 | 完成时限
  demand          需求部门 | 所需数据 | 信息项 | 用途 | 依据 | 预期提供部门
  negative        部门 | 资源名称 | 信息项 | 依据类型 | 法律依据
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog.choices import LegalBasisKind
from digigov.catalog.models import DemandEntry, NegativeEntry, ResponsibilityEntry
from digigov.catalog.permissions import EDITORS, is_operator, require_operator
from digigov.catalog.selectors import demand_list, negative_list, responsibility_list, responsibility_state
from digigov.catalog.services.excel import cell_ref, cell_text, read_rows, write
from digigov.catalog.services.lists import REQUESTERS, organisation_by_name
from digigov.core import ledger
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.permissions import acting_organisation, can

KINDS = ("responsibility", "demand", "negative")
COLUMNS = {
    "responsibility": [
        gettext_lazy("Responsible department"),
        gettext_lazy("Resource name"),
        gettext_lazy("Information items"),
        gettext_lazy("Basis of the duty"),
        gettext_lazy("Due date"),
    ],
    "demand": [
        gettext_lazy("Requesting department"),
        gettext_lazy("Data needed"),
        gettext_lazy("Information items"),
        gettext_lazy("Purpose"),
        gettext_lazy("Basis"),
        gettext_lazy("Expected provider"),
    ],
    "negative": [
        gettext_lazy("Department"),
        gettext_lazy("Resource name"),
        gettext_lazy("Information items"),
        gettext_lazy("Kind of legal basis"),
        gettext_lazy("Legal basis"),
    ],
}
REQUIRED = {"responsibility": (0, 1, 4), "demand": (0, 1, 3), "negative": (0, 1, 3, 4)}
TITLES = {
    "responsibility": gettext_lazy("Responsibility list"),
    "demand": gettext_lazy("Demand list"),
    "negative": gettext_lazy("Negative list"),
}


@dataclass
class RowError:
    cell: str
    message: str


class ImportRejectedError(DomainError):
    """Nothing was imported; `rows` lists every problem with its cell (e.g. C5)."""

    code = "import_rejected"

    def __init__(self, errors: list[RowError]):
        self.rows = errors
        fields: dict[str, list[str]] = {}
        for e in errors:
            fields.setdefault(e.cell, []).append(e.message)
        super().__init__(
            _("Nothing was imported: %(n)s problems in the file; correct them and import again.") % {"n": len(errors)},
            fields=fields,
        )


def _header_ok(kind: str, header: list[str]) -> list[RowError]:
    errors = []
    for i, expected in enumerate(COLUMNS[kind]):
        with translation.override("zh-hans"):
            chinese = str(expected)
        english = str(expected._proxy____args[0]) if hasattr(expected, "_proxy____args") else str(expected)
        got = header[i] if i < len(header) else ""
        if got not in (chinese, english, str(expected)):
            errors.append(RowError(cell_ref(i, 1), _("The header should be “%(header)s”.") % {"header": chinese}))
    return errors


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  a calendar date, no time
        except ValueError:
            continue
    return None


def _legal_kind(text: str) -> str | None:
    for value, label in LegalBasisKind.choices:
        with translation.override("zh-hans"):
            chinese = str(label)
        if text in (value, chinese, str(label)):
            return value
    return None


@transaction.atomic
def list_import(*, actor, kind: str, data: bytes) -> int:
    """Import the rows of an xlsx file into one list; returns how many entries were created."""
    if kind == "responsibility":
        require_operator(actor)
    header, rows = read_rows(data)
    errors = _header_ok(kind, header)
    if errors:
        raise ImportRejectedError(errors)
    orgs: dict = {}
    seen: set = set()
    pending = []
    for n, values in rows:
        cells = [cell_text(v) for v in values] + [""] * len(COLUMNS[kind])
        row_errors = []

        def bad(col, message, n=n, row_errors=row_errors):
            row_errors.append(RowError(cell_ref(col, n), message))

        for col in REQUIRED[kind]:
            if not cells[col]:
                bad(col, _("“%(header)s” is required.") % {"header": COLUMNS[kind][col]})
        org = organisation_by_name(cells[0], orgs) if cells[0] else None
        if cells[0] and org is None:
            bad(0, _("No department is named “%(name)s”.") % {"name": cells[0]})
        elif org is not None and not _may_import(actor, kind, org):
            bad(0, _("You may not import entries for “%(name)s”.") % {"name": cells[0]})
        key = (org.pk if org else None, cells[1])
        if kind != "demand" and org is not None and cells[1]:
            model = ResponsibilityEntry if kind == "responsibility" else NegativeEntry
            if key in seen or model.objects.filter(organisation=org, resource_name=cells[1]).exists():
                bad(1, _("“%(name)s” is already listed for this department.") % {"name": cells[1]})
        seen.add(key)
        entry = _build(kind, cells, org, orgs, bad, actor)
        if row_errors:
            errors.extend(sorted(row_errors, key=lambda e: (len(e.cell), e.cell)))  # same row: left to right
        else:
            pending.append(entry)
    if errors:
        raise ImportRejectedError(errors)
    for entry in pending:
        entry.save()
    ledger.record(
        action=f"catalog.{kind}.imported",
        actor=actor,
        organisation=acting_organisation(actor),
        object_type=f"catalog.{kind}",
        after={"rows": len(pending)},
    )
    return len(pending)


def _may_import(actor, kind, org) -> bool:
    if is_operator(actor):
        return True
    return can(actor, REQUESTERS if kind == "demand" else EDITORS, org)


def _build(kind, cells, org, orgs, bad, actor):
    if kind == "responsibility":
        due = _parse_date(cells[4]) if cells[4] else None
        if cells[4] and due is None:
            bad(4, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": cells[4]})
        return ResponsibilityEntry(
            organisation=org, resource_name=cells[1], items=cells[2], duty_basis=cells[3], due_date=due
        )
    if kind == "demand":
        provider = organisation_by_name(cells[5], orgs) if cells[5] else None
        if cells[5] and provider is None:
            bad(5, _("No department is named “%(name)s”.") % {"name": cells[5]})
        return DemandEntry(
            requester=org,
            resource_name=cells[1],
            items=cells[2],
            purpose=cells[3],
            basis=cells[4],
            provider=provider,
            created_by=actor,
        )
    legal_kind = _legal_kind(cells[3]) if cells[3] else ""
    if cells[3] and legal_kind is None:
        choices = "、".join(str(label) for label in LegalBasisKind.labels)
        bad(3, _("“%(value)s” is not one of: %(choices)s.") % {"value": cells[3], "choices": choices})
    return NegativeEntry(
        organisation=org, resource_name=cells[1], items=cells[2], legal_basis_kind=legal_kind, legal_basis=cells[4]
    )


STATE_LABELS = {
    "fulfilled": gettext_lazy("Fulfilled"),
    "overdue": gettext_lazy("Overdue"),
    "open": gettext_lazy("Not yet due"),
}


@transaction.atomic
def list_export(*, actor, kind: str) -> bytes:
    """The list as the actor may see it, as xlsx with Chinese headers; the export is recorded (R0.4)."""
    if kind not in KINDS:
        raise DomainError(code="not_found")
    if not actor or not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError()
    headers = [str(h) for h in COLUMNS[kind]]
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
            [e.organisation.name, e.resource_name, e.items, e.get_legal_basis_kind_display(), e.legal_basis]
            + [e.resource.code if e.resource else ""]
            for e in negative_list(actor=actor)
        ]
    ledger.record(
        action=f"catalog.{kind}.exported",
        actor=actor,
        organisation=acting_organisation(actor),
        object_type=f"catalog.{kind}",
        after={"rows": len(rows)},
    )
    return write(headers, [[str(v) if isinstance(v, str) else v for v in r] for r in rows], title=str(TITLES[kind]))
