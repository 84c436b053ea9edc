"""The electronic seals' API and public pages (R7.1): public facts, certificate, revocation list and verification
without signing in; my organisation's seals and sealing for staff and for an allowed department system's API key;
another organisation's staff can neither see nor use a seal."""

import base64
import json

import pytest

from digigov.core.choices import Role
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.identity import api as identity
from digigov.signing import api, seals
from digigov.signing.tests.factories import operator_org
from digigov.signing.tests.factories import seal as make_seal

pytestmark = pytest.mark.django_db
API = "/api/v1/signing"
DATA = "结婚证 J420102-2026-000123".encode()


def admin_user(user):
    """A staff member who may open the back office (Wagtail's access_admin)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_anyone_reads_a_seal_its_certificate_and_verifies_a_signature_without_signing_in(client):
    seal = make_seal()
    handler = staff(Role.HANDLER, seal.organisation)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    facts = client.get(f"{API}/seals/{seal.code}").json()
    assert facts["name"] == seal.name and facts["status"] == "active" and not facts["revoked"]
    assert facts["certificate_pem"].startswith("-----BEGIN CERTIFICATE-----")
    cert = client.get(f"{API}/seals/{seal.code}/certificate")
    assert cert.status_code == 200 and cert.content.decode() == seal.certificate_pem
    assert client.get(facts["certificate_url"]).content.decode() == seal.certificate_pem
    assert client.get("/seals/maker.pem").content.decode() == seals.maker_current().certificate_pem
    verdict = client.post(
        f"{API}/seals/verify", {"signature": b64(signed.der), "data": b64(DATA)}, content_type="application/json"
    ).json()
    assert verdict["ok"] and verdict["verdict"] == "签章有效" and verdict["seal_code"] == seal.code
    changed = client.post(
        f"{API}/seals/verify", {"signature": b64(signed.der), "data": b64(DATA + b"!")}, content_type="application/json"
    ).json()
    assert not changed["ok"] and changed["verdict"] == "文件已被改动"
    assert client.get(f"{API}/seals/00000000000000").status_code == 404


def test_the_revocation_list_as_json_and_as_a_page(client):
    seal = make_seal()
    approver = staff(Role.LEADER, operator_org())
    admin = staff(Role.ORG_ADMIN, seal.organisation)
    request = seals.seal_request(
        actor=admin, organisation=seal.organisation, seal=seal, action="report_lost", reason="遗失"
    )
    seals.seal_request_decide(actor=approver, request=request, approve=True, reason="同意挂失")
    rows = client.get(f"{API}/seals/revoked").json()
    assert [(r["code"], r["status"]) for r in rows] == [(seal.code, "lost")]
    page = client.get("/seals/revoked/")
    assert page.status_code == 200 and seal.code in page.content.decode() and "挂失" in page.content.decode()
    listed = json.loads(client.get("/seals/revoked.json").content)
    assert listed["seals"][0]["code"] == seal.code


def test_staff_list_their_own_seals_and_seal_with_them_not_anothers(client):
    seal = make_seal()
    other = make_seal(OrganisationFactory())
    handler = staff(Role.HANDLER, seal.organisation)
    client.force_login(handler)
    codes = [s["code"] for s in client.get(f"{API}/seals").json()]
    assert codes == [seal.code]
    answer = client.post(
        f"{API}/seals/{seal.code}/sign", {"data": b64(DATA), "purpose": "颁发结婚证"}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert api.verify_seal_signature(base64.b64decode(body["signature"]), DATA).ok
    refused = client.post(
        f"{API}/seals/{other.code}/sign", {"data": b64(DATA), "purpose": "冒用"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_a_department_system_seals_with_its_key_only_once_the_operator_allowed_it(client):
    seal = make_seal()
    admin = UserFactory(is_superuser=True)
    system = identity.system_client_register(
        actor=admin,
        organisation=seal.organisation,
        name="婚姻登记系统",
        purpose="电子证照",
        contact="张三 027-87654321",
    )
    key = identity.system_key_issue(actor=admin, client=system)
    body = {"data": b64(DATA), "purpose": "颁发结婚证"}
    refused = client.post(f"{API}/seals/{seal.code}/sign", body, content_type="application/json", HTTP_X_API_KEY=key)
    assert refused.status_code == 403 and "印章" in refused.json()["message"]
    rule_set(actor=admin, key="signing.seal_systems", value=str(system.pk))
    answer = client.post(f"{API}/seals/{seal.code}/sign", body, content_type="application/json", HTTP_X_API_KEY=key)
    assert answer.status_code == 200, answer.content
    assert api.verify_seal_signature(base64.b64decode(answer.json()["signature"]), DATA).ok
    other = make_seal(OrganisationFactory())
    foreign = client.post(f"{API}/seals/{other.code}/sign", body, content_type="application/json", HTTP_X_API_KEY=key)
    assert foreign.status_code == 403


def test_another_organisations_staff_cannot_open_a_seals_screens(client):
    seal = make_seal()
    client.force_login(admin_user(staff(Role.ORG_ADMIN, OrganisationFactory())))
    assert client.get(f"/admin/signing/seals/{seal.pk}/").status_code == 404
    assert client.get(f"/admin/signing/seals/{seal.pk}/image.png").status_code == 404
    assert client.get(f"/admin/signing/seals/{seal.pk}/request/cancel/").status_code == 404
    listing = client.get("/admin/signing/seals/").content.decode()
    assert seal.code not in listing
    client.force_login(admin_user(staff(Role.HANDLER, seal.organisation)))
    page = client.get(f"/admin/signing/seals/{seal.pk}/")
    assert page.status_code == 200 and seal.code in page.content.decode()
    assert client.get(f"/admin/signing/seals/{seal.pk}/request/cancel/").status_code == 403  # a handler does not ask


def test_the_make_request_and_approval_through_the_screens(client):
    department = OrganisationFactory(name="武汉市民政局")
    admin = admin_user(staff(Role.ORG_ADMIN, department))
    approver = admin_user(staff(Role.LEADER, operator_org()))
    client.force_login(admin)
    answer = client.post(
        "/admin/signing/seals/new/",
        {"organisation": department.pk, "kind": "business", "use_text": "", "reason": "电子证照"},
    )
    assert answer.status_code == 200 and "业务专用章须填写用途" in answer.content.decode()
    answer = client.post(
        "/admin/signing/seals/new/",
        {"organisation": department.pk, "kind": "business", "use_text": "电子证照专用章", "reason": "电子证照"},
    )
    assert answer.status_code == 302
    request_url = answer["Location"]
    client.force_login(approver)
    queue = client.get("/admin/signing/seals/requests/").content.decode()
    assert "武汉市民政局" in queue
    decided = client.post(request_url, {"decision": "approve", "decision_reason": "材料齐全"})
    assert decided.status_code == 302
    seal = api.seal_for(department)
    assert seal is not None and seal.name == "武汉市民政局电子证照专用章"
    client.force_login(admin)
    page = client.get(f"/admin/signing/seals/{seal.pk}/").content.decode()
    assert seal.code in page and "材料齐全" not in page  # the history names the request's reason, not the decision
    assert "电子证照" in page
    assert client.get(f"/admin/signing/seals/{seal.pk}/image.png")["Content-Type"] == "image/png"
