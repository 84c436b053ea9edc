"""Licences in the JSON API (/api/v1/licenses/, R6.1): the catalogue; issue, read, change, renew, cancel and revoke
for the department's staff (session) and its allowed systems (X-API-Key); another department is refused."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory
from digigov.identity import api as identity
from digigov.licenses.choices import IssueSource, LicenceStatus
from digigov.licenses.models import Licence
from digigov.licenses.tests.factories import ID_NUMBER, ID_NUMBER_2, LicenceTypeFactory, department, officer

pytestmark = pytest.mark.django_db
API = "/api/v1/licenses"


def body(licence_type, **overrides):
    return {
        "type_code": licence_type.code,
        "holder_name": "张伟",
        "holder_code": ID_NUMBER,
        "number": "A0001",
        "issued_on": "2026-12-01",
        "valid_from": "2026-12-01",
        "data": {"vehicle_class": "C1"},
    } | overrides


def post(client, path, data, **headers):
    return client.post(f"{API}{path}", data, content_type="application/json", **headers)


def system_key(organisation, *, allowed=True):
    admin = UserFactory(is_superuser=True)
    system = identity.system_client_register(
        actor=admin, organisation=organisation, name="交管业务系统", purpose="证照签发", contact="张三 027-87654321"
    )
    key = identity.system_key_issue(actor=admin, client=system)
    if allowed:
        rule_set(actor=admin, key="licenses.issue_systems", value=str(system.pk))
    return key


def test_a_handler_issues_reads_changes_renews_and_cancels_through_the_api(client):
    org, handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    client.force_login(handler)
    types = client.get(f"{API}/types").json()
    assert licence_type.code in [t["code"] for t in types["items"]]
    assert client.get(f"{API}/types/{licence_type.code}").json()["items"][0]["key"] == "vehicle_class"
    made = post(client, "/licences", body(licence_type))
    assert made.status_code == 201, made.content
    licence = made.json()
    assert licence["source"] == IssueSource.HAND and licence["valid_until"] == "2032-11-30"
    identifier = licence["identifier"]
    assert client.get(f"{API}/licences/{identifier}").json()["number"] == "A0001"
    assert LedgerEntry.objects.filter(action="licenses.viewed").count() == 1
    changed = post(client, f"/licences/{identifier}/change", {"reason": "增驾", "data": {"vehicle_class": "B2"}}).json()
    assert changed["version"] == 2 and changed["data"]["vehicle_class"] == "B2"
    assert [v["version"] for v in changed["versions"]] == [2, 1]
    # the first identifier still finds the licence
    assert client.get(f"{API}/licences/{identifier}").json()["identifier"] == changed["identifier"]
    renewed = post(client, f"/licences/{changed['identifier']}/renew", {"valid_from": "2032-12-01"}).json()
    assert renewed["version"] == 3 and renewed["valid_until"] == "2038-11-30"
    ended = post(client, f"/licences/{renewed['identifier']}/cancel", {"reason": "持证人申请"}).json()
    assert ended["status"] == LicenceStatus.CANCELLED


def test_refusals_are_the_one_error_shape(client):
    org, handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    client.force_login(handler)
    refused = post(client, "/licences", body(licence_type, holder_code="123", data={}))
    assert refused.status_code == 400
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"holder_code", "data.vehicle_class"} <= fields
    assert client.get(f"{API}/types/NOPE").status_code == 404
    assert client.get(f"{API}/licences/1.2.156.3005.2.x").status_code == 404


def test_another_department_may_not_issue_nor_see_a_licence(client):
    org, handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    client.force_login(handler)
    identifier = post(client, "/licences", body(licence_type)).json()["identifier"]
    client.force_login(officer(Role.HANDLER, OrganisationFactory()))
    assert post(client, "/licences", body(licence_type, number="A2")).status_code == 403
    assert client.get(f"{API}/licences/{identifier}").status_code == 404
    assert post(client, f"/licences/{identifier}/revoke", {"reason": "x"}).status_code == 404
    assert Licence.objects.get().status == LicenceStatus.VALID


def test_a_department_system_with_its_key_issues_and_a_batch_is_all_or_nothing(client):
    org, _handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    key = system_key(org)
    made = post(client, "/licences", body(licence_type), HTTP_X_API_KEY=key)
    assert made.status_code == 201 and made.json()["source"] == IssueSource.API
    entry = LedgerEntry.objects.get(action="licenses.issued")
    assert entry.actor_name.startswith("系统：交管业务系统")
    rows = [
        {k: v for k, v in body(licence_type, number=f"B{n}", holder_code=code).items() if k not in ("type_code",)}
        for n, code in ((1, ID_NUMBER), (2, ID_NUMBER_2))
    ]
    bad = post(
        client,
        "/batches",
        {"type_code": licence_type.code, "rows": [rows[0], rows[1] | {"number": "A0001"}]},
        HTTP_X_API_KEY=key,
    )
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"rows.2.number"}
    assert Licence.objects.count() == 1
    good = post(client, "/batches", {"type_code": licence_type.code, "rows": rows}, HTTP_X_API_KEY=key)
    assert good.status_code == 201 and good.json() == {"count": 2}
    assert Licence.objects.filter(source=IssueSource.API).count() == 3


def test_a_system_not_allowed_or_of_another_department_is_refused(client):
    org, _handler, _admin = department()
    licence_type = LicenceTypeFactory(issuer=org)
    assert (
        post(client, "/licences", body(licence_type), HTTP_X_API_KEY=system_key(org, allowed=False)).status_code == 403
    )
    other = system_key(OrganisationFactory())
    assert post(client, "/licences", body(licence_type), HTTP_X_API_KEY=other).status_code == 403
    assert post(client, "/licences", body(licence_type)).status_code == 401
    assert not Licence.objects.exists()


def test_the_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/licenses/licences",
        "/api/v1/licenses/types",
        "/api/v1/licenses/licences/{identifier}/revoke",
    } <= set(paths)


def test_staff_and_department_systems_verify_a_licence_by_its_identifier_and_the_holder_sees_who(client):
    from digigov.identity.tests.factories import citizen_data
    from digigov.licenses.models import LicenceUse

    org, handler, _admin = department()
    client.force_login(handler)
    identifier = post(client, "/licences", body(LicenceTypeFactory(issuer=org))).json()["identifier"]
    checker = OrganisationFactory(name="武汉市不动产登记中心")
    client.force_login(officer(Role.HANDLER, checker))
    verdict = post(client, "/verify/identifier", {"identifier": identifier}).json()
    assert verdict["ok"] and verdict["outcome"] == "valid" and verdict["verdict"] == "证照真实有效。"
    assert verdict["holder_code"] != ID_NUMBER and verdict["holder_name"] == "张伟"  # masked as on the QR
    use = LicenceUse.objects.get(kind="verified")
    assert use.organisation == checker and use.user is not None

    client.logout()
    key = system_key(checker, allowed=False)  # any registered system of a department may check
    by_system = post(client, "/verify/identifier", {"identifier": identifier}, HTTP_X_API_KEY=key)
    assert by_system.status_code == 200 and by_system.json()["ok"]
    assert LicenceUse.objects.filter(kind="verified", organisation=checker, user=None).count() == 1
    unknown = post(client, "/verify/identifier", {"identifier": identifier[:-3] + "999"}, HTTP_X_API_KEY=key)
    assert unknown.json()["outcome"] == "unknown"

    assert post(client, "/verify/identifier", {"identifier": identifier}).status_code == 401
    client.force_login(identity.citizen_register(**citizen_data()).user)
    refused = post(client, "/verify/identifier", {"identifier": identifier})
    assert refused.status_code == 403 and "二维码" in refused.json()["message"]
