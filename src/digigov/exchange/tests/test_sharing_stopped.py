"""The gateway serves only what may be shared now (R1.2, R1.9): when the catalogue withdraws a resource, or publishes
it again as 不予共享, every grant on it is suspended at once — in the ledger, told to the consumers and the platform
operator, shown on the grant list and the data service's mounts — and the gateway refuses, in the one error shape,
logged.

Driven as people do it: the catalogue's own API (real HTTP), the back-office screens, the gateway.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from digigov.catalog.choices import LegalBasisKind, ResourceStatus, ShareType
from digigov.catalog.tests.factories import ResourceFactory
from digigov.core.choices import Role
from digigov.core.models import LedgerEntry, Notification
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange.models import GatewayCall, Grant
from digigov.exchange.tests.test_gateway import ZHANG, assert_refused, call, fresh_metadata  # noqa: F401
from digigov.exchange.tests.test_gateway_fixtures import make_grant, setup, system_with_key

pytestmark = pytest.mark.django_db


def _with_admin_access(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def shared(db):
    """A mounted resource granted to two consumers' systems, their handlers, the provider's, the platform operator."""
    s = setup()
    other_system, other_key = system_with_key(OrganisationFactory(name="市医保局"), name="医保结算系统")
    other_grant = make_grant(s.resource, other_system, [s.items["xm"]])
    operator = OrganisationFactory(name="省政务管理办公室", is_platform_operator=True)
    s.other_system, s.other_key, s.other_grant = other_system, other_key, other_grant
    s.provider_handler = _with_admin_access(staff(Role.HANDLER, s.resource.provider))
    s.consumer_handler = _with_admin_access(staff(Role.HANDLER, s.system.organisation))
    s.other_handler = staff(Role.HANDLER, other_system.organisation)
    s.operator_staff = _with_admin_access(staff(Role.REVIEWER, operator))
    return s


def _post(client, user, url, payload):
    client.force_login(user)
    response = client.post(url, payload, content_type="application/json")
    client.logout()
    assert response.status_code == 200, response.content
    return response.json()


def withdraw(client, s):
    url = f"/api/v1/catalog/resources/{s.resource.pk}/withdraw"
    return _post(client, s.provider_handler, url, {"reason": "职能调整，该资源不再维护"})


def republish_as_not_shared(client, s):
    base = f"/api/v1/catalog/resources/{s.resource.pk}"
    revision = {
        "share_type": ShareType.NOT_SHARED,
        "legal_basis_kind": LegalBasisKind.LAW,
        "legal_basis": "《中华人民共和国人民警察法》第二十条",
        "share_conditions": "",
    }
    _post(client, s.provider_handler, f"{base}/update", revision)
    _post(client, s.provider_handler, f"{base}/submit", {})
    return _post(client, s.operator_staff, f"{base}/review", {"approve": True, "comment": "依法不予共享"})


def test_served_before_the_catalogue_stops_sharing(client, shared):
    assert call(client, shared, key=ZHANG[0]).status_code == 200


@pytest.mark.parametrize(
    ("stop", "because", "why"),
    [(withdraw, "withdrawn", "已从目录中撤销"), (republish_as_not_shared, "not_shared", "不予共享")],
)
def test_stopping_suspends_every_grant_and_the_gateway_refuses(client, shared, stop, because, why):
    s = shared
    assert call(client, s, key=ZHANG[0]).status_code == 200
    stop(client, s)

    # The gateway refuses both consumers at once, in the one error shape, and logs it.
    body = assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_suspended")
    assert why in body["message"]
    assert_refused(call(client, s, key=ZHANG[0], api_key=s.other_key), 403, "grant_suspended")
    assert GatewayCall.objects.filter(error_code="grant_suspended").count() == 2

    # Each grant is suspended, and each suspension is in the ledger under the catalogue actor's name.
    for grant in (s.grant, s.other_grant):
        grant.refresh_from_db()
        assert grant.is_active and grant.suspended_at is not None and grant.suspension_reason == because
    entries = LedgerEntry.objects.filter(action="exchange.grant.suspended").order_by("seq")
    assert sorted(e.object_id for e in entries) == sorted([str(s.grant.pk), str(s.other_grant.pk)])
    assert {e.organisation_id for e in entries} == {s.resource.provider_id}

    # Both consumers' handlers and the platform operator are told.
    for person in (s.consumer_handler, s.other_handler, s.operator_staff):
        titles = list(Notification.objects.filter(recipient=person).values_list("title", flat=True))
        assert any(s.resource.name in t and "暂停" in t for t in titles), (person, titles)
    assert not Notification.objects.filter(recipient=s.provider_handler, title__contains="暂停").exists()


def test_the_grant_list_and_the_mount_show_it_no_longer_serving(client, shared):
    s = shared
    withdraw(client, s)
    client.force_login(s.consumer_handler)
    page = client.get(reverse("exchange_grants")).content.decode()
    assert 'data-state="suspended"' in page and "已暂停，网关不再提供数据" in page and "信息资源已从目录中撤销" in page
    client.force_login(s.provider_handler)
    page = client.get(reverse("exchange_service_detail", args=[s.service.pk])).content.decode()
    assert 'data-serving="no"' in page and "已停止服务" in page and 'data-serving="yes"' not in page
    page = client.get(reverse("exchange_services")).content.decode()
    assert 'data-status="not-serving"' in page


def test_the_mount_shows_serving_while_the_resource_is_shared(client, shared):
    client.force_login(shared.provider_handler)
    page = client.get(reverse("exchange_service_detail", args=[shared.service.pk])).content.decode()
    assert 'data-serving="yes"' in page and "服务中" in page


def test_a_suspended_grant_can_still_be_revoked_for_good(client, shared):
    s = shared
    withdraw(client, s)
    s.grant.refresh_from_db()
    client.force_login(s.operator_staff)
    response = client.post(reverse("exchange_grants"), {"grant": s.grant.pk, "reason": "资源已撤销，终止授权"})
    assert response.status_code == 302
    s.grant.refresh_from_db()
    assert not s.grant.is_active and s.grant.revoked_at is not None
    assert_refused(call(client, s, key=ZHANG[0]), 403, "grant_revoked")


def test_grants_already_revoked_or_suspended_are_left_alone(client, shared):
    s = shared
    s.other_grant.is_active = False
    s.other_grant.save()
    withdraw(client, s)
    s.other_grant.refresh_from_db()
    assert s.other_grant.suspended_at is None
    assert LedgerEntry.objects.filter(action="exchange.grant.suspended").count() == 1
    assert not Notification.objects.filter(recipient=s.other_handler).exists()


def test_withdrawing_a_draft_suspends_nothing(client, shared):
    s = shared
    draft = ResourceFactory(provider=s.resource.provider, status=ResourceStatus.DRAFT)
    _post(client, s.provider_handler, f"/api/v1/catalog/resources/{draft.pk}/withdraw", {"reason": "重复编目"})
    assert Grant.objects.filter(suspended_at__isnull=False).count() == 0
    assert call(client, s, key=ZHANG[0]).status_code == 200
