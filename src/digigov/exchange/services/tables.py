"""Reading an uploaded CSV or Excel table for a hosted data service (平台托管库表, R1.4).

Problems are reported by the row number the provider sees in the spreadsheet (the header is row 1), so the
provider can fix the file and upload it again.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digigov.core.errors import DomainError
from digigov.core.rules import rule

MAX_ROW_ERRORS = 20
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class ParsedTable:
    columns: list[str]
    key_column: str
    rows: list[tuple[int, str, dict]] = field(default_factory=list)  # (row number, key, data)


class TableFileError(DomainError):
    code = "invalid_table"


def _fail(messages: list[str]) -> TableFileError:
    return TableFileError(messages[0], fields={"file": messages})


def _cell(value) -> str:
    """Every cell is kept as text: what the provider typed, not what a spreadsheet guessed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(content: bytes) -> list[list[str]]:
    # Excel in China saves CSV as GB18030 (GBK) unless told otherwise; UTF-8 with or without BOM is tried first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _fail([_("The CSV file is neither UTF-8 nor GB18030 text.")])
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_lines(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same to the provider
        raise _fail([_("The .xlsx file cannot be read; save it again from Excel or WPS.")]) from None
    sheet = book.worksheets[0]
    lines = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    # Excel pads rows with empty trailing cells up to the widest row.
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in lines), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in lines]


def parse_table(*, filename: str, content: bytes, key_column: str) -> ParsedTable:
    """Check the file's type and size, its header and every row; raise TableFileError listing the problems."""
    limit_mb = rule("exchange.upload_max_mb")
    if len(content) > limit_mb * 1024 * 1024:
        raise _fail([_("The file is larger than %(mb)s MB.") % {"mb": limit_mb}])
    if not content:
        raise _fail([_("The file is empty.")])
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not content.startswith(XLSX_MAGIC):
            raise _fail([_("The file is named .xlsx but is not an Excel workbook.")])
        lines = _xlsx_lines(content)
    elif name.endswith(".csv"):
        if content.startswith(XLSX_MAGIC):
            raise _fail([_("The file is named .csv but is an Excel workbook; name it .xlsx.")])
        lines = _csv_lines(content)
    else:
        raise _fail([_("Only CSV and .xlsx files can be uploaded.")])
    if not lines or not any(lines[0]):
        raise _fail([_("The first row must hold the column names.")])
    header = lines[0]
    problems = []
    if "" in header:
        problems.append(_("Column %(n)s has no name in the first row.") % {"n": header.index("") + 1})
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        problems.append(_("Column names appear twice: %(names)s.") % {"names": "、".join(duplicates)})
    key_column = (key_column or "").strip()
    if key_column not in header:
        problems.append(
            _("The key column “%(key)s” is not in the first row (columns: %(columns)s).")
            % {"key": key_column, "columns": "、".join(c for c in header if c)}
        )
    if problems:
        raise _fail(problems)
    key_index = header.index(key_column)
    parsed = ParsedTable(columns=header, key_column=key_column)
    seen: dict[str, int] = {}
    for row_no, cells in enumerate(lines[1:], start=2):
        if not any(cells):
            continue  # blank lines at the end or between blocks
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
