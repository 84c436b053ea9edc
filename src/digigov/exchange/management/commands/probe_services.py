"""cron: */5 * * * * manage.py probe_services — probe data services that are due (R1.5)."""

from django.core.management.base import BaseCommand

from digigov.exchange.services import probe_due, remind_due


class Command(BaseCommand):
    help = "Probe data services not checked within exchange.probe_interval_minutes, then send deadline reminders."

    def add_arguments(self, parser):
        parser.add_argument("--no-reminders", action="store_true", help="Only probe.")

    def handle(self, *args, **options):
        probed = probe_due()
        self.stdout.write(f"probed {probed} data service(s)")
        if not options["no_reminders"]:
            self.stdout.write(f"sent {remind_due()} reminder(s)")
