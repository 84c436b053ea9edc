"""A small province for the API fuzz test: every kind of object the API serves exists once, made by the services.

Loading the whole demo takes over a minute; this takes a second or two and still gives each route something to
find: an operator, a provider and a consumer department with their staff, published and draft catalogue resources
with information items, a hosted table mounted to a resource, a share application waiting for the operator, a
grant, an error report, the three lists, SM2 keys and a consumer system with its API key.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from digigov.catalog import services as catalog
from digigov.catalog.choices import ShareType
from digigov.catalog.models import Classification
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange import services as exchange
from digigov.identity.api import system_client_register, system_key_issue
from digigov.signing.tests.factories import org_key

PEOPLE_CSV = (
    "身份证号,姓名,电话\n420102199001011236,张三,13812345678\n420102198506064566,欧阳娜娜,13987654321\n"
).encode()
ITEMS = [
    {"identifier": "sfzh", "name": "公民身份号码", "data_type": "C", "sensitive": "id_number", "is_key": True},
    {"identifier": "xm", "name": "姓名", "data_type": "C", "sensitive": "name"},
    {"identifier": "dh", "name": "联系电话", "data_type": "C", "sensitive": "phone"},
]


@dataclass
class World:
    admin: object
    handler: object  # the provider's (公安厅)
    consumer_handler: object
    api_key: str  # of the consumer's system
    provider: object
    consumer: object
    population: object  # published, conditional, mounted to `table`
    draft: object
    table: object
    error_report: object


def _published(actor, provider, classification, name: str, share_type: str):
    resource = catalog.resource_create(
        actor=actor,
        provider=provider,
        classification=classification,
        items=[dict(item) for item in ITEMS],
        name=name,
        summary=f"{name}的摘要",
        format="database",
        share_type=share_type,
        share_conditions="仅限依法履职需要使用。" if share_type == ShareType.CONDITIONAL else "",
        share_method="api",
        legal_basis_kind="law",
        legal_basis="《中华人民共和国居民身份证法》",
        open_type="not_open",
        update_cycle="daily",
    )
    catalog.resource_submit(actor=actor, resource=resource)
    return catalog.resource_review(actor=actor, resource=resource, approve=True, comment="符合编目要求。")


def build_world() -> World:
    catalog.classification_seed()
    classification = Classification.objects.get(code="3")
    operator = OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True)
    provider = OrganisationFactory(name="湖北省公安厅")
    consumer = OrganisationFactory(name="湖北省人力资源和社会保障厅")
    admin = staff(Role.PLATFORM_ADMIN, operator, username="admin", first_name="志远", last_name="黄")
    handler = staff(Role.HANDLER, provider, username="psb.handler", first_name="敏", last_name="张")
    staff(Role.REVIEWER, provider, username="psb.reviewer")
    consumer_handler = staff(Role.HANDLER, consumer, username="hrss.handler")
    consumer_admin = staff(Role.ORG_ADMIN, consumer, username="hrss.admin")
    for organisation in (operator, provider, consumer):
        org_key(organisation)

    population = _published(admin, provider, classification, "人口基础信息", ShareType.CONDITIONAL)
    household = _published(admin, provider, classification, "户籍登记信息", ShareType.UNCONDITIONAL)
    draft = catalog.resource_create(
        actor=handler,
        provider=provider,
        classification=classification,
        items=[dict(item) for item in ITEMS],
        name="出入境证件信息",
        summary="草稿",
        format="database",
        share_type=ShareType.CONDITIONAL,
        share_conditions="仅限出入境管理使用。",
        share_method="api",
        legal_basis_kind="law",
        legal_basis="《中华人民共和国出境入境管理法》",
        open_type="not_open",
        update_cycle="monthly",
    )
    table = exchange.service_register_table(
        actor=handler,
        provider=provider,
        name="人口库表",
        filename="people.csv",
        content=PEOPLE_CSV,
        key_column="身份证号",
    )
    exchange.service_mount(
        actor=handler, service=table, resource_id=population.pk, field_map={"sfzh": "身份证号", "xm": "姓名"}
    )

    system = system_client_register(
        actor=consumer_admin,
        organisation=consumer,
        name="社会保险业务系统",
        purpose="参保登记时核验身份",
        contact="周工 027-87230011",
    )
    api_key = system_key_issue(actor=consumer_admin, client=system)
    today = timezone.localdate()
    for resource in (population, household):
        exchange.application_submit(
            actor=consumer_handler,
            consumer=consumer,
            resource_id=resource.pk,
            item_ids=[item.pk for item in resource.items.all()[:2]],
            purpose="社保待遇资格认证",
            legal_basis="《社会保险法》",
            period_start=today + dt.timedelta(days=1),
            period_end=today + dt.timedelta(days=365),
            system_id=system.pk,
        )
    report = exchange.error_report_submit(
        actor=consumer_handler,
        reporter=consumer,
        resource_id=population.pk,
        record_key="420102199001011236",
        item_id=population.items.get(identifier="xm").pk,
        claimed_value="张叁",
        evidence="户口簿记载为张叁。",
    )
    catalog.responsibility_create(
        actor=admin, organisation=provider, resource_name="出入境证件信息", due_date=today + dt.timedelta(days=90)
    )
    catalog.demand_create(
        actor=consumer_handler, requester=consumer, resource_name="婚姻登记信息", purpose="核验参保人婚姻状况"
    )
    return World(
        admin=admin,
        handler=handler,
        consumer_handler=consumer_handler,
        api_key=api_key,
        provider=provider,
        consumer=consumer,
        population=population,
        draft=draft,
        table=table,
        error_report=report,
    )
