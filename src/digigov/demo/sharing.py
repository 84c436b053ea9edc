"""The demo province's data sharing: ~200 published catalogue resources, hosted population and legal-entity
tables mounted to their base resources, grants and applications in every state, calls through the gateway and
an error report, so every screen of the catalogue and the exchange shows real data on first start.

Everything goes through the catalogue's and the exchange's services, as staff would do it; idempotent.
"""

import contextlib
import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.catalog.models import Classification, Resource
from digigov.catalog.services import classification_seed, resource_create, resource_review, resource_submit
from digigov.core.codegen import make_id_number, make_uscc
from digigov.core.models import Organisation
from digigov.demo import citizens
from digigov.demo.catalog_data import resource_specs
from digigov.demo.hosted import host_and_mount, mount_department_tables
from digigov.exchange import services as exchange
from digigov.exchange.gateway import read_in_process
from digigov.exchange.gateway_errors import GatewayError
from digigov.exchange.models import ShareApplication
from digigov.identity.api import SystemClient, party_of, system_client_register, system_key_issue

# A fixed demo key, so the gateway can be tried at once (curl -H "X-API-Key: …"); never use one like it in production.
DEMO_API_KEY = "demo-hrss-social-insurance-2026-0123456789abcdef"
POPULATION_ROWS = 2000
MORE_PEOPLE_SEED = 20260150  # the residents and entities added for the licences demo draw from their own generator
ENTITY_ROWS = 500
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌波宁欣怡浩然子轩雨涵梓萱思远佳琪"
STREETS = [
    "中山大道",
    "解放大道",
    "建设大道",
    "友谊路",
    "沿江大道",
    "武珞路",
    "珞喻路",
    "关山大道",
    "光谷大道",
    "黄鹂路",
]
DISTRICTS = [
    ("420102", "江岸区"),
    ("420103", "江汉区"),
    ("420104", "硚口区"),
    ("420106", "武昌区"),
    ("420111", "洪山区"),
]
TRADES = ["科技", "商贸", "物流", "建筑工程", "餐饮管理", "信息技术", "生物医药", "文化传媒", "农业开发", "汽车服务"]


@dataclass(frozen=True)
class SharingResult:
    resources: int
    api_key: str
    population_resource_id: int
    # The residents and legal entities the population and legal-entity tables hold (empty when they were there
    # already): the licences demo issues to the same people.
    people: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)


