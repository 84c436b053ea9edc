"""Cases through the JSON API: the queue, one case as the department may see it, the steps, the one error shape."""

import pytest

from digigov.eservices.choices import CaseStatus
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices"


def submitted(w):
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post())


def test_queue_detail_and_steps_through_the_api(client):
    w = world()
    case = submitted(w)
    client.force_login(w.handler)
    page = client.get(f"{API}/cases", {"status": "running"}).json()
    assert page["count"] == 1 and page["items"][0]["number"] == case.number
    detail = client.get(f"{API}/cases/{case.pk}").json()
    assert detail["lead"] and [t["kind"] for t in detail["tasks"]] == ["accept"]
    assert {"label": "手机号码", "text": "13812345678"} in detail["answers"]
    refused = client.post(f"{API}/cases/{case.pk}/reject", {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400 and [e["field"] for e in refused.json()["errors"]] == ["reason"]
    accepted = client.post(f"{API}/cases/{case.pk}/accept", content_type="application/json").json()
    assert accepted["status"] == CaseStatus.IN_PROGRESS and accepted["due_on"]
    again = client.post(f"{API}/cases/{case.pk}/accept", content_type="application/json")
    assert again.status_code == 409


def test_a_joint_part_and_a_third_department_through_the_api(client):
    w = world(process="joint", parts=2)
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    client.force_login(w.outsider)
    assert client.get(f"{API}/cases/{case.pk}").status_code == 404
    assert client.get(f"{API}/cases").json()["count"] == 0
    assert (
        client.post(f"{API}/cases/{case.pk}/review", {"agreed": True}, content_type="application/json").status_code
        == 404
    )
    client.force_login(w.co["co2"])
    part = client.get(f"{API}/cases/{case.pk}").json()
    assert not part["lead"] and part["applicant_code"] == "" and [p["part"] for p in part["parts"]] == ["co2"]
    done = client.post(
        f"{API}/cases/{case.pk}/review", {"agreed": False, "opinion": "消防不合格"}, content_type="application/json"
    ).json()
    assert done["parts"][0]["opinion"] == "消防不合格" and done["tasks"] == []
