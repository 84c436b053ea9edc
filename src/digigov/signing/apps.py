from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "digigov.signing"
    label = "signing"
    verbose_name = _("Signing and seals")

    def ready(self) -> None:
        from digigov.core import backup
        from digigov.signing import audit, checks, keystore, rules  # noqa: F401  (ledger actions, check, rules)

        # The key-encryption key stays out of backups; a backup carries its fingerprint (docs/backup.md).
        backup.register_secret(
            backup.OutsideSecret(
                name="signing.key_encryption_key",
                setting="DIGIGOV_KEY_ENCRYPTION_KEY",
                configured=keystore.kek_fingerprint,
                mismatch_message=keystore.kek_mismatch_message,
                table=keystore.MARK_TABLE,
                recorded_sql=keystore.MARK_SQL,
            )
        )
