"""GB/T 38540-2020 electronic seal structures (version 4) in ASN.1, with asn1crypto (R7.1).

The field order and tags follow the standard's ASN.1 module (as the Java library ofdrw implements it in
``org.ofdrw.gm.ses.v4``)::

    SESeal        ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OBJECT IDENTIFIER,
                                 signedValue BIT STRING }
    SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
                                 picture SES_ESPictureInfo, extDatas ExtensionDatas OPTIONAL }
    SES_Header    ::= SEQUENCE { id IA5String ("ES"), version INTEGER (4), vid IA5String }
    SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER,
                                 certList SEQUENCE OF OCTET STRING, createDate GeneralizedTime,
                                 validStart GeneralizedTime, validEnd GeneralizedTime }
    SES_ESPictureInfo  ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER }
    TBS_Sign      ::= SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING,
                                 propertyInfo IA5String, extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }
    SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OBJECT IDENTIFIER,
                                 signature BIT STRING, timeStamp [0] EXPLICIT BIT STRING OPTIONAL }

The seal maker (制章机构) signs DER(SES_SealInfo) into the SESeal; the seal's own key signs DER(TBS_Sign), whose
dataHash is the SM3 of the protected data. Both are SM2 with SM3 and the default id ``1234567812345678``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote

from asn1crypto import core, parser

SM2_WITH_SM3 = "1.2.156.10197.1.501"
SES_VERSION = 4
HEADER_ID = "ES"
VENDOR_ID = "digigov"  # vid: the maker's software
CERT_LIST_TYPE_CERTS = 1  # certList holds the certificates themselves (2 would be their digests)


class ExtData(core.Sequence):
    _fields = [
        ("extnID", core.ObjectIdentifier),
        ("critical", core.Boolean, {"default": False}),
        ("extnValue", core.OctetString),
    ]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SESHeader(core.Sequence):
    _fields = [("id", core.IA5String), ("version", core.Integer), ("vid", core.IA5String)]


class CertInfoList(core.SequenceOf):
    _child_spec = core.OctetString


class SESESPropertyInfo(core.Sequence):
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("certListType", core.Integer),
        ("certList", CertInfoList),
        ("createDate", core.GeneralizedTime),
        ("validStart", core.GeneralizedTime),
        ("validEnd", core.GeneralizedTime),
    ]


class SESESPictureInfo(core.Sequence):
    _fields = [
        ("type", core.IA5String),
        ("data", core.OctetString),
        ("width", core.Integer),
        ("height", core.Integer),
    ]


class SESSealInfo(core.Sequence):
    _fields = [
        ("header", SESHeader),
        ("esID", core.IA5String),
        ("property", SESESPropertyInfo),
        ("picture", SESESPictureInfo),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SESeal(core.Sequence):
    _fields = [
        ("eSealInfo", SESSealInfo),
        ("cert", core.OctetString),
        ("signAlgID", core.ObjectIdentifier),
        ("signedValue", core.OctetBitString),
    ]


class TBSSign(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", SESeal),
        ("timeInfo", core.GeneralizedTime),
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("extDatas", ExtensionDatas, {"explicit": 0, "optional": True}),
    ]


class SESSignature(core.Sequence):
    _fields = [
        ("toSign", TBSSign),
        ("cert", core.OctetString),
        ("signatureAlgID", core.ObjectIdentifier),
        ("signature", core.OctetBitString),
        ("timeStamp", core.OctetBitString, {"explicit": 0, "optional": True}),
    ]


class CompactSignature(core.Sequence):
    """Our storage form of an SES_Signature made with one of the platform's seals: only what differs between two
    signatures of the same seal. The seal's SESeal and certificate (kilobytes, the picture inside) are kept once,
    on the seal; `expand` rebuilds the exact SES_Signature DER from them (DER is deterministic)."""

    _fields = [
        ("sealCode", core.IA5String),
        ("sealHash", core.OctetString),  # SM3 of the SESeal DER: the rebuilt signature must carry that very seal
        ("timeInfo", core.GeneralizedTime),
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("signature", core.OctetBitString),
    ]


class SESFormatError(ValueError):
    """The bytes are not a GB/T 38540 v4 structure."""


# GB/T 38540 印章类型: 1 单位印章, 2 个人印章. Our seals are all organisations' seals.
SEAL_TYPE_ORGANISATION = 1


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("aware datetimes only")
    return value.astimezone(dt.UTC).replace(microsecond=0)


def ia5(text: str) -> str:
    """IA5String holds ASCII only: other characters are percent-encoded (UTF-8), so nothing is lost."""
    return text if text.isascii() else quote(text, safe="/:;,.-_=+~!*'()@ ")


def seal_info(
    *,
    es_id: str,
    name: str,
    seal_cert_der: bytes,
    created: dt.datetime,
    valid_start: dt.datetime,
    valid_end: dt.datetime,
    picture_png: bytes,
    width_mm: int,
    height_mm: int,
) -> SESSealInfo:
    """The SES_SealInfo of one seal (its own certificate in certList, the appearance as PNG)."""
    return SESSealInfo(
        {
            "header": SESHeader({"id": HEADER_ID, "version": SES_VERSION, "vid": VENDOR_ID}),
            "esID": es_id,
            "property": SESESPropertyInfo(
                {
                    "type": SEAL_TYPE_ORGANISATION,
                    "name": name,
                    "certListType": CERT_LIST_TYPE_CERTS,
                    "certList": CertInfoList([seal_cert_der]),
                    "createDate": _utc(created),
                    "validStart": _utc(valid_start),
                    "validEnd": _utc(valid_end),
                }
            ),
            "picture": SESESPictureInfo({"type": "PNG", "data": picture_png, "width": width_mm, "height": height_mm}),
        }
    )


def build_seseal(info: SESSealInfo, *, maker_cert_der: bytes, maker_sign) -> bytes:
    """DER SESeal: `maker_sign(bytes) -> DER r,s` signs DER(SES_SealInfo) with the maker's key."""
    info_der = info.dump()
    return SESeal(
        {
            "eSealInfo": info,
            "cert": maker_cert_der,
            "signAlgID": SM2_WITH_SM3,
            "signedValue": maker_sign(info_der),
        }
    ).dump()


