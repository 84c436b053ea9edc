"""The catalogue API at /api/v1/catalog/: a happy path and another organisation's refusal per route (R1.1–R1.3)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from digigov.catalog import services
from digigov.catalog.models import DemandEntry, NegativeEntry, ResponsibilityEntry
from digigov.catalog.tests.helpers import fields, item, operator_user, seeded
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.files import xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/catalog"


@pytest.fixture
def world():
    org = OrganisationFactory(name="省公安厅")
    handler, operator, stranger = staff(Role.HANDLER, org), operator_user(), staff(Role.HANDLER)
    seeded("101001")
    return org, handler, operator, stranger


def post(client, path, body):
    return client.post(f"{API}{path}", body, content_type="application/json")


def create(client, org, **extra):
    body = fields(**extra) | {"provider_id": org.pk, "classification": "101001", "items": [item()]}
    return post(client, "/resources", body)


def published(org, handler, operator):
    resource = services.resource_create(
        actor=handler, provider=org, classification=seeded("101001"), items=[item()], **fields()
    )
    services.resource_submit(actor=handler, resource=resource)
    return services.resource_review(actor=operator, resource=resource, approve=True)


def test_create_update_submit_review_over_http(client, world):
    org, handler, operator, stranger = world
    client.force_login(handler)
    created = create(client, org)
    assert created.status_code == 201, created.json()
    rid = created.json()["id"]
    assert created.json()["code"] == "101001/000001" and created.json()["status"] == "draft"
    updated = post(client, f"/resources/{rid}/update", {"summary": "新的摘要"})
    assert updated.json()["summary"] == "新的摘要"
    assert post(client, f"/resources/{rid}/submit", {}).json()["status"] == "submitted"
    client.force_login(operator)
    reviewed = post(client, f"/resources/{rid}/review", {"approve": True})
    assert reviewed.json()["status"] == "published" and reviewed.json()["versions"][0]["number"] == 1
    client.force_login(handler)
    post(client, f"/resources/{rid}/update", {"name": "常住人口信息"})
    diff = client.get(f"{API}/resources/{rid}/diff?old=1").json()
    assert diff["fields"][0] == {"field": "name", "old": "常住人口基本信息", "new": "常住人口信息"}


def test_other_organisation_cannot_create_edit_submit_review_or_see_drafts(client, world):
    org, handler, operator, stranger = world
    client.force_login(stranger)
    refused = create(client, org)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    client.force_login(handler)
    rid = create(client, org).json()["id"]
    client.force_login(stranger)
    assert client.get(f"{API}/resources/{rid}").status_code == 404
    assert post(client, f"/resources/{rid}/update", {"name": "x"}).status_code == 404
    assert post(client, f"/resources/{rid}/submit", {}).status_code == 404
    assert post(client, f"/resources/{rid}/withdraw", {}).status_code == 404
    assert client.get(f"{API}/resources/{rid}/diff?old=1").status_code == 404
    client.force_login(handler)
    post(client, f"/resources/{rid}/submit", {})
    refused = post(client, f"/resources/{rid}/review", {"approve": True})
    assert refused.status_code == 403, "the provider does not review its own resource"


def test_share_type_rule_errors_name_the_field_in_chinese(client, world):
    org, handler, _operator, _stranger = world
    client.force_login(handler)
    response = create(client, org, share_type="not_shared")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "resource_invalid"
    assert {e["field"] for e in body["errors"]} >= {"legal_basis", "legal_basis_kind", "share_type"}
    assert any("法律依据" in e["message"] for e in body["errors"])


def test_list_filters_and_paging(client, world):
    org, handler, operator, stranger = world
    published(org, handler, operator)
    services.resource_create(
        actor=handler, provider=org, classification=seeded("101002"), items=[item()], **fields(name="户籍草稿")
    )
    client.force_login(handler)
    body = client.get(f"{API}/resources?page_size=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert client.get(f"{API}/resources?status=draft").json()["items"][0]["name"] == "户籍草稿"
    assert client.get(f"{API}/resources?classification=101002").json()["count"] == 1
    # Chinese keyword search also reads the summary, which both share; the draft's name sets it apart.
    assert client.get(f"{API}/resources?q=常住").json()["count"] == 2
    assert [r["name"] for r in client.get(f"{API}/resources?q=草稿").json()["items"]] == ["户籍草稿"]
    assert client.get(f"{API}/resources?provider={org.pk}&share_type=unconditional").json()["count"] == 2
    client.force_login(stranger)
    assert client.get(f"{API}/resources").json()["count"] == 1, "another department sees only published ones"


def test_detail_and_withdraw(client, world):
    org, handler, operator, stranger = world
    resource = published(org, handler, operator)
    client.force_login(stranger)
    detail = client.get(f"{API}/resources/{resource.pk}").json()
    assert detail["items"][0]["identifier"] == "sfzh" and detail["provider"] == "省公安厅"
    assert post(client, f"/resources/{resource.pk}/withdraw", {}).status_code == 403
    client.force_login(handler)
    assert post(client, f"/resources/{resource.pk}/withdraw", {"reason": "撤销"}).json()["status"] == "withdrawn"


def test_mount_rate_route(client, world):
    org, handler, operator, stranger = world
    resource = published(org, handler, operator)
    services.resource_set_mounted(resource=resource, mounted=True)
    client.force_login(operator)
    body = client.get(f"{API}/mount-rate").json()
    assert body["target"] == 90 and body["overall"]["rate"] == 100.0
    assert body["departments"][0]["organisation"] == "省公安厅"
    client.force_login(stranger)
    assert client.get(f"{API}/mount-rate").json()["departments"] == [], "others' departments stay out"


def upload(client, kind, data, name="list.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"{API}/lists/{kind}/import", {"file": SimpleUploadedFile(name, data)})


NEG_HEADER = ["部门", "资源名称", "信息项", "依据类型", "法律依据"]


def test_negative_list_import_reports_every_bad_row_and_imports_nothing(client, world):
    org, handler, _operator, stranger = world
    client.force_login(handler)
    bad = xlsx(
        [
            NEG_HEADER,
            ["省公安厅", "涉密案件", "案件编号", "法律", "《保守国家秘密法》第九条"],
            ["省公安厅", "侦查信息", "", "规章", "某规定"],
            ["不存在的厅", "名称", "", "法律", ""],
        ]
    )
    response = upload(client, "negative", bad)
    body = response.json()
    assert response.status_code == 400 and body["code"] == "import_rejected"
    cells = {e["field"] for e in body["errors"]}
    assert cells == {"D3", "A4", "E4"}, body
    assert any("不存在的厅" in e["message"] for e in body["errors"])
    assert NegativeEntry.objects.count() == 0, "nothing imported when any row is bad"
    good = xlsx([NEG_HEADER, ["省公安厅", "涉密案件", "案件编号", "法律", "《保守国家秘密法》第九条"]])
    assert upload(client, "negative", good).json() == {"created": 1}
    client.force_login(stranger)
    refused = upload(client, "negative", xlsx([NEG_HEADER, ["省公安厅", "另一个", "", "法律", "某法"]]))
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "A2"


def test_import_refuses_renamed_and_oversized_files(client, world):
    _org, handler, _operator, _stranger = world
    client.force_login(handler)
    renamed = upload(client, "negative", "部门,资源名称\n".encode(), name="list.xlsx")
    assert renamed.status_code == 400 and renamed.json()["message"] == "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"
    as_csv = upload(client, "negative", "部门,资源名称\n".encode(), name="list.csv")
    assert as_csv.json()["message"] == "只能上传 .xlsx 文件。"
    huge = upload(client, "negative", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 10))
    assert huge.status_code == 400 and "5 MB" in huge.json()["message"]


def test_import_refuses_a_sharedstrings_bomb_before_unpacking_it(client, world):
    """Issue 9, item 4: a 2.9 MB workbook inflating to 300 MB (core.tests.files.dense_bomb) is refused at once."""
    import time

    from digigov.core.tests.files import dense_bomb

    _org, handler, _operator, _stranger = world
    bomb = dense_bomb("xlsx")
    client.force_login(handler)
    started = time.monotonic()
    response = upload(client, "negative", bomb)
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert response.json()["message"] == "文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。"
    assert NegativeEntry.objects.count() == 0


def test_responsibility_import_by_operator_and_export_with_chinese_headers(client, world):
    org, handler, operator, stranger = world
    rows = [
        ["责任部门", "资源名称", "信息项", "职责依据", "完成时限"],
        ["省公安厅", "常住人口基本信息", "", "", "2026-12-31"],
    ]
    client.force_login(handler)
    assert upload(client, "responsibility", xlsx(rows)).status_code == 403
    client.force_login(operator)
    bad = upload(client, "responsibility", xlsx([*rows, ["省公安厅", "户籍", "", "", "明年"]]))
    assert [e["field"] for e in bad.json()["errors"]] == ["E3"]
    assert upload(client, "responsibility", xlsx(rows)).json() == {"created": 1}
    published(org, handler, operator)  # same name: publishing fulfils the duty
    export = client.get(f"{API}/lists/responsibility/export")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:5] == rows[0]
    assert sheet["F2"].value == "已履行"
    entries = client.get(f"{API}/lists/responsibility").json()
    assert entries[0]["state"] == "fulfilled"
    client.force_login(stranger)
    assert client.get(f"{API}/lists/responsibility").json() == []
    assert ResponsibilityEntry.objects.count() == 1


def test_demand_flow_over_http(client, world):
    org, handler, operator, stranger = world
    requester = OrganisationFactory(name="省民政厅")
    asker = staff(Role.HANDLER, requester)
    client.force_login(asker)
    body = {"requester_id": requester.pk, "resource_name": "常住人口信息", "purpose": "低保审核"}
    created = post(client, "/demands", body | {"provider_id": org.pk})
    assert created.status_code == 201
    did = created.json()["id"]
    client.force_login(stranger)
    assert post(client, "/demands", body).status_code == 403
    assert post(client, f"/demands/{did}", {"action": "ask"}).status_code == 404
    client.force_login(operator)
    published(org, handler, operator)
    assert client.get(f"{API}/demands/{did}/suggestions").json()[0]["name"] == "常住人口基本信息"
    asked = post(client, f"/demands/{did}", {"action": "ask"}).json()
    assert asked["state"] == "asked" and asked["detail"]["response_deadline"]
    client.force_login(handler)
    answered = post(client, f"/demands/{did}", {"action": "respond", "planned": True, "response": "下月提供"})
    assert answered.json()["state"] == "planned"
    assert DemandEntry.objects.get().response == "下月提供"


def test_fulfil_export_and_suggestions_refuse_other_organisations(client, world):
    org, handler, operator, stranger = world
    entry = services.responsibility_create(
        actor=operator, organisation=org, resource_name="出入境证件信息", due_date=dt.date(2030, 1, 1)
    )
    resource = published(org, handler, operator)
    requester = OrganisationFactory(name="省民政厅")
    demand = services.demand_create(
        actor=operator, requester=requester, resource_name="常住人口", purpose="核验", provider=org
    )
    client.force_login(stranger)
    assert post(client, f"/responsibilities/{entry.pk}/fulfil", {"resource_id": resource.pk}).status_code == 404
    assert client.get(f"{API}/demands/{demand.pk}/suggestions").status_code == 404
    sheet = load_workbook(io.BytesIO(client.get(f"{API}/lists/responsibility/export").content)).active
    assert sheet.max_row == 1, "only the header: the duties of other departments stay out"
    client.force_login(handler)
    fulfilled = post(client, f"/responsibilities/{entry.pk}/fulfil", {"resource_id": resource.pk})
    assert fulfilled.json() == {"id": entry.pk, "state": "fulfilled"}
    client.force_login(operator)
    assert client.get(f"{API}/demands/{demand.pk}/suggestions").json()[0]["id"] == resource.pk
