"""What other apps may call: sign, verify and look up organisation keys (R0.5). Nothing else is public."""

from digigov.signing.errors import NoSigningKeyError
from digigov.signing.selectors import key_active, key_get
from digigov.signing.services import ALGORITHM, SIGNER_ID, Signature, sign, verify
from digigov.signing.sm2 import sm3_hex

__all__ = [
    "ALGORITHM",
    "SIGNER_ID",
    "NoSigningKeyError",
    "Signature",
    "key_active",
    "key_get",
    "sign",
    "sm3_hex",
    "verify",
]
