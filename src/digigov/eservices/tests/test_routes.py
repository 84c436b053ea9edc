"""The items API at /api/v1/eservices/: the happy paths and another organisation's view (R4.1)."""

import pytest

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.eservices import services
from digigov.eservices.tests.factories import (
    BasicItemFactory,
    MaterialFactory,
    ServiceItemFactory,
    ThemeFactory,
    guide,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices"


@pytest.fixture
def world():
    org = OrganisationFactory(name="省公安厅")
    handler, stranger = staff(Role.HANDLER, org), staff(Role.HANDLER, OrganisationFactory(name="省民政厅"))
    birth = ThemeFactory(code="birth", name="出生")
    item = ServiceItemFactory(organisation=org, basic=BasicItemFactory(name="出生登记", kind="confirmation"))
    item.themes.add(birth)
    MaterialFactory(item=item, name="出生医学证明", substitute="licence", licence_type="12100000MB0000000X001")
    other = ServiceItemFactory(basic=BasicItemFactory(name="食品经营许可"))
    draft = services.item_create(actor=handler, basic=BasicItemFactory(), organisation=org, **guide(name="草稿事项"))
    return org, handler, stranger, item, other, draft


def test_items_are_listed_and_filtered(client, world):
    org, handler, _stranger, item, other, draft = world
    client.force_login(handler)
    body = client.get(f"{API}/items").json()
    assert body["count"] == 3 and {i["name"] for i in body["items"]} == {"出生登记", "食品经营许可", "草稿事项"}
    assert [i["id"] for i in client.get(f"{API}/items?theme=birth").json()["items"]] == [item.pk]
    assert [i["id"] for i in client.get(f"{API}/items?q=食品").json()["items"]] == [other.pk]
    assert client.get(f"{API}/items?kind=confirmation").json()["count"] == 1
    assert client.get(f"{API}/items?org={org.pk}").json()["count"] == 2
    assert client.get(f"{API}/items?page=2&page_size=2").json()["items"][0]["id"] in {item.pk, other.pk, draft.pk}


def test_an_item_with_its_guide_and_materials(client, world):
    _org, handler, _stranger, item, _other, _draft = world
    client.force_login(handler)
    body = client.get(f"{API}/items/{item.pk}").json()
    assert body["implementation_code"] == item.implementation_code and body["themes"] == ["birth"]
    assert body["materials"][0]["substitute"] == "licence" and body["fee"] == []


def test_another_department_sees_published_items_only(client, world):
    _org, _handler, stranger, item, _other, draft = world
    client.force_login(stranger)
    assert client.get(f"{API}/items/{item.pk}").status_code == 200
    response = client.get(f"{API}/items/{draft.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert draft.pk not in [i["id"] for i in client.get(f"{API}/items").json()["items"]]


def test_themes_and_the_sign_in(client, world):
    assert client.get(f"{API}/themes").status_code == 401
    client.force_login(world[1])
    assert client.get(f"{API}/themes").json() == [{"code": "birth", "name": "出生", "audience": "person", "order": 0}]


def test_figures_route_scopes_to_the_departments_own(client, world):
    org, handler, stranger, _item, _other, _draft = world
    client.force_login(handler)
    body = client.get(f"{API}/figures/items").json()
    assert body["overall"]["items"] == 1 and [d["label"] for d in body["by_department"]] == ["省公安厅"]
    client.force_login(stranger)
    assert client.get(f"{API}/figures/items").json()["overall"]["items"] == 0
