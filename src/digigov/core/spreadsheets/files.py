"""Reading an uploaded spreadsheet into lines of text, after checking what the file really is (R0.5).

The checks run on the bytes, before any parser sees them, cheapest first: the size rule of the caller; the real
type by content (a zip holding a workbook, an old .xls, a program, or text), whatever the file is named; for an
.xlsx, the checks every uploaded zip-based file gets (`core.uploads.check_archive`): entry count, total
DECOMPRESSED size as the zip's directory declares it, no program, no macros. A zip bomb or a 2 GB
sharedStrings.xml is refused in milliseconds with a clear message instead of filling the memory.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from digigov.core import uploads
from digigov.core.errors import DomainError

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = uploads.ZIP_MAGIC[0]
OLE2_MAGIC = uploads.OLE2_MAGIC
PROGRAM_MAGIC = uploads.PROGRAM_MAGIC
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class SpreadsheetFileError(DomainError):
    """The file as a whole cannot be read; the messages say why, in the words of the person who uploaded it."""

    code = "spreadsheet_invalid"

    def __init__(self, messages):
        messages = [messages] if not isinstance(messages, list) else messages
        super().__init__(messages[0], fields={"file": messages})


@dataclass
class Sheet:
    """The first sheet as text: its header (row 1) and every non-blank row after it, with its spreadsheet number."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def cell_text(value) -> str:
    """Every cell is kept as text: what the person typed, not what a spreadsheet guessed (1001.0 -> "1001")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _suffix(filename: str | None) -> str:
    name = (filename or "").lower()
    return name.rsplit(".", 1)[1] if "." in name else ""


def check_file(data: bytes, *, max_mb: int, filename: str | None = None, formats=(XLSX, CSV)) -> str:
    """The file's real format (XLSX or CSV), or SpreadsheetFileError. `filename` (if known) is checked too."""
    if len(data) > max_mb * 1024 * 1024:
        raise SpreadsheetFileError(_("The file is larger than %(mb)s MB.") % {"mb": max_mb})
    if not data:
        raise SpreadsheetFileError(_("The file is empty."))
    suffix = _suffix(filename)
    if filename is not None and suffix not in formats:
        raise SpreadsheetFileError(
            _("Only CSV and .xlsx files can be uploaded.") if CSV in formats else _("Only .xlsx files can be uploaded.")
        )
    if data.startswith(ZIP_MAGIC):
        if suffix == CSV:
            raise SpreadsheetFileError(_("The file is named .csv but is an Excel workbook; name it .xlsx."))
        if XLSX in formats:
            _check_workbook_zip(data)
            return XLSX
    elif data.startswith(OLE2_MAGIC):
        raise SpreadsheetFileError(_("The file is an old Excel workbook (.xls); save it as .xlsx and upload again."))
    elif suffix == XLSX:
        raise SpreadsheetFileError(_("The file is named .xlsx but is not an Excel workbook."))
    elif CSV in formats and not data.startswith(PROGRAM_MAGIC) and (b"\x00" not in data or data[:2] in UTF16_BOMS):
        return CSV
    if formats == (XLSX,):
        raise SpreadsheetFileError(_("The file is not an Excel workbook (.xlsx)."))
    raise SpreadsheetFileError(_("The file is neither a CSV text file nor an Excel workbook (.xlsx)."))


def check_upload(upload, *, max_mb: int, formats=(XLSX, CSV)) -> bytes:
    """The bytes of an uploaded file (Django's UploadedFile) once its size and real type pass check_file.

    Quick enough for the request that receives the file, whatever its size: the size is checked before reading,
    then the first bytes and, for an .xlsx, the zip's directory; nothing is parsed (the background job does that).
    """
    if not upload:
        raise SpreadsheetFileError(_("Choose a file to upload."))
    if upload.size is not None and upload.size > max_mb * 1024 * 1024:
        raise SpreadsheetFileError(_("The file is larger than %(mb)s MB.") % {"mb": max_mb})
    data = upload.read(max_mb * 1024 * 1024 + 1)
    check_file(data, max_mb=max_mb, filename=upload.name or "", formats=formats)
    return data


def _check_workbook_zip(data: bytes) -> None:
    try:
        kind = uploads.check_archive(data)
    except uploads.UploadError as exc:
        raise SpreadsheetFileError(exc.message) from None
    if kind != uploads.XLSX:
        raise SpreadsheetFileError(_("The file is not an Excel workbook (.xlsx)."))


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, or GB18030 (what Excel in China saves)."""
    if data[:2] in UTF16_BOMS:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise SpreadsheetFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _csv_lines(data: bytes, max_rows: int | None) -> list[list[str]]:
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","  # Excel's "Unicode text" is tab-separated
    lines = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            lines.append([c.strip() for c in row])
            if max_rows is not None and len(lines) > max_rows + 1:
                break
    except csv.Error:
        raise SpreadsheetFileError(
            _("The CSV file cannot be read at row %(row)s; save it again as CSV.") % {"row": reader.line_num}
        ) from None
    return lines


def _xlsx_lines(data: bytes, max_rows: int | None) -> list[list[str]]:
    from openpyxl import load_workbook  # imported on use: ~0.2 s

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a forged <dimension ref="A1:XFD1048576"> would pad every row to 16,384 cells
        limit = None if max_rows is None else max_rows + 2
        lines = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True, max_row=limit)]
        book.close()
    except SpreadsheetFileError:
        raise
    except Exception:  # noqa: BLE001  openpyxl raises many kinds for a damaged file; all mean the same here
        raise SpreadsheetFileError(_("The .xlsx file cannot be read; save it again from Excel or WPS.")) from None
    # Excel pads rows with empty trailing cells up to the widest row; rows may also come shorter than the widest.
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in lines), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in lines]


def _refuse_nul_cells(lines: list[list[str]]) -> None:
    """A NUL character (a UTF-16 CSV may carry one) cannot be stored in PostgreSQL: name the first such cell."""
    for number, cells in enumerate(lines, start=1):
        for column, text in enumerate(cells):
            if "\x00" in text:
                raise SpreadsheetFileError(
                    _(
                        "Cell %(cell)s contains a NUL character (\\0), which cannot be stored; "
                        "remove it and upload again."
                    )
                    % {"cell": f"{get_column_letter(column + 1)}{number}"}
                )


def read_sheet(
    data: bytes, *, max_mb: int, filename: str | None = None, formats=(XLSX, CSV), max_rows: int | None = None
) -> Sheet:
    """Check the file, then read its first sheet as text; blank rows are skipped, row numbers kept as Excel shows.

    `max_mb` is the caller's size rule (e.g. rule("exchange.upload_max_mb")); `max_rows` counts rows after the
    header. Raises SpreadsheetFileError with a Chinese message for anything that is not a readable table.
    """
    kind = check_file(data, max_mb=max_mb, filename=filename, formats=formats)
    lines = _xlsx_lines(data, max_rows) if kind == XLSX else _csv_lines(data, max_rows)
    while lines and not any(lines[-1]):
        lines.pop()
    if not lines:
        raise SpreadsheetFileError(_("The workbook is empty.") if kind == XLSX else _("The file is empty."))
    _refuse_nul_cells(lines)
    if not any(lines[0]):
        raise SpreadsheetFileError(_("The first row must hold the column names."))
    if max_rows is not None and len(lines) - 1 > max_rows:
        raise SpreadsheetFileError(_("The file has more than %(n)s rows.") % {"n": max_rows})
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(cells)]
    return Sheet(header=lines[0], rows=rows)