def build_tbs_sign(*, seseal_der: bytes, signed_at: dt.datetime, data_hash: bytes, property_info: str = "") -> TBSSign:
    return TBSSign(
        {
            "version": SES_VERSION,
            "eseal": SESeal.load(seseal_der),
            "timeInfo": _utc(signed_at),
            "dataHash": data_hash,
            "propertyInfo": ia5(property_info),
        }
    )


def build_signature(tbs: TBSSign, *, signer_cert_der: bytes, signature: bytes) -> bytes:
    return SESSignature(
        {"toSign": tbs, "cert": signer_cert_der, "signatureAlgID": SM2_WITH_SM3, "signature": signature}
    ).dump()


_VERSION_DER = core.Integer(SES_VERSION).dump()


class CompactParts(NamedTuple):
    """A compact form's fields as a verifier needs them, and `tail`: timeInfo, dataHash and propertyInfo exactly as
    encoded, which end the TBS_Sign the compact form stands for."""

    seal_code: str
    seal_hash: bytes
    signed_at: dt.datetime
    data_hash: bytes
    property_info: str
    signature: bytes
    tail: bytes


# CompactSignature's fields in order, as (class, method, tag): universal, primitive, and the type's tag.
_COMPACT_TAGS = (
    core.IA5String.tag,
    core.OctetString.tag,
    core.GeneralizedTime.tag,
    core.OctetBitString.tag,
    core.IA5String.tag,
    core.OctetBitString.tag,
)


def read_compact(compact: bytes) -> CompactParts:
    """Read a stored compact form (the verifier's hot path), with asn1crypto's DER parser and without building its
    objects: a tenth of the time of `CompactSignature.load` and its `.native` values, which the tests hold it to.
    SESFormatError unless the bytes are exactly one CompactSignature in DER."""
    try:
        class_, method, tag, _header, contents, _trailer = parser.parse(bytes(compact), strict=True)
        if (class_, method, tag) != (0, 1, core.Sequence.tag):
            raise SESFormatError("not a SEQUENCE")
        elements, rest = [], contents
        while rest:
            element = parser.parse(rest)
            elements.append(element)
            rest = rest[len(element[3]) + len(element[4]) + len(element[5]) :]
        if tuple((e[0], e[1], e[2]) for e in elements) != tuple((0, 0, t) for t in _COMPACT_TAGS):
            raise SESFormatError("not a CompactSignature")
        code, seal_hash, time, data_hash, prop, signature = (e[4] for e in elements)
        if data_hash[:1] != b"\0" or signature[:1] != b"\0":
            raise SESFormatError("a BIT STRING with unused bits")
        tail = b"".join(e[3] + e[4] for e in elements[2:5])
        return CompactParts(
            code.decode("ascii"), seal_hash, _generalized_time(time), data_hash[1:], prop.decode("ascii"),
            signature[1:], tail,
        )  # fmt: skip
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise SESFormatError(str(exc)) from exc


