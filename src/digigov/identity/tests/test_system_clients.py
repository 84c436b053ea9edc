"""Application systems and their API keys (X-API-Key, R0.2, R0.5): a department registers a system, the key is
issued, rotated and revoked by the platform operator or (by rule) the department, shown once, stored as HMAC-SM3 under
the server's secret; every step is in the ledger (R0.4)."""

import datetime as dt
import hashlib
import subprocess

import pytest
from django.utils import timezone

from digigov.core.audit_actions import describe_many, parse_summary
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry, Notification
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import selectors, services
from digigov.identity.choices import KeyScheme, KeyState
from digigov.identity.models import SupersededKey, SystemClient

pytestmark = pytest.mark.django_db
ORGS = "/api/v1/core/organisations"
PURPOSE = "不动产登记时核验权利人身份"
CONTACT = "李工 027-87654321"


def assert_error_shape(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == code and body["message"]


def openssl_hmac_sm3(secret: str, message: str) -> str:
    """HMAC-SM3 computed by the openssl command, not by our code."""
    out = subprocess.run(
        ["openssl", "dgst", "-sm3", "-mac", "HMAC", "-macopt", f"key:{secret}"],  # noqa: S607
        input=message.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    return out.strip().rsplit("= ", 1)[1]


def before_after(entry) -> tuple[dict, dict]:
    return parse_summary(entry)


def register(admin, org, name="不动产登记系统"):
    return services.system_client_register(actor=admin, organisation=org, name=name, purpose=PURPOSE, contact=CONTACT)


def calls(client, key):
    return client.get(ORGS, headers={"x-api-key": key}).status_code


@pytest.fixture
def platform_admin():
    return staff(Role.PLATFORM_ADMIN)


def departments_issue_keys(value: int, platform_admin) -> None:
    rule_set(actor=platform_admin, key="identity.department_keys", value=value)


def test_a_department_registers_a_system_and_issues_its_key_which_works(client):
    org, other = OrganisationFactory(), OrganisationFactory()
    unit = OrganisationFactory(parent=org, division=org.division)
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    assert selectors.key_state(system) == KeyState.NONE and system.key_prefix is None
    key = services.system_key_issue(actor=admin, client=system)
    system.refresh_from_db()
    assert key.startswith(system.key_prefix) and key not in system.key_digest
    assert system.key_scheme == KeyScheme.HMAC_SM3
    response = client.get(ORGS, headers={"x-api-key": key})
    assert response.status_code == 200
    seen = {row["id"] for row in response.json()}
    assert seen == {org.pk, unit.pk} and other.pk not in seen, "the system acts for its own organisation only"
    system.refresh_from_db()
    assert system.last_used_at is not None
    registered = LedgerEntry.objects.get(action="identity.system_client.registered")
    assert before_after(registered)[1] == {"name": "不动产登记系统", "purpose": PURPOSE, "contact": CONTACT}
    issued = LedgerEntry.objects.get(action="identity.system_client.issued")
    assert issued.organisation_id == org.pk and key not in issued.summary


def test_the_key_is_stored_as_hmac_sm3_under_the_configured_secret(settings):
    settings.DIGIGOV_API_KEY_SECRET = "a-long-random-secret-from-the-vault"  # noqa: S105
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    key = services.system_key_issue(actor=admin, client=system)
    system.refresh_from_db()
    assert system.key_digest == openssl_hmac_sm3("a-long-random-secret-from-the-vault", key)
    assert system.key_digest != hashlib.new("sm3", key.encode()).hexdigest(), "not the unkeyed digest"


def test_without_a_configured_secret_the_digest_is_still_keyed(settings):
    settings.DIGIGOV_API_KEY_SECRET = ""
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    key = services.system_key_issue(actor=admin, client=register(admin, org))
    stored = SystemClient.objects.get().key_digest
    assert stored != hashlib.new("sm3", key.encode()).hexdigest()
    settings.SECRET_KEY = "another-installation-" + "x" * 40  # noqa: S105
    assert SystemClient.digest(key) != stored, "the digest depends on the server's secret"


def test_a_wrong_key_gets_401_in_the_error_shape(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    key = services.system_key_issue(actor=admin, client=register(admin, org))
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert_error_shape(client.get(ORGS, headers={"x-api-key": tampered}), 401, "not_authenticated")
    assert_error_shape(client.get(ORGS, headers={"x-api-key": "short"}), 401, "not_authenticated")


def test_a_revoked_key_stops_at_once_and_the_system_may_get_a_new_one(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    key = services.system_key_issue(actor=admin, client=system)
    assert calls(client, key) == 200
    services.system_key_revoke(actor=admin, client=system)
    assert_error_shape(client.get(ORGS, headers={"x-api-key": key}), 401, "not_authenticated")
    assert LedgerEntry.objects.filter(action="identity.system_client.revoked", object_id=str(system.pk)).exists()
    system.refresh_from_db()
    assert system.is_active and selectors.key_state(system) == KeyState.NONE, "still registered, without a key"
    again = services.system_key_issue(actor=admin, client=system)
    assert again != key and calls(client, again) == 200 and calls(client, key) == 401


def test_after_a_rotation_the_previous_key_works_for_the_grace_period_then_stops(client, monkeypatch):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    old = services.system_key_issue(actor=admin, client=system)
    before = timezone.now()
    new, until = services.system_key_rotate(actor=admin, client=system)
    assert until is not None and dt.timedelta(minutes=59) < until - before <= dt.timedelta(minutes=61), "60 by rule"
    assert calls(client, new) == 200 and calls(client, old) == 200
    assert selectors.key_state(selectors.system_get(actor=admin, pk=system.pk)) == KeyState.ROTATING
    entry = LedgerEntry.objects.get(action="identity.system_client.rotated")
    before, after = before_after(entry)
    assert before == {"key_prefix": old[:8]} and after["key_prefix"] == new[:8]
    real_now = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + dt.timedelta(minutes=61))
    assert calls(client, old) == 401, "the grace period is over"
    assert calls(client, new) == 200


def test_a_leaked_key_is_rotated_at_once(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    old = services.system_key_issue(actor=admin, client=system)
    new, until = services.system_key_rotate(actor=admin, client=system, at_once=True)
    assert until is None and calls(client, old) == 401 and calls(client, new) == 200
    assert not SupersededKey.objects.exists()
    entry = describe_many([LedgerEntry.objects.get(action="identity.system_client.rotated")])[0]
    assert entry.sentence == f"密钥 {old[:8]}… 换为 {new[:8]}…；原密钥已立即停用"


def test_a_grace_period_of_zero_makes_every_rotation_immediate(client, platform_admin):
    rule_set(actor=platform_admin, key="identity.key_rotation_grace_minutes", value=0)
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    old = services.system_key_issue(actor=admin, client=system)
    _new, until = services.system_key_rotate(actor=admin, client=system)
    assert until is None and calls(client, old) == 401


def test_a_second_rotation_ends_the_first_ones_grace_and_revoking_ends_any(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    first = services.system_key_issue(actor=admin, client=system)
    second, _until = services.system_key_rotate(actor=admin, client=system)
    third, _until = services.system_key_rotate(actor=admin, client=system)
    assert (calls(client, first), calls(client, second), calls(client, third)) == (401, 200, 200)
    services.system_key_revoke(actor=admin, client=system)
    assert (calls(client, second), calls(client, third)) == (401, 401)


def test_issuing_twice_or_rotating_without_a_key_is_refused():
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    with pytest.raises(ConflictError):
        services.system_key_rotate(actor=admin, client=system)
    services.system_key_issue(actor=admin, client=system)
    with pytest.raises(ConflictError):
        services.system_key_issue(actor=admin, client=system)


def test_registration_checks_every_field_at_once():
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    with pytest.raises(DomainError) as caught:
        services.system_client_register(actor=admin, organisation=org, name=" ", purpose="", contact="")
    assert set(caught.value.fields) == {"name", "purpose", "contact"}
    register(admin, org, name="办件系统")
    with pytest.raises(DomainError) as caught:
        register(admin, org, name="办件系统")
    assert [str(m) for m in caught.value.fields["name"]] == ["本部门已有同名的应用系统。"]


def test_another_department_or_a_handler_can_neither_register_nor_touch_a_key():
    org, other = OrganisationFactory(), OrganisationFactory()
    stranger = staff(Role.ORG_ADMIN, other)
    with pytest.raises(PermissionDeniedError):
        register(stranger, org)
    with pytest.raises(PermissionDeniedError):
        register(staff(Role.HANDLER, org), org)
    system = register(staff(Role.ORG_ADMIN, org), org)
    for action in (services.system_key_issue, services.system_key_revoke):
        with pytest.raises(PermissionDeniedError):
            action(actor=stranger, client=system)
    with pytest.raises(PermissionDeniedError):
        services.system_key_issue(actor=staff(Role.HANDLER, org), client=system)
    assert not selectors.system_list(actor=stranger).exists(), "nor see it"
    assert list(selectors.system_list(actor=staff(Role.HANDLER, org))) == [system], "its own handlers see it"


def test_when_departments_do_not_issue_keys_the_platform_operator_does_and_is_told(client, platform_admin):
    departments_issue_keys(0, platform_admin)
    operator = OrganisationFactory(is_platform_operator=True)
    op_handler, op_reviewer = staff(Role.HANDLER, operator), staff(Role.REVIEWER, operator)
    org = OrganisationFactory(name="省自然资源厅")
    admin = staff(Role.ORG_ADMIN, org)
    system = register(admin, org)
    with pytest.raises(PermissionDeniedError):
        services.system_key_issue(actor=admin, client=system)
    told = Notification.objects.get(recipient=op_handler)
    assert told.title == "省自然资源厅的不动产登记系统待签发 API 密钥"
    assert told.url == f"/admin/identity/systems/{system.pk}/"
    assert not Notification.objects.filter(recipient=op_reviewer).exists(), "reviewers decide applications instead"
    with pytest.raises(PermissionDeniedError):
        services.system_key_issue(actor=op_reviewer, client=system)
    key = services.system_key_issue(actor=op_handler, client=system)
    assert calls(client, key) == 200
    assert selectors.system_list(actor=op_handler).get() == system, "the operator sees every department's"


def test_a_key_stored_as_plain_sm3_before_the_upgrade_still_works_and_is_restored_as_hmac(client, settings):
    """Keys issued before issue #9 (migration 0004 marks them `sm3`): accepted, then re-stored on first use."""
    settings.DIGIGOV_API_KEY_SECRET = "vault-secret-for-api-keys"  # noqa: S105
    org = OrganisationFactory()
    key = SystemClient.new_key()
    legacy = hashlib.new("sm3", key.encode()).hexdigest()
    system = SystemClient.objects.create(
        name="旧系统", organisation=org, key_prefix=key[:8], key_digest=legacy, key_scheme=KeyScheme.SM3
    )
    assert calls(client, key) == 200
    system.refresh_from_db()
    assert system.key_scheme == KeyScheme.HMAC_SM3
    assert system.key_digest == openssl_hmac_sm3("vault-secret-for-api-keys", key)
    entry = LedgerEntry.objects.get(action="identity.system_client.rehashed")
    assert entry.object_id == str(system.pk) and entry.actor_id is None and key not in entry.summary
    assert calls(client, key) == 200 and LedgerEntry.objects.filter(action__endswith="rehashed").count() == 1
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    system.key_scheme, system.key_digest = KeyScheme.SM3, legacy
    system.save()
    assert calls(client, tampered) == 401
    assert SystemClient.objects.get().key_scheme == KeyScheme.SM3, "a wrong key re-stores nothing"


def test_a_key_published_in_advance_works_and_a_short_or_clashing_one_is_refused_at_its_field(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    published = "demo-published-key-2026-" + "0123456789abcdefghijklmnop"
    assert services.system_key_issue(actor=admin, client=register(admin, org), key=published) == published
    assert calls(client, published) == 200
    with pytest.raises(DomainError) as short:
        services.system_key_issue(actor=admin, client=register(admin, org, "医保系统"), key="demo-2026")
    assert list(short.value.fields) == ["key"]
    with pytest.raises(DomainError) as clash:
        services.system_key_issue(actor=admin, client=register(admin, org, "公积金系统"), key=published[:8] + "x" * 40)
    assert list(clash.value.fields) == ["key"] and calls(client, published[:8] + "x" * 40) == 401
