"""Licence identifiers (电子证照标识, GB/T 36904) and licence type codes (证照类型代码, GB/T 36902).

An identifier is an OID under the national e-licence arc::

    1.2.156.3005.2 . <type code, 21> . <issuer's credit code, 18> . <serial> . <version, 3 digits> . <check>

The type code is the issuing department's unified social credit code and a three-digit serial; the check
character is ISO/IEC 7064 MOD 37,36 (hybrid system, characters 0-9 A-Z) over the four parts joined without dots.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

ROOT = "1.2.156.3005.2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SERIAL_LENGTH = 20
_MOD = 36

_TYPE_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$")
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_SERIAL = re.compile(r"^[0-9A-Z]{1,32}$")
_IDENTIFIER = re.compile(
    r"^1\.2\.156\.3005\.2\.(?P<type_code>[0-9A-Z]{21})\.(?P<issuer_code>[0-9A-Z]{18})\."
    r"(?P<serial>[0-9A-Z]{1,32})\.(?P<version>[0-9]{3})\.(?P<check>[0-9A-Z])$"
)


def check_character(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 check character of `body` (digits and capital letters)."""
    p = _MOD
    for char in body:
        value = ALPHABET.find(char)
        if value < 0:
            raise ValueError(f"not a digit or capital letter: {char!r}")
        p = (p + value) % _MOD or _MOD
        p = (p * 2) % (_MOD + 1)
    return ALPHABET[(_MOD + 1 - p) % _MOD]


def is_type_code(code: str) -> bool:
    return bool(_TYPE_CODE.match(code or ""))


def type_code(issuer_uscc: str, number: int) -> str:
    """The `number`-th licence type of the department with credit code `issuer_uscc`."""
    if not _USCC.match(issuer_uscc or "") or not 1 <= number <= 999:
        raise ValueError("a type code needs the issuer's credit code and a serial from 1 to 999")
    return f"{issuer_uscc}{number:03d}"


def new_serial() -> str:
    """A fresh serial: 20 random digits and capital letters (the provincial platforms' practice)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(SERIAL_LENGTH))


def make(*, type_code: str, issuer_code: str, serial: str, version: int) -> str:
    if not _TYPE_CODE.match(type_code) or not _USCC.match(issuer_code) or not _SERIAL.match(serial):
        raise ValueError("malformed part of a licence identifier")
    if not 1 <= version <= 999:
        raise ValueError("a licence version is 1 to 999")
    body = f"{type_code}{issuer_code}{serial}{version:03d}"
    return f"{ROOT}.{type_code}.{issuer_code}.{serial}.{version:03d}.{check_character(body)}"


@dataclass(frozen=True)
class Identifier:
    type_code: str
    issuer_code: str
    serial: str
    version: int


def parse(identifier: str) -> Identifier | None:
    """The parts of a well-formed identifier whose check character holds; None otherwise."""
    match = _IDENTIFIER.match((identifier or "").strip())
    if match is None:
        return None
    parts = match.groupdict()
    body = parts["type_code"] + parts["issuer_code"] + parts["serial"] + parts["version"]
    if check_character(body) != parts["check"]:
        return None
    return Identifier(parts["type_code"], parts["issuer_code"], parts["serial"], int(parts["version"]))
