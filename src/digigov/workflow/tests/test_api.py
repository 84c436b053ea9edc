"""The workflow API: definitions and versions with problems per element, the caller's tasks, completing one; another
organisation's staff neither see nor do a department's task."""

import json

import pytest
from django.test import Client

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.tests.factories import bpmn, shipped_version

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_designer_saves_a_version_through_the_api_and_gets_problems_per_element():
    admin = staff(Role.PLATFORM_ADMIN)
    definition = workflow.definition_create(actor=admin, key="joint", name="并联审批")
    client = signed_in(admin)
    url = f"/api/v1/workflow/definitions/{definition.pk}/versions"
    bad = bpmn("joint_approval").replace('<bpmn:userTask id="decide"', '<bpmn:serviceTask id="decide"')
    refused = post(client, url, {"bpmn_xml": bad})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "element:decide"
    saved = post(client, url, {"bpmn_xml": bpmn("joint_approval"), "tasks": {"accept": {"working_days": 1}}})
    assert saved.status_code == 201 and saved.json()["number"] == 1
    listed = client.get("/api/v1/workflow/definitions").json()
    assert [(d["key"], d["current"]["number"]) for d in listed] == [("joint", 1)]
    handler = signed_in(staff(Role.HANDLER))
    assert post(handler, url, {"bpmn_xml": bpmn("joint_approval")}).status_code == 403


def test_a_reviewer_sees_and_completes_only_their_departments_tasks():
    lead, market, police = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    clerk = staff(Role.HANDLER, lead)
    started = workflow.instance_start(
        actor=clerk,
        version=shipped_version(),
        organisation=lead,
        facts={"materials_ok": True, "amount": 10},
        parts={"licence": market, "seal": police},
    )
    workflow.task_complete(actor=clerk, task=started.opened[0])
    market_client, police_client = signed_in(staff(Role.REVIEWER, market)), signed_in(staff(Role.REVIEWER, police))
    mine = market_client.get("/api/v1/workflow/tasks").json()
    assert [t["element_id"] for t in mine["items"]] == ["review_a"]
    task_id = mine["items"][0]["id"]
    assert post(police_client, f"/api/v1/workflow/tasks/{task_id}/complete", {}).status_code == 403
    outsider = signed_in(staff(Role.REVIEWER, OrganisationFactory()))
    assert outsider.get("/api/v1/workflow/tasks").json()["count"] == 0
    assert outsider.get(f"/api/v1/workflow/instances/{started.instance.pk}").status_code == 404
    done = post(market_client, f"/api/v1/workflow/tasks/{task_id}/complete", {"facts": {"opinion_ok": True}})
    assert done.status_code == 200 and done.json()["opened"] == []
    again = post(market_client, f"/api/v1/workflow/tasks/{task_id}/complete", {})
    assert again.status_code == 409 and "已由" in again.json()["message"]
    seen = market_client.get(f"/api/v1/workflow/instances/{started.instance.pk}").json()
    assert [h["action"] for h in seen["history"]] == [
        "workflow.instance.started",
        "workflow.task.completed",
        "workflow.task.completed",
    ]
