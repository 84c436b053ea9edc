"""Private keys at rest (R0.5): PKCS#8 encrypted with SM4-CBC under a passphrase derived per key.

The passphrase is HKDF (RFC 5869) with HMAC-SM3 over the key-encryption key: ``DIGIGOV_KEY_ENCRYPTION_KEY`` when
set (required in production), otherwise ``SECRET_KEY``. The info string binds the organisation id and the key's
fingerprint, so every key has its own passphrase and a stolen row cannot be decrypted under another
organisation's name. Changing the key-encryption key makes existing private keys unreadable: set it before the
first key is generated.

Which key-encryption key sealed the keys is kept as a one-way fingerprint (`KeyEncryptionKeyMark`, HKDF with an
info string of its own): sealing under another key is refused, and a key that cannot be opened because the
configured key-encryption key is not that one raises `KeyEncryptionKeyError`, whose message names the setting,
instead of an OpenSSL error. The key-encryption key is never in a backup (docs/backup.md).
"""

import hashlib
import hmac

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from digigov.signing import sm2
from digigov.signing.errors import KeyEncryptionKeyError
from digigov.signing.models import KeyEncryptionKeyMark, OrgKeyPair

SALT = b"digigov.signing.kek.v1"
PASSPHRASE_BYTES = 32
FINGERPRINT_INFO = b"digigov.signing.kek-fingerprint"
# For core.backup, which reads the mark from a database snapshot with a plain cursor (the app names its own table).
MARK_TABLE = KeyEncryptionKeyMark._meta.db_table
MARK_SQL = f"SELECT fingerprint FROM {MARK_TABLE} WHERE id = 1"  # noqa: S608 - constants only


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


def kek_fingerprint() -> str:
    """A fingerprint of the configured key-encryption key that reveals nothing of it (HKDF, an info of its own)."""
    return hkdf(_key_encryption_key(), salt=SALT, info=FINGERPRINT_INFO, length=32).hex()


def kek_recorded() -> str | None:
    """The fingerprint of the key-encryption key this database's keys were sealed under (None: none sealed yet)."""
    return KeyEncryptionKeyMark.objects.filter(pk=1).values_list("fingerprint", flat=True).first()


def _claim_kek() -> None:
    """Record the configured key-encryption key on first use; refuse to seal under any other one afterwards."""
    current = kek_fingerprint()
    if kek_recorded() is None:
        # Two first sealers may race: the loser's insert is ignored and it compares with the winner's mark.
        KeyEncryptionKeyMark.objects.bulk_create(
            [KeyEncryptionKeyMark(pk=1, fingerprint=current)], ignore_conflicts=True
        )
    if kek_recorded() != current:
        raise KeyEncryptionKeyError()


def seal(private_key: sm2.PrivateKey, *, organisation_id: int, fingerprint: str) -> str:
    """Encrypted PKCS#8 PEM of the private key, fit for the database."""
    _claim_kek()
    return private_key.to_pem(passphrase(organisation_id, fingerprint)).decode("ascii")


def unseal(encrypted_pem: str, *, organisation_id: int, fingerprint: str) -> sm2.PrivateKey:
    """The private key, or `KeyEncryptionKeyError` when the configured key-encryption key is not the one the keys
    were sealed under. (Under the right one, a key that does not open was damaged in the database: OpenSSL's error.)"""
    try:
        return sm2.PrivateKey.from_pem(encrypted_pem, passphrase(organisation_id, fingerprint))
    except sm2.SM2Error:
        if kek_recorded() == kek_fingerprint():
            raise
        raise KeyEncryptionKeyError() from None


KEK_MISMATCH = _(
    "The key-encryption key does not match: the signing keys in this database were sealed under the key with "
    "fingerprint %(recorded)s, but the configured one (setting DIGIGOV_KEY_ENCRYPTION_KEY, or SECRET_KEY when it "
    "is empty) has fingerprint %(configured)s. Set DIGIGOV_KEY_ENCRYPTION_KEY to the key the data was made with "
    "(docs/backup.md)."
)
KEK_UNREADABLE = _(
    "The stored signing keys cannot be decrypted with the configured key-encryption key (setting "
    "DIGIGOV_KEY_ENCRYPTION_KEY, or SECRET_KEY when it is empty). Set DIGIGOV_KEY_ENCRYPTION_KEY to the key they "
    "were made with (docs/backup.md)."
)


def kek_mismatch_message(recorded: str | None, configured: str) -> str:
    """For operators (system check, restore): Chinese, then English, naming the setting and both fingerprints."""
    if recorded:
        message, values = KEK_MISMATCH, {"recorded": recorded[:16], "configured": configured[:16]}
    else:
        message, values = KEK_UNREADABLE, {}
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            text = str(message) % values if values else str(message)
        if text not in texts:
            texts.append(text)
    return "\n".join(texts)


def kek_problem() -> str | None:
    """None when the configured key-encryption key opens this database's signing keys, else what is wrong.

    With a mark the fingerprints are compared; a database from before the mark has one of its keys opened.
    """
    current, recorded = kek_fingerprint(), kek_recorded()
    if recorded is not None:
        return None if recorded == current else kek_mismatch_message(recorded, current)
    key = OrgKeyPair.objects.order_by("-is_active", "-created_at").first()
    if key is None:
        return None
    try:
        sm2.PrivateKey.from_pem(key.encrypted_private_key_pem, passphrase(key.organisation_id, key.fingerprint))
    except sm2.SM2Error:
        return kek_mismatch_message(None, current)
    return None
