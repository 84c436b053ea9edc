"""Upgrading to HMAC-SM3 key storage (migration 0004) does not break keys issued before it: they are marked `sm3`,
keep working, and are re-stored as HMAC-SM3 on first use (issue #9, item 7; R0.5)."""

import hashlib
import secrets

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from digigov.core.tests.factories import OrganisationFactory
from digigov.identity.models import SystemClient

BEFORE = [("identity", "0003_temporary_password")]


@pytest.mark.django_db(transaction=True)
def test_a_key_issued_before_the_upgrade_keeps_working_and_is_restored(client):
    org = OrganisationFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_model = executor.loader.project_state(BEFORE).apps.get_model("identity", "SystemClient")
    key = secrets.token_urlsafe(32)
    legacy = hashlib.new("sm3", key.encode()).hexdigest()
    old = old_model.objects.create(name="旧系统", organisation_id=org.pk, key_prefix=key[:8], key_digest=legacy)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = SystemClient.objects.get(pk=old.pk)
    assert migrated.key_scheme == "sm3" and migrated.key_issued_at == migrated.created_at
    assert client.get("/api/v1/core/organisations", headers={"x-api-key": key}).status_code == 200
    migrated.refresh_from_db()
    assert migrated.key_scheme == "hmac-sm3" and migrated.key_digest == SystemClient.digest(key)
    new = SystemClient.objects.create(name="新系统", organisation=org)
    assert new.key_scheme == "hmac-sm3", "keys issued after the upgrade are stored the new way"
