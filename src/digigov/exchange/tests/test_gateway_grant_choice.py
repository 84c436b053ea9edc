"""Any grant valid today lets a system in, however many grants it holds on the resource (R1.8, R1.9).

The grant is chosen by the one query that reads the caller's key (`gateway.client_with_grants`): the grant valid
today (with quota left) if there is one, otherwise the one whose refusal says the most. The expected grant in each
test is named by how the test built it, never by asking the gateway.
"""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digigov.exchange.models import GatewayCall, GrantUsage
from digigov.exchange.tests.test_gateway import ZHANG, assert_refused, call, fresh_metadata  # noqa: F401
from digigov.exchange.tests.test_gateway_fixtures import make_grant, setup

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _today():
    return timezone.localdate()


def grant(s, *, starts: int, ends: int, **fields):
    """Another grant of the set-up system on the resource, valid from today + `starts` to today + `ends` days."""
    span = {"valid_from": _today() + starts * DAY, "valid_until": _today() + ends * DAY}
    return make_grant(s.resource, s.system, [s.items["xm"]], **span, **fields)


def not_usable(s, kind: str, n: int):
    """A grant that must not serve today: expired, not yet valid, revoked or suspended, n days away."""
    if kind == "expired":
        return grant(s, starts=-30 - n, ends=-1 - n)
    if kind == "later":
        return grant(s, starts=1 + n, ends=400 + n)
    if kind == "revoked":
        return grant(s, starts=-1, ends=300 + n, is_active=False, revoked_at=timezone.now())
    return grant(s, starts=-1, ends=300 + n, suspended_at=timezone.now(), suspension_reason="withdrawn")


def served_under(client, s, expected):
    response = call(client, s, key=ZHANG[0])
    assert response.status_code == 200, response.content
    assert GatewayCall.objects.order_by("-pk").first().grant == expected
    return response


def test_no_grant_at_all_is_refused(client):
    s = setup()
    s.grant.delete()
    assert_refused(call(client, s, key=ZHANG[0]), 403, "no_grant")


def test_one_grant_valid_today_serves(client):
    s = setup()
    served_under(client, s, s.grant)


def test_a_grant_valid_today_serves_beside_five_later_ones(client):
    """The reported case: five grants ending later than the valid one hid it ('not yet valid')."""
    s = setup(valid_from=_today() - 10 * DAY, valid_until=_today() + 10 * DAY)
    for n in range(5):
        grant(s, starts=30 + n, ends=500 + n)
    served_under(client, s, s.grant)


@pytest.mark.parametrize("position", [0, 7, 18])
def test_one_valid_grant_among_twenty_serves_wherever_it_was_created(client, position):
    s = setup(valid_from=_today() - 400 * DAY, valid_until=_today() - 100 * DAY)  # expired: grant 1 of 20
    kinds = ["expired", "later", "revoked", "suspended"]
    rng = random.Random(position)
    valid = None
    for n in range(19):
        if n == position:
            valid = grant(s, starts=-5, ends=5)
        else:
            not_usable(s, rng.choice(kinds), n)
    served_under(client, s, valid)


def test_twenty_grants_none_valid_today_name_the_soonest_start(client):
    s = setup(valid_from=_today() - 400 * DAY, valid_until=_today() - 100 * DAY)
    soonest = _today() + 3 * DAY
    for n in range(19):
        not_usable(s, ["expired", "later", "revoked", "suspended"][n % 4], n + 5)
    grant(s, starts=3, ends=30)
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_not_yet_valid")
    assert soonest.isoformat() in body["message"]


def test_only_expired_grants_name_the_latest_end(client):
    s = setup(valid_from=_today() - 400 * DAY, valid_until=_today() - 100 * DAY)
    grant(s, starts=-60, ends=-2)
    grant(s, starts=-90, ends=-30)
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_expired")
    assert (_today() - 2 * DAY).isoformat() in body["message"]


def test_a_valid_grant_with_quota_left_serves_when_another_has_used_its_quota(client):
    s = setup(valid_from=_today() - DAY, valid_until=_today() + 900 * DAY, daily_quota=1)
    GrantUsage.objects.create(grant=s.grant, day=_today(), slot=0, served=1)
    roomy = grant(s, starts=-1, ends=30)
    served_under(client, s, roomy)


def test_all_valid_grants_out_of_quota_are_refused_for_the_quota(client):
    s = setup(daily_quota=1)
    GrantUsage.objects.create(grant=s.grant, day=_today(), slot=0, served=1)
    assert_refused(call(client, s, key=ZHANG[0]), 429, "quota_exceeded")


def test_the_first_and_the_last_valid_day_both_serve(client, today):
    """A grant from 1 October to 31 October 2026 serves on both days and on no day outside them."""
    first, last = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    today(first - DAY)
    s = setup(valid_from=first, valid_until=last)
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_not_yet_valid")
    assert "2026-10-01" in body["message"]
    today(first)
    served_under(client, s, s.grant)
    today(last)
    served_under(client, s, s.grant)
    today(last + DAY)
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_expired")
    assert "2026-10-31" in body["message"]


def test_the_grants_are_read_in_one_statement_however_many_there_are(client):
    few = setup()
    many = setup()
    for n in range(19):
        not_usable(many, "later", n)

    def statements(s) -> int:
        call(client, s, key=ZHANG[0])  # warms the per-process catalogue cache
        with CaptureQueriesContext(connection) as queries:
            assert call(client, s, key=ZHANG[0]).status_code == 200
        return len(queries)

    assert statements(few) == statements(many)
