"""Checks for every export: text that a spreadsheet would run as a formula comes out as text (OWASP CSV injection).

Read with openpyxl and Python's csv module, independently of the kit's writer: in an .xlsx each such text is a
string cell (type "s", no <f> element anywhere, Excel's quote prefix set) holding exactly what was typed; in a CSV
it is prefixed with a quote, so no cell of the file starts with = + - @.
"""

import csv
import io
import zipfile

from openpyxl import load_workbook

ATTACKS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)"]
FORMULA_STARTS = ("=", "+", "-", "@")


def assert_xlsx_keeps_as_text(data: bytes, texts=ATTACKS) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), f"a formula in {name}"
    book = load_workbook(io.BytesIO(data))
    cells = {c.value: c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in texts:
        assert text in cells, f"{text!r} is not in the workbook"
        assert cells[text].data_type == "s", f"{text!r} is a {cells[text].data_type} cell, not text"
        assert cells[text].quotePrefix, f"{text!r} would turn into a formula when the cell is edited"
    assert not [c for c in cells.values() if c.data_type == "f"]


def assert_csv_keeps_as_text(data: bytes, texts=ATTACKS) -> list[list[str]]:
    """The rows of the CSV, once it passed: UTF-8 with a BOM (Excel in China opens it right), every text quoted."""
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would read the Chinese as GB18030"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for text in texts:
        assert "'" + text in cells, f"{text!r} is not in the CSV as '{text}"
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    return rows
