"""`manage.py export_ledger --output DIR [--from N] [--to M]`: hand audit ledger entries to an auditor (R0.4).

Writes each entry's exact canonical content and its stored SM3 hash; docs/audit.md shows how to check them with
`openssl dgst -sm3` alone. The export itself is recorded in the ledger.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digigov.core import ledger


class Command(BaseCommand):
    help = "Export audit ledger entries (canonical content + stored SM3 hash) to a directory for an auditor."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, required=True, help="Directory to write (created if absent)")
        parser.add_argument("--from", dest="start", type=int, default=1, help="First entry (default 1)")
        parser.add_argument("--to", dest="stop", type=int, default=None, help="Last entry (default: the head)")

    def handle(self, *args, output, start, stop, **options):
        if output.exists() and any(output.iterdir()):
            raise CommandError(_("%(path)s is not empty; export into a new directory.") % {"path": output})
        if stop is not None and stop < start:
            raise CommandError(_("--to must not be before --from."))
        done = ledger.export(output, start=start, stop=stop)
        self.stdout.write(
            _("Exported %(count)d entries (#%(first)d to #%(last)d) to %(path)s; ledger head #%(seq)d %(hash)s")
            % {
                "count": done.count,
                "first": done.first,
                "last": done.last,
                "path": output,
                "seq": done.head_seq,
                "hash": done.head_hash,
            }
        )
