"""The exchange gateway over real HTTP (Django test client): grants, masking, refusals, and one log row per call.

R1.8: only granted items leave, masked unless the grant allows raw values; every call, served or refused, is
logged with who, what and why.
"""

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from digigov.catalog.choices import SensitiveKind
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.validators import id_number_check_char
from digigov.exchange import gateway
from digigov.exchange.choices import CallStatus, ServiceStatus
from digigov.exchange.models import GatewayCall, GrantUsage
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, URL, make_grant, setup, system_with_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_metadata():
    """Ids are reused after a test's rollback; the gateway's few-seconds catalogue cache must not outlive a test."""
    gateway._metadata_cache.clear()


ZHANG, OUYANG = PEOPLE
PURPOSE = "社保待遇资格认证"


def call(client, s, *, key=None, api_key=None, purpose=PURPOSE, **params):
    query = {k: v for k, v in {"key": key, "purpose": purpose, **params}.items() if v is not None}
    headers = {"x-api-key": api_key if api_key is not None else s.key}
    return client.get(s.url, query, headers=headers)


def assert_refused(response, status, code, *, log_status=CallStatus.REFUSED):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == code and body["message"]
    last = GatewayCall.objects.order_by("-pk").first()
    assert last.status == log_status and last.error_code == code
    return body


def test_a_key_lookup_returns_only_the_granted_items_masked(client):
    s = setup()
    response = call(client, s, key=ZHANG[0])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["resource"] == s.resource.code
    assert body["records"] == [
        {"sfzh": "420102********1236", "xm": "张*", "sjhm": "138****5678", "zz": "湖北省武汉市江岸区********"}
    ], "the income item is not granted; the sensitive ones are masked"
    log = GatewayCall.objects.get()
    assert (log.status, log.error_code, log.record_count, log.record_keys) == (CallStatus.OK, "", 1, ZHANG[0])
    assert log.system == s.system and log.consumer == s.system.organisation and log.grant == s.grant
    assert log.provider == s.resource.provider and log.resource == s.resource and log.service == s.service
    assert log.purpose == PURPOSE and log.query == f"key={ZHANG[0]}" and log.items == "sfzh,xm,sjhm,zz"
    assert log.latency_ms > 0 and log.upstream_ms is not None and log.client_ip == "127.0.0.1"


def test_an_id_number_item_the_catalogue_forgot_to_flag_is_masked_all_the_same(client):
    s = setup()
    s.items["sfzh"].sensitive = SensitiveKind.NONE
    s.items["sfzh"].save()
    gateway._metadata_cache.clear()
    record = call(client, s, key=ZHANG[0]).json()["records"][0]
    assert record["sfzh"] == "420102********1236"


def test_raw_values_are_served_unmasked_when_the_grant_allows_them(client):
    s = setup(raw_values=True, granted=("sfzh", "xm", "sr"))
    body = call(client, s, key=OUYANG[0]).json()
    assert body["records"] == [{"sfzh": OUYANG[0], "xm": "欧阳娜娜", "sr": "9500"}]


def test_a_compound_surname_keeps_both_characters(client):
    s = setup(granted=("xm",))
    assert call(client, s, key=OUYANG[0]).json()["records"] == [{"xm": "欧阳**"}]


def test_an_unknown_key_is_served_with_no_records_and_logged(client):
    s = setup()
    other = "11010119900307777"
    other += id_number_check_char(other)
    body = call(client, s, key=other).json()
    assert body["count"] == 0 and body["records"] == []
    assert GatewayCall.objects.get().record_count == 0


def test_the_key_is_normalised_before_lookup(client):
    s = setup()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ZHANG[0])
    assert call(client, s, key=full_width).json()["count"] == 1


