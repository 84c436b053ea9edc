"""The hotline in the JSON API (/api/v1/hotline/, issue 13 §11): a centre's system registers a ticket, staff dispatch,
the department accepts and replies, the centre reviews and records the return visit; the caller is masked for
others; another organisation and a system not allowed are refused with the one error shape."""

import pytest

from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory
from digigov.hotline.models import Ticket
from digigov.hotline.tests.factories import officer, setting, ticket
from digigov.identity import api as identity

pytestmark = pytest.mark.django_db
API = "/api/v1/hotline"


def post(client, path, data=None, **headers):
    return client.post(f"{API}{path}", data or {}, content_type="application/json", **headers)


def system_key(organisation, *, allowed=True):
    admin = UserFactory(is_superuser=True)
    system = identity.system_client_register(
        actor=admin,
        organisation=organisation,
        name="政务服务网留言系统",
        purpose="热线工单接入",
        contact="张三 027-87654321",
    )
    key = identity.system_key_issue(actor=admin, client=system)
    if allowed:
        rule_set(actor=admin, key="hotline.api_systems", value=str(system.pk))
    return key


def body(s, **overrides):
    return {
        "kind": "help",
        "caller_name": "陈女士",
        "caller_phone": "13900001111",
        "division_code": s.division_code,
        "address": "解放大道1号",
        "content": "路灯不亮已三天。",
        "channel": "web",
    } | overrides


def test_a_centre_system_registers_and_the_loop_runs_through_the_api(client):
    s = setting()
    key = system_key(s.centre)
    created = post(client, "/tickets", body(s), HTTP_X_API_KEY=key)
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    assert created.json()["caller_phone"] == "139****1111" and created.json()["caller_masked"]
    assert Ticket.objects.get(number=number).channel == "web"

    client.force_login(s.agent)
    listed = client.get(f"{API}/tickets", {"status": "new"}).json()
    assert [row["number"] for row in listed["items"]] == [number]
    dispatched = post(client, f"/tickets/{number}/dispatch", {"department_id": s.department.pk})
    assert dispatched.status_code == 200 and dispatched.json()["status"] == "dispatched"

    client.force_login(s.handler)
    assert post(client, f"/tickets/{number}/accept").json()["caller_phone"] == "13900001111"
    assert LedgerEntry.objects.filter(action="hotline.caller.viewed").exists()
    assert post(client, f"/tickets/{number}/reply", {"reply": "已修复路灯。"}).json()["status"] == "replied"

    client.force_login(s.supervisor)
    reviewed = post(client, f"/tickets/{number}/review", {"approve": True})
    assert reviewed.json()["status"] == "visiting" and reviewed.json()["answer"] == "已修复路灯。"
    client.force_login(s.agent)
    visited = post(client, f"/tickets/{number}/visit", {"satisfaction": "satisfied"})
    assert visited.json()["status"] == "closed" and visited.json()["satisfaction"] == "satisfied"


def test_bad_input_and_wrong_steps_get_the_one_error_shape(client):
    s = setting()
    client.force_login(s.agent)
    bad = post(client, "/tickets", body(s, caller_phone="12", caller_id_number="123"))
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"caller_phone", "caller_id_number"} <= fields
    t = ticket(s)
    wrong = post(client, f"/tickets/{t.number}/visit", {"satisfaction": "satisfied"})
    assert wrong.status_code == 409 and wrong.json()["code"] == "invalid_transition"
    assert post(client, f"/tickets/{t.number}/visit", {"satisfaction": "meh"}).status_code == 400


def test_another_organisation_and_a_system_not_allowed_are_refused(client):
    s = setting()
    t = ticket(s)
    client.force_login(officer("handler", OrganisationFactory(name="外市热线")))
    assert client.get(f"{API}/tickets/{t.number}").status_code == 404
    assert client.get(f"{API}/tickets").json()["count"] == 0
    assert post(client, "/tickets", body(s)).status_code == 403
    client.logout()
    key = system_key(s.centre, allowed=False)
    assert post(client, "/tickets", body(s), HTTP_X_API_KEY=key).status_code == 403


def test_the_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/hotline/tickets",
        "/api/v1/hotline/tickets/{number}",
        "/api/v1/hotline/tickets/{number}/dispatch",
        "/api/v1/hotline/tickets/{number}/reply",
        "/api/v1/hotline/tickets/{number}/visit",
    } <= set(paths)
