"""Files as users upload them, built in tests: real .xlsx workbooks, CSV in the encodings Excel writes, and the
hostile ones an upload must refuse (a zip bomb, a program renamed .xlsx)."""

import csv
import io
import zipfile

from openpyxl import Workbook


def xlsx(rows) -> bytes:
    """An .xlsx file whose first sheet holds `rows` (the first one usually the header)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows, *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """A CSV file as Excel saves it: "gb18030" is Chinese Excel's default, "utf-8-sig" has a BOM."""
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def zip_bomb(unpacked_mb: int, *, rows=(("姓名",), ("张三",))) -> bytes:
    """A valid workbook whose sharedStrings.xml inflates to `unpacked_mb` MB from a few hundred kilobytes of zip:
    every string a megabyte long, as openpyxl would load them all into memory before reading the first row."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info, source.read(info))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
            entry.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            entry.write(b"<si><t>\xe5\xa7\x93\xe5\x90\x8d</t></si><si><t>\xe5\xbc\xa0\xe4\xb8\x89</t></si>")
            chunk = b"<si><t>" + b"A" * (1024 * 1024 - 15) + b"</t></si>"
            for _ in range(unpacked_mb):
                entry.write(chunk)
            entry.write(b"</sst>")
    return out.getvalue()


def many_parts(count: int) -> bytes:
    """A valid workbook with `count` extra tiny zip entries."""
    out = io.BytesIO(xlsx([["a"], ["1"]]))
    with zipfile.ZipFile(out, "a") as archive:
        for n in range(count):
            archive.writestr(f"xl/media/part{n}.bin", b"")
    return out.getvalue()


def program() -> bytes:
    """The first bytes of a Windows program (an "MZ" executable), as found in a renamed .exe."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