def test_a_paged_read_is_bounded(client):
    s = setup()
    body = call(client, s, page="1", size="1").json()
    assert body["count"] == 1 and body["page"] == 1 and body["size"] == 1 and body["records"][0]["xm"] == "张*"
    body = call(client, s, page="2", size="1").json()
    assert body["records"][0]["xm"] == "欧阳**"
    assert call(client, s, page="1").json()["count"] == 2, "size defaults to 20"
    assert call(client, s, page="9", size="10").json()["count"] == 0
    log = GatewayCall.objects.order_by("pk")[0]
    assert log.query == "page=1&size=1" and log.record_keys == ZHANG[0]
    assert_refused(call(client, s, page="1", size="101"), 400, "invalid_page")
    assert_refused(call(client, s, page="0", size="10"), 400, "invalid_page")
    assert_refused(call(client, s, page="abc"), 400, "invalid_page")
    assert GatewayCall.objects.count() == 7


def test_no_api_key_is_refused_and_logged(client):
    s = setup()
    response = client.get(s.url, {"key": ZHANG[0], "purpose": PURPOSE})
    assert_refused(response, 401, "api_key_missing")
    log = GatewayCall.objects.get()
    assert log.system is None and log.resource == s.resource and log.purpose == PURPOSE


def test_a_wrong_api_key_is_refused_and_logged(client):
    s = setup()
    assert_refused(call(client, s, key=ZHANG[0], api_key=s.key[:8] + "x" * 30), 401, "api_key_invalid")
    assert_refused(call(client, s, key=ZHANG[0], api_key="short"), 401, "api_key_invalid")
    s.system.is_active = False
    s.system.save()
    assert_refused(call(client, s, key=ZHANG[0]), 401, "api_key_invalid")
    assert GatewayCall.objects.count() == 3


def test_a_signed_in_person_without_a_key_cannot_use_the_gateway(client):
    s = setup()
    client.force_login(staff(Role.PLATFORM_ADMIN, OrganisationFactory()))
    assert_refused(client.get(s.url, {"key": ZHANG[0], "purpose": PURPOSE}), 401, "api_key_missing")


def test_the_purpose_is_required_and_may_come_as_a_header(client):
    s = setup()
    assert_refused(call(client, s, key=ZHANG[0], purpose=None), 400, "purpose_required")
    response = client.get(s.url, {"key": ZHANG[0]}, headers={"x-api-key": s.key, "x-purpose": "核验"})
    assert response.status_code == 200
    assert GatewayCall.objects.order_by("-pk").first().purpose == "核验"


def test_a_key_or_a_page_is_required(client):
    assert_refused(call(client, setup()), 400, "query_required")


def test_a_bad_id_number_key_is_refused_with_the_validator_message(client):
    s = setup()
    body = assert_refused(call(client, s, key=ZHANG[0][:17] + "0"), 400, "invalid_key")
    assert "居民身份证号码" in body["message"] or "身份" in body["message"]
    assert body["errors"][0]["field"] == "key" and body["errors"][0]["message"]
    assert_refused(call(client, s, key="12345"), 400, "invalid_key")


def test_a_credit_code_key_is_validated(client):
    s = setup()
    s.items["sfzh"].sensitive, s.items["sfzh"].element, s.items["sfzh"].identifier = "", "统一社会信用代码", "sfzh"
    s.items["sfzh"].save()
    assert_refused(call(client, s, key="91420100MA4KXXXXX0"), 400, "invalid_key")


def test_a_system_without_a_grant_is_refused(client):
    s = setup()
    _system, other_key = system_with_key(s.system.organisation, name="另一个系统")
    assert_refused(call(client, s, key=ZHANG[0], api_key=other_key), 403, "no_grant")
    log = GatewayCall.objects.get()
    assert log.system == _system and log.resource == s.resource and log.grant is None


def test_another_organisations_grant_does_not_open_the_resource(client):
    s = setup()
    stranger, stranger_key = system_with_key(OrganisationFactory(name="外单位"), name="外单位系统")
    assert_refused(call(client, s, key=ZHANG[0], api_key=stranger_key), 403, "no_grant")
    assert GatewayCall.objects.get().consumer == stranger.organisation


def test_an_unknown_resource_is_refused_and_still_logged(client):
    s = setup()
    response = client.get(URL.format(999999), {"key": ZHANG[0], "purpose": PURPOSE}, headers={"x-api-key": s.key})
    assert_refused(response, 403, "no_grant")
    log = GatewayCall.objects.get()
    assert log.resource is None and log.query.startswith("resource=999999")


