"""The signing API at /api/v1/signing/ and the key screens in the back office, over real HTTP (R0.5)."""

import base64

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.signing import services, sm2
from digigov.signing.models import OrgKeyPair
from digigov.signing.tests.factories import org_key

pytestmark = pytest.mark.django_db

DATA = "武汉市市场监督管理局营业执照副本".encode()
B64 = base64.b64encode(DATA).decode()


def assert_error_shape(body, code):
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert body["message"]


def post(client, path, body):
    return client.post(f"/api/v1/signing/{path}", body, content_type="application/json")


def test_public_key_route_gives_the_active_pem_and_fingerprint(client):
    key = org_key()
    client.force_login(staff(Role.HANDLER))  # any signed-in person may read a public key
    body = client.get(f"/api/v1/signing/keys/{key.organisation_id}/public").json()
    assert body["fingerprint"] == key.fingerprint
    assert body["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert sm2.PublicKey.from_pem(body["public_key_pem"]).fingerprint() == key.fingerprint
    assert (body["algorithm"], body["signer_id"]) == ("SM2-with-SM3", "1234567812345678")
    assert "PRIVATE" not in str(body)


def test_public_key_route_errors_use_the_one_shape(client):
    anonymous = client.get(f"/api/v1/signing/keys/{org_key().organisation_id}/public")
    assert anonymous.status_code == 401
    assert_error_shape(anonymous.json(), "not_authenticated")
    client.force_login(staff(Role.HANDLER))
    without_key = client.get(f"/api/v1/signing/keys/{OrganisationFactory().pk}/public")
    assert without_key.status_code == 409
    assert_error_shape(without_key.json(), "no_signing_key")
    missing = client.get("/api/v1/signing/keys/999999/public")
    assert missing.status_code == 404
    assert_error_shape(missing.json(), "not_found")


def test_handler_signs_for_own_organisation_and_anyone_verifies(client):
    key = org_key()
    client.force_login(staff(Role.HANDLER, key.organisation))
    response = post(client, "sign", {"data": B64, "purpose": "执照副本签名"})
    assert response.status_code == 200, response.json()
    signature = response.json()
    assert signature["org_id"] == key.organisation_id and signature["key_fingerprint"] == key.fingerprint
    raw = base64.b64decode(signature["signature_b64"])
    assert sm2.PublicKey.from_pem(key.public_key_pem).verify(raw, DATA)

    client.force_login(staff(Role.HANDLER))  # a handler of another department checks it
    check = {"data": B64, "signature": signature["signature_b64"], "org_id": key.organisation_id}
    assert post(client, "verify", check).json() == {"valid": True}
    tampered = {**check, "data": base64.b64encode(DATA + b"!").decode()}
    assert post(client, "verify", tampered).json() == {"valid": False}
    by_pem = {"data": B64, "signature": signature["signature_b64"], "public_key_pem": key.public_key_pem}
    assert post(client, "verify", by_pem).json() == {"valid": True}


def test_another_departments_handler_gets_403_in_the_one_shape(client):
    key = org_key()
    client.force_login(staff(Role.HANDLER, org_key().organisation))
    response = post(client, "sign", {"data": B64, "purpose": "冒签", "organisation_id": key.organisation_id})
    assert response.status_code == 403
    assert_error_shape(response.json(), "permission_denied")
    assert not LedgerEntry.objects.filter(action="signing.signed", organisation_id=key.organisation_id).exists()


def test_signing_needs_a_session_and_valid_input(client):
    key = org_key()
    assert post(client, "sign", {"data": B64, "purpose": "x"}).status_code == 401
    client.force_login(staff(Role.HANDLER, key.organisation))
    bad = post(client, "sign", {"data": "不是base64", "purpose": "x"})
    assert bad.status_code == 400
    assert_error_shape(bad.json(), "validation_error")
    assert bad.json()["errors"][0]["field"] == "data"
    missing = post(client, "sign", {"data": B64})
    assert missing.status_code == 422
    assert_error_shape(missing.json(), "validation_error")


def test_staff_without_organisation_key_get_409(client):
    organisation = OrganisationFactory()
    client.force_login(staff(Role.HANDLER, organisation))
    response = post(client, "sign", {"data": B64, "purpose": "x"})
    assert response.status_code == 409
    assert_error_shape(response.json(), "no_signing_key")


def test_verify_after_rotation_by_fingerprint_or_revoked_public_key(client):
    old = org_key()
    admin = staff(Role.ORG_ADMIN, old.organisation)
    signature = services.sign(actor=admin, organisation=old.organisation, data=DATA, purpose="轮换前")
    services.key_generate(actor=admin, organisation=old.organisation)
    client.force_login(staff(Role.HANDLER))
    base = {"data": B64, "signature": signature.signature_b64}
    assert post(client, "verify", {**base, "org_id": old.organisation_id}).json() == {"valid": False}
    by_fp = {**base, "org_id": old.organisation_id, "key_fingerprint": old.fingerprint}
    assert post(client, "verify", by_fp).json() == {"valid": True}
    assert post(client, "verify", {**base, "public_key_pem": old.public_key_pem}).json() == {"valid": True}
    both = post(client, "verify", {**base, "org_id": old.organisation_id, "public_key_pem": old.public_key_pem})
    assert both.status_code == 400
    assert_error_shape(both.json(), "invalid")


def test_openapi_lists_the_signing_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/signing/sign", "/api/v1/signing/verify", "/api/v1/signing/keys/{org_id}/public"} <= set(paths)


# Back office (Wagtail admin)


def admin_user(role, organisation=None):
    user = staff(role, organisation)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def assert_refused(response):
    """Refused with the platform's Chinese 403 page (core.staff_pages), not shown a form or button."""
    assert response.status_code == 403 and "<h1>您无权打开此页面</h1>" in response.content.decode()


def test_platform_admin_sees_every_organisations_keys(client):
    keys = [org_key(), org_key()]
    client.force_login(admin_user(Role.PLATFORM_ADMIN))
    page = client.get("/admin/signing/keys/").content.decode()
    for key in keys:
        assert key.organisation.name in page and key.fingerprint[:32] in page
    assert "PRIVATE KEY" not in page


def test_org_admin_sees_and_rotates_only_own_key(client):
    own, other = org_key(), org_key()
    client.force_login(admin_user(Role.ORG_ADMIN, own.organisation))
    home = client.get("/admin/").content.decode()
    assert "/admin/signing/keys/" in home  # menu item shown
    page = client.get("/admin/signing/keys/").content.decode()
    assert own.fingerprint[:32] in page and other.organisation.name not in page

    confirm = client.get(f"/admin/signing/keys/{own.organisation_id}/generate/")
    assert confirm.status_code == 200 and own.fingerprint[:32] in confirm.content.decode()
    assert OrgKeyPair.objects.filter(organisation=own.organisation).count() == 1  # GET changes nothing
    done = client.post(f"/admin/signing/keys/{own.organisation_id}/generate/")
    assert done.status_code == 302
    own.refresh_from_db()
    assert not own.is_active
    assert OrgKeyPair.objects.filter(organisation=own.organisation, is_active=True).count() == 1

    assert_refused(client.get(f"/admin/signing/keys/{other.organisation_id}/generate/"))
    assert_refused(client.post(f"/admin/signing/keys/{other.organisation_id}/generate/"))
    assert OrgKeyPair.objects.filter(organisation=other.organisation).count() == 1


def test_handler_has_no_key_screen_and_no_menu_item(client):
    key = org_key()
    client.force_login(admin_user(Role.HANDLER, key.organisation))
    assert "/admin/signing/keys/" not in client.get("/admin/").content.decode()
    assert_refused(client.get("/admin/signing/keys/"))
    assert_refused(client.post(f"/admin/signing/keys/{key.organisation_id}/generate/"))
    assert OrgKeyPair.objects.filter(organisation=key.organisation).count() == 1


def test_org_admin_generates_the_first_key_of_an_organisation_without_one(client):
    organisation = OrganisationFactory()
    client.force_login(admin_user(Role.ORG_ADMIN, organisation))
    assert "generate" in client.get("/admin/signing/keys/").content.decode()
    client.post(f"/admin/signing/keys/{organisation.pk}/generate/")
    assert OrgKeyPair.objects.filter(organisation=organisation, is_active=True).exists()
