"""Every gateway call leaves exactly one log row and gets the records or the one error shape, never a 500 (R1.8).

Hostile and odd input over real HTTP (Django test client), on SQLite and PostgreSQL: NUL bytes, ids beyond 64 bits,
page numbers Python's int() would take but a database would not, a broken upstream, a broken hosted row, and a log
table that refuses the row. The answers personal data leaves in are never stored by a cache and set no cookie.
"""

import pytest
from django.db import connection

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange.choices import CallStatus
from digigov.exchange.models import GatewayCall, GrantUsage, HostedRow
from digigov.exchange.tests.test_gateway import PURPOSE, ZHANG, call, fresh_metadata  # noqa: F401
from digigov.exchange.tests.test_gateway_fixtures import URL, Upstream, setup
from digigov.exchange.tests.test_gateway_upstream import api_setup

pytestmark = pytest.mark.django_db

ONE_SHAPE = {"code", "message", "errors"}


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def one_row_and_one_shape(response, before: int, *, status=None, code=None):
    """The answer is the one error shape in Chinese (not a 500), and exactly one row was added for the call."""
    assert response.status_code != 500, response.content
    assert response.status_code >= 400, response.content
    body = response.json()
    assert set(body) == ONE_SHAPE and is_chinese(body["message"]), body
    assert GatewayCall.objects.count() == before + 1
    row = GatewayCall.objects.order_by("-pk").first()
    assert row.status in CallStatus.values and row.status != CallStatus.OK
    assert row.error_code == body["code"], "the log says what the caller was told"
    if status is not None:
        assert response.status_code == status
    if code is not None:
        assert body["code"] == code
    return body, row


def get(client, url, params, api_key, **headers):
    return client.get(url, params, headers={"x-api-key": api_key, **headers} if api_key is not None else headers)


@pytest.mark.parametrize(
    ("params", "headers", "code"),
    [
        ({"purpose": "x\x00", "key": ZHANG[0]}, {}, "invalid_parameter"),
        ({"key": ZHANG[0]}, {"x-purpose": "核验\x00"}, "invalid_parameter"),
        ({"purpose": PURPOSE, "key": ZHANG[0] + "\x00"}, {}, "invalid_parameter"),
        ({"purpose": PURPOSE, "page": "1\x00"}, {}, "invalid_parameter"),
        ({"purpose": PURPOSE, "page": "1", "size": "\x00"}, {}, "invalid_parameter"),
        ({"purpose": "社保\x1b[31m核验", "key": ZHANG[0]}, {}, "invalid_parameter"),
    ],
)
def test_nul_and_control_characters_are_refused_and_logged(client, params, headers, code):
    s = setup()
    body, row = one_row_and_one_shape(get(client, s.url, params, s.key, **headers), 0, status=400, code=code)
    assert body["errors"] and body["errors"][0]["field"] in {"purpose", "key", "page", "size"}
    assert row.system == s.system and row.resource == s.resource
    assert "\x00" not in row.purpose + row.query


def test_a_nul_in_a_key_of_a_resource_without_a_validated_key_item_is_refused(client):
    s = setup()
    s.items["sfzh"].is_key = False  # no validator stands in front of the table lookup
    s.items["sfzh"].save()
    response = get(client, s.url, {"purpose": PURPOSE, "key": "abc\x00"}, s.key)
    one_row_and_one_shape(response, 0, status=400, code="invalid_parameter")


@pytest.mark.parametrize(
    "resource_id",
    ["9223372036854775807", "9223372036854775808", "18446744073709551616", "9" * 40, "0"],
)
def test_a_resource_id_beyond_64_bits_is_refused_and_logged(client, resource_id):
    s = setup()
    response = client.get(URL.format(resource_id), {"purpose": PURPOSE, "key": ZHANG[0]}, headers={"x-api-key": s.key})
    _body, row = one_row_and_one_shape(response, 0, status=403, code="no_grant")
    assert row.resource is None and row.query.startswith(f"resource={int(resource_id)}")
    assert row.system == s.system


def test_a_resource_id_beyond_64_bits_without_a_key_is_logged_too(client):
    setup()
    response = client.get(URL.format(2**64), {"purpose": PURPOSE, "key": ZHANG[0]})
    one_row_and_one_shape(response, 0, status=401, code="api_key_missing")


@pytest.mark.parametrize(
    ("page", "size"),
    [
        ("", "0"),
        ("0", "10"),
        ("-1", "10"),
        ("+1", "10"),
        ("1.5", "10"),
        ("1e3", "10"),
        ("1_0", "10"),
        ("１", "10"),  # a full-width digit: int() takes it, the API does not
        (" 1", "10"),
        ("1", "-5"),
        ("1", "101"),
        ("1", "99999999999999999999"),
        ("99999999999999999999", "10"),
        ("9" * 5000, "10"),  # beyond int()'s digit limit
        ("abc", ""),
    ],
)
def test_odd_page_and_size_values_are_refused_and_logged(client, page, size):
    s = setup()
    response = get(client, s.url, {"purpose": PURPOSE, "page": page, "size": size}, s.key)
    body, _row = one_row_and_one_shape(response, 0, status=400, code="invalid_page")
    assert body["errors"][0]["field"] in {"page", "size"}


