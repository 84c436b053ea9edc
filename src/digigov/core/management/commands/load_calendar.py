from django.core.management.base import BaseCommand

from digigov.core import calendar


class Command(BaseCommand):
    help = (
        "Re-seed the working-day calendar from the installed chinese-calendar package (R0.3). Safe to run again: "
        "a second run changes nothing. Years the platform administrator entered by hand are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", help="only this year (repeatable)")
        parser.add_argument(
            "--overwrite-manual", action="store_true", help="also replace years entered by hand in the back office"
        )

    def handle(self, *args, years=None, overwrite_manual=False, **options):
        result = calendar.load_official_calendar(years=years, overwrite_manual=overwrite_manual)
        span = f"{result.years[0]}-{result.years[-1]}" if result.years else "none"
        self.stdout.write(
            f"Years loaded: {span}; days created {result.created}, updated {result.updated}, "
            f"deleted {result.deleted}; years marked {result.years_marked}."
        )
        if result.skipped:
            self.stdout.write(
                self.style.WARNING(
                    "Skipped years entered by hand: "
                    + ", ".join(map(str, result.skipped))
                    + " (use --overwrite-manual to replace them)."
                )
            )
        missing = calendar.years_without_schedule()
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "No official schedule yet for " + ", ".join(map(str, missing)) + ": enter it in the back office."
                )
            )
