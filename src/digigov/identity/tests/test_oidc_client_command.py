"""`manage.py oidc_client`: registers a confidential RS256 relying party and prints its secret once."""

import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from oauth2_provider.models import get_application_model

from digigov.core.choices import Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.identity import services

pytestmark = pytest.mark.django_db


def test_the_command_registers_a_confidential_rs256_client():
    out = io.StringIO()
    call_command(
        "oidc_client", "一网通办门户", "--redirect-uri", "https://portal.example.gov.cn/oidc/callback", stdout=out
    )
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line)
    app = get_application_model().objects.get(client_id=lines["client_id"])
    assert app.name == "一网通办门户"
    assert app.client_type == "confidential" and app.authorization_grant_type == "authorization-code"
    assert app.algorithm == "RS256"
    assert app.redirect_uris == "https://portal.example.gov.cn/oidc/callback"
    assert app.client_secret != lines["client_secret"] and check_password(lines["client_secret"], app.client_secret)
    assert LedgerEntry.objects.filter(action="identity.oidc_client.registered", object_id=str(app.pk)).exists()


def test_a_malformed_redirect_uri_is_refused():
    with pytest.raises(CommandError):
        call_command("oidc_client", "坏客户端", "--redirect-uri", "not a uri", stdout=io.StringIO())
    assert not get_application_model().objects.exists()


def test_only_the_platform_administrator_registers_clients_from_the_back_office():
    with pytest.raises(PermissionDeniedError):
        services.oidc_client_register(actor=staff(Role.ORG_ADMIN), name="x", redirect_uris=["https://a.example/cb"])
    app, _secret = services.oidc_client_register(
        actor=staff(Role.PLATFORM_ADMIN), name="x", redirect_uris=["https://a.example/cb"]
    )
    assert app.pk
