"""The open-data portal (S3, R3.1): what the public finds, reads, downloads and calls, and what it never gets."""

import csv
import io
import json

import pytest

from digigov.catalog.choices import OpenType, ResourceStatus, ShareType
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.opendata.tests.factories import STOPS, open_dataset

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_portal_lists_only_published_datasets_open_without_conditions(client):
    bus = open_dataset()
    open_dataset(name="出租车驾驶员从业资格信息", open_type=OpenType.CONDITIONAL)
    open_dataset(name="道路运输违章处罚信息", open_type=OpenType.NOT_OPEN)
    open_dataset(name="已撤销的客运班线信息", status=ResourceStatus.WITHDRAWN)
    open_dataset(name="待审核的停车场信息", status=ResourceStatus.SUBMITTED, version=0, hosted=False)

    page = client.get("/opendata/").content.decode()

    assert "武汉市公交线路信息" in page and f"/opendata/{bus.pk}/" in page
    for hidden in ("出租车驾驶员从业资格信息", "道路运输违章处罚信息", "已撤销的客运班线信息", "待审核的停车场信息"):
        assert hidden not in page
    assert "1 个数据集" in page and "湖北省交通运输厅" in page
    conditional = open_dataset(name="网约车平台经营许可信息", open_type=OpenType.CONDITIONAL)
    assert client.get(f"/opendata/{conditional.pk}/").status_code == 404


def test_a_keyword_or_a_department_narrows_the_list(client):
    open_dataset()
    open_dataset(name="武汉市中小学校名录", summary="中小学校的学段和地址")
    schools = client.get("/opendata/", {"q": "学校"}).content.decode()
    assert "武汉市中小学校名录" in schools and "武汉市公交线路信息" not in schools
    nothing = client.get("/opendata/", {"q": "不存在的词语"}).content.decode()
    assert "没有找到" in nothing
    ignored = client.get("/opendata/", {"provider": "abc", "page": "-1"})
    assert ignored.status_code == 200 and "2 个数据集" in ignored.content.decode()


def test_a_dataset_page_shows_its_metadata_fields_and_first_rows_but_no_sensitive_item(client):
    bus = open_dataset(with_sensitive_item=True)
    page = client.get(f"/opendata/{bus.pk}/").content.decode()
    for shown in (
        bus.code,
        "湖北省交通运输厅",
        "无条件开放",
        "线路名称",
        "xlmc",
        "汉口火车站",
        "下载 CSV",
        "下载 JSON",
    ):
        assert shown in page, shown
    assert "驾驶员联系电话" not in page and "13912345678" not in page
    assert f"/api/v1/opendata/datasets/{bus.pk}/rows" in page


def test_a_catalogued_dataset_without_hosted_data_says_so_and_offers_no_download(client):
    parking = open_dataset(name="公共停车场信息", hosted=False)
    page = client.get(f"/opendata/{parking.pk}/").content.decode()
    assert "暂未托管数据文件" in page and "下载 CSV" not in page
    assert client.get(f"/opendata/{parking.pk}/data.csv").status_code == 404


def test_downloads_hold_every_row_in_csv_and_json_and_are_counted(client):
    bus = open_dataset(with_sensitive_item=True)

    response = client.get(f"/opendata/{bus.pk}/data.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(content(response).lstrip("\ufeff"))))
    assert rows == [["线路名称", "起点站", "终点站"], *[list(row) for row in STOPS]]

    document = json.loads(content(client.get(f"/opendata/{bus.pk}/data.json")))
    assert document["code"] == bus.code and [f["identifier"] for f in document["fields"]] == ["xlmc", "qdz", "zdz"]
    assert document["records"][0] == {"xlmc": "1路", "qdz": "汉口火车站", "zdz": "武昌火车站"}
    assert len(document["records"]) == len(STOPS)

    assert "下载次数" in (page := client.get(f"/opendata/{bus.pk}/").content.decode())
    assert ">2<" in page.split("下载次数")[1][:40]
    assert client.get(f"/opendata/{bus.pk}/data.xml").status_code == 404


def test_downloads_from_one_address_are_limited_per_hour(client):
    rule_set(actor=UserFactory(is_superuser=True), key="opendata.download_hourly_limit", value=2)
    bus = open_dataset()
    assert [client.get(f"/opendata/{bus.pk}/data.csv").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"/opendata/{bus.pk}/data.csv")
    assert refused.status_code == 429
    assert "下载过于频繁" in refused.content.decode() and "武汉市公交线路信息" in refused.content.decode()
    other = client.get(f"/opendata/{bus.pk}/data.csv", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_the_api_lists_describes_and_pages_the_rows_of_open_datasets(client):
    bus = open_dataset()
    closed = open_dataset(name="道路运输违章处罚信息", open_type=OpenType.NOT_OPEN)

    listing = client.get("/api/v1/opendata/datasets").json()
    assert listing["count"] == 1 and listing["items"][0]["name"] == "武汉市公交线路信息"
    assert listing["items"][0]["rows"] == 3
    assert client.get("/api/v1/opendata/datasets", {"page": 9}).json()["items"] == []

    detail = client.get(f"/api/v1/opendata/datasets/{bus.pk}").json()
    assert [f["name"] for f in detail["fields"]] == ["线路名称", "起点站", "终点站"]
    assert detail["downloads_by_format"]["csv"].endswith(f"/opendata/{bus.pk}/data.csv")

    second = client.get(f"/api/v1/opendata/datasets/{bus.pk}/rows", {"page": 2, "size": 2}).json()
    assert second["count"] == 3 and second["pages"] == 2
    assert second["records"] == [{"xlmc": "3路", "qdz": "王家湾", "zdz": "徐东"}]

    missing = client.get(f"/api/v1/opendata/datasets/{closed.pk}/rows")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get(f"/api/v1/opendata/datasets/{bus.pk}/rows", {"size": 0})
    assert bad.status_code in (400, 422) and bad.json()["errors"]


def test_api_calls_from_one_address_are_limited_per_hour_with_the_one_error_shape(client):
    rule_set(actor=UserFactory(is_superuser=True), key="opendata.api_hourly_limit", value=1)
    bus = open_dataset()
    assert client.get(f"/api/v1/opendata/datasets/{bus.pk}/rows").status_code == 200
    refused = client.get(f"/api/v1/opendata/datasets/{bus.pk}/rows")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited" and "请求过于频繁" in refused.json()["message"]


def test_a_dataset_no_longer_open_leaves_the_portal_at_once(client):
    bus = open_dataset()
    bus.status = ResourceStatus.WITHDRAWN
    bus.save()
    assert client.get(f"/opendata/{bus.pk}/").status_code == 404
    assert client.get(f"/opendata/{bus.pk}/data.csv").status_code == 404
    assert client.get("/api/v1/opendata/datasets").json()["count"] == 0


def test_a_resource_departments_may_not_share_is_never_public_whatever_its_open_type(client):
    secret = open_dataset(name="内部数据", share_type=ShareType.NOT_SHARED, hosted=False)  # as catalogued before R3.1
    assert client.get(f"/opendata/{secret.pk}/").status_code == 404
    assert "内部数据" not in client.get("/opendata/").content.decode()