def _generalized_time(text: bytes) -> dt.datetime:
    """DER's GeneralizedTime as we write it (YYYYMMDDHHMMSSZ, UTC) read directly; anything else by asn1crypto."""
    if len(text) == 15 and text[14:] == b"Z" and text[:14].isdigit():
        return dt.datetime(
            int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]), int(text[12:14]),
            tzinfo=dt.UTC,
        )  # fmt: skip
    value = core.GeneralizedTime(contents=text).native
    if not isinstance(value, dt.datetime):
        raise SESFormatError("timeInfo is not a time")
    return value


def tbs_sign_der(eseal_der: bytes, tail: bytes) -> bytes:
    """The DER of the TBS_Sign around a seal's SESeal whose last fields are `tail` (`CompactParts.tail`): the same
    bytes as `build_tbs_sign(...).dump()`, which the tests hold it to."""
    return parser.emit(0, 1, core.Sequence.tag, _VERSION_DER + eseal_der + tail)


def tbs_sign_head(eseal_der: bytes, tail_length: int) -> bytes:
    """The bytes of such a TBS_Sign before its tail: its header, version and the SESeal (the same for every
    signature of one seal whose tail has this length, so a verifier hashes them once)."""
    contents_length = len(_VERSION_DER) + len(eseal_der) + tail_length
    header = parser.emit(0, 1, core.Sequence.tag, bytes(contents_length))[:-contents_length]
    return header + _VERSION_DER + eseal_der


@dataclass(frozen=True)
class ParsedSignature:
    """What a verifier reads out of an SES_Signature, each signed part as the exact bytes that were signed.

    Only the outer fields are read here (the fast path of every verification); the SESeal inside is kept as its
    DER bytes and read by `parse_seal` once per seal (verifiers cache that)."""

    to_sign_der: bytes
    signature: bytes
    signer_cert_der: bytes
    signature_alg: str
    signed_at: dt.datetime
    data_hash: bytes
    property_info: str
    seseal_der: bytes


@dataclass(frozen=True)
class ParsedSeal:
    """The parts of an SESeal a verifier checks: the maker's signature over SES_SealInfo and what it names."""

    seal_info_der: bytes
    signed_value: bytes
    maker_cert_der: bytes
    sign_alg: str
    es_id: str
    name: str
    certs: tuple[bytes, ...]
    valid_start: dt.datetime
    valid_end: dt.datetime
    picture_type: str
    picture: bytes


def parse_signature(der: bytes) -> ParsedSignature:
    """Read an SES_Signature (v4); SESFormatError if it is not one. Checks nothing cryptographic."""
    try:
        sig = SESSignature.load(bytes(der), strict=True)
        tbs = sig["toSign"]
        if tbs["version"].native != SES_VERSION:
            raise SESFormatError(f"TBS_Sign version {tbs['version'].native}, not {SES_VERSION}")
        signed_at = tbs["timeInfo"].native
        if not isinstance(signed_at, dt.datetime):
            raise SESFormatError("timeInfo is not a time")
        return ParsedSignature(
            to_sign_der=tbs.dump(),
            signature=bytes(sig["signature"].native),
            signer_cert_der=bytes(sig["cert"].native),
            signature_alg=sig["signatureAlgID"].dotted,
            signed_at=signed_at,
            data_hash=bytes(tbs["dataHash"].native),
            property_info=tbs["propertyInfo"].native,
            seseal_der=tbs["eseal"].dump(),
        )
    except SESFormatError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SESFormatError(str(exc)) from exc


def parse_seal(der: bytes) -> ParsedSeal:
    """Read an SESeal (v4); SESFormatError if it is not one. Checks nothing cryptographic."""
    try:
        seal = SESeal.load(bytes(der), strict=True)
        info = seal["eSealInfo"]
        header = info["header"]
        if header["id"].native != HEADER_ID or header["version"].native != SES_VERSION:
            raise SESFormatError("not a version 4 SES_SealInfo")
        prop = info["property"]
        picture = info["picture"]
        return ParsedSeal(
            seal_info_der=info.dump(),
            signed_value=bytes(seal["signedValue"].native),
            maker_cert_der=bytes(seal["cert"].native),
            sign_alg=seal["signAlgID"].dotted,
            es_id=info["esID"].native,
            name=prop["name"].native,
            certs=tuple(bytes(c.native) for c in prop["certList"]),
            valid_start=prop["validStart"].native,
            valid_end=prop["validEnd"].native,
            picture_type=picture["type"].native,
            picture=bytes(picture["data"].native),
        )
    except SESFormatError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SESFormatError(str(exc)) from exc
