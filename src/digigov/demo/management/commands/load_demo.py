from django.core.management.base import BaseCommand

from digigov.demo.load import load_demo
from digigov.demo.province import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo province (divisions, departments, staff, citizens, keys, to-dos). Safe to run again."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo province loaded. Every demo account's password: {DEMO_PASSWORD}"))
        self.stdout.write("Staff (sign in at /admin/):")
        for a in result.staff:
            note = "  superuser" if a.superuser else ""
            self.stdout.write(f"  {a.username:<16} {a.name:<6} {a.role.label}{note}")
        self.stdout.write("Citizens and legal persons (sign in at /accounts/login/ or through single sign-on):")
        for p in result.parties:
            self.stdout.write(f"  {p.username:<16} {p.name}")
