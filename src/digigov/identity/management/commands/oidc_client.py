"""`manage.py oidc_client NAME --redirect-uri URI`: register a relying party of single sign-on (R0.2)."""

from django.core.management.base import BaseCommand, CommandError

from digigov.core.errors import DomainError
from digigov.identity import services


class Command(BaseCommand):
    help = "Register a confidential OpenID Connect client (authorization code + PKCE, RS256) and print its secret."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name of the system shown to people when they sign in")
        parser.add_argument(
            "--redirect-uri", action="append", required=True, dest="redirect_uris", help="May be given more than once"
        )

    def handle(self, *args, name, redirect_uris, **options):
        try:
            app, secret = services.oidc_client_register(actor=None, name=name, redirect_uris=redirect_uris)
        except DomainError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in exc.fields.items())) from None
        self.stdout.write(f"client_id: {app.client_id}")
        self.stdout.write(f"client_secret: {secret}")
        self.stdout.write("The secret is stored hashed and will not be shown again.")