def test_a_revoked_grant_is_refused(client):
    s = setup()
    s.grant.is_active, s.grant.revoked_at = False, timezone.now()
    s.grant.save()
    assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_revoked")
    assert GatewayCall.objects.get().grant == s.grant


def test_an_expired_grant_is_refused_with_its_end_date(client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    s = setup(valid_from=yesterday - dt.timedelta(days=30), valid_until=yesterday)
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_expired")
    assert yesterday.isoformat() in body["message"]


def test_a_grant_not_yet_valid_is_refused(client):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    s = setup(valid_from=tomorrow, valid_until=tomorrow + dt.timedelta(days=30))
    assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_not_yet_valid")


def test_a_renewed_grant_wins_over_the_expired_one(client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    s = setup(valid_from=yesterday - dt.timedelta(days=30), valid_until=yesterday)
    renewed = make_grant(s.resource, s.system, [s.items["xm"]])
    assert call(client, s, key=ZHANG[0]).json()["records"] == [{"xm": "张*"}]
    assert GatewayCall.objects.get().grant == renewed


def test_the_daily_quota_counts_only_todays_served_calls(client):
    s = setup(daily_quota=2)
    assert_refused(call(client, s, key="bad"), 400, "invalid_key")  # refused calls do not use the quota
    assert call(client, s, key=ZHANG[0]).status_code == 200
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    GatewayCall.objects.filter(status=CallStatus.OK).update(at=timezone.now() - dt.timedelta(days=1))
    GrantUsage.objects.update(day=yesterday)
    assert call(client, s, key=ZHANG[0]).status_code == 200
    assert call(client, s, page="1").status_code == 200
    body = assert_refused(call(client, s, key=ZHANG[0]), 429, "quota_exceeded")
    assert "2" in body["message"]
    assert GatewayCall.objects.count() == 5
    # The counter and the log agree, day by day: served calls only.
    served = GrantUsage.objects.values("day").annotate(n=Sum("served")).order_by("day")
    assert [(row["day"], row["n"]) for row in served] == [(yesterday, 1), (timezone.localdate(), 2)]


def test_the_quota_adds_up_the_calls_every_server_process_served_today(client):
    s = setup(daily_quota=5)
    today = timezone.localdate()
    GrantUsage.objects.create(grant=s.grant, day=today, slot=3, served=2)
    GrantUsage.objects.create(grant=s.grant, day=today, slot=11, served=2)
    GrantUsage.objects.create(grant=s.grant, day=today - dt.timedelta(days=1), slot=3, served=99)
    assert call(client, s, key=ZHANG[0]).status_code == 200
    assert_refused(call(client, s, key=ZHANG[0]), 429, "quota_exceeded")


def test_a_resource_without_a_mounted_service_is_refused(client):
    s = setup()
    s.mount.is_active = False
    s.mount.save()
    assert_refused(call(client, s, key=ZHANG[0]), 503, "not_mounted")


@pytest.mark.parametrize("status", [ServiceStatus.INTERRUPTED, ServiceStatus.RETIRED])
def test_an_interrupted_service_is_refused(client, status):
    s = setup()
    s.service.status = status
    s.service.save()
    assert_refused(call(client, s, key=ZHANG[0]), 503, "service_interrupted")
    assert GatewayCall.objects.get().service == s.service


def test_refusals_speak_chinese(client):
    s = setup()
    s.mount.is_active = False
    s.mount.save()
    body = call(client, s, key=ZHANG[0]).json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]


def test_every_call_leaves_exactly_one_log_row(client):
    s = setup()
    responses = [
        call(client, s, key=ZHANG[0]),
        call(client, s, key="bad"),
        call(client, s, key=ZHANG[0], api_key="wrong-key-wrong-key"),
        call(client, s, page="1", size="500"),
        call(client, s, page="1"),
        call(client, s, purpose=None, key=ZHANG[0]),
    ]
    assert [r.status_code for r in responses] == [200, 400, 401, 400, 200, 400]
    assert GatewayCall.objects.count() == len(responses)
    assert GatewayCall.objects.filter(status=CallStatus.OK).count() == 2
