"""`manage.py restore PATH [--replace] [--check] [--skip-key-check]`: restore a backup into DATABASE_URL and the
file storages (docs/backup.md).

Before anything is touched: the manifest, the SHA-256 of every part, the database vendor, the migrations, the
key-encryption key's fingerprint, and that the database and the file directories are empty (unless --replace).
Afterwards: the row counts against the manifest, the audit ledger's chain, and Django's checks of the database
(signing.E001 names the key-encryption key). Stop the app servers, workers and scheduler first.
"""

import time
from pathlib import Path

from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digigov.core import backup


class Command(BaseCommand):
    help = "Check a backup, then restore it into the configured database and file storages."
    requires_system_checks = []  # the database is about to be replaced; it is checked after the restore

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup directory (with manifest.json)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that has tables and file directories that have files (kept aside)",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only verify the backup and the target; change nothing"
        )
        parser.add_argument(
            "--skip-key-check",
            action="store_true",
            help="Restore although the key-encryption key differs (the signing keys will not open)",
        )

    def handle(self, *args, path: Path, replace: bool, check: bool, skip_key_check: bool, **options):
        started = time.perf_counter()
        try:
            if check:
                checked = backup.check(path, replace=replace, skip_key_check=skip_key_check)
                self._warn(checked.warnings)
                self.stdout.write(
                    self.style.SUCCESS(
                        _("The backup of %(at)s is whole (every SHA-256 matches) and can be restored here.")
                        % {"at": checked.manifest["created_at"]}
                    )
                )
                return
            restored = backup.restore(path, replace=replace, skip_key_check=skip_key_check)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self._warn(restored.warnings)
        manifest = restored.manifest
        self.stdout.write(
            _("Restored the backup of %(at)s: %(rows)d rows in %(tables)d tables, as the manifest counts.")
            % {
                "at": manifest["created_at"],
                "rows": sum(manifest["counts"].values()),
                "tables": len(manifest["counts"]),
            }
        )
        self.stdout.write(
            _("Audit ledger: %(count)d entries checked, chain intact, head #%(seq)d.")
            % {"count": restored.ledger.checked, "seq": restored.ledger.head_seq}
        )
        for kept in restored.kept_aside:
            self.stdout.write(_("The files that were there are kept in %(path)s.") % {"path": kept})
        problems = [m for m in checks.run_checks(databases=["default"]) if m.is_serious()]
        if problems:
            raise CommandError(
                _("Restored, but the installation is not ready:")
                + "\n"
                + "\n".join(f"{m.id}: {m.msg}" for m in problems)
            )
        self.stdout.write(_("If this version is newer than the backup, run manage.py migrate now."))
        self.stdout.write(
            self.style.SUCCESS(_("Restore finished in %(seconds).2f s.") % {"seconds": time.perf_counter() - started})
        )

    def _warn(self, warnings):
        for warning in warnings:
            self.stdout.write(self.style.WARNING(warning))
