from django.core.management.base import BaseCommand

from digigov.demo.load import load_demo
from digigov.demo.province import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo province (divisions, departments, staff, to-dos). Safe to run again."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo province loaded. Sign in at /admin/ with password " + DEMO_PASSWORD))
        for a in accounts:
            self.stdout.write(f"  {a.username:<14} {a.name:<6} {a.role:<15} {'(superuser)' if a.superuser else ''}")
