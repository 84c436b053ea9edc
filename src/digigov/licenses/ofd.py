"""The licence as an OFD document (GB/T 33190, R7.1 "OFD layout standard"), written by our own code: a zip of XML
files in the `http://www.ofdspec.org/2016` namespace, with the seal as an electronic signature (GB/T 38540).

    OFD.xml                          DocBody: DocInfo (with the licence identifier), DocRoot, Signatures
    Doc_0/Document.xml               CommonData: MaxUnitID, PageArea (A4, mm), PublicRes, DocumentRes; Pages
    Doc_0/PublicRes.xml              fonts, named only (readers substitute a CJK face they have)
    Doc_0/DocumentRes.xml            the QR code image (Res/qr.png)
    Doc_0/Pages/Page_0/Content.xml   one layer: frame, a TextObject per printed line (TextCode with DeltaX), the QR
    Doc_0/Signs/Signatures.xml       MaxSignId, one Signature (Type="Seal")
    Doc_0/Signs/Sign_0/Signature.xml SignedInfo: Provider, SignatureMethod (SM2 1.2.156.10197.1.501),
                                     SignatureDateTime, References (CheckMethod SM3 1.2.156.10197.1.401: one
                                     Reference per file with its base64 SM3), StampAnnot (page, boundary), Seal
    Doc_0/Signs/Sign_0/SignedValue.dat  DER SES_Signature whose TBS_Sign.dataHash = SM3(Signature.xml)
    Doc_0/Signs/Sign_0/Seal.esl      the SESeal (印章数据) inside that signature: readers draw its picture at the
                                     StampAnnot's boundary

Every file of the package is protected (a Reference each, Seal.esl included) except Signature.xml, whose SM3 the
SES_Signature carries, and SignedValue.dat itself; the verifier also checks that Seal.esl is the SESeal inside
SignedValue.dat and that no file was added after sealing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET  # what comes back from uploads is parsed without entities

from digigov.licenses import snapshot as snapshots

NS = "http://www.ofdspec.org/2016"
ET.register_namespace("ofd", NS)
SM2_SIGNATURE_METHOD = "1.2.156.10197.1.501"  # SM2 with SM3
SM3_CHECK_METHOD = "1.2.156.10197.1.401"
PAGE_W, PAGE_H = 210, 297  # mm
SEAL_BOX = (127.0, 217.0, 42.0, 42.0)  # x, y, w, h in mm: the same place as on the PDF
SIGNATURE_DIR = "Doc_0/Signs/Sign_0/"
SIGNATURE_FILE = SIGNATURE_DIR + "Signature.xml"
SIGNED_VALUE_FILE = SIGNATURE_DIR + "SignedValue.dat"
SEAL_FILE = SIGNATURE_DIR + "Seal.esl"
IDENTIFIER_KEY = "LicenceIdentifier"


class OfdError(Exception):
    """Not an OFD of ours, or its signature files are missing or malformed."""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _advance(char: str, size: float) -> float:
    """An approximate advance in mm: CJK and full-width glyphs are square, the rest about half as wide."""
    return size if ord(char) > 0x2E7F else size * 0.55


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for char in text:
        step = _advance(char, size)
        if line and used + step > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += step
    return [*lines, line] if line or not lines else lines


@dataclass
class _Page:
    ids: list[int] = field(default_factory=lambda: [10])
    layer: ET.Element | None = None

    def next_id(self) -> int:
        self.ids[0] += 1
        return self.ids[0]

    def text(self, x: float, y: float, text: str, *, size: float, font: int, colour: str = "0 0 0") -> None:
        """One line: a TextObject whose TextCode places each glyph with DeltaX (GB/T 33190 §11.3)."""
        if not text:
            return
        width = sum(_advance(c, size) for c in text)
        obj = _el(
            self.layer,
            "TextObject",
            ID=self.next_id(),
            Boundary=f"{_num(x)} {_num(y)} {_num(width + size)} {_num(size * 1.4)}",
            Font=font,
            Size=_num(size),
        )
        _el(obj, "FillColor", Value=colour)
        deltas = " ".join(_num(_advance(c, size)) for c in text[:-1])
        attrs = {"X": "0", "Y": _num(size)}
        if deltas:
            attrs["DeltaX"] = deltas
        _el(obj, "TextCode", text, **attrs)


def _rgb(colour: str) -> str:
    colour = (colour or "#b3261e").lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    try:
        return " ".join(str(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    except ValueError:
        return "179 38 30"


def content_files(snapshot: dict, *, appearance: dict, qr_png: bytes, created: str) -> dict[str, bytes]:
    """The unsigned package's files (path → bytes) of a licence version."""
    title = appearance.get("title") or snapshot.get("licence_name", "")
    colour = _rgb(str(appearance.get("colour") or ""))
    files: dict[str, bytes] = {}

    ofd = ET.Element(_q("OFD"), {"Version": "1.0", "DocType": "OFD"})
    body = _el(ofd, "DocBody")
    info = _el(body, "DocInfo")
    _el(info, "DocID", hashlib.new("sm3", snapshot.get("identifier", "").encode()).hexdigest()[:32])
    _el(info, "Title", title)
    _el(info, "Author", snapshot.get("issuer_name", ""))
    _el(info, "CreationDate", created[:10])
    _el(info, "Creator", "digigov")
    _el(info, "CreatorVersion", "1.0")
    custom = _el(info, "CustomDatas")
    _el(custom, "CustomData", snapshot.get("identifier", ""), Name=IDENTIFIER_KEY)
    _el(body, "DocRoot", "Doc_0/Document.xml")
    _el(body, "Signatures", "Doc_0/Signs/Signatures.xml")
    files["OFD.xml"] = _xml(ofd)

    res = ET.Element(_q("Res"), {"BaseLoc": "Res"})
    fonts = _el(res, "Fonts")
    _el(fonts, "Font", ID=1, FontName="宋体", FamilyName="Noto Sans CJK SC")
    _el(fonts, "Font", ID=2, FontName="黑体", FamilyName="Noto Sans CJK SC", Bold="true")
    files["Doc_0/PublicRes.xml"] = _xml(res)
    res = ET.Element(_q("Res"), {"BaseLoc": "Res"})
    media = _el(res, "MultiMedias")
    media_file = _el(media, "MultiMedia", ID=3, Type="Image", Format="PNG")
    _el(media_file, "MediaFile", "qr.png")
    files["Doc_0/DocumentRes.xml"] = _xml(res)
    files["Doc_0/Res/qr.png"] = qr_png

    page = _Page()
    root = ET.Element(_q("Page"))
    area = _el(root, "Area")
    _el(area, "PhysicalBox", f"0 0 {PAGE_W} {PAGE_H}")
    page.layer = _el(_el(root, "Content"), "Layer", ID=page.next_id())
    frame = _el(page.layer, "PathObject", ID=page.next_id(), Boundary="12 12 186 273", LineWidth="1.2")
    _el(frame, "StrokeColor", Value=colour)
    _el(frame, "AbbreviatedData", "M 0 0 L 186 0 L 186 273 L 0 273 C")
    kicker = "电子证照"
    page.text((PAGE_W - 4 * 4.5) / 2, 24, kicker, size=3.9, font=1, colour=colour)
    size = 8.5
    width = sum(_advance(c, size) for c in title)
    page.text((PAGE_W - width) / 2, 31, title, size=size, font=2, colour=colour)
    y, row_size = 52.0, 3.9
    for label, value in snapshots.rows(snapshot):
        page.text(25, y, label, size=row_size, font=1, colour="85 85 85")
        for line in _wrap(value, row_size, 118):
            page.text(63, y, line, size=row_size, font=1)
            y += row_size * 1.5
        y += row_size * 0.75
    qr = _el(page.layer, "ImageObject", ID=page.next_id(), Boundary="28 222 32 32", CTM="32 0 0 32 0 0")
    qr.set("ResourceID", "3")
    page.text(38, 256, "扫码核验", size=2.8, font=1, colour="51 51 51")
    issuer = snapshot.get("issuer_name", "")
    page.text(148 - sum(_advance(c, 4.2) for c in issuer) / 2, 234, issuer, size=4.2, font=1)
    issued = snapshot.get("issued_on", "")
    page.text(148 - sum(_advance(c, 4.2) for c in issued) / 2, 242, issued, size=4.2, font=1)
    for n, line in enumerate(_wrap("证照标识 " + snapshot.get("identifier", ""), 2.6, 160)):
        page.text(25, 268 + n * 3.6, line, size=2.6, font=1, colour="85 85 85")
    files["Doc_0/Pages/Page_0/Content.xml"] = _xml(root)

    document = ET.Element(_q("Document"))
    common = _el(document, "CommonData")
    _el(common, "MaxUnitID", str(page.ids[0]))
    _el(_el(common, "PageArea"), "PhysicalBox", f"0 0 {PAGE_W} {PAGE_H}")
    _el(common, "PublicRes", "PublicRes.xml")
    _el(common, "DocumentRes", "DocumentRes.xml")
    _el(_el(document, "Pages"), "Page", ID=1, BaseLoc="Pages/Page_0/Content.xml")
    files["Doc_0/Document.xml"] = _xml(document)

    signatures = ET.Element(_q("Signatures"))
    _el(signatures, "MaxSignId", "1")
    _el(signatures, "Signature", ID=1, Type="Seal", BaseLoc="/" + SIGNATURE_FILE)
    files["Doc_0/Signs/Signatures.xml"] = _xml(signatures)
    return files