def load_sharing(rng: random.Random, orgs: dict[str, Organisation], *, more_people: int = 0) -> SharingResult:
    """The catalogue, the hosted tables and the exchange. `more_people` residents (and a fifth as many legal entities)
    are added to the population and legal-entity tables from a generator of their own, so that the rest of the demo
    draws as it did: the licences demo holds about five licences a resident."""
    classification_seed()
    admin = get_user_model().objects.get(username="admin")
    specs = resource_specs(rng)  # drawn always, so the same draws follow on every run
    if Resource.objects.filter(provider__in=orgs.values()).exists():
        population = Resource.objects.get(provider=orgs["psb"], name="人口基础信息")
        return SharingResult(Resource.objects.count(), DEMO_API_KEY, population.pk)
    resources = {}
    for spec in specs:
        resource = resource_create(
            actor=admin,
            provider=orgs[spec.org_key],
            classification=_classification(spec),
            items=[
                {
                    "name": name,
                    "identifier": ident,
                    "data_type": data_type,
                    "sensitive": sensitive,
                    "is_key": is_key,
                    "element": element,
                    "is_authoritative": authoritative,
                }
                for name, ident, data_type, sensitive, is_key, element, authoritative in spec.items
            ],
            name=spec.name,
            summary=spec.summary,
            format="database",
            share_type=spec.share_type,
            share_conditions="仅限依法履职需要，按授权的信息项和期限使用，不得转授他人。"
            if spec.share_type == "conditional"
            else "",
            share_method="api",
            legal_basis_kind=spec.legal_basis_kind,
            legal_basis=spec.legal_basis,
            open_type="not_open",
            update_cycle=spec.update_cycle,
        )
        resource_submit(actor=admin, resource=resource)
        resource_review(actor=admin, resource=resource, approve=True, comment="符合编目要求。")
        resources[(spec.org_key, spec.name)] = resource
    more = random.Random(MORE_PEOPLE_SEED)
    extra_people = _residents(more, more_people)
    extra_entities = _entities(more, more_people // 5)
    people = _host_population(rng, resources[("psb", "人口基础信息")], admin, extra_people)
    entities = _host_entities(rng, resources[("amr", "法人单位基础信息")], admin, extra_entities)
    mount_department_tables(rng, admin, orgs, people, entities)
    _applications(admin, orgs, resources, [person["sfzh"] for person in people])
    header_p, header_e = ["xm", "sfzh", "xb", "csrq", "zz", "szdq"], ["tyshxydm", "dwmc", "fddbr", "zz", "djrq", "zt"]
    return SharingResult(
        len(resources),
        DEMO_API_KEY,
        resources[("psb", "人口基础信息")].pk,
        people + [dict(zip(header_p, row, strict=True)) for row in _unique_codes(extra_people)],
        entities + [dict(zip(header_e, row, strict=True)) for row in _unique_codes(extra_entities, column=0)],
    )


def _classification(spec) -> Classification:
    if spec.base_topic:
        return Classification.objects.filter(base_topic=spec.base_topic, level=3).order_by("code").first()
    if spec.theme:
        theme = Classification.objects.filter(name=spec.theme, level=2).first()
        if theme is not None:
            return theme.children.order_by("code").first() or theme
    return Classification.objects.get(code="3")  # the 部门 class: filed under the provider's own 项


def _host_population(rng, resource, admin, extra: list[list[str]]) -> list[dict]:
    """人口基础信息 as a hosted table of fictitious residents with checksum-valid ID numbers."""
    rows = _residents(rng, POPULATION_ROWS)
    header = ["xm", "sfzh", "xb", "csrq", "zz", "szdq"]
    residents = [dict(zip(header, row, strict=True)) for row in rows]
    rows_hosted = _unique_codes(rows + _demo_citizens() + extra)
    host_and_mount(admin, resource, "人口基础信息库（托管）", header, rows_hosted, key_column="sfzh")
    return residents  # the drawn ones: the rest of the demo samples them, and draws as it did


def _unique_codes(rows: list[list[str]], column: int = 1) -> list[list[str]]:
    """The first row of each ID number (credit code): an added resident may draw one a drawn resident has."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        if row[column] not in seen:
            seen.add(row[column])
            kept.append(row)
    return kept


def _residents(rng, count: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for n in range(count):
        region, district = rng.choice(DISTRICTS)
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 65))
        sex = rng.choice("MF")
        id_number = make_id_number(rng, region=region, birth=birth, sex=sex)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        address = (
            f"湖北省武汉市{district}{rng.choice(STREETS)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋{n % 40 + 1}室"
        )
        rows.append([name, id_number, "男" if sex == "M" else "女", birth.isoformat(), address, f"武汉市{district}"])
    return rows


def _demo_citizens() -> list[list[str]]:
    """The demo citizens who can sign in, as the population table holds them (one-form filling finds them)."""
    rows = []
    for username, *_rest in citizens.CITIZENS:
        party = party_of(get_user_model().objects.filter(username=username).first())
        if party is None or party.kind != "citizen":
            continue
        id_number = party.code
        address, area = citizens.ADDRESSES[username]
        birth = f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
        rows.append([party.name, id_number, "男" if int(id_number[16]) % 2 else "女", birth, address, area])
    return rows


def _host_entities(rng, resource, admin, extra: list[list[str]]) -> list[dict]:
    rows = _entities(rng, ENTITY_ROWS)
    header = ["tyshxydm", "dwmc", "fddbr", "zz", "djrq", "zt"]
    entities = [dict(zip(header, row, strict=True)) for row in rows]
    host_and_mount(
        admin,
        resource,
        "法人单位基础信息库（托管）",
        header,
        _unique_codes(rows + _demo_entities() + extra, column=0),
        key_column="tyshxydm",
    )
    return entities


def _entities(rng, count: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for _n in range(count):
        region, district = rng.choice(DISTRICTS)
        name = f"武汉{rng.choice('东西南北江汉楚荆华光')}{rng.choice('盛达通恒信泰和创联')}{rng.choice(TRADES)}有限公司"
        rows.append(
            [
                make_uscc(rng, division=region, authority="9", category="1"),
                name,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                f"湖北省武汉市{district}{rng.choice(STREETS)}{rng.randint(1, 999)}号",
                (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))).isoformat(),
                rng.choice(["存续", "存续", "存续", "在业", "注销"]),
            ]
        )
    return rows


def _demo_entities() -> list[list[str]]:
    """The demo legal persons who can sign in, as the legal-entity table holds them."""
    rows = []
    for username, *_rest in citizens.LEGAL_PERSONS:
        party = party_of(get_user_model().objects.filter(username=username).first())
        if party is None or party.kind != "legal_person":
            continue
        address, registered = citizens.SEATS[username]
        rows.append([party.code, party.name, party.representative, address, registered, "存续"])
    return rows


SYSTEM_DETAILS = {
    "社会保险经办系统": ("社会保险参保登记、待遇资格认证时核验参保人身份", "周工 027-87230011"),
    "全民健康信息平台": ("居民电子健康档案建档时核验居民身份和户籍", "钱工 027-87576622"),
    "市场监管综合业务系统": ("企业登记注册时核验法定代表人身份", "冯工 027-87776633"),
}


def _system(admin, org, name: str, key: str | None = None) -> SystemClient:
    purpose, contact = SYSTEM_DETAILS[name]
    system = system_client_register(actor=admin, organisation=org, name=name, purpose=purpose, contact=contact)
    system_key_issue(actor=admin, client=system, key=key)  # key: the demo's published key instead of a random one
    return system


def _applications(admin, orgs, resources, population_ids) -> None:
    """Grants and applications in each state, a few gateway calls and an error report."""
    today = timezone.localdate()
    period = {"period_start": today, "period_end": today.replace(year=today.year + 1, day=min(today.day, 28))}
    social = _system(admin, orgs["hrss"], "社会保险经办系统", DEMO_API_KEY)
    health = _system(admin, orgs["health"], "全民健康信息平台")
    market = _system(admin, orgs["amr"], "市场监管综合业务系统")

    def apply(consumer, system, key, purpose, basis, raw=False):
        resource = resources[key]
        return exchange.application_submit(
            actor=admin,
            consumer=orgs[consumer],
            resource_id=resource.pk,
            item_ids=[item.pk for item in resource.items.all()],
            purpose=purpose,
            legal_basis=basis,
            system_id=system.pk,
            raw_values=raw,
            **period,
        )

    # Unconditional base resources: granted at once.
    apply("hrss", social, ("psb", "人口基础信息"), "社会保险参保登记核验身份", "《中华人民共和国社会保险法》第五十七条")
    apply(
        "health",
        health,
        ("psb", "人口基础信息"),
        "出生医学证明签发核验父母身份",
        "《中华人民共和国母婴保健法》第二十三条",
    )
    apply("hrss", social, ("amr", "法人单位基础信息"), "用人单位参保登记核验", "《社会保险费征缴暂行条例》第七条")
    # Conditional: one granted after the provider's answer, one with the provider, one with the operator.
    granted = apply(
        "hrss", social, ("ca", "最低生活保障对象信息"), "失业保险金与低保待遇比对", "《社会救助暂行办法》第五十六条"
    )
    exchange.application_forward(actor=admin, application=granted)
    exchange.application_grant(actor=admin, application=ShareApplication.objects.get(pk=granted.pk), daily_quota=5000)
    waiting = apply(
        "health", health, ("psb", "机动车登记信息"), "院前急救车辆信息核验", "《院前医疗急救管理办法》第十条"
    )
    exchange.application_forward(actor=admin, application=waiting)
    apply("amr", market, ("hrss", "社会保险参保信息"), "企业年报社保信息核验", "《企业信息公示暂行条例》第九条")

    # Calls through the gateway, as the social-insurance system makes them.
    population = resources[("psb", "人口基础信息")]
    for id_number in population_ids[:12]:
        _call(social, population.pk, key=id_number)
    _call(social, population.pk, key=None, page="1", size="20")
    _call(market, population.pk, key=population_ids[0])  # no grant: refused, and logged
    zz = population.items.get(identifier="zz")
    exchange.error_report_submit(
        actor=admin,
        reporter=orgs["hrss"],
        resource_id=population.pk,
        record_key=population_ids[0],
        item_id=zz.pk,
        claimed_value="湖北省武汉市江岸区沿江大道188号",
        evidence="参保人持户口簿到窗口办理，户口簿登记住址与平台数据不一致。",
    )


def _call(system, resource_id: int, *, key, page=None, size=None) -> None:
    # Refused calls are part of the picture: they are logged too.
    with contextlib.suppress(GatewayError):
        read_in_process(
            system=system,
            resource_id=resource_id,
            purpose="社会保险待遇资格认证",
            key=key,
            page=page,
            size=size,
            client_ip="10.20.1.15",
        )
