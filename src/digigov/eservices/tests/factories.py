"""Factories of the service-item catalogue; other apps' tests may use them (a published item to apply for)."""

import factory

from digigov.core.tests.factories import OrganisationFactory, UserFactory
from digigov.eservices.choices import Audience, ItemKind, ItemStatus, OnlineDepth
from digigov.eservices.models import BasicItem, Material, ServiceItem, Theme
from digigov.workflow import api as workflow


def process_definition(key: str = "general", name: str = "一般流程"):
    """A process definition for an item to point to (no version needed to publish an item)."""
    return workflow.definition_by_key(key) or workflow.definition_create(
        actor=UserFactory(is_superuser=True), key=key, name=name
    )


def guide(**extra) -> dict:
    """The fields of a complete guide, valid for submission (process aside)."""
    return {
        "name": "食品经营许可",
        "audience": Audience.LEGAL_PERSON,
        "conditions": "具有与经营的食品品种、数量相适应的经营场所。",
        "procedure": "申请、受理、审查、决定、送达。",
        "legal_days": 20,
        "promised_days": 5,
        "fee": [],
        "visits": 0,
        "online_depth": OnlineDepth.FOUR,
        "place": "湖北省政务服务中心一楼 12 号窗口",
        "hours": "工作日 9:00-12:00，13:30-17:00",
        "consult_phone": "027-87654321",
        "complaint_phone": "12345",
        "mailing_offered": True,
    } | extra


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    audience = Audience.PERSON
    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"主题{n}")


class BasicItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BasicItem

    basic_code = factory.Sequence(lambda n: f"01{n:010d}")
    name = factory.Sequence(lambda n: f"基本事项{n}")
    kind = ItemKind.LICENCE
    legal_basis = "《中华人民共和国行政许可法》"


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """A published item (version 1, no snapshot row) with a complete guide; `status=` for others."""

    class Meta:
        model = ServiceItem

    basic = factory.SubFactory(BasicItemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    division = factory.LazyAttribute(lambda o: o.organisation.division)
    implementation_code = factory.LazyAttribute(lambda o: f"{o.organisation.uscc}{o.basic.basic_code}")
    name = factory.LazyAttribute(lambda o: o.basic.name)
    audience = Audience.PERSON
    conditions = "符合条件的申请人"
    procedure = "申请、受理、审查、决定"
    legal_days = 20
    promised_days = 10
    visits = 1
    online_depth = OnlineDepth.THREE
    place = "政务服务中心"
    consult_phone = "027-87654321"
    complaint_phone = "12345"
    process = factory.LazyFunction(process_definition)
    status = ItemStatus.PUBLISHED
    version = 1


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    item = factory.SubFactory(ServiceItemFactory)
    name = factory.Sequence(lambda n: f"申请材料{n}")
    originals = 1
