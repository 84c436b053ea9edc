"""The gateway honours the platform's key management (issue #9, items 7 and 12; R0.5, R1.8): a key issued in the back
office reads granted data, a rotated key works through its grace period, a revoked key is refused and logged, and a
key stored the old way (plain SM3) still reads and is re-stored as HMAC-SM3."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.tests.factories import staff
from digigov.exchange import gateway
from digigov.exchange.choices import CallStatus
from digigov.exchange.models import GatewayCall
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, setup
from digigov.identity.api import SystemClient, system_key_issue, system_key_revoke, system_key_rotate

pytestmark = pytest.mark.django_db
ZHANG = PEOPLE[0][0]


@pytest.fixture(autouse=True)
def fresh_metadata():
    gateway._metadata_cache.clear()


def read(client, s, key):
    return client.get(s.url, {"key": ZHANG, "purpose": "社保资格核验"}, headers={"x-api-key": key})


def test_keys_issued_and_rotated_in_the_platform_read_granted_data(client, monkeypatch):
    s = setup()
    admin = staff(Role.ORG_ADMIN, s.system.organisation)
    system_key_revoke(actor=admin, client=s.system)  # the fixture's key goes; the platform issues the real one
    assert read(client, s, s.key).status_code == 401
    issued = system_key_issue(actor=admin, client=s.system)
    assert read(client, s, issued).json()["records"][0]["sfzh"] == "420102********1236"
    rotated, until = system_key_rotate(actor=admin, client=s.system)
    assert until is not None
    assert read(client, s, rotated).status_code == 200 and read(client, s, issued).status_code == 200
    later = timezone.now() + dt.timedelta(minutes=61)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    refused = read(client, s, issued)
    assert refused.status_code == 401 and refused.json()["code"] == "api_key_invalid"
    last = GatewayCall.objects.order_by("-pk").first()
    assert (last.status, last.error_code, last.system_id) == (CallStatus.REFUSED, "api_key_invalid", None)
    assert read(client, s, rotated).status_code == 200
    served = GatewayCall.objects.filter(status=CallStatus.OK, system=s.system).count()
    assert served == 4, "every served call is logged under the system, whichever of its keys was used"


def test_a_key_stored_as_plain_sm3_still_reads_and_is_restored(client):
    s = setup()
    SystemClient.objects.filter(pk=s.system.pk).update(
        key_digest=hashlib.new("sm3", s.key.encode()).hexdigest(), key_scheme="sm3"
    )
    assert read(client, s, s.key).status_code == 200
    s.system.refresh_from_db()
    assert s.system.key_scheme == "hmac-sm3" and s.system.key_digest == SystemClient.digest(s.key)
    assert read(client, s, s.key).status_code == 200
