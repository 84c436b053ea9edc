"""协办, 延期 and 督办 in the JSON API (issue 13 items 3 and 4): dispatch with co-handling departments, a co-handler's
accept and contribution (also from its department's system), the lead's extension request and the centre's decision,
urging by a supervisor only; another organisation gets 404, an agent who is not a supervisor 403."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import Notification
from digigov.core.tests.factories import OrganisationFactory
from digigov.hotline.models import Assignment
from digigov.hotline.tests.factories import officer, setting, ticket
from digigov.hotline.tests.test_routes import API, post, system_key

pytestmark = pytest.mark.django_db


def test_co_handling_extension_and_urging_through_the_api(client):
    s = setting()
    co = OrganisationFactory(name="江岸区城市管理执法局")
    t = ticket(s)
    client.force_login(s.agent)
    bad = post(client, f"/tickets/{t.number}/dispatch", {"department_id": s.department.pk,
                                                          "co_department_ids": [s.centre.pk]})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "co_department_ids"
    dispatched = post(
        client, f"/tickets/{t.number}/dispatch", {"department_id": s.department.pk, "co_department_ids": [co.pk]}
    )
    assert dispatched.status_code == 200
    assert [(a["department"], a["lead"]) for a in dispatched.json()["assignments"]] == [
        ("武汉市住房和城市更新局", True),
        ("江岸区城市管理执法局", False),
    ]
    assert post(client, f"/tickets/{t.number}/urge", {"note": "请尽快"}).status_code == 403  # an agent only

    client.force_login(s.supervisor)
    urged = post(client, f"/tickets/{t.number}/urge", {"note": "请今日联系来电人"})
    assert urged.status_code == 200 and urged.json()["urge_count"] == 1
    assert Notification.objects.filter(recipient=s.handler, body="请今日联系来电人").exists()
    assert client.get(f"{API}/tickets").json()["items"][0]["urge_count"] == 1

    # the co-handling department's system accepts its part and sends its contribution
    client.logout()
    key = system_key(co)
    accepted = post(client, f"/tickets/{t.number}/accept", HTTP_X_API_KEY=key)
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "dispatched" and accepted.json()["caller_masked"]
    contributed = post(client, f"/tickets/{t.number}/co-reply", {"reply": "已清理占道。"}, HTTP_X_API_KEY=key)
    assert contributed.status_code == 200
    assert contributed.json()["assignments"][1] | {"hand_back_until": None, "due_on": None} == {
        "department": "江岸区城市管理执法局", "lead": False, "status": "replied", "reply": "已清理占道。",
        "hand_back_until": None, "due_on": None,
    }  # fmt: skip
    not_lead = post(client, f"/tickets/{t.number}/extension", {"days": 3, "reason": "需核查"}, HTTP_X_API_KEY=key)
    assert not_lead.status_code == 403  # only the lead department asks for more time

    client.force_login(s.handler)
    assert post(client, f"/tickets/{t.number}/accept").json()["status"] == "handling"
    too_long = post(client, f"/tickets/{t.number}/extension", {"days": 30, "reason": "需核查"})
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "days"
    asked = post(client, f"/tickets/{t.number}/extension", {"days": 3, "reason": "需现场核查"})
    assert asked.status_code == 200 and asked.json()["extensions"][0]["status"] == "pending"
    due = asked.json()["due_on"]
    assert post(client, f"/tickets/{t.number}/extension/decision", {"approve": True}).status_code == 403

    client.force_login(s.supervisor)
    decided = post(client, f"/tickets/{t.number}/extension/decision", {"approve": True, "note": "同意"})
    assert decided.status_code == 200
    extension = decided.json()["extensions"][0]
    assert extension["status"] == "approved" and extension["due_before"] == due
    assert decided.json()["due_on"] == extension["due_after"] > due
    again = post(client, f"/tickets/{t.number}/extension/decision", {"approve": False, "note": "不同意"})
    assert again.status_code == 409

    client.force_login(s.handler)
    replied = post(client, f"/tickets/{t.number}/reply", {"reply": "已修复，占道已清理。"})
    assert replied.json()["status"] == "replied"
    assert set(Assignment.objects.filter(ticket=t).values_list("status", flat=True)) == {"replied"}


def test_another_organisation_gets_404_and_no_step_is_taken(client):
    s = setting()
    t = ticket(s)
    client.force_login(s.agent)
    post(client, f"/tickets/{t.number}/dispatch", {"department_id": s.department.pk})
    client.force_login(officer(Role.LEADER, OrganisationFactory(name="外市热线")))
    for path, data in (
        ("/co-reply", {"reply": "已办"}),
        ("/extension", {"days": 2, "reason": "需核查"}),
        ("/extension/decision", {"approve": True}),
        ("/urge", {"note": "请尽快"}),
    ):
        assert post(client, f"/tickets/{t.number}{path}", data).status_code == 404
    assert t.events.count() == 2


def test_the_new_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/hotline/tickets/{number}/co-reply",
        "/api/v1/hotline/tickets/{number}/extension",
        "/api/v1/hotline/tickets/{number}/extension/decision",
        "/api/v1/hotline/tickets/{number}/urge",
    } <= set(paths)
    dispatch = paths["/api/v1/hotline/tickets/{number}/dispatch"]["post"]["requestBody"]["content"]
    assert "co_department_ids" in str(client.get("/api/v1/openapi.json").json()["components"]) and dispatch
