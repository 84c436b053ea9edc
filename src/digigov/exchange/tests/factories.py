import csv
import datetime as dt
import io
import itertools

import factory

from digigov.core.tests.factories import OrganisationFactory
from digigov.exchange import gateway, services
from digigov.exchange.models import GatewayCall
from digigov.identity.api import SystemClient

_prefix = itertools.count(1)


class SystemClientFactory(factory.django.DjangoModelFactory):
    """A consuming system with a key nobody uses (tests call services, not the gateway)."""

    class Meta:
        model = SystemClient

    name = factory.Sequence(lambda n: f"业务系统{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    key_prefix = factory.LazyFunction(lambda: f"t{next(_prefix):07d}")
    key_digest = factory.LazyAttribute(lambda o: SystemClient.digest(o.key_prefix + "-secret"))


def period(today: dt.date, days: int = 365) -> tuple[dt.date, dt.date]:
    return today + dt.timedelta(days=1), today + dt.timedelta(days=days)


def hosted_table_mounted(*, resource, header: list[str], rows: list[list[str]], field_map: dict, actor) -> None:
    """The resource's provider uploads `rows` (CSV, `header` first, keyed by its first column) and mounts the table
    to the resource with `field_map` (item identifier → column), as its data officer does on the screen."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    service = services.service_register_table(
        actor=actor, provider=resource.provider, name=f"{resource.name}表", filename="data.csv",
        content=out.getvalue().encode(), key_column=header[0],
    )  # fmt: skip
    services.service_mount(actor=actor, service=service, resource_id=resource.pk, field_map=field_map)


def gateway_calls():
    """The gateway's call log, oldest first: what other apps' tests check their reads left behind (R1.8)."""
    return GatewayCall.objects.order_by("pk")


def gateway_cache_clear() -> None:
    """Forget the gateway's few-seconds catalogue cache: ids are reused after a test's rollback, so a test that reads
    through the gateway starts with it empty."""
    gateway._metadata_cache.clear()
