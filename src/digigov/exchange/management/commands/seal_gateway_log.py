"""cron: 10 0 * * * manage.py seal_gateway_log — seal each finished day's gateway calls into the ledger (R1.8)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from digigov.exchange import call_seal


class Command(BaseCommand):
    help = "Seal every finished, unsealed day of gateway calls with an SM3 digest in the audit ledger; or verify one."

    def add_arguments(self, parser):
        parser.add_argument("--verify", metavar="YYYY-MM-DD", help="Check a sealed day's calls against its seal.")

    def handle(self, *args, **options):
        if options["verify"]:
            try:
                day = dt.date.fromisoformat(options["verify"])
            except ValueError:
                raise CommandError(f"not a date: {options['verify']!r} (YYYY-MM-DD)") from None
            sealed, now = call_seal.verify_day(day)
            if sealed is None:
                raise CommandError(f"{day} is not sealed")
            if sealed["sm3"] != now.sm3:
                raise CommandError(
                    f"{day}: gateway calls CHANGED since sealed: sealed {sealed['calls']} calls sm3 {sealed['sm3']}, "
                    f"now {now.calls} calls sm3 {now.sm3}"
                )
            self.stdout.write(f"{day}: {now.calls} calls match their seal (sm3 {now.sm3})")
            return
        days = call_seal.seal_due()
        self.stdout.write(f"sealed {len(days)} day(s)" + (f": {', '.join(map(str, days))}" if days else ""))