def _sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def signature_xml(files: dict[str, bytes], *, signed_at: str, provider_version: str = "1.0") -> bytes:
    """Signature.xml over `files`: SignedInfo with one Reference (base64 SM3) per file, the stamp's place, the
    seal's file; SignedValue names SignedValue.dat."""
    root = ET.Element(_q("Signature"))
    info = _el(root, "SignedInfo")
    _el(info, "Provider", ProviderName="digigov", Version=provider_version, Company="digigov")
    _el(info, "SignatureMethod", SM2_SIGNATURE_METHOD)
    _el(info, "SignatureDateTime", signed_at)
    references = _el(info, "References", CheckMethod=SM3_CHECK_METHOD)
    for path in sorted(files):
        reference = _el(references, "Reference", FileRef="/" + path)
        _el(reference, "CheckValue", base64.b64encode(_sm3(files[path])).decode("ascii"))
    x, y, w, h = SEAL_BOX
    _el(info, "StampAnnot", ID="1", PageRef="1", Boundary=f"{_num(x)} {_num(y)} {_num(w)} {_num(h)}")
    seal = _el(info, "Seal")
    _el(seal, "BaseLoc", "/" + SEAL_FILE)
    _el(root, "SignedValue", "/" + SIGNED_VALUE_FILE)
    return _xml(root)


