"""API keys for systems (X-API-Key): issued by an organisation's administrator, shown once, revocable."""

import pytest
from django.utils import translation

from digigov.core.choices import Role
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import services
from digigov.identity.models import SystemClient

pytestmark = pytest.mark.django_db
ORGS = "/api/v1/core/organisations"


def assert_error_shape(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == code and body["message"]


def test_an_organisation_administrator_issues_a_key_that_works(client):
    org, other = OrganisationFactory(), OrganisationFactory()
    unit = OrganisationFactory(parent=org, division=org.division)
    admin = staff(Role.ORG_ADMIN, org)
    system, key = services.system_client_issue(actor=admin, organisation=org, name="不动产登记系统")
    assert key not in {system.key_digest, system.key_prefix} and SystemClient.digest(key) == system.key_digest
    response = client.get(ORGS, headers={"x-api-key": key})
    assert response.status_code == 200
    seen = {row["id"] for row in response.json()}
    assert seen == {org.pk, unit.pk} and other.pk not in seen, "the system acts for its own organisation only"
    system.refresh_from_db()
    assert system.last_used_at is not None
    entry = LedgerEntry.objects.get(action="identity.system_client.issued")
    assert entry.organisation_id == org.pk and key not in entry.summary


def test_a_wrong_key_gets_401_in_the_error_shape(client):
    org = OrganisationFactory()
    _system, key = services.system_client_issue(actor=staff(Role.ORG_ADMIN, org), organisation=org, name="系统")
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert_error_shape(client.get(ORGS, headers={"x-api-key": tampered}), 401, "not_authenticated")
    assert_error_shape(client.get(ORGS, headers={"x-api-key": "short"}), 401, "not_authenticated")


def test_a_revoked_key_stops_working_at_once(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system, key = services.system_client_issue(actor=admin, organisation=org, name="系统")
    assert client.get(ORGS, headers={"x-api-key": key}).status_code == 200
    services.system_client_revoke(actor=admin, client=system)
    assert_error_shape(client.get(ORGS, headers={"x-api-key": key}), 401, "not_authenticated")
    assert LedgerEntry.objects.filter(action="identity.system_client.revoked", object_id=str(system.pk)).exists()


def test_the_platform_administrator_may_issue_for_any_organisation():
    org = OrganisationFactory()
    _system, key = services.system_client_issue(actor=staff(Role.PLATFORM_ADMIN), organisation=org, name="系统")
    assert key


def test_another_organisations_administrator_or_a_handler_may_not_issue_or_revoke():
    org, other = OrganisationFactory(), OrganisationFactory()
    with pytest.raises(PermissionDeniedError):
        services.system_client_issue(actor=staff(Role.ORG_ADMIN, other), organisation=org, name="系统")
    with pytest.raises(PermissionDeniedError):
        services.system_client_issue(actor=staff(Role.HANDLER, org), organisation=org, name="系统")
    system, _key = services.system_client_issue(actor=staff(Role.ORG_ADMIN, org), organisation=org, name="系统")
    with pytest.raises(PermissionDeniedError):
        services.system_client_revoke(actor=staff(Role.ORG_ADMIN, other), client=system)
    system.refresh_from_db()
    assert system.is_active
    assert not SystemClient.objects.exclude(pk=system.pk).exists()


PUBLISHED = "demo-hrss-social-insurance-2026-0123456789abcdef"  # a key printed in a guide before it is issued


def test_a_key_published_in_advance_works_and_a_short_or_clashing_one_is_refused_at_its_field(client):
    org = OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, org)
    system, key = services.system_client_issue(actor=admin, organisation=org, name="社保系统", key=PUBLISHED)
    assert key == PUBLISHED and system.key_prefix == "demo-hrs"
    assert client.get(ORGS, headers={"x-api-key": PUBLISHED}).status_code == 200
    with translation.override("zh-hans"), pytest.raises(DomainError) as caught:
        services.system_client_issue(actor=admin, organisation=org, name="", key="demo-2026")
    assert {k: [str(m) for m in v] for k, v in caught.value.fields.items()} == {
        "name": ["此项为必填项。"],
        "key": ["密钥至少 43 个字符。"],
    }
    with translation.override("zh-hans"), pytest.raises(DomainError) as caught:
        services.system_client_issue(actor=admin, organisation=org, name="医保系统", key=PUBLISHED[:8] + "x" * 40)
    assert [str(m) for m in caught.value.fields["key"]] == ["已有系统的密钥与其开头相同，请换一个密钥。"]
    assert SystemClient.objects.count() == 1
