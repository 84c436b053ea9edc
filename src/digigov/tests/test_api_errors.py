"""The JSON API's error handlers and input guards (issue 9): every refusal is a 4xx with the one error shape
{code, message, errors}, in Chinese, never a 500 — on SQLite and on PostgreSQL (which refuses NUL characters
and numbers beyond 64 bits that SQLite and Python let through)."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from digigov.api_v1 import GATEWAY, ROOT, api, on_forbidden, on_not_found
from digigov.catalog.tests.factories import ResourceFactory
from digigov.core.api_inputs import InputError
from digigov.core.choices import Role
from digigov.core.models import InboxItem
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity.api import SystemClient, system_client_register, system_key_issue
from digigov.tests.fuzz_world import build_world

CSRF = "a" * 32  # a CSRF secret as Django's cookie holds it; a browser's script repeats it in X-CSRFToken


def test_django_404_and_403_raised_in_a_route_keep_the_error_shape(rf):
    for handler, exc, status, code in [
        (on_not_found, Http404(), 404, "not_found"),
        (on_forbidden, PermissionDenied(), 403, "permission_denied"),
    ]:
        response = handler(rf.get("/api/v1/x"), exc)
        assert response.status_code == status
        body = json.loads(response.content)
        assert body["code"] == code and body["message"] and body["errors"] == []


def refused(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert code is None or body["code"] == code, body
    assert any("\u4e00" <= c <= "\u9fff" for c in body["message"]), body  # said in Chinese
    return body


@pytest.fixture
def browser():
    """A client that enforces CSRF like a browser's session does (Django's test client skips it by default)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def system_key(db) -> str:
    organisation = OrganisationFactory(name="省人社厅")
    admin = staff(Role.ORG_ADMIN, organisation)
    system = system_client_register(
        actor=admin, organisation=organisation, name="社会保险业务系统", purpose="参保登记时核验身份", contact="周工"
    )
    return system_key_issue(actor=admin, client=system)


def signed_in(browser, user) -> Client:
    browser.force_login(user)
    browser.cookies["csrftoken"] = CSRF
    return browser


VALIDATE = "/api/v1/core/validate"
ID_NUMBER = {"kind": "id_number", "value": "11010519491231002X"}  # the example of GB 11643


# --- who is calling (items 7 and 13) -----------------------------------------------------------------------------


def test_a_system_posts_with_only_its_api_key(browser, system_key):
    response = browser.post(VALIDATE, ID_NUMBER, content_type="application/json", headers={"X-API-Key": system_key})
    assert response.status_code == 200, response.content
    assert response.json() == {"valid": True, "value": "11010519491231002X"}


def test_an_anonymous_post_or_a_wrong_key_gets_401_with_the_error_shape(browser, system_key, db):
    body = refused(browser.post(VALIDATE, ID_NUMBER, content_type="application/json"), 401, "not_authenticated")
    assert body["message"] == "请先登录，或提供有效的 API 密钥。"
    wrong = system_key[:-1] + ("0" if system_key[-1] != "0" else "1")
    refused(
        browser.post(VALIDATE, ID_NUMBER, content_type="application/json", headers={"X-API-Key": wrong}),
        401,
        "not_authenticated",
    )
    refused(browser.post("/api/v1/catalog/resources/1/submit"), 401, "not_authenticated")


def test_an_api_key_holding_a_nul_character_is_simply_not_a_key(browser, db):
    refused(browser.get("/api/v1/core/organisations", headers={"X-API-Key": "\x00" * 40}), 401, "not_authenticated")


def test_a_signed_in_post_still_needs_the_csrf_token(browser, db):
    signed_in(browser, staff(Role.HANDLER))
    body = refused(browser.post(VALIDATE, ID_NUMBER, content_type="application/json"), 403, "csrf_failed")
    assert "CSRF" in body["message"] and "刷新" in body["message"]
    ok = browser.post(VALIDATE, ID_NUMBER, content_type="application/json", headers={"X-CSRFToken": CSRF})
    assert ok.status_code == 200, ok.content
    # Reading needs no token.
    assert browser.get("/api/v1/core/me").status_code == 200


# --- what is sent (items 1 and 2) ------------------------------------------------------------------------------


@pytest.fixture
def handler(browser, db):
    return signed_in(browser, staff(Role.HANDLER))


def post_json(client, path, raw: str):
    return client.post(path, raw, content_type="application/json", headers={"X-CSRFToken": CSRF})


