"""`manage.py verify_ledger [--from SEQ] [--workers N]`: prove the audit ledger's chain is intact (R0.4).

Prints how many entries were checked and how fast, then "OK" or the first broken link; exits 1 when broken, so
a cron job or monitoring probe can alert on it.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digigov.core import ledger

DEFAULT_WORKERS = min(4, os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Walk the audit ledger's SM3 hash chain and report the first entry that was changed, deleted or moved."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", type=int, default=1, help="Start at this entry, trusting the hash before it"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help="Processes that check segments of a long chain in parallel (default: CPUs, at most 4)",
        )

    def handle(self, *args, start, workers, **options):
        started = time.perf_counter()
        result = ledger.verify(start, workers=workers)
        seconds = max(time.perf_counter() - started, 1e-9)
        self.stdout.write(
            _("Checked %(count)d entries in %(seconds).2f s (%(rate)s entries/s); ledger head #%(seq)d %(hash)s")
            % {
                "count": result.checked,
                "seconds": seconds,
                "rate": f"{result.checked / seconds:,.0f}",
                "seq": result.head_seq,
                "hash": result.head_hash,
            }
        )
        if result.ok:
            self.stdout.write(self.style.SUCCESS(_("OK: the chain is intact.")))
            return
        broken = result.first_break
        self.stdout.write(
            self.style.ERROR(
                _("BROKEN at entry #%(seq)d (%(reason)s): %(explanation)s")
                % {"seq": broken.seq, "reason": broken.reason, "explanation": broken.explanation}
            )
        )
        raise CommandError(_("The audit ledger is broken at entry #%(seq)d.") % {"seq": broken.seq}, returncode=1)
