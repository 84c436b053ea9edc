"""X.509 v3 certificates with SM2 keys signed SM2-with-SM3, built with asn1crypto (R7.1, R0.5; GM/T 0015).

The platform's seal maker (制章机构, the platform operator organisation) holds a root key and a self-signed
certificate; every seal has its own SM2 key and a certificate the maker issues (subject CN = the seal's name, O = the
organisation). Signatures over certificates use the default SM2 id ``1234567812345678``, so OpenSSL 3 checks them
with ``openssl verify -vfyopt distid:1234567812345678``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from asn1crypto import keys, pem, x509

from digigov.signing import sm2
from digigov.signing.ses import SM2_WITH_SM3


def _time(value: dt.datetime) -> x509.Time:
    value = value.astimezone(dt.UTC).replace(microsecond=0)
    # RFC 5280 4.1.2.5: UTCTime up to 2049, GeneralizedTime from 2050.
    return x509.Time({"utc_time": value} if value.year < 2050 else {"general_time": value})


def _key_id(public_der: bytes) -> bytes:
    """Key identifier: the first 20 bytes of the SM3 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1,
    SM3 instead of SHA-1)."""
    info = keys.PublicKeyInfo.load(public_der)
    return bytes.fromhex(sm2.sm3_hex(info["public_key"].contents[1:]))[:20]


def new_serial() -> int:
    """A positive 63-bit random serial (RFC 5280: at most 20 octets, unpredictable)."""
    return secrets.randbits(63) | (1 << 62)


def build_certificate(
    *,
    subject: dict,
    issuer: dict,
    public_key: sm2.PublicKey,
    issuer_public_key: sm2.PublicKey,
    sign: Callable[[bytes], bytes],
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    is_ca: bool,
) -> bytes:
    """DER certificate. `subject`/`issuer` are asn1crypto name dicts (common_name, organization_name, …); `sign`
    makes the issuer's DER SM2 signature of the DER TBSCertificate."""
    public_der = public_key.to_der()
    algorithm = x509.SignedDigestAlgorithm({"algorithm": SM2_WITH_SM3})
    usage = {"key_cert_sign", "crl_sign", "digital_signature"} if is_ca else {"digital_signature", "non_repudiation"}
    extensions = [
        {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": is_ca}},
        {"extn_id": "key_usage", "critical": True, "extn_value": usage},
        {"extn_id": "key_identifier", "critical": False, "extn_value": _key_id(public_der)},
        {
            "extn_id": "authority_key_identifier",
            "critical": False,
            "extn_value": {"key_identifier": _key_id(issuer_public_key.to_der())},
        },
    ]
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial,
            "signature": algorithm,
            "issuer": x509.Name.build(issuer),
            "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
            "subject": x509.Name.build(subject),
            "subject_public_key_info": keys.PublicKeyInfo.load(public_der),
            "extensions": extensions,
        }
    )
    signature = sign(tbs.dump())
    return x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature}
    ).dump()


def to_pem(der: bytes) -> str:
    return pem.armor("CERTIFICATE", der).decode("ascii")


def from_pem(text: str | bytes) -> bytes:
    data = text.encode("ascii") if isinstance(text, str) else text
    _type, _headers, der = pem.unarmor(data)
    return der


def public_key(cert_der: bytes) -> sm2.PublicKey:
    """The SM2 public key in a certificate (raises ValueError or SM2Error when it is none)."""
    cert = x509.Certificate.load(cert_der)
    spki = cert["tbs_certificate"]["subject_public_key_info"].dump()
    return sm2.PublicKey.from_der(spki)


def tbs_and_signature(cert_der: bytes) -> tuple[bytes, bytes]:
    """The signed part of a certificate and the issuer's signature over it (to check the chain)."""
    cert = x509.Certificate.load(cert_der)
    return cert["tbs_certificate"].dump(), bytes(cert["signature_value"].native)


def describe(cert_der: bytes) -> dict:
    """Subject, issuer, serial and validity of a certificate, for pages and the API."""
    tbs = x509.Certificate.load(cert_der)["tbs_certificate"]
    return {
        "subject": tbs["subject"].human_friendly,
        "issuer": tbs["issuer"].human_friendly,
        "issuer_name": tbs["issuer"].native.get("common_name", ""),
        "serial": format(tbs["serial_number"].native, "X"),
        "not_before": tbs["validity"]["not_before"].native,
        "not_after": tbs["validity"]["not_after"].native,
    }
