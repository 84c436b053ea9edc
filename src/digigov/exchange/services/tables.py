"""Reading an uploaded CSV or Excel table for a hosted data service (平台托管库表, R1.4).

Problems are reported by the row number the provider sees in the spreadsheet (the header is row 1), so the
provider can fix the file and upload it again.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digigov.core import spreadsheets
from digigov.core.errors import DomainError, FieldErrors, max_length
from digigov.core.rules import rule
from digigov.exchange.models import HostedTable

MAX_ROW_ERRORS = 20


@dataclass
class ParsedTable:
    columns: list[str]
    key_column: str
    rows: list[tuple[int, str, dict]] = field(default_factory=list)  # (row number, key, data)


class TableFileError(DomainError):
    code = "invalid_table"


def _fail(messages: list[str]) -> DomainError:
    """Every problem of the file, at the file field (the first also as the message)."""
    errors = FieldErrors(error_class=TableFileError)
    errors.update({"file": messages})
    return errors.error()


def parse_table(*, filename: str, content: bytes, key_column: str) -> ParsedTable:
    """Check the file's type and size, its header and every row; raise TableFileError listing the problems.

    The columns are the provider's own, so each row is checked as a whole (its width, its key), not cell by cell.
    """
    try:
        sheet = spreadsheets.read_sheet(content, filename=filename, max_mb=rule("exchange.upload_max_mb"))
    except spreadsheets.SpreadsheetFileError as exc:
        raise _fail([str(m) for m in exc.fields["file"]]) from None
    header = sheet.header
    problems = []
    if "" in header:
        problems.append(_("Column %(n)s has no name in the first row.") % {"n": header.index("") + 1})
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        problems.append(_("Column names appear twice: %(names)s.") % {"names": "、".join(duplicates)})
    key_column = (key_column or "").strip()
    key_limit = max_length(HostedTable, "key_column")
    if len(key_column) > key_limit:
        problems.append(_("The key column's name is longer than %(max)s characters.") % {"max": key_limit})
    elif key_column not in header:
        problems.append(
            _("The key column “%(key)s” is not in the first row (columns: %(columns)s).")
            % {"key": key_column, "columns": "、".join(c for c in header if c)}
        )
    if problems:
        raise _fail(problems)
    key_index = header.index(key_column)
    parsed = ParsedTable(columns=header, key_column=key_column)
    seen: dict[str, int] = {}
    for row_no, cells in sheet.rows:  # blank lines are left out, the others keep the number Excel shows
        if len(cells) != len(header):
            problems.append(
                _("Row %(row)s: %(count)s cells, but the first row names %(width)s columns.")
                % {"row": row_no, "count": len(cells), "width": len(header)}
            )
        else:
            key = cells[key_index]
            if not key:
                problems.append(
                    _("Row %(row)s: the key column “%(key)s” is empty.") % {"row": row_no, "key": key_column}
                )
            elif key in seen:
                problems.append(
                    _("Row %(row)s: key “%(value)s” already appears in row %(first)s.")
                    % {"row": row_no, "value": key, "first": seen[key]}
                )
            elif len(key) > 100:
                problems.append(_("Row %(row)s: the key is longer than 100 characters.") % {"row": row_no})
            else:
                seen[key] = row_no
                # Stored rows are numbered 1, 2, … so the gateway pages by row_no range; errors name the file's line.
                parsed.rows.append((len(parsed.rows) + 1, key, dict(zip(header, cells, strict=True))))
        if len(problems) >= MAX_ROW_ERRORS:
            problems.append(_("Only the first %(n)s problems are listed.") % {"n": MAX_ROW_ERRORS})
            break
    if problems:
        raise _fail(problems)
    if not parsed.rows:
        raise _fail([_("The file has a header but no rows.")])
    return parsed
