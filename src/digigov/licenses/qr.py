"""The 亮证 QR code: a compact text, signed by the issuer's seal at issuance, that any phone or counter verifies
offline with the seal's published certificate (docs/licences.md) and online at `/licences/v/?p=…`.

Text (UTF-8), fields separated by "|"::

    DGL1|<identifier>|<licence name>|<holder name>|<masked holder code>|<issuer>|<issued on>|<valid until>|<seal code>

The signature is the seal's plain DER SM2/SM3 signature (distinguishing id 1234567812345678) over exactly those
bytes; the QR carries `base64url(text) "." base64url(signature)` as the `p` parameter of the verification page.
The holder's code is masked: a lost phone's screenshot does not give away an ID number.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

PREFIX = "DGL1"
SEPARATOR = "|"
FIELDS = (
    "identifier",
    "licence_name",
    "holder_name",
    "holder_code",
    "issuer_name",
    "issued_on",
    "valid_until",
    "seal_code",
)


def mask(code: str) -> str:
    """Keep the first 4 and last 2 characters: 4201**********1234 -> 4201************34."""
    if len(code) <= 6:
        return "*" * len(code)
    return code[:4] + "*" * (len(code) - 6) + code[-2:]


def signed_text(snapshot: dict, *, seal_code: str) -> bytes:
    """The bytes the seal signs for the QR code of a version with this snapshot."""
    values = [
        snapshot["identifier"],
        snapshot["licence_name"],
        snapshot["holder_name"],
        mask(snapshot["holder_code"]),
        snapshot["issuer_name"],
        snapshot["issued_on"],
        snapshot["valid_until"],
        seal_code,
    ]
    return SEPARATOR.join([PREFIX, *(v.replace(SEPARATOR, "/") for v in values)]).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(text: bytes, signature: bytes) -> str:
    """The `p` parameter: base64url(text) "." base64url(signature)."""
    return f"{_b64(text)}.{_b64(signature)}"


@dataclass(frozen=True)
class Payload:
    text: bytes  # the signed bytes
    signature: bytes
    identifier: str
    licence_name: str
    holder_name: str
    holder_code: str  # masked
    issuer_name: str
    issued_on: str
    valid_until: str
    seal_code: str


def decode(parameter: str) -> Payload | None:
    """The payload of a QR parameter, or None when it is not one of ours (the signature is not checked here)."""
    try:
        text_part, signature_part = (parameter or "").strip().split(".")
        text, signature = _unb64(text_part), _unb64(signature_part)
        values = text.decode("utf-8").split(SEPARATOR)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if len(values) != len(FIELDS) + 1 or values[0] != PREFIX or not signature:
        return None
    return Payload(text, signature, **dict(zip(FIELDS, values[1:], strict=True)))
