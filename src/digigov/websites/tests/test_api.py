"""The website cluster's API (issue #10 item 13): sites, columns, entries, items and search are public like the
pages; the library as an editor sees it needs a staff sign-in and shows only the own unit's drafts."""

import pytest

from digigov.core.tests.factories import UserFactory
from digigov.websites import search
from digigov.websites.choices import ColumnType, ItemKind
from digigov.websites.tests.factories import LibraryItemFactory, column, editor, open_site, place

pytestmark = pytest.mark.django_db
API = "/api/v1/websites"


@pytest.fixture
def portal():
    site = open_site(name="湖北省人民政府")
    policy = LibraryItemFactory(
        kind=ItemKind.POLICY, title="关于进一步优化营商环境的若干措施", document_number="鄂政发〔2026〕12号",
        owner=site.organiser, issuer="湖北省人民政府", body="<p>为持续打造一流营商环境，现提出如下措施。</p>",
    )  # fmt: skip
    reading = LibraryItemFactory(kind=ItemKind.INTERPRETATION, title="《若干措施》政策解读", interprets=policy,
                                 owner=site.organiser)  # fmt: skip
    place(policy, column(site, ColumnType.POLICIES))
    place(reading, column(site, ColumnType.INTERPRETATIONS))
    for item in (policy, reading):
        search.index_item(item)
    return {"site": site, "policy": policy, "reading": reading}


def test_anyone_reads_the_sites_their_columns_and_a_columns_entries(client, portal):
    site = portal["site"]
    sites = client.get(f"{API}/sites").json()
    assert [(s["name"], s["site_code"]) for s in sites] == [("湖北省人民政府", site.site_code)]

    columns = client.get(f"{API}/sites/{site.site_id}/columns").json()
    policies = next(c for c in columns if c["column_type"] == "policies")
    disclosure = next(c for c in columns if c["column_type"] == "disclosure")
    assert policies["parent_id"] == disclosure["id"]

    entries = client.get(f"{API}/columns/{policies['id']}/entries").json()
    assert entries["count"] == 1 and entries["items"][0]["document_number"] == "鄂政发〔2026〕12号"


def test_a_published_item_carries_its_metadata_and_links_both_ways(client, portal):
    policy = client.get(f"{API}/items/{portal['policy'].pk}").json()
    assert policy["issuer"] == "湖北省人民政府" and policy["index_number"] and policy["disclosure_mode"] == "active"
    assert policy["interpretation_ids"] == [portal["reading"].pk]
    assert "一流营商环境" in policy["body_text"] and "<p>" not in policy["body_text"]
    reading = client.get(f"{API}/items/{portal['reading'].pk}").json()
    assert reading["interprets_id"] == portal["policy"].pk


def test_a_draft_or_an_unplaced_item_is_not_public(client, portal):
    draft = LibraryItemFactory(owner=portal["site"].organiser, live=False)
    place(draft, column(portal["site"]))
    unplaced = LibraryItemFactory(owner=portal["site"].organiser)
    for item in (draft, unplaced):
        response = client.get(f"{API}/items/{item.pk}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_search_answers_with_results_and_counts(client, portal):
    found = client.get(f"{API}/search", {"q": "鄂政发[2026]12号", "site": portal["site"].site_id}).json()
    assert [i["title"] for i in found["items"]] == ["关于进一步优化营商环境的若干措施"]
    host = portal["site"].site.hostname
    assert found["items"][0]["url"] == f"http://{host}/disclosure/policies/{portal['policy'].pk}/"
    everywhere = client.get(f"{API}/search", {"q": "若干措施"}).json()
    assert everywhere["total"] == 2 and {f["label"] for f in everywhere["kinds"]} == {"政策文件", "政策解读"}


def test_bad_search_input_gets_the_one_error_shape(client, portal):
    for params in ({"q": "营商", "page": "0"}, {"q": "营商", "kind": "poem"}, {"q": "营商", "place": "'x"}, {},
                   {"q": "营商", "site": "999999"}):  # fmt: skip
        response = client.get(f"{API}/search", params)
        assert response.status_code in (400, 404, 422), params
        assert response.json()["message"], params


def test_the_library_needs_a_staff_sign_in_and_shows_only_the_own_units_drafts(client, portal):
    site = portal["site"]
    other = open_site(name="武汉市人民政府")
    LibraryItemFactory(owner=site.organiser, title="本单位草稿", live=False)
    LibraryItemFactory(owner=other.organiser, title="他单位草稿", live=False)
    assert client.get(f"{API}/library").status_code == 401

    client.force_login(UserFactory())
    assert client.get(f"{API}/library").status_code == 403

    client.force_login(editor(site.organiser))
    titles = {i["title"] for i in client.get(f"{API}/library", {"page_size": 100}).json()["items"]}
    assert "本单位草稿" in titles and "他单位草稿" not in titles and "关于进一步优化营商环境的若干措施" in titles


LETTER = {"kind": "complaint", "title": "小区噪音扰民", "body": "夜间施工噪音严重，影响居民休息，请予查处。",
          "name": "赵六", "phone": "13612345678"}  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the reply's ledger entry
def test_letters_and_error_reports_come_in_through_the_api_and_the_unit_answers_them(client, portal):
    site = portal["site"]
    receipt = client.post(f"{API}/sites/{site.site_id}/messages", LETTER, content_type="application/json")
    assert receipt.status_code == 201 and receipt.json()["unit"] == site.organiser.name
    report = client.post(f"{API}/sites/{site.site_id}/corrections", {
        "page_url": "/news/", "category": "link", "body": "要闻动态第二页的链接打不开。", "name": "赵六",
        "phone": "13612345678"}, content_type="application/json")  # fmt: skip
    assert report.status_code == 201 and report.json()["due_on"] < receipt.json()["due_on"]

    bad = client.post(f"{API}/sites/{site.site_id}/messages", {**LETTER, "phone": "12", "kind": "praise"},
                      content_type="application/json")  # fmt: skip
    fields = {error["field"] for error in bad.json()["errors"]}
    assert bad.status_code == 400 and {"phone", "kind"} <= fields

    assert client.get(f"{API}/letters").status_code == 401
    client.force_login(editor(open_site(name="武汉市人民政府").organiser))
    assert client.get(f"{API}/letters").json() == {"count": 0, "items": []}, "another unit sees none of them"
    number = receipt.json()["number"]

    client.force_login(editor(site.organiser))
    listed = client.get(f"{API}/letters?kind=correction").json()
    assert listed["count"] == 1 and listed["items"][0]["page_url"] == "/news/" and "phone" not in listed["items"][0]
    letter = next(m for m in client.get(f"{API}/letters").json()["items"] if m["number"] == number)
    answered = client.post(f"{API}/letters/{letter['id']}/reply", {"reply": "已责成执法部门查处，施工单位已整改。"},
                           content_type="application/json")  # fmt: skip
    assert answered.status_code == 200 and answered.json()["state"] == "replied"
    again = client.post(f"{API}/letters/{letter['id']}/reply", {"reply": "再答复一次的内容不应被接受。"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code in (400, 409) and again.json()["code"] == "conflict"
    stranger = open_site(name="湖北省教育厅").organiser
    client.force_login(editor(stranger))
    refused = client.post(f"{API}/letters/{letter['id']}/reply", {"reply": "不是本单位的来信，不能答复。"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 404
