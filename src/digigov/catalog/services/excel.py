"""Excel (.xlsx) reading and writing for the three lists (R1.3); no business rule here, only the file format.

An upload is checked to be a real xlsx (a zip holding a workbook, not a renamed file) and not larger than the
rule catalog.import_max_mb before openpyxl parses it.
"""

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from digigov.core.errors import DomainError
from digigov.core.rules import rule

ZIP_MAGIC = b"PK\x03\x04"
MAX_ROWS = 10_000


class ExcelFileError(DomainError):
    code = "excel_invalid"

    def __init__(self, message):
        super().__init__(message, fields={"file": [message]})


def check_file(data: bytes) -> None:
    limit = int(rule("catalog.import_max_mb")) * 1024 * 1024
    if len(data) > limit:
        raise ExcelFileError(_("The file is larger than %(mb)s MB.") % {"mb": rule("catalog.import_max_mb")})
    if not data.startswith(ZIP_MAGIC):
        raise ExcelFileError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ExcelFileError(_("The file is not an Excel workbook (.xlsx).")) from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise ExcelFileError(_("The file is not an Excel workbook (.xlsx)."))


def read_rows(data: bytes) -> tuple[list, Iterator[tuple[int, list]]]:
    """The header row and an iterator of (row number, cell values) of the first sheet, skipping blank rows."""
    check_file(data)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    except Exception:  # noqa: BLE001  openpyxl raises many kinds on a damaged file
        raise ExcelFileError(_("The Excel file cannot be read; save it again as .xlsx.")) from None
    if not rows:
        raise ExcelFileError(_("The workbook is empty."))
    if len(rows) > MAX_ROWS:
        raise ExcelFileError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    header = [cell_text(v) for v in rows[0]]
    body = ((n, list(values)) for n, values in enumerate(rows[1:], start=2) if any(cell_text(v) for v in values))
    return header, body


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_ref(column: int, row: int) -> str:
    """Spreadsheet reference of a 0-based column and 1-based row, e.g. (2, 5) -> "C5"."""
    return f"{get_column_letter(column + 1)}{row}"


def write(headers: list[str], rows: list[list], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for i, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2 + 2, *(min(len(cell_text(r[i - 1])) * 2, 60) for r in rows)])
        sheet.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