@pytest.mark.parametrize("raw", ["[]", "false", "[null, null]", "null", '"text"', "1"])
def test_a_body_that_is_not_a_json_object_is_refused_even_where_every_field_has_a_default(handler, raw):
    # WithdrawIn's only field has a default: before, ninja read any JSON value as an empty object.
    body = refused(post_json(handler, "/api/v1/catalog/resources/1/withdraw", raw), 400, "invalid_body")
    assert body["message"] == "请求体必须是 JSON 对象。"


def test_a_body_that_is_not_json_is_refused(handler):
    refused(post_json(handler, "/api/v1/catalog/resources/1/withdraw", "{reason: 1"), 400, "invalid_json")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/catalog/resources?page=9223372036854775807",
        "/api/v1/catalog/resources?page=0",
        "/api/v1/catalog/resources?provider=-21535345768965434546576879",
        "/api/v1/catalog/resources?provider=92233720368547758070",
        "/api/v1/catalog/resources/1/diff?old=-7808432856734598347598",
        "/api/v1/catalog/resources/1/diff?old=1&new=4294967296",
        "/api/v1/catalog/resources/99999999999999999999999",
        "/api/v1/exchange/applications/-1",
    ],
)
def test_numbers_beyond_what_the_database_holds_are_refused_with_422(handler, path):
    body = refused(handler.get(path), 422, "validation_error")
    assert body["errors"] and body["errors"][0]["field"] in {"page", "provider", "old", "new", "resource_id",
                                                            "application_id"}  # fmt: skip


def test_a_schema_refusal_names_the_field_and_says_what_is_wrong_in_chinese(handler):
    body = refused(handler.get("/api/v1/catalog/resources?page=0"), 422, "validation_error")
    assert body["message"] == "部分字段缺失或格式错误。"
    assert body["errors"] == [{"field": "page", "message": "请输入不小于 1 的数字。"}]


def test_a_json_integer_beyond_64_bits_is_refused_before_any_schema(handler):
    raw = '{"resource_id": 1, "item_ids": [123456789012345678901234567890], "purpose": "x"}'
    body = refused(post_json(handler, "/api/v1/exchange/applications", raw), 400, "invalid_input")
    assert body["message"] == "请求中的数字超出允许范围。"


def test_a_quota_beyond_the_integer_column_is_refused(handler):
    raw = json.dumps({"daily_quota": 2**31})
    refused(post_json(handler, "/api/v1/exchange/applications/1/grant", raw), 422, "validation_error")


def test_a_date_whose_deadline_would_pass_year_9999_is_refused(handler):
    path = "/api/v1/core/calendar/add-working-days?start=9999-12-01&days=3650"
    body = refused(handler.get(path), 400, "date_out_of_range")
    assert "9999" in body["message"]


def test_an_explicit_null_for_a_text_field_is_refused_not_stored(handler, db):
    resource = ResourceFactory()
    raw = json.dumps({"share_conditions": None})
    body = refused(post_json(handler, f"/api/v1/catalog/resources/{resource.pk}/update", raw), 422)
    assert body["errors"][0]["field"] == "share_conditions"


def test_a_nul_character_in_a_query_a_json_body_or_a_form_field_is_refused(handler):
    body = refused(handler.get("/api/v1/catalog/resources?q=%E4%BA%BA%00"), 400, "invalid_input")
    assert body["errors"] == [{"field": "q", "message": "内容含有空字符（\\0），不能接受。"}]
    raw = json.dumps({"requester_id": 1, "resource_name": "人口\x00信息", "purpose": "核验"})
    body = refused(post_json(handler, "/api/v1/catalog/demands", raw), 400, "invalid_input")
    assert body["errors"][0]["field"] == "resource_name"
    form = {"name": "人口\x00库", "key_column": "身份证号", "file": SimpleUploadedFile("p.csv", b"a\n1\n")}
    response = handler.post("/api/v1/exchange/services/upload", form, headers={"X-CSRFToken": CSRF})
    assert refused(response, 400, "invalid_input")["errors"][0]["field"] == "name"


def test_a_nul_character_in_a_csv_cell_is_refused_with_its_cell(browser, db, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    signed_in(browser, staff(Role.HANDLER, organisation))
    csv = "身份证号,姓名\n420102199001011236,张\x00三\n".encode("utf-16")  # UTF-16 text may carry a NUL
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/api/v1/exchange/services/upload",
            {"name": "人口库表", "key_column": "身份证号", "file": SimpleUploadedFile("p.csv", csv)},
            headers={"X-CSRFToken": CSRF},
        )
    assert response.status_code == 202, response.content
    job = browser.get(f"/api/v1/core/jobs/{response.json()['id']}").json()
    assert job["status"] == "failed" and "B2" in job["error"] and "空字符" in job["error"], job


