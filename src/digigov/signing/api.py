"""What other apps may call: organisation keys (sign, verify) and electronic seals (R0.5, R7.1). Nothing else is
public.

Seals: `seal_for(organisation, kind=None)` finds the seal to use, `seal_sign` makes a GB/T 38540 SES_Signature,
`seal_sign_raw` a plain SM2 signature (QR payloads), `seal_sign_batch` many at once, `verify_seal_signature` checks
an SES_Signature from its bytes alone (`verify_compact_seal_signature` from its stored compact form), `verify_seal_raw`
a plain one, `revoked_seals()` is the revocation list.
"""

from digigov.signing.choices import SealKind, SealStatus
from digigov.signing.errors import NoSigningKeyError
from digigov.signing.models import Seal
from digigov.signing.seals import (
    SealedSignature,
    SealVerdict,
    seal_sign,
    seal_sign_batch,
    seal_sign_raw,
    seal_sign_raw_batch,
    seal_signature_compact,
    seal_signature_expand,
    verify_compact_seal_signature,
    verify_seal_raw,
    verify_seal_signature,
)
from digigov.signing.selectors import key_active, key_get, revoked_seals, seal_by_code, seal_for
from digigov.signing.services import ALGORITHM, SIGNER_ID, Signature, sign, verify
from digigov.signing.sm2 import sm3_hex


def seal_image_png(seal: Seal) -> bytes:
    """The seal's appearance: a PNG with a transparent background (42 mm round, or 22 mm square for a name seal)."""
    return bytes(seal.image_png)


def seal_certificate_pem(seal: Seal) -> str:
    """The seal's X.509 certificate (SM2, issued by the platform's seal maker), PEM."""
    return seal.certificate_pem


__all__ = [
    "ALGORITHM",
    "SIGNER_ID",
    "NoSigningKeyError",
    "Seal",
    "SealKind",
    "SealStatus",
    "SealVerdict",
    "SealedSignature",
    "Signature",
    "key_active",
    "key_get",
    "revoked_seals",
    "seal_by_code",
    "seal_certificate_pem",
    "seal_for",
    "seal_image_png",
    "seal_sign",
    "seal_sign_batch",
    "seal_sign_raw",
    "seal_sign_raw_batch",
    "seal_signature_compact",
    "seal_signature_expand",
    "sign",
    "sm3_hex",
    "verify",
    "verify_seal_raw",
    "verify_compact_seal_signature",
    "verify_seal_signature",
]
