"""cron: 0 8 * * * manage.py remind_applications — deadline reminders for applications and error reports (R1.5)."""

from django.core.management.base import BaseCommand

from digigov.exchange.services import remind_due


class Command(BaseCommand):
    help = "Notify who must act one working day before a deadline, and once when it has passed."

    def handle(self, *args, **options):
        self.stdout.write(f"sent {remind_due()} reminder(s)")
