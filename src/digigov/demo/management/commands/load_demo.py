import os

from django.conf import settings
from django.core.management.base import BaseCommand

from digigov.demo import oidc
from digigov.demo.load import load_demo
from digigov.demo.province import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo province (divisions, departments, staff, citizens, keys, to-dos, data sharing). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-sharing", action="store_true", help="Leave out the catalogue and data-sharing demo (faster)."
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="How many service cases the demo holds (default: the DIGIGOV_DEMO_CASES setting, 1000).",
        )
        parser.add_argument(
            "--licences",
            type=int,
            default=None,
            help="How many e-licences the demo holds (default: the DIGIGOV_DEMO_LICENCES setting, 100000).",
        )
        parser.add_argument(
            "--hotline-tickets",
            type=int,
            default=None,
            help="How many 12345 tickets the demo holds (default: the DIGIGOV_DEMO_HOTLINE_TICKETS setting, 10000).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="The port the server runs on, for the URLs printed (default: $PORT, else 8000; `make run` sets it).",
        )

    def handle(self, *args, **options):
        result = load_demo(
            with_sharing=not options["without_sharing"],
            cases=options["cases"] if options["cases"] is not None else settings.DIGIGOV_DEMO_CASES,
            licence_count=options["licences"] if options["licences"] is not None else settings.DIGIGOV_DEMO_LICENCES,
            hotline_tickets=options["hotline_tickets"],
        )
        self.stdout.write(self.style.SUCCESS(f"Demo province loaded. Every demo account's password: {DEMO_PASSWORD}"))
        self.stdout.write("Staff (sign in at /admin/):")
        for a in result.staff:
            note = "  superuser" if a.superuser else ""
            self.stdout.write(f"  {a.username:<16} {a.name:<6} {a.role.label}{note}")
        self.stdout.write("Citizens and legal persons (sign in at /accounts/login/ or through single sign-on):")
        for p in result.parties:
            self.stdout.write(f"  {p.username:<16} {p.name}")
        port = options["port"]
        self.stdout.write(
            f"Single sign-on (OpenID Connect): demo client {oidc.CLIENT_ID} (public, PKCE S256). Sign in as a citizen:"
        )
        self.stdout.write(f"  {oidc.sign_in_url(port)}")
        self.stdout.write("  then exchange the code from the address bar for the ID token:")
        self.stdout.write(f"  {oidc.token_curl(port)}")
        if result.sharing is None:
            return
        self.stdout.write(
            f"Data sharing: {result.sharing.resources} catalogue resources. Try the exchange gateway as the "
            "social-insurance system of 省人社厅:"
        )
        self.stdout.write(
            f'  curl -H "X-API-Key: {result.sharing.api_key}" '
            f'"http://127.0.0.1:{port}/api/v1/exchange/gateway/resources/{result.sharing.population_resource_id}'
            '/records?page=1&size=5&purpose=demo"'
        )
