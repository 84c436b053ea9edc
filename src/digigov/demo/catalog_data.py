"""What the demo departments hold: ~200 catalogue resources with their information items, drawn with a fixed seed.

Pure data: `demo.catalog` turns these specs into resources through the catalogue's services.
"""

import random
from dataclasses import dataclass, field

# Information items: (name, identifier, data type, sensitivity, is key, data element if authoritative-capable)
PERSON_ITEMS = [
    ("姓名", "xm", "C", "name", False, "姓名"),
    ("公民身份号码", "sfzh", "C", "id_number", True, "公民身份号码"),
    ("性别", "xb", "C", "", False, ""),
    ("出生日期", "csrq", "D", "", False, "出生日期"),
]
ENTITY_ITEMS = [
    ("统一社会信用代码", "tyshxydm", "C", "", True, "统一社会信用代码"),
    ("单位名称", "dwmc", "C", "", False, "单位名称"),
    ("法定代表人", "fddbr", "C", "name", False, ""),
]
EXTRA_ITEMS = {
    "address": ("住址", "zz", "C", "address", False, ""),
    "phone": ("联系电话", "lxdh", "C", "phone", False, ""),
    "date": ("登记日期", "djrq", "D", "", False, ""),
    "status": ("状态", "zt", "C", "", False, ""),
    "amount": ("金额（元）", "je", "Y", "", False, ""),
    "org": ("办理机关", "bljg", "C", "", False, ""),
    "number": ("证件编号", "zjbh", "C", "", False, ""),
    "valid": ("有效期至", "yxqz", "D", "", False, ""),
    "place": ("所在地区", "szdq", "C", "", False, ""),
    "count": ("数量", "sl", "N", "", False, ""),
    "remark": ("备注", "bz", "M", "", False, ""),
}