def build(
    snapshot: dict,
    *,
    appearance: dict,
    qr_png: bytes,
    signed_at: str,
    seseal: bytes,
    sign: Callable[[bytes], bytes],
) -> bytes:
    """The sealed OFD: `seseal` is the seal's SESeal DER (Seal.esl); `sign(Signature.xml bytes)` returns the DER
    SES_Signature."""
    files = content_files(snapshot, appearance=appearance, qr_png=qr_png, created=signed_at)
    files[SEAL_FILE] = seseal
    signature = signature_xml(files, signed_at=signed_at)
    files[SIGNATURE_FILE] = signature
    files[SIGNED_VALUE_FILE] = sign(signature)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for path in ["OFD.xml", *sorted(p for p in files if p != "OFD.xml")]:
            package.writestr(path, files[path])
    return out.getvalue()


@dataclass(frozen=True)
class OfdSignature:
    der: bytes  # SignedValue.dat
    signature_xml: bytes  # the bytes the seal signed (their SM3 is the signature's dataHash)
    seal_file: bytes  # Seal.esl as stored
    mismatched: list[str]  # protected files whose SM3 is not their CheckValue (or that are missing)
    unprotected: list[str]  # files in the package that no Reference covers (added after signing)
    identifier: str  # DocInfo's LicenceIdentifier
    check_method: str


def _path(base: str, loc: str) -> str:
    """A package path from an ST_Loc: absolute from the root, or relative to `base`'s folder."""
    loc = (loc or "").strip()
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
    return posixpath.normpath(path)


def read_signature(data: bytes) -> OfdSignature:
    """The first seal signature of an OFD package and what its References say about every file. The package's
    size and entries were checked before (core.uploads). Raises OfdError."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        files = {name: package.read(name) for name in package.namelist() if not name.endswith("/")}
        ofd = SafeET.fromstring(files["OFD.xml"])
        body = ofd.find(_q("DocBody"))
        signatures_path = _path("OFD.xml", body.findtext(_q("Signatures")) or "")
        identifier = ""
        for custom in body.iter(_q("CustomData")):
            if custom.get("Name") == IDENTIFIER_KEY:
                identifier = (custom.text or "").strip()
        signatures = SafeET.fromstring(files[signatures_path])
        entry = next(s for s in signatures.findall(_q("Signature")) if s.get("Type", "Seal") == "Seal")
        signature_path = _path(signatures_path, entry.get("BaseLoc", ""))
        signature_xml = files[signature_path]
        signature = SafeET.fromstring(signature_xml)
        info = signature.find(_q("SignedInfo"))
        references = info.find(_q("References"))
        if references is None:
            raise OfdError("no References")
        value_path = _path(signature_path, signature.findtext(_q("SignedValue")) or "")
        seal = info.find(_q("Seal"))
        seal_path = _path(signature_path, seal.findtext(_q("BaseLoc"))) if seal is not None else ""
    except (zipfile.BadZipFile, KeyError, ET.ParseError, DefusedXmlException, AttributeError, StopIteration,
            TypeError) as exc:  # fmt: skip
        raise OfdError("not a sealed OFD") from exc
    check_method = references.get("CheckMethod", "")
    covered, mismatched = set(), []
    for reference in references.findall(_q("Reference")):
        path = _path("", reference.get("FileRef", ""))
        covered.add(path)
        try:
            expected = base64.b64decode(reference.findtext(_q("CheckValue")) or "", validate=True)
        except ValueError:
            expected = b""
        if path not in files or _sm3(files[path]) != expected:
            mismatched.append(path)
    own = {signature_path, value_path}
    unprotected = sorted(p for p in files if p not in covered and p not in own)
    if value_path not in files:
        raise OfdError("the signed value is missing")
    return OfdSignature(
        der=files[value_path],
        signature_xml=signature_xml,
        seal_file=files.get(seal_path, b""),
        mismatched=sorted(mismatched),
        unprotected=unprotected,
        identifier=identifier,
        check_method=check_method,
    )
