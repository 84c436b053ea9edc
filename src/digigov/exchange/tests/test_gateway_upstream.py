"""The gateway in front of a provider's own HTTP API: a real local http.server, no mocks (R1.8).

Upstream failures are answered 502 in the one error shape and logged like every other call.
"""

import pytest
from django.core.cache import cache

from digigov.core.models import RuleValue
from digigov.core.tests.factories import OrganisationFactory
from digigov.core.validators import id_number_check_char
from digigov.exchange import gateway
from digigov.exchange.choices import CallStatus, ServiceKind
from digigov.exchange.models import DataService, GatewayCall
from digigov.exchange.tests.test_gateway import PURPOSE, ZHANG, assert_refused, call, fresh_metadata  # noqa: F401
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, Upstream, setup

pytestmark = pytest.mark.django_db
OUYANG_ID = PEOPLE[1][0]


@pytest.fixture
def upstream(loopback_allowed):
    with Upstream() as server:
        yield server


def api_setup(url, **grant_fields):
    service = DataService.objects.create(
        provider=OrganisationFactory(), name="人口接口", kind=ServiceKind.UPSTREAM_API, endpoint=url
    )
    return setup(service=service, **grant_fields)


def test_a_key_lookup_through_the_providers_api(client, upstream):
    s = api_setup(upstream.url)
    body = call(client, s, key=ZHANG[0]).json()
    assert body["records"] == [
        {"sfzh": "420102********1236", "xm": "张*", "sjhm": "138****5678", "zz": "湖北省武汉市江岸区********"}
    ]
    log = GatewayCall.objects.get()
    assert log.status == CallStatus.OK and log.record_keys == ZHANG[0] and log.upstream_ms > 0
    assert log.service == s.service


def test_a_key_the_provider_does_not_know_gives_no_records(client, upstream):
    s = api_setup(upstream.url)
    body = call(client, s, key=OUYANG_ID).json()
    assert body["count"] == 1
    unknown = "11010119900307777"
    assert call(client, s, key=unknown + id_number_check_char(unknown)).json()["records"] == []


def test_a_page_through_the_providers_api(client, upstream):
    s = api_setup(upstream.url, raw_values=True, granted=("xm",))
    assert call(client, s, page="2", size="1").json()["records"] == [{"xm": "欧阳娜娜"}]
    assert GatewayCall.objects.get().record_keys == OUYANG_ID


@pytest.mark.parametrize("mode", ["500", "garbage"])
def test_a_failing_provider_api_gives_502_and_is_logged(client, upstream, mode):
    s = api_setup(upstream.url)
    upstream.mode = mode
    body = assert_refused(call(client, s, key=ZHANG[0]), 502, "upstream_error", log_status=CallStatus.UPSTREAM_ERROR)
    assert "提供部门的数据服务" in body["message"]
    assert GatewayCall.objects.get().upstream_ms is not None


def test_a_provider_api_that_is_down_gives_502(client, loopback_allowed):
    with Upstream() as server:
        url = server.url
    s = api_setup(url)
    assert_refused(call(client, s, key=ZHANG[0]), 502, "upstream_error", log_status=CallStatus.UPSTREAM_ERROR)


def test_a_slow_provider_api_times_out_quickly(client, upstream, monkeypatch):
    monkeypatch.setattr(gateway, "UPSTREAM_TIMEOUT", (0.5, 0.2))
    s = api_setup(upstream.url)
    upstream.mode = "slow"
    body = assert_refused(call(client, s, key=ZHANG[0]), 502, "upstream_error", log_status=CallStatus.UPSTREAM_ERROR)
    assert "超时" in body["message"]
    assert GatewayCall.objects.get().latency_ms < 1000


def test_the_provider_api_is_not_called_for_a_refused_call(client, upstream):
    s = api_setup(upstream.url)
    s.grant.is_active = False
    s.grant.save()
    assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_revoked")
    assert upstream.hits == 0
    assert GatewayCall.objects.get().purpose == PURPOSE


def test_an_address_the_platform_no_longer_allows_is_not_called(client, upstream):
    """Registered while 127.0.0.1 was allowed; the administrator then took it off the list (issue 9, item 6): the
    gateway checks the address on every call, answers 502 in the one shape, logs the call, and sends nothing."""
    s = api_setup(upstream.url)
    RuleValue.objects.filter(key="exchange.upstream_allowed_hosts").delete()
    cache.clear()
    body = assert_refused(call(client, s, key=ZHANG[0]), 502, "upstream_error", log_status=CallStatus.UPSTREAM_ERROR)
    assert "回环地址" in body["message"] and "除非平台管理员允许该主机" in body["message"]
    assert upstream.hits == 0
