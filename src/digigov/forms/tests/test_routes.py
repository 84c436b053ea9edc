"""The forms API at /api/v1/forms/ over real HTTP: list, one form's current schema, a new version (400 with the
component keys at fault), and another organisation refused."""

import pytest

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.forms import services
from digigov.forms.tests.factories import form, schema

pytestmark = pytest.mark.django_db


def post_version(client, pk, body):
    return client.post(f"/api/v1/forms/{pk}/versions", body, content_type="application/json")


def test_list_and_get_give_the_current_schema(client):
    definition = form()
    client.force_login(staff(Role.HANDLER))
    listed = client.get("/api/v1/forms/").json()
    assert [(f["key"], f["version"], f["can_edit"]) for f in listed] == [("apply", 1, False)]
    body = client.get(f"/api/v1/forms/{definition.pk}").json()
    assert body["schema"] == schema() and body["sha256"] == definition.current.sha256


def test_post_a_version_201_then_200_for_the_same_schema(client):
    definition = form()
    client.force_login(UserFactory(is_superuser=True))
    changed = schema()
    changed["components"][0]["text"] = "新的说明"
    created = post_version(client, definition.pk, {"schema": changed})
    assert created.status_code == 201 and created.json()["number"] == 2 and created.json()["created"]
    again = post_version(client, definition.pk, {"schema": changed})
    assert again.status_code == 200 and again.json()["created"] is False


def test_a_refused_schema_is_400_with_the_component_keys(client):
    definition = form()
    client.force_login(UserFactory(is_superuser=True))
    bad = schema()
    bad["components"] += [
        {"type": "filepicker", "id": "FP", "key": "scan", "label": "扫描件"},
        {"type": "textfield", "id": "X", "key": "name", "label": "重复"},
    ]
    response = post_version(client, definition.pk, {"schema": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"].startswith("表单无法保存")
    assert {e["field"] for e in body["errors"]} == {"scan", "name"}
    missing = post_version(client, definition.pk, {})
    assert missing.status_code == 422


def test_another_organisation_gets_404_and_a_reader_403(client):
    own, other = OrganisationFactory(), OrganisationFactory()
    mine = services.definition_create(
        actor=staff(Role.ORG_ADMIN, own), key="mine", name="本单位", owner=own, schema=schema()
    )
    client.force_login(staff(Role.ORG_ADMIN, other))
    assert client.get(f"/api/v1/forms/{mine.pk}").status_code == 404
    assert post_version(client, mine.pk, {"schema": schema()}).status_code == 404
    assert client.get("/api/v1/forms/").json() == []
    wide = form(key="wide")
    assert post_version(client, wide.pk, {"schema": schema()}).status_code == 403


def test_anonymous_is_401(client):
    assert client.get("/api/v1/forms/").status_code == 401
