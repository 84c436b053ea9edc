"""The API at /api/v1/: OpenAPI document, one error shape, and organisation scoping over real HTTP."""

import pytest

from digigov.core import inbox
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff

pytestmark = pytest.mark.django_db


def assert_error_shape(body, code):
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert body["message"]


def test_openapi_document_lists_core_routes(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "digigov API"
    assert "/api/v1/core/inbox" in doc["paths"]


def test_unauthenticated_request_gets_401_in_the_error_shape(client):
    response = client.get("/api/v1/core/me")
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_validate_reports_the_wrong_part_in_chinese(client):
    user = staff(Role.HANDLER)
    client.force_login(user)
    response = client.post(
        "/api/v1/core/validate", {"kind": "id_number", "value": "110105194912310021"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "validation_error")
    assert body["errors"][0]["field"] == "value"
    assert body["message"] == "身份证号码校验码错误：应为 X，实为 1。"
    good = client.post(
        "/api/v1/core/validate", {"kind": "id_number", "value": "11010519491231002x"}, content_type="application/json"
    )
    assert good.json() == {"valid": True, "value": "11010519491231002X"}


def test_malformed_body_gets_field_errors(client):
    client.force_login(staff(Role.HANDLER))
    response = client.post("/api/v1/core/validate", {"kind": "passport"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body, "validation_error")
    assert {e["field"] for e in body["errors"]} >= {"kind", "value"}


def test_inbox_lists_own_todos_and_refuses_another_departments(client):
    police, market = OrganisationFactory(), OrganisationFactory()
    handler = staff(Role.HANDLER, police)
    own = inbox.inbox_register(
        source="core",
        kind="core.task",
        title="本厅待办",
        url="/a/",
        assignee_org=police,
        assignee_role=Role.HANDLER,
        working_days=3,
    )
    other = inbox.inbox_register(
        source="core",
        kind="core.task",
        title="他厅待办",
        url="/b/",
        assignee_org=market,
        assignee_role=Role.HANDLER,
        working_days=3,
    )
    client.force_login(handler)
    titles = [i["title"] for i in client.get("/api/v1/core/inbox").json()]
    assert titles == ["本厅待办"]
    denied = client.post(f"/api/v1/core/inbox/{other.pk}/complete")
    assert denied.status_code == 404
    assert_error_shape(denied.json(), "not_found")
    done = client.post(f"/api/v1/core/inbox/{own.pk}/complete")
    assert done.status_code == 200
    assert client.get("/api/v1/core/inbox").json() == []


def test_working_day_routes_use_the_official_calendar(client):
    client.force_login(staff(Role.HANDLER))
    body = client.get("/api/v1/core/calendar/add-working-days", {"start": "2026-09-30", "days": 1}).json()
    assert body["deadline"] == "2026-10-08"
    bad = client.get("/api/v1/core/calendar/add-working-days", {"start": "2026-02-30", "days": 1})
    assert bad.status_code == 422
    assert_error_shape(bad.json(), "validation_error")


def test_messages_are_chinese_by_default_and_english_on_request(client):
    assert client.get("/api/v1/core/me").json()["message"] == "请先登录，或提供有效的 API 密钥。"
    english = client.get("/api/v1/core/me", headers={"accept-language": "en"}).json()["message"]
    assert english == "Sign in, or send a valid API key."
