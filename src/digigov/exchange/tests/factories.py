import datetime as dt
import itertools

import factory

from digigov.core.tests.factories import OrganisationFactory
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
