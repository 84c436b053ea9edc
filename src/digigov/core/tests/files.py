"""Files as users upload them, built in tests: a real .xlsx workbook from rows."""

import io

from openpyxl import Workbook


def xlsx(rows) -> bytes:
    """An .xlsx file whose first sheet holds `rows` (the first one usually the header)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
