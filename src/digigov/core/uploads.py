"""Every uploaded file is checked for what it really is before anything parses or stores it (R0.5; issue 9, item 4).

    data = uploads.read_upload(request.FILES["file"], max_mb=rule("exchange.attachment_max_mb"), field="attachment")
    kind = uploads.check_upload(data, filename=name, kinds=uploads.EVIDENCE, max_mb=…, field="attachment")

The checks run on the bytes, cheapest first, and stop at the first problem with a Chinese sentence at the field:
1. size: the caller's rule (the request as a whole is capped before Django reads it: DIGIGOV_REQUEST_MAX_MB);
2. the real type by content (magic numbers), whatever the name says: a program, an old binary Office file or a
   PDF renamed .docx is refused, and so is a name whose type the content does not have;
3. for the zip-based formats (.docx, .xlsx, OFD, .zip), the zip's own directory: at most
   `core.upload_max_zip_entries` entries and at most `core.upload_max_unpacked_mb` unpacked in total, no
   encrypted entry, no entry path leaving the archive, no program inside (by name or by its first bytes), no
   macros (vbaProject.bin: a .docm renamed .docx), and the parts the format requires.

Python's zipfile stops inflating an entry at the size the directory declares (and then fails its CRC), so the
declared total bounds what any parser behind this check (openpyxl, python-docx) can unpack: a zip bomb or a
2 GB sharedStrings.xml is refused in milliseconds instead of filling the memory.
"""

import io
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core.errors import DomainError
from digigov.core.rules import rule

PDF, PNG, JPEG, OFD, DOCX, XLSX, CSV, ZIP = "pdf", "png", "jpeg", "ofd", "docx", "xlsx", "csv", "zip"
EVIDENCE = (PDF, PNG, JPEG, OFD, DOCX, XLSX)  # scans, photos, office and OFD documents people actually have
DOCUMENTS = (PDF, OFD, DOCX, XLSX, CSV, ZIP, PNG, JPEG)  # back-office documents (Wagtail's document library)
LABELS = {
    PDF: gettext_lazy("a PDF file"),
    PNG: gettext_lazy("a PNG image"),
    JPEG: gettext_lazy("a JPEG image"),
    OFD: gettext_lazy("an OFD document"),
    DOCX: gettext_lazy("a Word document (.docx)"),
    XLSX: gettext_lazy("an Excel workbook (.xlsx)"),
    CSV: gettext_lazy("a CSV text file"),
    ZIP: gettext_lazy("a zip archive"),
}
SUFFIXES = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".ofd": OFD,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".csv": CSV,
    ".zip": ZIP,
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # an archive with entries, an empty archive
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls: Office before 2007 (macros, no zip to check)
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
PROGRAM_SUFFIXES = {
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf",
    ".hta", ".jar", ".sh", ".elf", ".so", ".dylib", ".app", ".lnk", ".cpl", ".apk",
}  # fmt: skip
MACRO_PARTS = {"vbaproject.bin"}
REQUIRED_PARTS = {
    DOCX: {"[Content_Types].xml", "word/document.xml"},
    XLSX: {"[Content_Types].xml", "xl/workbook.xml"},
    OFD: {"OFD.xml"},  # GB/T 33190: the entry file at the root of the package
}
MB = 1024 * 1024


class UploadError(DomainError):
    """The uploaded file is refused; the message says why, at the form field that holds it."""

    code = "upload_invalid"

    def __init__(self, message, *, field: str = "file") -> None:
        super().__init__(message, fields={field: [message]})


