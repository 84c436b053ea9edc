"""Typed rows: declared columns turn the text of each cell into a value, and every bad cell is named (e.g. "C5").

An import is two steps, so a background task can run the first and report its progress:
  parse(data, columns, …) -> Table(rows, errors)   read, check the header, parse every cell; nothing is saved
  the app adds its own checks (a department that does not exist, a duplicate) to `table.errors`, calls
  `table.errors.raise_if_any()` — ImportRejectedError listing every cell — and only then saves all rows.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from digigov.core.errors import DomainError
from digigov.core.spreadsheets.files import XLSX, read_sheet

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
PROGRESS_EVERY = 500  # rows between two progress reports


class BadCell(ValueError):
    """Raised by a column's parser with the Chinese reason the cell is wrong."""


@dataclass(frozen=True)
class Column:
    """One column: `key` names its value in a row, `header` (lazy text) is what row 1 must say.

    `parse` turns the cell's text into a value or raises BadCell; it is not called for an empty cell.
    """

    key: str
    header: Any
    parse: Callable[[str], Any] | None = None
    required: bool = False

    def accepts(self, text: str) -> bool:
        """The header as the person's Excel has it: in Chinese, in English, or in the current language."""
        with translation.override("zh-hans"):
            chinese = str(self.header)
        english = str(getattr(self.header, "_proxy____args", [self.header])[0])
        return text in (chinese, english, str(self.header))


@dataclass(frozen=True)
class CellError:
    cell: str  # "C5"
    message: str


def cell_ref(column: int, row: int) -> str:
    """Spreadsheet reference of a 0-based column and 1-based row, e.g. (2, 5) -> "C5"."""
    return f"{get_column_letter(column + 1)}{row}"


class ImportRejectedError(DomainError):
    """Nothing was imported; `rows` lists every problem with its cell (e.g. C5), row by row, left to right."""

    code = "import_rejected"

    def __init__(self, errors: list[CellError]):
        self.rows = errors
        fields: dict[str, list[str]] = {}
        for e in errors:
            fields.setdefault(e.cell, []).append(e.message)
        super().__init__(
            _("Nothing was imported: %(n)s problems in the file; correct them and import again.") % {"n": len(errors)},
            fields=fields,
        )


class CellErrors:
    """Collects the problems of an import by cell; raise_if_any() reports them all at once, in reading order."""

    def __init__(self):
        self._errors: list[tuple[int, int, CellError]] = []

    def add(self, column: int, row: int, message) -> None:
        self._errors.append((row, column, CellError(cell_ref(column, row), str(message))))

    def __len__(self) -> int:
        return len(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def in_row(self, row: int) -> bool:
        return any(r == row for r, _c, _e in self._errors)

    def all(self) -> list[CellError]:
        return [e for _r, _c, e in sorted(self._errors, key=lambda t: (t[0], t[1]))]

    def raise_if_any(self) -> None:
        if self._errors:
            raise ImportRejectedError(self.all())


@dataclass
class Row:
    """One spreadsheet row: `number` as Excel shows it, parsed `values` by column key (None when empty or bad)."""

    number: int
    values: dict[str, Any]
    columns: list[Column] = field(repr=False)
    errors: CellErrors = field(repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def ref(self, key: str) -> str:
        return cell_ref(self.index(key), self.number)

    def error(self, key: str, message) -> None:
        """Report the cell of column `key` in this row as bad (an app's own check, e.g. an unknown department)."""
        self.errors.add(self.index(key), self.number, message)

    @property
    def ok(self) -> bool:
        return not self.errors.in_row(self.number)


@dataclass
class Table:
    rows: list[Row]
    errors: CellErrors


def parse(
    data: bytes,
    columns: list[Column] | Callable[[list[str]], list[Column]],
    *,
    max_mb: int,
    filename: str | None = None,
    formats=(XLSX,),
    max_rows: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    unnamed_cells: bool = True,
) -> Table:
    """Read the file and parse every cell of `columns`; the header must name them in order.

    A wrong header is refused at once (ImportRejectedError naming A1, B1, …): the rows cannot be read without it.
    A table whose columns are its owner's own (a hosted table) passes `columns` as a function of row 1, which
    returns the Columns (e.g. `Column(name, name)` each) or raises ImportRejectedError for a bad header cell.
    Bad cells are collected in the returned table's `errors`, not raised, so the caller adds its own and reports
    every problem of the file in one go. With `unnamed_cells=False`, a cell holding something right of the last
    column row 1 names is one of them (nothing may be dropped silently). `progress(done, total)` is called every few
    hundred rows.
    """
    sheet = read_sheet(data, max_mb=max_mb, filename=filename, formats=formats, max_rows=max_rows)
    if callable(columns):
        columns = columns(list(sheet.header))
    errors = CellErrors()
    for i, column in enumerate(columns):
        got = sheet.header[i] if i < len(sheet.header) else ""
        if not column.accepts(got):
            with translation.override("zh-hans"):
                chinese = str(column.header)
            errors.add(i, 1, _("The header should be “%(header)s”.") % {"header": chinese})
    errors.raise_if_any()
    named = max((i + 1 for i, name in enumerate(sheet.header) if name), default=0)
    width = len(columns)
    rows, total = [], len(sheet.rows)
    if progress is not None:
        progress(0, total)
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif not unnamed_cells and len(cells) > named:
            extra = next((j for j in range(named, len(cells)) if cells[j]), None)
            if extra is not None:
                errors.add(extra, number, _("Row 1 names no column for this cell; remove it or name its column."))
        values = {}
        for i, column in enumerate(columns):
            values[column.key] = _parse_cell(column, cells[i], i, number, errors)
        rows.append(Row(number=number, values=values, columns=columns, errors=errors))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return Table(rows=rows, errors=errors)


def _parse_cell(column: Column, text: str, index: int, number: int, errors: CellErrors):
    if not text:
        if column.required:
            errors.add(index, number, _("“%(header)s” is required.") % {"header": column.header})
        return None if column.parse is not None else ""
    if column.parse is None:
        return text
    try:
        return column.parse(text)
    except BadCell as exc:
        errors.add(index, number, str(exc))
    except (ValueError, TypeError):
        errors.add(
            index, number, _("“%(value)s” is not a valid “%(header)s”.") % {"value": text, "header": column.header}
        )
    return None


# --- parsers for Column(parse=…) -------------------------------------------------------------------------------


def date_cell(text: str) -> dt.date:
    """A calendar date as Chinese offices write it: 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  a calendar date, no time
        except ValueError:
            continue
    raise BadCell(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text})


def choice_cell(choices) -> Callable[[str], str]:
    """A value of a TextChoices, typed as its stored value or its label (Chinese or English)."""

    def parse_choice(text: str) -> str:
        for value, label in choices.choices:
            with translation.override("zh-hans"):
                chinese = str(label)
            if text in (value, chinese, str(label)):
                return value
        names = "、".join(str(label) for label in choices.labels)
        raise BadCell(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": names})

    return parse_choice


def whole_number_cell(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise BadCell(_("“%(value)s” is not a whole number.") % {"value": text}) from None
