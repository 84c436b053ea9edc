"""Private keys at rest (R0.5): PKCS#8 encrypted with SM4-CBC under a passphrase derived per key.

The passphrase is HKDF (RFC 5869) with HMAC-SM3 over the key-encryption key: ``DIGIGOV_KEY_ENCRYPTION_KEY`` when
set (required in production), otherwise ``SECRET_KEY``. The info string binds the organisation id and the key's
fingerprint, so every key has its own passphrase and a stolen row cannot be decrypted under another
organisation's name. Changing the key-encryption key makes existing private keys unreadable: set it before the
first key is generated.
"""

import hashlib
import hmac

from django.conf import settings

from digigov.signing import sm2

SALT = b"digigov.signing.kek.v1"
PASSPHRASE_BYTES = 32


def hkdf(ikm: bytes, *, salt: bytes, info: bytes, length: int, digest: str = "sm3") -> bytes:
    """RFC 5869 extract-then-expand; SM3 by default (the RFC's own vectors hold with digest="sha256")."""
    size = hashlib.new(digest).digest_size
    if length > 255 * size:
        raise ValueError("HKDF output too long")
    prk = hmac.new(salt or bytes(size), ikm, digest).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), digest).digest()
        okm += block
        counter += 1
    return okm[:length]


def _key_encryption_key() -> bytes:
    configured = getattr(settings, "DIGIGOV_KEY_ENCRYPTION_KEY", "")
    return (configured or settings.SECRET_KEY).encode()


def passphrase(organisation_id: int, fingerprint: str) -> bytes:
    """The ASCII passphrase protecting one key (hex, so `openssl pkey -passin pass:...` accepts it)."""
    info = f"digigov.signing.org-key:{organisation_id}:{fingerprint}".encode()
    return hkdf(_key_encryption_key(), salt=SALT, info=info, length=PASSPHRASE_BYTES).hex().encode()


def seal(private_key: sm2.PrivateKey, *, organisation_id: int, fingerprint: str) -> str:
    """Encrypted PKCS#8 PEM of the private key, fit for the database."""
    return private_key.to_pem(passphrase(organisation_id, fingerprint)).decode("ascii")


def unseal(encrypted_pem: str, *, organisation_id: int, fingerprint: str) -> sm2.PrivateKey:
    return sm2.PrivateKey.from_pem(encrypted_pem, passphrase(organisation_id, fingerprint))