# For each department: (subject, subject kind person|entity|other, base topic or theme or "", share, extras)
# share: u = unconditional, c = conditional, n = not shared
SUBJECTS = {
    "psb": [
        ("人口基础信息", "person", "population", "u", ["address", "place"]),
        ("户籍迁移信息", "person", "population", "u", ["date", "place", "org"]),
        ("居民身份证签发信息", "person", "e_licence", "u", ["number", "valid", "org"]),
        ("机动车驾驶证信息", "person", "e_licence", "u", ["number", "valid", "status"]),
        ("机动车登记信息", "person", "", "c", ["number", "date", "status"]),
        ("出入境证件信息", "person", "", "c", ["number", "valid"]),
        ("违法犯罪记录信息", "person", "", "n", ["date", "org", "remark"]),
        ("流动人口居住登记信息", "person", "population", "u", ["address", "date", "place"]),
        ("交通违法处理信息", "person", "", "c", ["date", "amount", "status"]),
        ("户口登记项目变更信息", "person", "population", "u", ["date", "org"]),
    ],
    "amr": [
        ("法人单位基础信息", "entity", "legal_entity", "u", ["address", "date", "status"]),
        ("企业年度报告信息", "entity", "", "u", ["date", "amount", "count"]),
        ("营业执照信息", "entity", "e_licence", "u", ["number", "valid", "org"]),
        ("食品经营许可信息", "entity", "e_licence", "u", ["number", "valid", "place"]),
        ("行政处罚信息", "entity", "social_credit", "u", ["date", "amount", "org"]),
        ("经营异常名录信息", "entity", "social_credit", "u", ["date", "status"]),
        ("严重违法失信企业名单", "entity", "social_credit", "u", ["date", "org"]),
        ("个体工商户登记信息", "person", "legal_entity", "u", ["address", "date", "status"]),
        ("特种设备使用登记信息", "entity", "", "c", ["number", "date", "place"]),
        ("股权出质登记信息", "entity", "", "c", ["date", "amount"]),
        ("消费投诉举报处理信息", "other", "", "n", ["date", "status", "remark"]),
    ],
    "hrss": [
        ("社会保险参保信息", "person", "", "c", ["date", "status", "place"]),
        ("养老保险待遇发放信息", "person", "", "c", ["date", "amount"]),
        ("失业保险金领取信息", "person", "", "c", ["date", "amount", "status"]),
        ("就业登记信息", "person", "", "u", ["date", "place"]),
        ("职业资格证书信息", "person", "e_licence", "u", ["number", "date", "org"]),
        ("人力资源服务许可信息", "entity", "e_licence", "u", ["number", "valid"]),
        ("劳动保障监察案件信息", "entity", "", "n", ["date", "remark"]),
        ("社会保障卡信息", "person", "", "c", ["number", "date", "status"]),
    ],
    "nr": [
        ("不动产登记信息", "person", "natural_resources", "u", ["number", "address", "date"]),
        ("土地利用现状信息", "other", "natural_resources", "u", ["place", "count"]),
        ("建设用地审批信息", "entity", "natural_resources", "u", ["date", "place", "org"]),
        ("矿业权登记信息", "entity", "natural_resources", "u", ["number", "valid", "place"]),
        ("基础测绘成果目录", "other", "natural_resources", "u", ["date", "place"]),
        ("国土空间规划信息", "other", "natural_resources", "u", ["place", "date"]),
        ("地质灾害隐患点信息", "other", "natural_resources", "u", ["place", "status"]),
    ],
    "ca": [
        ("婚姻登记信息", "person", "", "c", ["date", "org", "place"]),
        ("最低生活保障对象信息", "person", "", "c", ["amount", "date", "place"]),
        ("社会组织登记信息", "entity", "legal_entity", "u", ["address", "date", "status"]),
        ("殡葬服务信息", "person", "", "c", ["date", "org"]),
        ("特困人员供养信息", "person", "", "c", ["amount", "place"]),
        ("养老机构备案信息", "entity", "", "u", ["address", "count", "date"]),
        ("行政区划信息", "other", "natural_resources", "u", ["place", "date"]),
    ],
    "health": [
        ("出生医学证明信息", "person", "e_licence", "u", ["number", "date", "org"]),
        ("死亡医学证明信息", "person", "", "c", ["date", "org"]),
        ("医师执业注册信息", "person", "e_licence", "u", ["number", "org", "valid"]),
        ("医疗机构执业许可信息", "entity", "e_licence", "u", ["number", "valid", "address"]),
        ("预防接种信息", "person", "", "c", ["date", "org"]),
        ("电子健康档案信息", "person", "", "n", ["date", "remark"]),
        ("传染病报告信息", "other", "", "n", ["date", "place", "count"]),
    ],
    "edu": [
        ("学籍信息", "person", "", "c", ["date", "org", "status"]),
        ("学历学位信息", "person", "", "u", ["number", "date", "org"]),
        ("教师资格证书信息", "person", "e_licence", "u", ["number", "date"]),
        ("民办学校办学许可信息", "entity", "e_licence", "u", ["number", "valid"]),
        ("学生资助信息", "person", "", "c", ["amount", "date"]),
        ("中小学校基本信息", "entity", "", "u", ["address", "count"]),
    ],
    "bigdata": [
        ("电子证照目录信息", "other", "e_licence", "u", ["number", "org", "date"]),
        ("政务服务事项信息", "other", "", "u", ["org", "date", "remark"]),
        ("办件结果信息", "person", "", "c", ["date", "org", "status"]),
        ("公共信用综合评价信息", "entity", "social_credit", "u", ["date", "status"]),
        ("12345热线工单信息", "other", "", "c", ["date", "status", "place"]),
    ],
    "gov": [
        ("政务服务好差评信息", "other", "", "u", ["date", "count", "org"]),
        ("政务服务中心窗口信息", "other", "", "u", ["address", "phone", "org"]),
        ("行政权力事项清单", "other", "", "u", ["org", "date"]),
    ],
}
# City and county departments hold local copies of their provincial counterparts' kinds of data.
LOCAL = {
    "wh-psb": ("psb", "武汉市"),
    "wh-amr": ("amr", "武汉市"),
    "wh-gov": ("bigdata", "武汉市"),
    "hs-egov": ("bigdata", "黄石市"),
    "ja-gov": ("gov", "江岸区"),
}
LOCAL_EXTRA = {
    "wh-psb": ["养犬登记信息", "居住证信息", "网约车驾驶员背景核查信息", "电动自行车登记信息"],
    "wh-amr": ["市场主体迁移信息", "商标质押信息", "计量器具检定信息", "网络交易主体信息"],
    "wh-gov": ["“一网通办”用户信息", "城市运行事件信息", "公共资源交易信息", "不见面审批办件信息"],
    "hs-egov": ["工业企业能耗信息", "城市部件信息", "智慧社区网格信息"],
    "ja-gov": ["社区网格员信息", "投资项目审批信息", "一件事联办信息"],
}
THEMES = {"person": "社会保障", "entity": "市场监管", "other": "城市治理"}
LEGAL_BASIS = [
    ("law", "《中华人民共和国个人信息保护法》第十三条、第三十四条"),
    ("admin_regulation", "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条"),
    ("law", "《中华人民共和国统计法》第二十五条"),
    ("ministry_rule", "《社会保险个人权益记录管理办法》第十六条"),
    ("central_policy", "《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）"),
]
TARGET_SIZE = 210
# What keeps personal records such as criminal, health and complaint files out of sharing.
NOT_SHARED_BASIS = ("law", "《中华人民共和国个人信息保护法》第二十八条、第三十四条")
CYCLES = ["realtime", "daily", "weekly", "monthly", "quarterly", "yearly"]


