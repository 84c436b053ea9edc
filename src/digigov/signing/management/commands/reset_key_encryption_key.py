"""`manage.py reset_key_encryption_key --reason TEXT`: after the key-encryption key was lost (docs/backup.md).

Revokes every active signing key (their private halves cannot be opened without the lost key; signatures already
made stay verifiable) and records the configured DIGIGOV_KEY_ENCRYPTION_KEY for the keys generated from now on.
Each organisation's administrator then generates a new key. Refused while the configured key opens the keys.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digigov.core.errors import DomainError
from digigov.signing import services


class Command(BaseCommand):
    help = "Revoke every signing key after the key-encryption key was lost, and seal new keys under the configured one."
    requires_system_checks = []  # signing.E001 is the very problem this command resolves

    def add_arguments(self, parser):
        parser.add_argument("--reason", required=True, help="Why, for the audit ledger (e.g. the incident number)")

    def handle(self, *args, reason: str, **options):
        try:
            revoked = services.kek_reset(reason=reason)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d signing keys revoked; new keys are sealed under the configured key-encryption key.")
                % {"count": len(revoked)}
            )
        )