def test_a_multipart_body_without_its_boundary_is_a_400(handler):
    response = handler.post(
        "/api/v1/exchange/services/upload",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers={"X-CSRFToken": CSRF},
    )
    refused(response, 400, "bad_request")  # read by RequestSizeMiddleware before ninja: handler400


def test_the_gateway_checks_its_own_input_so_it_can_log_every_refusal(rf):
    # The guard leaves the gateway's paths alone; the gateway records and refuses (exchange/gateway.py).
    gateway_path = reverse("api-v1:records", kwargs={"resource_id": 1})
    assert gateway_path.startswith(ROOT + GATEWAY), gateway_path  # the exempt prefix is where the gateway is
    assert api.parser.parse_querydict(rf.get(gateway_path, {"purpose": "\x00"}).GET, [], rf.get(gateway_path)) == {
        "purpose": "\x00"
    }
    elsewhere = rf.get("/api/v1/catalog/resources")
    with pytest.raises(InputError) as refusal:
        api.parser.parse_querydict(rf.get("/", {"q": "\x00"}).GET, [], elsewhere)
    assert list(refusal.value.fields) == ["q"]


# --- text longer than its column (PostgreSQL refuses it; SQLite would keep it) ------------------------------------


@pytest.fixture
def world(db):
    return build_world()


def as_(user) -> Client:
    return signed_in(Client(enforce_csrf_checks=True), user)


def test_text_longer_than_its_column_is_refused_at_the_field(world):
    long = "长" * 201
    resource = {
        "provider_id": world.provider.pk,
        "classification": "3",
        "name": long,
        "summary": "摘要",
        "format": "database",
        "share_type": "unconditional",
        "share_method": "api",
        "open_type": "not_open",
        "update_cycle": "daily",
        "items": [{"identifier": "a" * 61, "name": "姓名", "data_type": "C", "description": "说" * 301}],
    }
    handler = as_(world.handler)
    body = refused(post_json(handler, "/api/v1/catalog/resources", json.dumps(resource)), 400, "resource_invalid")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["name"] == "“名称”最多 200 个字符，当前为 201 个。"
    assert {"items.1.identifier", "items.1.description"} <= set(fields), fields
    path = f"/api/v1/catalog/resources/{world.draft.pk}/update"
    refused(post_json(handler, path, json.dumps({"name": long})), 400, "resource_invalid")

    raw = json.dumps({"requester_id": world.consumer.pk, "resource_name": long, "purpose": "核验", "basis": "据" * 301})
    body = refused(post_json(as_(world.consumer_handler), "/api/v1/catalog/demands", raw), 400)
    assert {e["field"] for e in body["errors"]} == {"resource_name", "basis"}

    raw = json.dumps({"corrected": True, "corrected_value": "值" * 501})
    path = f"/api/v1/exchange/error-reports/{world.error_report.pk}/answer"
    body = refused(post_json(handler, path, raw), 400)
    assert [e["field"] for e in body["errors"]] == ["corrected_value"]

    raw = json.dumps({"name": "人口接口", "endpoint": "https://api.example.cn/" + "p" * 300})
    body = refused(post_json(handler, "/api/v1/exchange/services", raw), 400)
    assert [e["field"] for e in body["errors"]] == ["endpoint"]

    key = "列" * 61
    table = SimpleUploadedFile("p.csv", f"{key},姓名\n1,张三\n".encode())
    upload = {"name": "人口库表", "key_column": key, "file": table}
    response = handler.post("/api/v1/exchange/services/upload", upload, headers={"X-CSRFToken": CSRF})
    assert "60" in refused(response, 400)["message"]


def test_a_to_do_quoting_a_long_name_is_cut_to_fit_not_refused(world):
    world.population.name = "长" * 200
    world.population.save()
    raw = json.dumps(
        {
            "resource_id": world.population.pk,
            "item_ids": [world.population.items.first().pk],
            "purpose": "社保待遇资格认证",
            "legal_basis": "《社会保险法》",
            "period_start": "2099-01-01",
            "period_end": "2099-12-31",
            "system_id": SystemClient.objects.get(organisation=world.consumer).pk,
        }
    )
    world.consumer.name = "名" * 200
    world.consumer.save()
    response = post_json(as_(world.consumer_handler), "/api/v1/exchange/applications", raw)
    assert response.status_code == 201, response.content
    title = InboxItem.objects.filter(object_id=str(response.json()["id"])).get().title
    assert len(title) == 300 and title.startswith("审核共享申请") and title.endswith(("…", "..."))
