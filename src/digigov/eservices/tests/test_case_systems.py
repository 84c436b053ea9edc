"""Department systems working their department's cases through the API with an X-API-Key (R4.2): only a system the
operator allowed (rule `eservices.case_systems`), only its own organisation's cases (another's: 404), a revoked or
expired key: 401; each step in the ledger under the system's name with the channel."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory
from digigov.eservices.choices import CaseStatus, Decision
from digigov.eservices.models import Case
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world
from digigov.identity import api as identity
from digigov.workflow.api import UserTask

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices"


def submitted(w):
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post())


def system(organisation, name="审批业务系统"):
    admin = UserFactory(is_superuser=True)
    client = identity.system_client_register(
        actor=admin, organisation=organisation, name=name, purpose="办件对接", contact="张三 027-87654321"
    )
    return admin, client, identity.system_key_issue(actor=admin, client=client)


def allow(admin, *clients):
    rule_set(actor=admin, key="eservices.case_systems", value=",".join(str(c.pk) for c in clients))


def call(client, method, path, key, body=None):
    if method == "get":
        return client.get(f"{API}{path}", HTTP_X_API_KEY=key)
    return client.post(f"{API}{path}", body or {}, content_type="application/json", HTTP_X_API_KEY=key)


def test_a_department_system_works_its_own_cases_to_the_end_and_is_named_in_the_ledger(client):
    w = world()
    case = submitted(w)
    admin, system_a, key = system(w.item.organisation)
    allow(admin, system_a)
    page = call(client, "get", "/cases?status=running", key).json()
    assert [r["number"] for r in page["items"]] == [case.number]
    detail = call(client, "get", f"/cases/{case.pk}", key).json()
    assert detail["lead"] and [t["kind"] for t in detail["tasks"]] == ["accept"]
    assert call(client, "post", f"/cases/{case.pk}/accept", key).json()["status"] == CaseStatus.IN_PROGRESS
    for _step in range(3):  # the general process: review, then the decision, as the department's people would
        tasks = call(client, "get", f"/cases/{case.pk}", key).json()["tasks"]
        if not tasks:
            break
        kind = tasks[0]["kind"]
        if kind == "review":
            call(client, "post", f"/cases/{case.pk}/review", key, {"agreed": True, "opinion": "材料齐全"})
        elif kind == "decide":
            call(client, "post", f"/cases/{case.pk}/decide", key, {"approved": True})
        elif kind == "conclude":
            call(client, "post", f"/cases/{case.pk}/conclude", key)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.APPROVED
    entries = LedgerEntry.objects.filter(object_type="eservices.case", object_id=str(case.pk))
    accepted = entries.get(action="eservices.case.accepted")
    assert accepted.actor_id is None and accepted.actor_name == f"系统：审批业务系统（#{system_a.pk}）"
    assert '"channel": "api"' in accepted.summary and '"system": "审批业务系统"' in accepted.summary
    assert entries.filter(action="eservices.case.viewed", actor_name__startswith="系统：").exists()
    done = UserTask.objects.filter(instance_id=case.instance_id, element_id="accept").get()
    assert done.done_by is None and done.status == "done"
    assert LedgerEntry.objects.filter(action="workflow.task.completed", actor_name=accepted.actor_name).exists()


def test_a_system_reaches_no_other_departments_case(client):
    w = world()
    case = submitted(w)
    admin, system_b, key = system(OrganisationFactory(), name="别的部门系统")
    allow(admin, system_b)
    assert call(client, "get", "/cases", key).json()["count"] == 0
    assert call(client, "get", f"/cases/{case.pk}", key).status_code == 404
    assert call(client, "post", f"/cases/{case.pk}/accept", key).status_code == 404
    assert call(client, "post", f"/cases/{case.pk}/reject", key, {"reason": "不符合条件"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_only_a_system_the_operator_allowed_may_work_cases(client):
    w = world()
    case = submitted(w)
    admin, system_a, key = system(w.item.organisation)
    refused = call(client, "get", f"/cases/{case.pk}", key)
    assert refused.status_code == 403 and "平台" in refused.json()["message"]
    assert call(client, "post", f"/cases/{case.pk}/accept", key).status_code == 403
    other = system(w.item.organisation, name="另一系统")[1]
    allow(admin, other)  # another system of the same department is not this one
    assert call(client, "get", "/cases", key).status_code == 403


def test_a_revoked_or_expired_key_is_not_let_in(client):
    w = world()
    case = submitted(w)
    admin, system_a, key = system(w.item.organisation)
    allow(admin, system_a)
    new_key, grace_ends = identity.system_key_rotate(actor=admin, client=system_a)
    assert call(client, "get", f"/cases/{case.pk}", new_key).status_code == 200
    if grace_ends is not None:  # the previous key in its grace period works; once the grace ends it does not
        system_a.superseded_keys.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert call(client, "get", f"/cases/{case.pk}", key).status_code == 401
    identity.system_key_revoke(actor=admin, client=system_a)
    assert call(client, "get", f"/cases/{case.pk}", new_key).status_code == 401
    assert call(client, "post", f"/cases/{case.pk}/accept", new_key).status_code == 401
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_a_system_asks_for_a_supplement_without_an_account():
    w = world()
    case = submitted(w)
    admin, system_a, _key = system(w.item.organisation)
    allow(admin, system_a)
    from digigov.eservices import case_actors

    actor = case_actors.system_actor(system_a)
    suspension = cases.case_request_supplement(
        actor=actor, case=case, missing=[{"name": "身份证明", "reason": "不清晰"}]
    )
    assert suspension.requested_by is None
    entry = LedgerEntry.objects.get(action="eservices.case.supplement_requested")
    assert entry.actor_name.startswith("系统：审批业务系统")


def test_a_systems_opinion_reads_as_the_systems_on_the_case_screen(client):
    w = world()
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    admin, system_a, key = system(w.item.organisation)
    allow(admin, system_a)
    tasks = call(client, "get", f"/cases/{case.pk}", key).json()["tasks"]
    assert [t["kind"] for t in tasks] == ["review"]
    call(client, "post", f"/cases/{case.pk}/review", key, {"agreed": True, "opinion": "系统核验通过"})
    client.force_login(w.handler)
    parts = client.get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    assert "系统核验通过" in parts and "系统" in parts.split("系统核验通过", 1)[1][:200]
