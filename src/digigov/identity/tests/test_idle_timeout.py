"""Idle timeout (R0.2, 等级保护): a session unused for identity.idle_timeout_minutes is signed out."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import staff

pytestmark = pytest.mark.django_db
ME = "/api/v1/core/me"


def idle_for(client, minutes: int) -> None:
    session = client.session
    session["digigov_last_seen"] -= minutes * 60
    session.save()


def test_a_session_idle_past_the_limit_is_signed_out(client):
    user = staff(Role.HANDLER)
    client.force_login(user)
    assert client.get(ME).status_code == 200
    idle_for(client, 31)
    assert client.get(ME).status_code == 401
    assert "_auth_user_id" not in client.session
    assert LedgerEntry.objects.filter(action="identity.session.expired", actor_id=user.pk).exists()


def test_activity_within_the_limit_keeps_the_session(client):
    client.force_login(staff(Role.HANDLER))
    client.get(ME)
    idle_for(client, 29)
    assert client.get(ME).status_code == 200
    idle_for(client, 29)  # counted from the last request, not from sign-in
    assert client.get(ME).status_code == 200


def test_the_limit_is_the_administrators_rule(client):
    rule_set(actor=staff(Role.PLATFORM_ADMIN), key="identity.idle_timeout_minutes", value=10)
    client.force_login(staff(Role.HANDLER))
    client.get(ME)
    idle_for(client, 11)
    assert client.get(ME).status_code == 401


def test_the_last_request_is_written_at_most_once_a_minute(client):
    """A request within a minute of the one that was written does not rewrite the session row (one write less on
    every page and API call); the time is written again once a minute has passed, so the limit still holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff(Role.HANDLER))
    client.get(ME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    idle_for(client, 1)
    before = client.session["digigov_last_seen"]
    assert client.get(ME).status_code == 200
    assert client.session["digigov_last_seen"] >= before + 60