@dataclass
class ResourceSpec:
    org_key: str
    name: str
    base_topic: str
    theme: str
    share_type: str
    items: list[tuple] = field(default_factory=list)
    legal_basis_kind: str = ""
    legal_basis: str = ""
    update_cycle: str = "daily"
    summary: str = ""


def _items(kind: str, extras: list[str], authoritative: bool) -> list[tuple]:
    base = PERSON_ITEMS if kind == "person" else ENTITY_ITEMS if kind == "entity" else []
    rows = [(*item[:5], item[5], authoritative and bool(item[5])) for item in base]
    rows += [(*EXTRA_ITEMS[key][:5], "", False) for key in extras]
    if not rows:
        rows = [("名称", "mc", "C", "", True, "", False)]
    return rows


def resource_specs(rng: random.Random) -> list[ResourceSpec]:
    """The demo catalogue. The population and legal-entity base resources claim their data elements as the
    single source (一数一源); every other resource only references them."""
    specs = []
    share = {"u": "unconditional", "c": "conditional", "n": "not_shared"}
    for org_key, subjects in SUBJECTS.items():
        for name, kind, topic, share_code, extras in subjects:
            authoritative = name in {"人口基础信息", "法人单位基础信息"}
            specs.append(_spec(rng, org_key, name, kind, topic, share_code, extras, share, authoritative))
    for org_key, (model_key, place) in LOCAL.items():
        for name, kind, topic, share_code, extras in SUBJECTS[model_key]:
            if share_code == "n":
                continue
            local_name = f"{place}{name}"
            specs.append(_spec(rng, org_key, local_name, kind, topic, share_code, extras, share))
        for name in LOCAL_EXTRA[org_key]:
            kind = rng.choice(["person", "entity", "other"])
            extras = rng.sample(sorted(EXTRA_ITEMS), 3)
            specs.append(_spec(rng, org_key, f"{place}{name}", kind, "", rng.choice("uuuc"), extras, share))
    # Yearly statistical releases of the shareable ones bring the catalogue to a province's working size.
    for spec in list(specs):
        if len(specs) >= TARGET_SIZE:
            break
        if spec.share_type == "not_shared":
            continue
        stat_name = spec.name.removesuffix("信息") + "统计信息"
        specs.append(
            ResourceSpec(
                org_key=spec.org_key,
                name=stat_name,
                base_topic="",
                theme=spec.theme or THEMES["other"],
                share_type="unconditional",
                items=[
                    ("统计年度", "tjnd", "N", "", True, "", False),
                    ("所在地区", "szdq", "C", "", False, "", False),
                    ("数量", "sl", "N", "", False, "", False),
                ],
                update_cycle="yearly",
                summary=f"按年度、地区汇总的{stat_name}。",
            )
        )
    return specs


def _spec(rng, org_key, name, kind, topic, share_code, extras, share, authoritative=False) -> ResourceSpec:
    spec = ResourceSpec(
        org_key=org_key,
        name=name,
        base_topic=topic,
        theme="" if topic else THEMES[kind],
        share_type=share[share_code],
        items=_items(kind, extras, authoritative),
        update_cycle=rng.choice(CYCLES),
        summary=f"{name}，包括" + "、".join(item[0] for item in _items(kind, extras, False)) + "等信息项。",
    )
    if share_code == "c":
        spec.legal_basis_kind, spec.legal_basis = rng.choice(LEGAL_BASIS)
    elif share_code == "n":
        spec.legal_basis_kind, spec.legal_basis = NOT_SHARED_BASIS
    return spec
