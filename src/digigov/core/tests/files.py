"""Files as users upload them, built in tests: real .xlsx workbooks, CSV in the encodings Excel writes, and the
hostile ones an upload must refuse (a zip bomb, a program renamed .xlsx)."""

import csv
import functools
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


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_of(parts: dict[str, bytes]) -> bytes:
    """A zip archive holding `parts` (name -> bytes), deflated as Office saves them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx(text: str = "情况说明", **extra: bytes) -> bytes:
    """A minimal Word document (the parts Word needs to open it) with `extra` parts added."""
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    return zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document, **extra})


def ofd() -> bytes:
    """An OFD package (GB/T 33190): OFD.xml at the root, a document under Doc_0."""
    return zip_of(
        {
            "OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>',
            "Doc_0/Document.xml": b'<?xml version="1.0" encoding="UTF-8"?><ofd:Document/>',
        }
    )


@functools.cache  # ~10 s to deflate 300 MB: built once per test run
def dense_bomb(kind: str, *, zip_mb: float = 2.9, unpacked_mb: int = 300) -> bytes:
    """A real-looking 2.9 MB .xlsx (a sharedStrings bomb) or .docx that inflates to `unpacked_mb` MB: most of it one
    letter repeated (1000:1), the rest random text so the file has the size of an ordinary upload."""
    import base64
    import random

    noise = base64.b64encode(random.Random(9).randbytes(int((zip_mb - unpacked_mb / 1000) * 1024 * 1024))).decode()
    big = "A" * (1024 * 1024)
    if kind == "xlsx":
        source = zipfile.ZipFile(io.BytesIO(xlsx([["姓名"], ["张三"]])))
        parts = {i.filename: source.read(i) for i in source.infolist() if i.filename != "xl/sharedStrings.xml"}
        name, head, item, tail = (
            "xl/sharedStrings.xml",
            b"<sst><si><t>\xe5\xa7\x93\xe5\x90\x8d</t></si>",
            "<si><t>{}</t></si>",
            b"</sst>",
        )
    else:
        parts = zipfile.ZipFile(io.BytesIO(docx()))
        parts = {i.filename: parts.read(i) for i in parts.infolist() if i.filename != "word/document.xml"}
        name, head, item, tail = (
            "word/document.xml",
            b"<w:document><w:body>",
            "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
            b"</w:body></w:document>",
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
        with archive.open(name, "w", force_zip64=True) as entry:
            entry.write(head)
            entry.write(item.format(noise).encode())
            for _ in range(unpacked_mb):
                entry.write(item.format(big).encode())
            entry.write(tail)
    return out.getvalue()
