"""`manage.py backup PATH`: back up the database and the uploaded files while the server runs (docs/backup.md).

PATH is a new directory, or an existing one in which a directory ``digigov-<UTC time>`` is made. Keys are not in
the backup: keep DIGIGOV_KEY_ENCRYPTION_KEY and OIDC_RSA_PRIVATE_KEY in the secret store.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import backup


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and the file storages into one directory."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A new directory, or an existing one to make the backup in")

    def handle(self, *args, path: Path, **options):
        if path.is_dir():
            path = path / f"digigov-{timezone.now():%Y%m%dT%H%M%SZ}"
        started = time.perf_counter()
        try:
            manifest = backup.create(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        database = manifest["database"]
        self.stdout.write(
            _("Database (%(vendor)s %(version)s): %(name)s, %(size)s, sha256 %(sha)s")
            % {
                "vendor": database["vendor"],
                "version": database["server_version"],
                "name": database["name"],
                "size": _size(database["bytes"]),
                "sha": database["sha256"][:16],
            }
        )
        for part in manifest["files"]:
            self.stdout.write(
                _("Files of storage %(alias)s: %(name)s, %(count)d files, %(size)s, sha256 %(sha)s")
                % {
                    "alias": part["storage"],
                    "name": part["name"],
                    "count": part["files"],
                    "size": _size(part["bytes"]),
                    "sha": part["sha256"][:16],
                }
            )
        for alias in manifest["storages_not_included"]:
            self.stdout.write(
                self.style.WARNING(
                    _("Storage %(alias)s is not a local directory: back it up with its own tools.") % {"alias": alias}
                )
            )
        head = manifest["ledger_head"] or {"seq": 0, "hash": ""}
        self.stdout.write(
            _("%(rows)d rows in %(tables)d tables; audit ledger head #%(seq)d %(hash)s")
            % {
                "rows": sum(manifest["counts"].values()),
                "tables": len(manifest["counts"]),
                "seq": head["seq"],
                "hash": head["hash"],
            }
        )
        self.stdout.write(
            _("Keys are not in the backup: keep %(settings)s in the secret store (docs/backup.md).")
            % {"settings": ", ".join([s["setting"] for s in manifest["secrets"].values()] + ["OIDC_RSA_PRIVATE_KEY"])}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s in %(seconds).2f s.") % {"path": path.resolve(), "seconds": seconds}
            )
        )
