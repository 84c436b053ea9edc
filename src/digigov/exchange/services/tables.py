"""Reading an uploaded CSV or Excel table for a hosted data service (平台托管库表, R1.4), with the kit's parser.

The columns are the provider's own: row 1 names them, and the key column the provider chose must be one of them.
Every problem is reported at its cell as the provider's spreadsheet shows it ("C7：……"), all of them at once, and
nothing is stored while any remains: a column without a name or named twice (row 1), an empty, repeated or too long
key, a cell right of the last named column. A file that is not a table at all is refused as a whole.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digigov.core import spreadsheets
from digigov.core.errors import DomainError, FieldErrors, max_length
from digigov.core.rules import rule
from digigov.core.spreadsheets import BadCell, CellError, Column, ImportRejectedError, cell_ref
from digigov.exchange.models import HostedTable

KEY_MAX_CHARS = 100  # HostedRow.key


@dataclass
class ParsedTable:
    columns: list[str]
    key_column: str
    rows: list[tuple[int, str, dict]] = field(default_factory=list)  # (row number 1…n, key, data)


class TableFileError(DomainError):
    code = "invalid_table"


def _fail(messages: list[str], name: str = "file") -> DomainError:
    errors = FieldErrors(error_class=TableFileError)
    errors.update({name: messages})
    return errors.error()


def _key(text: str) -> str:
    if len(text) > KEY_MAX_CHARS:
        raise BadCell(_("The key is longer than %(n)s characters.") % {"n": KEY_MAX_CHARS})
    return text


def _columns_of(key_column: str) -> Callable[[list[str]], list[Column]]:
    """Row 1 of the provider's file as the kit's Columns; a nameless or repeated column name is refused at its cell."""

    def columns(header: list[str]) -> list[Column]:
        while header and not header[-1]:
            header.pop()
        problems: list[CellError] = []
        first: dict[str, str] = {}
        for i, name in enumerate(header):
            if not name:
                problems.append(CellError(cell_ref(i, 1), _("This column has no name in row 1.")))
            elif name in first:
                problems.append(
                    CellError(
                        cell_ref(i, 1),
                        _("The column name “%(name)s” is already used in %(cell)s.")
                        % {"name": name, "cell": first[name]},
                    )
                )
            else:
                first[name] = cell_ref(i, 1)
        if problems:
            raise ImportRejectedError(problems)
        if key_column not in first:
            raise _fail(
                [
                    _("The key column “%(key)s” is not in the first row (columns: %(columns)s).")
                    % {"key": key_column, "columns": "、".join(header)}
                ],
                "key_column",
            )
        return [
            Column(name, name, parse=_key, required=True) if name == key_column else Column(name, name)
            for name in header
        ]

    return columns


def key_column_problem(key_column: str) -> str:
    """What is wrong with the name given as the key column, before the file is read ("" if nothing)."""
    key_limit = max_length(HostedTable, "key_column")
    if len(key_column.strip()) > key_limit:
        return _("The key column's name is longer than %(max)s characters.") % {"max": key_limit}
    return ""


def parse_table(
    *, filename: str, content: bytes, key_column: str, progress: Callable[..., None] | None = None
) -> ParsedTable:
    """Check the file (type, size rule exchange.upload_max_mb), its header and every cell; nothing is stored.

    Raises TableFileError for a file that is not a readable table or lacks the key column, ImportRejectedError
    naming every bad cell otherwise. Stored rows are numbered 1, 2, … (the gateway pages by that number).
    """
    key_column = (key_column or "").strip()
    if problem := key_column_problem(key_column):
        raise _fail([problem], "key_column")
    try:
        table = spreadsheets.parse(
            content,
            _columns_of(key_column),
            max_mb=rule("exchange.upload_max_mb"),
            filename=filename,
            formats=(spreadsheets.XLSX, spreadsheets.CSV),
            progress=progress,
            unnamed_cells=False,
        )
    except spreadsheets.SpreadsheetFileError as exc:
        raise _fail([str(m) for m in exc.fields["file"]]) from None
    first: dict[str, str] = {}
    for row in table.rows:
        key = row[key_column]
        if not key:
            continue
        if key in first:
            row.error(key_column, _("The key “%(value)s” is already in %(cell)s.") % {"value": key, "cell": first[key]})
        else:
            first[key] = row.ref(key_column)
    table.errors.raise_if_any()
    if not table.rows:
        raise _fail([_("The file has a header but no rows.")])
    columns = [c.key for c in table.rows[0].columns]
    rows = [(number, row.values[key_column], row.values) for number, row in enumerate(table.rows, start=1)]
    return ParsedTable(columns=columns, key_column=key_column, rows=rows)
