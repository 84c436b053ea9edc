"""Availability probing against a real local HTTP server (R1.5: interrupted data services flagged and reported)."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.exchange import services
from digigov.exchange.choices import ServiceStatus
from digigov.exchange.models import ServiceProbe

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(world, upstream):
    return services.service_register_upstream(
        actor=world.prov_handler, provider=world.provider, name="人口接口", endpoint=upstream.url
    )


def test_a_healthy_service_stays_active(service):
    probe = services.probe_service(service)
    service.refresh_from_db()
    assert probe.ok and probe.status_code == 200
    assert service.status == ServiceStatus.ACTIVE and service.failures == 0 and service.last_probe_at


def test_three_failures_interrupt_then_one_success_restores(world, service, upstream):
    upstream.failing = True
    for expected in (1, 2):
        services.probe_service(service)
        service.refresh_from_db()
        assert (service.failures, service.status) == (expected, ServiceStatus.ACTIVE)
    services.probe_service(service)
    service.refresh_from_db()
    assert service.status == ServiceStatus.INTERRUPTED
    todo = InboxItem.objects.get(kind="exchange.service.interrupted", done_at__isnull=True)
    assert todo.assignee_org == world.operator and todo.url == f"/admin/exchange/services/{service.pk}/"
    assert Notification.objects.filter(recipient=world.prov_handler, title__contains="已中断").exists()
    assert ServiceProbe.objects.filter(service=service, ok=False, status_code=503).count() == 3

    services.probe_service(service)  # a fourth failure does not flag again
    assert InboxItem.objects.filter(kind="exchange.service.interrupted").count() == 1

    upstream.failing = False
    services.probe_service(service)
    service.refresh_from_db()
    todo.refresh_from_db()
    assert service.status == ServiceStatus.ACTIVE and service.failures == 0
    assert todo.done_at is not None
    assert [e.action for e in LedgerEntry.objects.filter(object_type="exchange.dataservice").order_by("seq")] == [
        "exchange.service.registered",
        "exchange.service.interrupted",
        "exchange.service.restored",
    ]


def test_an_unreachable_host_counts_as_failure(world, loopback_allowed):
    service = services.service_register_upstream(
        actor=world.prov_handler, provider=world.provider, name="停机接口", endpoint="http://127.0.0.1:9/x"
    )
    probe = services.probe_service(service)
    assert not probe.ok and probe.status_code is None and probe.error


def test_probe_due_probes_only_services_not_probed_within_the_interval(world, service):
    hosted = services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="库表",
        filename="t.csv",
        content=b"k,v\n1,a\n",
        key_column="k",
    )
    assert services.probe_due() == 2
    assert services.probe_due() == 0  # both were probed just now
    later = timezone.now() + dt.timedelta(minutes=6)  # rule exchange.probe_interval_minutes = 5
    assert services.probe_due(now=later) == 2
    hosted.refresh_from_db()
    assert hosted.status == ServiceStatus.ACTIVE and hosted.probes.filter(ok=True).count() == 2


def test_command_and_task_run_the_same_probe(world, service):
    from django.core.management import call_command

    from digigov.exchange.tasks import probe_due_services

    call_command("probe_services", "--no-reminders")
    assert ServiceProbe.objects.count() == 1
    result = probe_due_services.enqueue()
    assert result.return_value == 0  # nothing due again yet
