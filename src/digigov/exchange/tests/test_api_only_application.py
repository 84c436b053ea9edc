"""A consumer department's system applies for a resource through the API alone (issue #9, item 3; R1.4): every id
the application needs — resource, information items, consuming system — comes from what the API itself returned."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_application_is_made_with_only_what_the_api_returns(client, world, today):
    client.force_login(world.cons_handler)
    page = client.get("/api/v1/catalog/resources", {"page_size": 100}).json()
    resource = next(r for r in page["items"] if r["name"] == "人口基本信息")
    detail = client.get(f"/api/v1/catalog/resources/{resource['id']}").json()
    assert [(i["identifier"], i["name"]) for i in detail["items"]] == [
        ("sfzh", "公民身份号码"),
        ("xm", "姓名"),
        ("dh", "联系电话"),
    ]
    wanted = [i["id"] for i in detail["items"] if i["identifier"] in {"sfzh", "xm"}]
    systems = client.get("/api/v1/identity/systems").json()
    assert [s["name"] for s in systems] == ["市场主体登记系统"], "the department's own system, no other"

    created = client.post(
        "/api/v1/exchange/applications",
        {
            "resource_id": resource["id"],
            "item_ids": wanted,
            "purpose": "企业开办时核验法定代表人身份",
            "legal_basis": "《优化营商环境条例》第十九条",
            "period_start": "2026-10-08",
            "period_end": "2027-10-07",
            "system_id": systems[0]["id"],
        },
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    application = created.json()
    # Checked against the catalogue's own rows, not against the ids the test sent.
    expected = sorted(i.pk for i in world.resource.items.all() if i.identifier in {"sfzh", "xm"})
    assert application["item_ids"] == expected
    assert (application["resource_id"], application["system_id"]) == (world.resource.pk, world.system.pk)
    assert application["status"] == "operator_check"
