"""The knowledge base in the JSON API (issue #13 item 11): search, one article, the helped mark, the category tree;
only articles in force; refusals in the one error shape; all in the OpenAPI document."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.tests.factories import ArticleFactory, category

pytestmark = pytest.mark.django_db
API = "/api/v1/knowledge"


@pytest.fixture
def agent(client):
    user = staff(Role.HANDLER)
    client.force_login(user)
    return user


def test_an_agent_searches_reads_and_marks_an_article(client, agent):
    social = category("03", "社会保障")
    pension = category("0301", "养老保险", social)
    article = ArticleFactory(category=pension, title="养老保险转移接续", keywords="社保转移", used_count=3)
    ArticleFactory(category=category("05", "住房"), title="公租房转移")
    ArticleFactory(category=pension, title="养老保险转移（草稿）", status=ArticleStatus.DRAFT)

    found = client.get(f"{API}/articles", {"q": "我想问养老保险怎么转移", "category": "03"})
    assert found.status_code == 200, found.content
    assert [a["id"] for a in found.json()] == [article.pk]
    assert found.json()[0] | {"answer": ""} == {
        "id": article.pk, "title": "养老保险转移接续", "keywords": "社保转移", "answer": "",
        "category_code": "0301", "category_name": "养老保险", "department": article.department.name,
        "valid_from": None, "valid_until": None, "used_count": 3, "helped_count": 0, "not_helped_count": 0,
    }  # fmt: skip
    assert client.get(f"{API}/articles/{article.pk}").json()["title"] == "养老保险转移接续"
    marked = client.post(f"{API}/articles/{article.pk}/mark", {"helped": True}, content_type="application/json")
    assert marked.status_code == 200 and marked.json()["helped_count"] == 1
    entry = LedgerEntry.objects.get(action="knowledge.article.marked")
    assert entry.actor_id == agent.pk
    tree = client.get(f"{API}/categories").json()
    assert {"code": "0301", "name": "养老保险", "parent_code": "03"} in [
        {k: c[k] for k in ("code", "name", "parent_code")} for c in tree
    ]


def test_refusals_are_the_one_error_shape(client, agent):
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    missing = client.get(f"{API}/articles/{draft.pk}")
    assert missing.status_code == 404 and set(missing.json()) == {"code", "message", "errors"}
    unknown = client.get(f"{API}/articles", {"category": "98"})
    assert unknown.status_code == 404 and "分类" in unknown.json()["message"]
    too_long = client.get(f"{API}/articles", {"q": "长" * 101})
    assert too_long.status_code in (400, 422) and too_long.json()["errors"]
    bad_mark = client.post(f"{API}/articles/{draft.pk}/mark", {"helped": "也许"}, content_type="application/json")
    assert 400 <= bad_mark.status_code < 500
    assert (
        client.post(f"{API}/articles/{2**70}/mark", {"helped": True}, content_type="application/json").status_code < 500
    )


def test_signed_out_callers_are_refused(client):
    article = ArticleFactory()
    assert client.get(f"{API}/articles", {"q": "知识"}).status_code == 401
    assert client.get(f"{API}/articles/{article.pk}").status_code == 401


def test_the_routes_are_in_the_openapi_document(client, agent):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/articles", "/articles/{article_id}", "/articles/{article_id}/mark", "/categories"):
        assert f"{API}{path}" in paths
