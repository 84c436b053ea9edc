"""A data service's address cannot reach inside the platform (issue 9 item 6, R0.5): refused at registration with a
Chinese field error, refused again on every call, unless the platform administrator allowed the host.

The scenario of the issue: a handler registered `http://127.0.0.1:…/internal-admin/config` and the mount screen
showed the JSON keys of the server's own configuration (db_password). The internal server here is real.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from digigov.core import http_fetch
from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import staff
from digigov.core.tests.servers import Internal
from digigov.exchange import services
from digigov.exchange.choices import ServiceKind
from digigov.exchange.models import DataService

pytestmark = pytest.mark.django_db
LOOPBACK_REFUSED = "“127.0.0.1”是服务器自身的回环地址（127.0.0.1），平台不调用此类地址，除非平台管理员允许该主机。"


@pytest.fixture
def internal():
    server = Internal()
    yield server
    server.close()


@pytest.fixture
def platform_admin():
    user = staff(Role.PLATFORM_ADMIN)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def register_on_screen(client, user, endpoint):
    client.force_login(user)
    return client.post(
        reverse("exchange_service_create"), {"name": "人口接口", "kind": ServiceKind.UPSTREAM_API, "endpoint": endpoint}
    )


def test_the_internal_admin_page_cannot_be_registered_on_the_screen(client, world, internal):
    response = register_on_screen(client, world.prov_handler, f"{internal.url}/internal-admin/config")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["endpoint"] == [LOOPBACK_REFUSED]
    assert LOOPBACK_REFUSED in response.content.decode()
    assert not DataService.objects.exists() and internal.hits == []


def test_the_api_refuses_it_with_the_one_error_shape(client, world, internal):
    client.force_login(world.prov_handler)
    response = client.post(
        "/api/v1/exchange/services",
        {"name": "人口接口", "endpoint": "http://169.254.169.254/latest/meta-data/", "probe_url": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == ["endpoint"] and "链路本地地址" in body["errors"][0]["message"]
    response = client.post(
        "/api/v1/exchange/services",
        {"name": "人口接口", "endpoint": "https://93.184.216.34/api", "probe_url": f"{internal.url}/health"},
        content_type="application/json",
    )
    assert response.json()["errors"] == [{"field": "probe_url", "message": LOOPBACK_REFUSED}]
    assert not DataService.objects.exists() and internal.hits == []


def test_a_host_the_platform_administrator_allows_can_be_registered_and_called(
    client, world, internal, platform_admin, django_capture_on_commit_callbacks
):
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("core_rules"), {"key": "exchange.upstream_allowed_hosts", "value": "10.20.0.0/16，127.0.0.1"}
        )
    assert LedgerEntry.objects.filter(action="core.rule.changed", object_id="exchange.upstream_allowed_hosts").exists()
    response = register_on_screen(client, world.prov_handler, f"{internal.url}/api")
    service = DataService.objects.get()
    assert response.status_code == 302 and response.url == reverse("exchange_service_detail", args=[service.pk])
    probe = services.probe_service(service)
    assert probe.ok and internal.hits == ["/api"]


def test_a_wrong_allowlist_entry_is_refused_on_the_rules_screen(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("core_rules"),
        {"key": "exchange.upstream_allowed_hosts", "value": "http://127.0.0.1:8000/"},
        follow=True,
    )
    assert "既不是主机名、IP 地址，也不是 10.20.0.0/16 这样的网段" in response.content.decode()
    assert not LedgerEntry.objects.filter(action="core.rule.changed").exists()


def test_every_call_checks_the_address_again(
    client, world, internal, platform_admin, django_capture_on_commit_callbacks
):
    """Registered while the host was allowed; the administrator then withdraws it. Probes and the mount screen's
    field check are refused before any request leaves, and the screen never shows the server's own keys."""
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_allowed_hosts", value="127.0.0.1")
    service = services.service_register_upstream(
        actor=world.prov_handler,
        provider=world.provider,
        name="配置接口",
        endpoint=f"{internal.url}/internal-admin/config",
    )
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_allowed_hosts", value="")
    probe = services.probe_service(service)
    assert not probe.ok and probe.error == LOOPBACK_REFUSED
    client.force_login(world.prov_handler)
    page = client.get(reverse("exchange_service_detail", args=[service.pk]), {"resource": world.resource.pk})
    text = page.content.decode()
    assert "db_password" not in text and LOOPBACK_REFUSED in text
    assert internal.hits == []


def test_a_redirect_to_the_loopback_is_refused_at_fetch_time(
    world, internal, platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_allowed_hosts", value="localhost")
    secret = f"{internal.url}/internal-admin/config"
    service = services.service_register_upstream(
        actor=world.prov_handler,
        provider=world.provider,
        name="跳转接口",
        endpoint=f"http://localhost:{internal.port}/redirect?to={secret}",
    )
    probe = services.probe_service(service)
    assert not probe.ok and probe.error == LOOPBACK_REFUSED
    assert internal.hits == [f"/redirect?to={secret}"]


def test_the_gateways_session_follows_the_exchange_rules(internal, platform_admin, django_capture_on_commit_callbacks):
    """What exchange/gateway.py's `_session()` builds (one pooled session per thread): each request reads the
    allowlist and the answer cap in force."""
    session = http_fetch.session(
        allowed_rule="exchange.upstream_allowed_hosts", max_mb_rule="exchange.upstream_max_response_mb"
    )
    with pytest.raises(http_fetch.FetchRefusedError):
        session.get(f"{internal.url}/api", timeout=(2, 5))
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_allowed_hosts", value="127.0.0.1")
    assert session.get(f"{internal.url}/api", timeout=(2, 5)).json() == [{"ok": True}]
    assert session.get(f"{internal.url}/big", timeout=(2, 5)).status_code == 200  # 2.25 MB, under the 5 MB rule
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_max_response_mb", value=1)
    with pytest.raises(http_fetch.FetchRefusedError, match="返回内容超过 1 MB，已截断。"):
        session.get(f"{internal.url}/big", timeout=(2, 5))
    with django_capture_on_commit_callbacks(execute=True):
        rule_set(actor=platform_admin, key="exchange.upstream_allowed_hosts", value="")
    with pytest.raises(http_fetch.FetchRefusedError):
        session.get(f"{internal.url}/api", timeout=(2, 5))
    assert internal.hits == ["/api", "/big", "/big"]  # the last one asked for, its answer cut off