def read_upload(upload, *, max_mb: float, field: str = "file") -> bytes:
    """The bytes of an uploaded file, reading no more than the size rule allows (plus one byte to know)."""
    data = upload.read(int(max_mb * MB) + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > max_mb * MB:
        raise UploadError(_too_big(max_mb), field=field)
    return data


def _too_big(max_mb: float) -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": max_mb}


def kinds_text(kinds: Iterable[str]) -> str:
    return "、".join(str(LABELS[k]) for k in kinds)


def suffix_kind(filename: str | None) -> str | None:
    """The type a file's name claims (None: a name without a known type)."""
    return SUFFIXES.get(PurePosixPath((filename or "").replace("\\", "/")).suffix.lower())


def check_upload(data: bytes, *, filename: str | None, kinds: Iterable[str], max_mb: float, field: str = "file") -> str:
    """The file's real type (one of `kinds`), or UploadError. `filename`, when known, must name that type."""
    kinds = tuple(kinds)
    if len(data) > max_mb * MB:
        raise UploadError(_too_big(max_mb), field=field)
    if not data:
        raise UploadError(_("The file is empty."), field=field)
    claimed = suffix_kind(filename)
    if filename is not None and claimed not in kinds:
        raise UploadError(_("Upload one of: %(kinds)s.") % {"kinds": kinds_text(kinds)}, field=field)
    real = sniff(data, field=field, claimed=claimed)
    if real == ZIP:
        real = check_archive(data, kind=claimed if claimed in REQUIRED_PARTS else None, field=field)
    if real not in kinds or (claimed is not None and real != claimed):
        if claimed is not None:
            raise UploadError(
                _("The file is named %(suffix)s but its content is not %(kind)s.")
                % {"suffix": PurePosixPath(filename or "").suffix.lower(), "kind": LABELS[claimed]},
                field=field,
            )
        raise UploadError(_("Upload one of: %(kinds)s.") % {"kinds": kinds_text(kinds)}, field=field)
    return real


def sniff(data: bytes, *, field: str = "file", claimed: str | None = None) -> str | None:
    """What the first bytes say the file is: one of the kinds, ZIP for any zip archive, or None."""
    if data.startswith(PROGRAM_MAGIC):
        raise UploadError(_("The file is a program; programs cannot be uploaded."), field=field)
    if data.startswith(OLE2_MAGIC):
        raise UploadError(
            _("The file is in an old Office format (.doc/.xls); save it as .docx or .xlsx and upload again."),
            field=field,
        )
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(ZIP_MAGIC):
        return ZIP
    if claimed in (CSV, None) and (b"\x00" not in data[:65536] or data[:2] in (b"\xff\xfe", b"\xfe\xff")):
        return CSV  # text (UTF-8, GB18030 or UTF-16 with its mark); the spreadsheet reader decodes it
    return None


def check_archive(data: bytes, *, kind: str | None = None, field: str = "file") -> str:
    """Check a zip-based file by its directory (module docstring); the format it holds (DOCX, XLSX, OFD or ZIP).

    `kind` is the format the caller expects (from the file's name): its parts must be there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_entries(entries, field)
            _check_contents(archive, entries, field)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UploadError(_("The file is damaged and cannot be read."), field=field) from None
    names = {e.filename for e in entries}
    found = next((k for k in (XLSX, DOCX, OFD) if REQUIRED_PARTS[k] <= names), ZIP)
    if kind is not None and found != kind:
        raise UploadError(_("The file is a zip archive but not %(kind)s.") % {"kind": LABELS[kind]}, field=field)
    return found


def _check_entries(entries: list[zipfile.ZipInfo], field: str) -> None:
    max_entries = rule("core.upload_max_zip_entries")
    if len(entries) > max_entries:
        raise UploadError(
            _("The file holds %(n)s parts (zip entries), more than the %(max)s allowed; save it again as a plain file.")
            % {"n": len(entries), "max": max_entries},
            field=field,
        )
    unpacked, limit_mb = sum(e.file_size for e in entries), rule("core.upload_max_unpacked_mb")
    if unpacked > limit_mb * MB:
        raise UploadError(
            _("The file unpacks to %(mb)s MB, more than the %(max)s MB allowed; split it into smaller files.")
            % {"mb": -(-unpacked // MB), "max": limit_mb},
            field=field,
        )
    for entry in entries:
        path = PurePosixPath(entry.filename.replace("\\", "/"))
        if entry.flag_bits & 0x1:
            raise UploadError(_("The file is encrypted; upload it without a password."), field=field)
        if path.is_absolute() or ".." in path.parts or ":" in entry.filename:
            raise UploadError(_("The file is damaged and cannot be read."), field=field)
        if path.suffix.lower() in PROGRAM_SUFFIXES:
            raise UploadError(_program_inside(entry.filename), field=field)
        if path.name.lower() in MACRO_PARTS:
            raise UploadError(
                _("The file holds macros; save it as a plain .docx or .xlsx without macros and upload again."),
                field=field,
            )


def _check_contents(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], field: str) -> None:
    """A program renamed inside the archive (payload.xml holding an .exe) is found by its first bytes."""
    for entry in entries:
        if entry.is_dir() or entry.file_size < 2:
            continue
        with archive.open(entry) as part:
            if part.read(4).startswith(PROGRAM_MAGIC[:5]):  # "#!" is legitimate text at the start of a part
                raise UploadError(_program_inside(entry.filename), field=field)


def _program_inside(name: str) -> str:
    return _("The file holds a program (%(name)s); programs cannot be uploaded.") % {"name": name[-80:]}