@pytest.mark.parametrize("page", ["2147483647", "214748365", "999999999999999999"])
def test_a_page_far_beyond_the_table_is_empty(client, page):
    """Row numbers stop at 2^31 - 1; a page past them holds nothing, and the database is never asked for more."""
    s = setup()
    response = get(client, s.url, {"purpose": PURPOSE, "page": page, "size": "100"}, s.key)
    assert response.status_code == 200, response.content
    assert response.json()["records"] == []
    assert GatewayCall.objects.get().status == CallStatus.OK


@pytest.mark.parametrize(
    "api_key",
    ["", "short", "x" * 40, "钥匙" * 20, "abcdefgh\x00" + "y" * 30, "abcdefgh\x7f" + "y" * 30],
)
def test_key_guessing_leaves_a_trace(client, api_key):
    s = setup()
    response = client.get(
        s.url, {"purpose": PURPOSE, "key": ZHANG[0]}, headers={"x-api-key": api_key}, REMOTE_ADDR="203.0.113.9"
    )
    _body, row = one_row_and_one_shape(response, 0, status=401)
    assert row.error_code in {"api_key_missing", "api_key_invalid"}
    assert row.client_ip == "203.0.113.9" and row.resource == s.resource and row.at is not None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_the_gateway_is_refused_and_logged_like_any_call(client, method):
    s = setup()
    answer = getattr(client, method)(f"{s.url}?purpose=核验&key={ZHANG[0]}", headers={"x-api-key": s.key})
    body, row = one_row_and_one_shape(answer, 0, status=405, code="method_not_allowed")
    assert answer["Allow"] == "GET" and answer["Cache-Control"] == "no-store"
    assert body["message"] == "网关只提供数据读取，请用 GET 方式调用。"
    assert row.system == s.system and row.resource == s.resource and row.status == CallStatus.REFUSED
    anonymous = client.post(s.url)
    assert one_row_and_one_shape(anonymous, 1, status=401, code="api_key_missing")[1].system is None


def test_a_hosted_row_that_is_not_an_object_fails_inside_the_gateway_and_is_logged(client):
    """A fault the gateway did not foresee (here, a row whose data is a JSON list): 503 in the one shape, logged."""
    s = setup()
    HostedRow.objects.filter(table=s.service.table, key=ZHANG[0]).update(data=["not", "an", "object"])
    _body, row = one_row_and_one_shape(call(client, s, key=ZHANG[0]), 0, status=503, code="gateway_fault")
    assert row.status == CallStatus.FAILED and row.grant == s.grant
    assert not GrantUsage.objects.exists(), "nothing was served, so nothing counts against the quota"


def test_an_upstream_key_holding_a_nul_is_served_and_logged(client, loopback_allowed):
    """The provider's API hands back a key with a NUL in it: served, and the log keeps it readably."""
    odd = ("4201\x0002199001011236", "张三", "13812345678", "湖北省武汉市江岸区沿江大道188号", "8000")
    with Upstream(rows=[odd]) as upstream:
        s = api_setup(upstream.url, raw_values=True, granted=("xm",))
        response = call(client, s, page="1", size="10")
    assert response.status_code == 200, response.content
    assert response.json()["records"] == [{"xm": "张三"}]
    row = GatewayCall.objects.get()
    assert row.status == CallStatus.OK and row.record_keys == "4201\\x0002199001011236"


def test_an_upstream_failure_is_logged_with_its_own_status(client, loopback_allowed):
    with Upstream() as upstream:
        s = api_setup(upstream.url)
        upstream.mode = "500"
        _body, row = one_row_and_one_shape(call(client, s, key=ZHANG[0]), 0, status=502, code="upstream_error")
    assert row.status == CallStatus.UPSTREAM_ERROR and row.service == s.service
    assert upstream.hits == 1, "the provider's API was called and answered 500"


def _refuse_log_rows():
    """A real database fault: the log table refuses every new row (the test's transaction drops the trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_call() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'log volume full'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_call BEFORE INSERT ON exchange_gatewaycall "
                "FOR EACH ROW EXECUTE FUNCTION refuse_call()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_call BEFORE INSERT ON exchange_gatewaycall "
                "BEGIN SELECT RAISE(ABORT, 'log volume full'); END"
            )


def test_when_the_log_refuses_the_row_nothing_is_served(client):
    s = setup()
    _refuse_log_rows()
    response = call(client, s, key=ZHANG[0])
    assert response.status_code == 503, response.content
    body = response.json()
    assert set(body) == ONE_SHAPE and body["code"] == "call_not_logged" and is_chinese(body["message"])
    assert ZHANG[0] not in response.content.decode() and "张" not in response.content.decode()
    assert not GrantUsage.objects.exists(), "the quota counts only calls served"
    assert response["Cache-Control"] == "no-store"


def test_answers_are_never_stored_and_set_no_cookie(client):
    s = setup()
    client.force_login(staff(Role.PLATFORM_ADMIN, OrganisationFactory()))  # a session cookie goes along
    served = call(client, s, key=ZHANG[0])
    refused = call(client, s, key="bad")
    anonymous = client.get(s.url, {"purpose": PURPOSE, "key": ZHANG[0]})
    for response in (served, refused, anonymous):
        assert response["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers and not response.cookies
    assert served.status_code == 200 and refused.status_code == 400 and anonymous.status_code == 401
