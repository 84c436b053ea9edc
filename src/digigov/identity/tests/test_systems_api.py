"""/api/v1/identity/systems: a department registers its systems and manages their keys over the API (R0.5); another
department neither sees nor touches them; errors come in the one error shape."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff

pytestmark = pytest.mark.django_db
SYSTEMS = "/api/v1/identity/systems"
ORGS = "/api/v1/core/organisations"
BODY = {"name": "社会保险经办系统", "purpose": "参保登记时核验身份", "contact": "周工 027-87230011"}


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == code and body["message"]
    return body


@pytest.fixture
def department():
    return OrganisationFactory(name="省人力资源和社会保障厅")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_register_issue_rotate_and_revoke_through_the_api(client, department):
    admin = staff(Role.ORG_ADMIN, department)
    api = signed_in(client, admin)
    created = api.post(SYSTEMS, BODY, content_type="application/json")
    assert created.status_code == 201, created.content
    system = created.json()
    assert (system["name"], system["organisation"], system["key_state"], system["key_prefix"]) == (
        "社会保险经办系统",
        "省人力资源和社会保障厅",
        "none",
        None,
    )
    issued = api.post(f"{SYSTEMS}/{system['id']}/key")
    assert issued.status_code == 201, issued.content
    assert "no-store" in issued["Cache-Control"], "the key must not be kept by a browser or a proxy"
    key = issued.json()["key"]
    assert issued.json()["system"]["key_prefix"] == key[:8] and issued.json()["system"]["key_state"] == "active"
    assert key not in api.get(f"{SYSTEMS}/{system['id']}").content.decode(), "shown once: never again"

    rotated = api.post(f"{SYSTEMS}/{system['id']}/key/rotate", {}, content_type="application/json")
    assert rotated.status_code == 200, rotated.content
    new_key, until = rotated.json()["key"], rotated.json()["previous_key_until"]
    assert until and rotated.json()["system"]["key_state"] == "rotating"
    assert client.get(ORGS, headers={"x-api-key": key}).status_code == 200, "the previous key, in its grace period"

    revoked = api.post(f"{SYSTEMS}/{system['id']}/key/revoke")
    assert revoked.status_code == 200 and revoked.json()["key_state"] == "none"
    client.logout()
    for old in (key, new_key):
        assert_error_shape(client.get(ORGS, headers={"x-api-key": old}), 401, "not_authenticated")
    actions = list(LedgerEntry.objects.filter(object_id=str(system["id"])).values_list("action", flat=True))
    assert actions == [
        "identity.system_client.registered",
        "identity.system_client.issued",
        "identity.system_client.rotated",
        "identity.system_client.revoked",
    ]


def test_rotating_at_once_through_the_api_stops_the_previous_key(client, department):
    admin = staff(Role.ORG_ADMIN, department)
    api = signed_in(client, admin)
    system = api.post(SYSTEMS, BODY, content_type="application/json").json()
    key = api.post(f"{SYSTEMS}/{system['id']}/key").json()["key"]
    rotated = api.post(f"{SYSTEMS}/{system['id']}/key/rotate", {"at_once": True}, content_type="application/json")
    assert rotated.json()["previous_key_until"] is None and rotated.json()["system"]["key_state"] == "active"
    client.logout()
    assert client.get(ORGS, headers={"x-api-key": key}).status_code == 401


def test_another_department_can_neither_see_nor_act_on_a_system(client, department):
    admin = staff(Role.ORG_ADMIN, department)
    system = signed_in(client, admin).post(SYSTEMS, BODY, content_type="application/json").json()
    client.logout()
    stranger = signed_in(client, staff(Role.ORG_ADMIN, OrganisationFactory(name="省教育厅")))
    assert stranger.get(SYSTEMS).json() == []
    assert_error_shape(stranger.get(f"{SYSTEMS}/{system['id']}"), 404, "not_found")
    for path in ("key", "key/rotate", "key/revoke"):
        assert_error_shape(
            stranger.post(f"{SYSTEMS}/{system['id']}/{path}", {}, content_type="application/json"), 404, "not_found"
        )
    refused = stranger.post(SYSTEMS, {**BODY, "organisation_id": department.pk}, content_type="application/json")
    assert_error_shape(refused, 403, "permission_denied")
    assert LedgerEntry.objects.filter(action__startswith="identity.system_client.").count() == 1


def test_a_handler_sees_the_systems_of_their_department_but_cannot_issue(client, department):
    admin = staff(Role.ORG_ADMIN, department)
    system = signed_in(client, admin).post(SYSTEMS, BODY, content_type="application/json").json()
    client.logout()
    handler = signed_in(client, staff(Role.HANDLER, department))
    assert [s["id"] for s in handler.get(SYSTEMS).json()] == [system["id"]]
    assert_error_shape(handler.post(f"{SYSTEMS}/{system['id']}/key"), 403, "permission_denied")
    assert_error_shape(handler.post(SYSTEMS, BODY, content_type="application/json"), 403, "permission_denied")


def test_bad_input_gets_field_errors_in_the_one_error_shape(client, department):
    api = signed_in(client, staff(Role.ORG_ADMIN, department))
    body = assert_error_shape(
        api.post(SYSTEMS, {"name": "", "purpose": " ", "contact": "x" * 101}, content_type="application/json"),
        400,
        "invalid",
    )
    assert {e["field"] for e in body["errors"]} == {"name", "purpose", "contact"}
    assert body["message"] == "此项为必填项。"
    incomplete = api.post(SYSTEMS, {"name": "x"}, content_type="application/json")
    missing = assert_error_shape(incomplete, 422, "validation_error")
    assert {e["field"] for e in missing["errors"]} == {"purpose", "contact"}
    system = api.post(SYSTEMS, BODY, content_type="application/json").json()
    api.post(f"{SYSTEMS}/{system['id']}/key")
    again = assert_error_shape(api.post(f"{SYSTEMS}/{system['id']}/key"), 409, "conflict")
    assert "轮换" in again["message"]


def test_a_system_calling_with_its_key_cannot_manage_keys(client, department):
    admin = staff(Role.ORG_ADMIN, department)
    api = signed_in(client, admin)
    system = api.post(SYSTEMS, BODY, content_type="application/json").json()
    key = api.post(f"{SYSTEMS}/{system['id']}/key").json()["key"]
    client.logout()
    headers = {"x-api-key": key}
    rotate = client.post(f"{SYSTEMS}/{system['id']}/key/rotate", {}, content_type="application/json", headers=headers)
    assert_error_shape(rotate, 404, "not_found")
    assert client.get(ORGS, headers=headers).status_code == 200, "the key itself still works"
