"""CSV and .xlsx in and out, one way for every app (R0.5 checks on upload; R1.3 lists, R1.4 tables, R1.10 report).

    COLUMNS = [Column("org", _("Department"), required=True), Column("due", _("Due date"), parse=date_cell)]
    table = spreadsheets.parse(data, COLUMNS, max_mb=rule("catalog.import_max_mb"))  # nothing saved yet
    for row in table.rows:
        if row["org"] and not known(row["org"]):
            row.error("org", _("No department is named “%(name)s”.") % {"name": row["org"]})
    table.errors.raise_if_any()      # ImportRejectedError: every bad cell ("B3") with its Chinese reason
    save(row.values for row in table.rows)
    data = spreadsheets.write_xlsx(headers, rows, title="需求清单")  # = + - @ stay text, never formulas

`read_sheet` gives the text of a free-form table after the same file checks; `parse(data, columns_of_header, …)`
types one whose columns row 1 names (a hosted table). In a view, `check_upload(upload, max_mb=…)` checks an
upload's size and real type quickly, before a background job parses it.
"""

from digigov.core.spreadsheets.files import (
    CSV,
    XLSX,
    Sheet,
    SpreadsheetFileError,
    cell_text,
    check_file,
    check_upload,
    decode_csv,
    read_sheet,
)
from digigov.core.spreadsheets.rows import (
    BadCell,
    CellError,
    CellErrors,
    Column,
    ImportRejectedError,
    Row,
    Table,
    cell_ref,
    choice_cell,
    date_cell,
    parse,
    whole_number_cell,
)
from digigov.core.spreadsheets.writing import XlsxWriter, csv_safe, is_formula_like, write_csv, write_xlsx

__all__ = [
    "CSV",
    "XLSX",
    "BadCell",
    "CellError",
    "CellErrors",
    "Column",
    "ImportRejectedError",
    "Row",
    "Sheet",
    "SpreadsheetFileError",
    "Table",
    "XlsxWriter",
    "cell_ref",
    "cell_text",
    "check_file",
    "check_upload",
    "choice_cell",
    "csv_safe",
    "date_cell",
    "decode_csv",
    "is_formula_like",
    "parse",
    "read_sheet",
    "whole_number_cell",
    "write_csv",
    "write_xlsx",
]
