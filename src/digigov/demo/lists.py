"""The demo province's responsibility and demand lists (三清单: 责任清单, 需求清单, R1.3), beside the negative list the
not-shared resources already fill: duties fulfilled, due and overdue; demands matched, waiting for the provider's
answer, answered and still open. Through the catalogue's services, as the platform operator and the departments
would enter them; idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.catalog import services as catalog
from digigov.catalog.models import DemandEntry, Resource, ResponsibilityEntry
from digigov.core.models import Organisation

# (department, resource to provide, items, basis, days from today it is due, fulfilled by the resource of that name)
DUTIES = [
    (
        "psb",
        "人口基础信息",
        "姓名、公民身份号码、性别、出生日期、住址",
        "《政务信息资源共享管理暂行办法》第十条",
        -60,
        True,
    ),
    ("psb", "户籍迁移信息", "姓名、公民身份号码、迁出地、迁入地、迁移日期", "省政务数据共享责任分工", -30, True),
    ("psb", "居住证信息", "姓名、公民身份号码、居住地址、签发日期、有效期限", "省政务数据共享责任分工", 45, False),
    (
        "amr",
        "法人单位基础信息",
        "统一社会信用代码、单位名称、法定代表人、住所",
        "《优化营商环境条例》第三十七条",
        -60,
        True,
    ),
    ("amr", "企业注销登记信息", "统一社会信用代码、企业名称、注销日期、注销原因", "省政务数据共享责任分工", -10, False),
    ("hrss", "社会保险参保信息", "姓名、公民身份号码、险种、参保状态、参保单位", "《社会保险法》第七十五条", -45, True),
    ("hrss", "工伤认定信息", "姓名、公民身份号码、认定结论、认定日期", "省政务数据共享责任分工", 30, False),
    ("ca", "婚姻登记信息", "男方姓名、女方姓名、登记类别、登记日期", "《婚姻登记条例》", -40, True),
    ("health", "死亡医学证明信息", "姓名、公民身份号码、死亡日期、死亡原因", "省政务数据共享责任分工", -20, True),
    ("nr", "不动产权属信息", "不动产单元号、权利人、坐落、权利类型", "《不动产登记暂行条例》第二十四条", 20, False),
    ("edu", "学籍信息", "姓名、公民身份号码、学校、年级、学籍状态", "省政务数据共享责任分工", -15, True),
]

# (requesting department, data needed, items, purpose, expected provider, what becomes of it)
DEMANDS = [
    (
        "hrss",
        "死亡人员信息",
        "姓名、公民身份号码、死亡日期",
        "养老保险待遇领取资格认证，停发死亡人员待遇",
        "health",
        "matched:死亡医学证明信息",
    ),
    (
        "health",
        "低保对象信息",
        "姓名、公民身份号码、保障类别",
        "困难群众医疗救助一站式结算",
        "ca",
        "matched:最低生活保障对象信息",
    ),
    ("amr", "不动产抵押登记信息", "不动产单元号、抵押权人、抵押金额", "企业信用风险分类监管", "nr", "asked"),
    ("edu", "适龄儿童户籍信息", "姓名、公民身份号码、户籍地址", "义务教育招生入学资格审核", "psb", "asked"),
    ("ca", "残疾人证信息", "姓名、公民身份号码、残疾类别、残疾等级", "残疾人两项补贴资格审核", "hrss", "unmet"),
    ("wh-gov", "企业用电量信息", "统一社会信用代码、月用电量", "“一网统管”企业运行监测", None, "open"),
]


def load_lists(orgs: dict[str, Organisation]) -> None:
    if ResponsibilityEntry.objects.filter(organisation__in=orgs.values()).exists():
        return
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()

    def resource(org_key: str, name: str) -> Resource | None:
        return Resource.objects.filter(provider=orgs[org_key], name=name).first()

    for org_key, name, items, basis, due_in, fulfilled in DUTIES:
        entry = catalog.responsibility_create(
            actor=admin,
            organisation=orgs[org_key],
            resource_name=name,
            due_date=today + dt.timedelta(days=due_in),
            items=items,
            duty_basis=basis,
        )
        found = resource(org_key, name) if fulfilled else None
        if found is not None:
            catalog.responsibility_fulfil(actor=admin, entry=entry, resource=found)

    for requester, name, items, purpose, provider, outcome in DEMANDS:
        entry = catalog.demand_create(
            actor=admin,
            requester=orgs[requester],
            resource_name=name,
            purpose=purpose,
            items=items,
            provider=orgs[provider] if provider else None,
        )
        if outcome.startswith("matched:"):
            catalog.demand_match(actor=admin, entry=entry, resource=resource(provider, outcome.split(":", 1)[1]))
        elif outcome in ("asked", "unmet"):
            entry = catalog.demand_ask(actor=admin, entry=entry)
        if outcome == "unmet":
            catalog.demand_respond(
                actor=admin,
                entry=DemandEntry.objects.get(pk=entry.pk),
                planned=False,
                response="残疾人证由省残联核发，本厅不掌握该数据，建议向省残联提出需求。",
            )
