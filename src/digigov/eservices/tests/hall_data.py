"""A small published catalogue for the hall's tests: one item published through the services with materials (an
e-licence and a shared-data substitute, a tolerated one), a joint part, a theme, a related item and a process whose
current version has a drawing; beside it a draft, a withdrawn item and a revision in progress, none of which the
hall may show."""

from dataclasses import dataclass
from pathlib import Path

from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.eservices import services
from digigov.eservices.choices import Audience, ItemKind, MaterialRequirement, OnlineDepth, Substitute
from digigov.eservices.models import ServiceItem
from digigov.eservices.tests.factories import BasicItemFactory, guide
from digigov.workflow import api as workflow

SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='480' height='120' viewBox='0 0 480 120'>"
    "<rect x='10' y='30' width='100' height='60' fill='#fff' stroke='#000'/><text x='40' y='65'>受理</text></svg>"
)


@dataclass
class Hall:
    market: object
    police: object
    item: ServiceItem  # 食品经营许可, published, revision in progress
    related: ServiceItem  # 食品经营许可证补办, published, depth II
    draft: ServiceItem  # 食品生产许可, a draft
    withdrawn: ServiceItem  # 食品小作坊登记, withdrawn


def drawn_process(key: str = "hall-general"):
    """The shipped 一般程序 file saved with a drawing as a definition's current version."""
    existing = workflow.definition_by_key(key)
    if existing is not None:
        return existing
    admin = UserFactory(is_superuser=True)
    entry = workflow.shipped_processes()["general"]
    definition = workflow.definition_create(actor=admin, key=key, name=entry["name"])
    bpmn = (Path(workflow.__file__).parent / "processes" / entry["file"]).read_text(encoding="utf-8")
    workflow.version_save(
        actor=admin, definition=definition, bpmn_xml=bpmn, lanes=entry["lanes"], tasks=entry["tasks"], diagram_svg=SVG
    )
    definition.refresh_from_db()
    return definition


def hall_catalogue() -> Hall:
    market = OrganisationFactory(name="省市场监管局")
    police = OrganisationFactory(name="省公安厅")
    handler, reviewer = staff(Role.HANDLER, market), staff(Role.REVIEWER, market)
    operator = staff(Role.HANDLER, OrganisationFactory(is_platform_operator=True))
    services.theme_create(actor=operator, audience=Audience.LEGAL_PERSON, code="food", name="餐饮开店")
    services.theme_create(actor=operator, audience=Audience.PERSON, code="birth", name="出生")
    process = drawn_process()
    people = ResourceFactory(name="人口基础信息")
    InformationItemFactory(resource=people, identifier="id_number", name="公民身份号码")

    def publish(name: str, *, basic_kind=ItemKind.LICENCE, **extra):
        item = services.item_create(
            actor=handler,
            basic=BasicItemFactory(name=name, kind=basic_kind),
            organisation=market,
            **guide(name=name, process=process, **extra),
        )
        services.item_submit(actor=handler, item=item)
        return services.item_review(actor=reviewer, item=item, approve=True)

    materials = [
        {"name": "营业执照", "originals": 1, "substitute": Substitute.LICENCE, "licence_type": "DEMO-LIC-0001"},
        {
            "name": "法定代表人身份证明",
            "copies": 1,
            "substitute": Substitute.SHARED,
            "resource": people,
            "items": ["id_number"],
            "key": "id_number",
        },
        {"name": "经营场所使用证明", "originals": 1, "copies": 2, "required": MaterialRequirement.TOLERATED},
        {"name": "食品安全管理制度文本", "originals": 1},
    ]
    parts = [{"code": "fire", "organisation": police, "name": "消防安全检查", "working_days": 3, "materials": []}]
    item = publish("食品经营许可", materials=materials, parts=parts, themes=["food"])
    related = publish(
        "食品经营许可证补办", materials=[{"name": "遗失声明", "originals": 1}], online_depth=OnlineDepth.TWO, visits=1
    )
    services.item_link_create(actor=handler, item=item, related=related, reason="证件遗失时可申请补办")
    services.item_update(actor=handler, item=item, name="食品经营许可（修订稿）")  # a revision: never public
    draft = services.item_create(
        actor=handler,
        basic=BasicItemFactory(name="食品生产许可"),
        organisation=market,
        materials=[{"name": "申请书", "originals": 1}],
        **guide(name="食品生产许可", themes=["food"]),
    )
    withdrawn = publish("食品小作坊登记", themes=["food"], materials=[{"name": "登记表", "originals": 1}])
    services.item_withdraw(actor=reviewer, item=withdrawn, reason="并入其他事项")
    item.refresh_from_db()
    return Hall(market, police, item, related, draft, withdrawn)
