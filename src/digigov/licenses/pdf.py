"""The licence as a PDF (R6.1): an A4 page drawn by WeasyPrint from the version's snapshot, with the seal's image
over the issuer line and the QR code of its verification address, then sealed with an embedded signature.

The signature follows the PDF signature dictionary (ISO 32000-1 §12.8) with a GB/T 38540 signature inside:

    /Type /Sig  /Filter /Adobe.PPKLite  /SubFilter /GB.SES_Signature
    /ByteRange [0 a b c]   every byte of the file except the /Contents string
    /Contents <hex>        DER SES_Signature whose TBS_Sign.dataHash = SM3(the ByteRange bytes)

There is no registered /SubFilter for SES_Signature (Chinese signing products each use their own); ours names the
structure so a reader that does not know it says "unknown format" instead of misreading a CMS. A reader that knows
GB/T 38540 (or `scripts/verify-licence.sh`, docs/licences.md) checks it from the file alone. The signed document
also carries the licence identifier in its information dictionary (/LicenceIdentifier), inside the protected bytes,
so the verifier finds the licence's standing without reading the page's text.

The signature is written the way every PDF signer does: the file is written once with a zero-filled /Contents of a
reserved size and a /ByteRange of fixed-width reserved numbers, the offsets are then known and patched in place
(same length), the protected bytes are signed, and the hex DER fills the reserved string.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

MM = 72 / 25.4  # PDF points per millimetre
PAGE_HEIGHT_MM = 297
# Where the page template draws the seal (templates/licenses/documents/licence_pdf.html, mm from the top left).
SEAL_LEFT_MM, SEAL_TOP_MM, SEAL_SIZE_MM = 127, 217, 42  # a round official seal is 42 mm
SUBFILTER = "/GB.SES_Signature"
_RESERVED_NUMBER = 9_999_999_999  # ten digits: room for any offset of a file below 10 GB


class PdfSignatureError(Exception):
    """The PDF has no signature of ours, or its signature dictionary is malformed."""


def render(
    snapshot: dict,
    *,
    appearance: dict,
    seal_png: bytes,
    verify_page: str,
    qr_svg: str,
    watermark: str = "",
) -> bytes:
    """The unsigned PDF of a licence version (one A4 page). `watermark`: the use a copy is made for (item 7)."""
    from weasyprint import HTML  # imported on use: loading pango costs ~0.3 s

    from digigov.licenses import snapshot as snapshots

    rows = snapshots.rows(snapshot)
    html = render_to_string(
        "licenses/documents/licence_pdf.html",
        {
            "title": appearance.get("title") or snapshot.get("licence_name", ""),
            "colour": _colour(appearance.get("colour")),
            "rows": rows,
            "dense": len(rows) > 16,
            "snapshot": snapshot,
            "seal_src": "data:image/png;base64," + base64.b64encode(seal_png).decode("ascii") if seal_png else "",
            "qr_src": qr_svg,
            "verify_page": verify_page,
            "watermark": watermark,
            "seal": {"left": SEAL_LEFT_MM, "top": SEAL_TOP_MM, "size": SEAL_SIZE_MM},
        },
    )
    return HTML(string=html).write_pdf()


def _colour(value) -> str:
    """The type's colour if it is a plain #rgb / #rrggbb, else the national red."""
    value = str(value or "")
    return value if re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", value) else "#b3261e"


def seal_rect() -> list[float]:
    """The seal's rectangle in PDF user space (origin bottom left), where the signature widget sits."""
    left = SEAL_LEFT_MM * MM
    bottom = (PAGE_HEIGHT_MM - SEAL_TOP_MM - SEAL_SIZE_MM) * MM
    return [round(left, 2), round(bottom, 2), round(left + SEAL_SIZE_MM * MM, 2), round(bottom + SEAL_SIZE_MM * MM, 2)]


