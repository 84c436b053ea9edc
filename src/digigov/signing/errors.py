"""Errors of the signing app, rendered by every entry point in the one error shape."""

from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError


class NoSigningKeyError(DomainError):
    status = 409
    code = "no_signing_key"
    default_message = _("This organisation has no active signing key; its administrator must generate one.")


KEK_SETTING = "DIGIGOV_KEY_ENCRYPTION_KEY"


class KeyEncryptionKeyError(DomainError):
    """The configured key-encryption key cannot open the stored private keys: an operator must fix the setting."""

    status = 503
    code = "key_encryption_key_mismatch"
    default_message = _(
        "Signing is unavailable: the private keys cannot be decrypted with the configured key-encryption key "
        "(setting DIGIGOV_KEY_ENCRYPTION_KEY, or SECRET_KEY when it is empty). The platform operator must set it "
        "to the key the signing keys were made with (docs/backup.md)."
    )
