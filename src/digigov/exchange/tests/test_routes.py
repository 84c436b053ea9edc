"""The exchange API at /api/v1/exchange/: each route's happy path and another organisation's refusal."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.exchange import services
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/exchange"
CSV = "身份证号,姓名,电话\n420102199001011234,张三,13800000001\n".encode()


def post(client, path, body=None):
    return client.post(f"{BASE}{path}", body or {}, content_type="application/json")


def as_(client, user):
    client.force_login(user)
    return client


def refused(response):
    assert response.status_code in (403, 404), response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] in ("permission_denied", "not_found")
    return body


@pytest.fixture
def hosted(world):
    return services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename="p.csv",
        content=CSV,
        key_column="身份证号",
    )


def test_register_upstream_and_list(client, world, upstream):
    response = post(as_(client, world.prov_handler), "/services", {"name": "人口接口", "endpoint": upstream.url})
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "upstream_api"
    assert [s["name"] for s in client.get(f"{BASE}/services").json()] == ["人口接口"]
    assert as_(client, world.other_handler).get(f"{BASE}/services").json() == []
    refused(post(client, "/services", {"name": "x", "endpoint": upstream.url, "organisation_id": world.provider.pk}))


def upload(client, name: str, content: bytes, **extra):
    return client.post(
        f"{BASE}/services/upload",
        {"name": name, "key_column": "身份证号", "file": SimpleUploadedFile("p.csv", content), **extra},
    )


def test_an_upload_runs_as_a_job_the_caller_follows_to_its_service_or_its_bad_cells(
    client, world, django_capture_on_commit_callbacks
):
    as_(client, world.prov_handler)
    with django_capture_on_commit_callbacks(execute=True):
        ok = upload(client, "人口库表", CSV)
    assert ok.status_code == 202 and ok.json()["status"] == "queued", ok.content
    job = client.get(f"/api/v1/core/jobs/{ok.json()['id']}").json()
    assert job["status"] == "done" and job["finished"] and job["percent"] == 100
    assert job["message"] == "1 行数据已托管为数据服务“人口库表”。" and job["problems"] == []
    [service] = client.get(f"{BASE}/services").json()
    assert job["result_url"] == f"/admin/exchange/services/{service['id']}/", "the new service's page"
    assert service["rows"] == 1 and service["key_column"] == "身份证号"

    with django_capture_on_commit_callbacks(execute=True):
        bad = upload(client, "坏表", "身份证号\n\n1\n1\n".encode())
    assert bad.status_code == 202
    job = client.get(f"/api/v1/core/jobs/{bad.json()['id']}").json()
    assert job["status"] == "failed" and job["problems"] == [{"cell": "A4", "message": "主键“1”与 A3 重复。"}]
    assert client.get(f"{BASE}/services").json()[0]["name"] == "人口库表", "nothing of the refused file is kept"

    as_(client, world.other_handler)
    refused(upload(client, "冒名", CSV, organisation_id=world.provider.pk))
    refused(client.get(f"/api/v1/core/jobs/{ok.json()['id']}")), "another person's job is not shown"


def test_service_detail_probe_reload(client, world, hosted, django_capture_on_commit_callbacks):
    as_(client, world.prov_handler)
    assert client.get(f"{BASE}/services/{hosted.pk}").json()["status"] == "active"
    assert post(client, f"/services/{hosted.pk}/probe").json()["ok"] is True
    assert len(client.get(f"{BASE}/services/{hosted.pk}/probes").json()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reloaded = client.post(
            f"{BASE}/services/{hosted.pk}/reload", {"file": SimpleUploadedFile("v2.csv", CSV + b"1,2,3\n")}
        )
    assert reloaded.status_code == 202 and reloaded.json()["status"] == "queued"
    assert client.get(f"/api/v1/core/jobs/{reloaded.json()['id']}").json()["status"] == "done"
    assert client.get(f"{BASE}/services/{hosted.pk}").json()["rows"] == 2
    as_(client, world.other_handler)
    refused(client.get(f"{BASE}/services/{hosted.pk}"))
    refused(post(client, f"/services/{hosted.pk}/probe"))
    refused(client.get(f"{BASE}/services/{hosted.pk}/probes"))
    refused(client.post(f"{BASE}/services/{hosted.pk}/reload", {"file": SimpleUploadedFile("v.csv", CSV)}))


def test_mount_and_unmount(client, world, hosted):
    as_(client, world.prov_handler)
    body = {"resource_id": world.resource.pk, "field_map": {"sfzh": "身份证号", "xm": "姓名"}}
    mounted = post(client, f"/services/{hosted.pk}/mount", body)
    assert mounted.status_code == 201 and mounted.json()["is_active"]
    mount_id = mounted.json()["id"]
    as_(client, world.other_handler)
    refused(post(client, f"/services/{hosted.pk}/mount", body))
    refused(post(client, f"/mounts/{mount_id}/unmount"))
    as_(client, world.prov_handler)
    assert post(client, f"/mounts/{mount_id}/unmount").json()["is_active"] is False


def test_apply_list_and_detail(client, world, today):
    as_(client, world.cons_handler)
    body = {
        "resource_id": world.resource.pk,
        "item_ids": [i.pk for i in world.items()],
        "purpose": "核验",
        "legal_basis": "依据",
        "period_start": "2026-10-08",
        "period_end": "2027-10-07",
        "system_id": world.system.pk,
    }
    created = post(client, "/applications", body)
    assert created.status_code == 201, created.json()
    app = created.json()
    assert app["status"] == "operator_check" and app["deadline"] == "2026-09-30"
    assert [a["id"] for a in client.get(f"{BASE}/applications?box=mine").json()] == [app["id"]]
    assert client.get(f"{BASE}/applications/{app['id']}").json()["number"] == app["number"]
    not_shared = post(client, "/applications", {**body, "resource_id": world.closed_resource.pk})
    assert not_shared.status_code == 400 and not_shared.json()["code"] == "not_shared"
    as_(client, world.other_handler)
    refused(post(client, "/applications", {**body, "organisation_id": world.consumer.pk}))
    refused(client.get(f"{BASE}/applications/{app['id']}"))
    assert client.get(f"{BASE}/applications?box=mine").json() == []
    assert client.get(f"{BASE}/applications?box=operator").json() == []
    as_(client, world.op_handler)
    assert [a["id"] for a in client.get(f"{BASE}/applications?box=operator&status=operator_check").json()] == [
        app["id"]
    ]


def test_forward_grant_and_provider_box(client, world, today):
    application = apply(world)
    refused(post(as_(client, world.other_handler), f"/applications/{application.pk}/forward"))
    forwarded = post(as_(client, world.op_handler), f"/applications/{application.pk}/forward")
    assert forwarded.json()["status"] == "provider_review" and forwarded.json()["deadline"] == "2026-10-16"
    assert [a["id"] for a in as_(client, world.prov_reviewer).get(f"{BASE}/applications?box=to_me").json()] == [
        application.pk
    ]
    refused(post(as_(client, world.other_handler), f"/applications/{application.pk}/grant", {}))
    refused(post(as_(client, world.cons_handler), f"/applications/{application.pk}/grant", {}))
    granted = post(as_(client, world.prov_reviewer), f"/applications/{application.pk}/grant", {"daily_quota": 1000})
    assert granted.status_code == 200 and granted.json()["daily_quota"] == 1000
    again = post(client, f"/applications/{application.pk}/grant", {})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_return_refuse_urge_escalate_withdraw(client, world, today):
    a1, a2, a3 = apply(world), apply(world), apply(world)
    refused(post(as_(client, world.other_handler), f"/applications/{a1.pk}/return", {"reason": "x"}))
    assert (
        post(as_(client, world.op_handler), f"/applications/{a1.pk}/return", {"reason": "材料不全"}).json()["status"]
        == ApplicationStatus.RETURNED
    )
    for a in (a2, a3):
        post(client, f"/applications/{a.pk}/forward")
    refused(post(as_(client, world.other_handler), f"/applications/{a2.pk}/urge", {}))
    assert (
        post(as_(client, world.op_handler), f"/applications/{a2.pk}/urge", {"reason": "请尽快"}).json()["urged_count"]
        == 1
    )
    refused(post(as_(client, world.other_handler), f"/applications/{a2.pk}/escalate", {}))
    today(D(2026, 10, 19))
    assert post(as_(client, world.op_handler), f"/applications/{a2.pk}/escalate", {}).json()["escalated_at"]
    refused(post(as_(client, world.other_handler), f"/applications/{a2.pk}/refuse", {"reason": "x"}))
    refusal = post(as_(client, world.prov_leader), f"/applications/{a2.pk}/refuse", {"reason": ""})
    assert refusal.status_code == 400 and refusal.json()["errors"][0]["field"] == "reason"
    assert post(client, f"/applications/{a2.pk}/refuse", {"reason": "不符合共享条件"}).json()["status"] == "refused"
    refused(post(as_(client, world.other_handler), f"/applications/{a3.pk}/withdraw"))
    assert post(as_(client, world.cons_handler), f"/applications/{a3.pk}/withdraw").json()["status"] == "withdrawn"


def test_grants_list_and_revoke(client, world, today):
    grant = apply(world, world.open_resource).grant
    assert [g["id"] for g in as_(client, world.cons_handler).get(f"{BASE}/grants").json()] == [grant.pk]
    assert [g["id"] for g in as_(client, world.prov_reviewer).get(f"{BASE}/grants").json()] == [grant.pk]
    assert as_(client, world.other_handler).get(f"{BASE}/grants").json() == []
    refused(post(client, f"/grants/{grant.pk}/revoke", {"reason": "x"}))
    refused(post(as_(client, world.cons_handler), f"/grants/{grant.pk}/revoke", {"reason": "x"}))
    revoked = post(as_(client, world.prov_reviewer), f"/grants/{grant.pk}/revoke", {"reason": "停止使用"})
    assert revoked.json()["is_active"] is False


def test_error_reports_create_list_answer(client, world, today):
    item = world.items()[1]
    form = {
        "resource_id": world.resource.pk,
        "record_key": "420102199001011236",
        "item_id": item.pk,
        "claimed_value": "张叁",
        "evidence": "户口簿",
    }
    created = as_(client, world.cons_handler).post(f"{BASE}/error-reports", form)
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["deadline"] == "2026-10-10" and report["has_attachment"] is False
    assert [r["id"] for r in as_(client, world.prov_handler).get(f"{BASE}/error-reports").json()] == [report["id"]]
    assert as_(client, world.other_handler).get(f"{BASE}/error-reports").json() == []
    refused(client.post(f"{BASE}/error-reports", {**form, "organisation_id": world.consumer.pk}))
    refused(post(client, f"/error-reports/{report['id']}/answer", {"corrected": False, "answer": "x"}))
    answered = post(
        as_(client, world.prov_handler), f"/error-reports/{report['id']}/answer", {"corrected": False, "answer": "无误"}
    )
    assert answered.json()["status"] == "confirmed_correct"