def embed_signature(
    pdf: bytes,
    *,
    sign: Callable[[bytes], bytes],
    reserve: int,
    name: str,
    reason: str,
    signed_at: str,
    info: dict[str, str],
) -> bytes:
    """`pdf` with a signature field over the seal whose /Contents is `sign(protected bytes)` (a DER SES_Signature).

    `reserve`: bytes kept for the DER (the seal's picture is inside it, so it depends on the seal); `signed_at`:
    a PDF date (D:YYYYMMDDHHmmSS+08'00'); `info`: entries added to the document information dictionary."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    reserved = NumberObject(_RESERVED_NUMBER)
    signature = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/SubFilter"): NameObject(SUBFILTER),
            NameObject("/ByteRange"): ArrayObject([NumberObject(0), reserved, reserved, reserved]),
            NameObject("/Contents"): ByteStringObject(b"\0" * reserve),
            NameObject("/M"): TextStringObject(signed_at),
            NameObject("/Name"): TextStringObject(name),
            NameObject("/Reason"): TextStringObject(reason),
        }
    )
    signature_ref = writer._add_object(signature)
    page = writer.pages[0]
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("Seal1"),
            NameObject("/V"): signature_ref,
            NameObject("/F"): NumberObject(132),  # print, locked
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in seal_rect()]),
            NameObject("/P"): page.indirect_reference,
        }
    )
    widget_ref = writer._add_object(widget)
    annotations = page.get("/Annots")
    annotations = ArrayObject(list(annotations.get_object()) if annotations is not None else [])
    annotations.append(widget_ref)
    page[NameObject("/Annots")] = annotations
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([widget_ref]), NameObject("/SigFlags"): NumberObject(3)}
    )
    writer.add_metadata({f"/{key}": value for key, value in info.items()})
    out = io.BytesIO()
    writer.write(out)
    data = bytearray(out.getvalue())

    hole = b"<" + b"00" * reserve + b">"
    start = data.find(hole)
    if start < 0 or data.find(hole, start + 1) >= 0:
        raise PdfSignatureError("the reserved signature space is not unique")
    end = start + len(hole)
    template = f"[ 0 {_RESERVED_NUMBER} {_RESERVED_NUMBER} {_RESERVED_NUMBER} ]".encode()
    at = data.find(template)
    if at < 0:
        raise PdfSignatureError("the reserved /ByteRange is missing")
    byte_range = f"[0 {start} {end} {len(data) - end}]".encode().ljust(len(template))
    data[at : at + len(template)] = byte_range

    der = sign(bytes(data[:start]) + bytes(data[end:]))
    if len(der) > reserve:
        raise PdfSignatureError(f"the signature ({len(der)} bytes) exceeds the reserved {reserve} bytes")
    data[start + 1 : end - 1] = binascii.hexlify(der).upper().ljust(2 * reserve, b"0")
    return bytes(data)


@dataclass(frozen=True)
class PdfSignature:
    der: bytes  # the SES_Signature, without the zero padding
    protected: bytes  # the bytes the /ByteRange names
    covers_whole_file: bool  # False: bytes were added or changed outside the signed ranges (e.g. an update)
    info: dict[str, str]  # the document information dictionary (LicenceIdentifier, LicenceUse …)


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def read_signature(data: bytes) -> PdfSignature:
    """The embedded signature of a licence PDF, read from the raw bytes (the /ByteRange and /Contents), and the
    information dictionary as the file's parser sees it. Raises PdfSignatureError when there is none."""
    matches = list(_BYTE_RANGE.finditer(data))
    if not matches:
        raise PdfSignatureError("no signature")
    # The last signature: a file signed again by an update has its newest last.
    a, b, c, d = (int(g) for g in matches[-1].groups())
    if a != 0 or not 0 < b < c <= len(data) or c + d > len(data):
        raise PdfSignatureError("the /ByteRange does not fit the file")
    gap = data[b:c].strip()
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        raise PdfSignatureError("the /Contents is not a hex string")
    try:
        der = _der_prefix(binascii.unhexlify(re.sub(rb"\s", b"", gap[1:-1])))
    except (binascii.Error, ValueError) as exc:
        raise PdfSignatureError("the /Contents is not DER") from exc
    covers = c + d == len(data) and data[b:c] == gap
    return PdfSignature(der=der, protected=data[:b] + data[c : c + d], covers_whole_file=covers, info=_info(data))


def _der_prefix(blob: bytes) -> bytes:
    """The first DER element of `blob` (the signature is followed by the reserved space's zeros)."""
    if len(blob) < 2 or blob[0] != 0x30:
        raise ValueError("not a DER SEQUENCE")
    length = blob[1]
    header = 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or len(blob) < 2 + count:
            raise ValueError("bad DER length")
        length = int.from_bytes(blob[2 : 2 + count], "big")
        header += count
    if header + length > len(blob):
        raise ValueError("truncated DER")
    return blob[: header + length]


def _info(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        metadata = PdfReader(io.BytesIO(data)).metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return {}  # an unreadable dictionary names no licence: the verdict says so
    return {str(k).lstrip("/"): str(v) for k, v in metadata.items()}
