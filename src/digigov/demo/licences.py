"""Electronic licences of the demo (S6: R6.1, R6.2): twelve licence types of ten departments, and licences for the
people and legal entities of the population and legal-entity tables (the sharing demo) — 100,000 by default
(setting DIGIGOV_DEMO_LICENCES) — issued through `issue_bulk` as the departments' licence-library migration, sealed
with each department's 电子证照专用章. The demo citizen 张伟 and the demo enterprises find a filled wallet.

Types are created in the order listed, so a department's n-th type has the code `<its credit code><n:03d>` and the
service items' materials (demo/eservices.py) can name them before they exist. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.models import Organisation
from digigov.identity import api as identity
from digigov.licenses import api as licenses
from digigov.licenses.choices import HolderKind, IssueSource, ItemKind
from digigov.licenses.models import Licence, LicenceType
from digigov.licenses.services import batch, types

P, L = HolderKind.PERSON, HolderKind.LEGAL_PERSON
T, D, N, ID = ItemKind.TEXT, ItemKind.DATE, ItemKind.NUMBER, ItemKind.ID_NUMBER

# (department key, licence name, holder kind, validity years or None, colour, [(key, label, kind)])
TYPES: list[tuple[str, str, str, int | None, str, list[tuple[str, str, str]]]] = [
    ("psb", "居民身份证", P, 20, "#1f4e9c", [("sex", "性别", T), ("birth", "出生日期", D), ("address", "住址", T)]),
    ("psb", "居民户口簿", P, None, "#7a4b1e", [("relation", "与户主关系", T), ("address", "住址", T)]),
    ("hrss", "社会保障卡", P, 10, "#0f6b5c", [("ss_number", "社会保障号码", ID), ("bank", "发卡银行", T)]),
    ("wh-psb", "机动车驾驶证", P, 6, "#1f4e9c", [("vehicle_class", "准驾车型", T), ("first_issued", "初领日期", D)]),
    ("ca", "结婚证", P, None, "#b22222", [("registered_on", "登记日期", D), ("spouse", "配偶姓名", T)]),
    (
        "nr",
        "不动产权证书",
        P,
        None,
        "#8a1c1c",
        [("location", "坐落", T), ("unit", "不动产单元号", T), ("use", "用途", T), ("area", "面积（平方米）", N)],
    ),
    ("edu", "教师资格证", P, None, "#2d5f2e", [("grade", "资格种类", T), ("subject", "任教学科", T)]),
    ("health", "医师执业证书", P, None, "#0f6b5c", [("category", "执业类别", T), ("scope", "执业范围", T)]),
    ("health", "出生医学证明", P, None, "#b0457b", [("born_on", "出生日期", D), ("place", "出生地点", T)]),
    (
        "amr",
        "营业执照",
        L,
        None,
        "#8a1c1c",
        [
            ("kind", "类型", T),
            ("representative", "法定代表人", T),
            ("capital", "注册资本（万元）", N),
            ("address", "住所", T),
        ],
    ),
    ("wh-amr", "食品经营许可证", L, 5, "#0f6b5c", [("premises", "经营场所", T), ("business", "主体业态", T)]),
    ("ja-gov", "公共场所卫生许可证", L, 4, "#1f4e9c", [("premises", "经营场所", T), ("project", "许可项目", T)]),
]
# What share of the people (entities) hold each type beside the ones everybody holds (身份证, 户口簿, 社保卡, 营业执照).
SHARE = {
    "机动车驾驶证": 0.6,
    "结婚证": 0.5,
    "不动产权证书": 0.45,
    "教师资格证": 0.05,
    "医师执业证书": 0.03,
    "出生医学证明": 0.15,
    "食品经营许可证": 0.35,
    "公共场所卫生许可证": 0.25,
}
# The wallet of the demo citizen 张伟 and of the demo enterprises: every type of their kind.
MIGRATION = "证照库存量数据迁移"  # who the ledger names: the department's licence library migration


def type_codes(orgs: dict[str, Organisation]) -> dict[str, str]:
    """Each demo licence name's national type code (GB/T 36902), known before the types are made."""
    counts: dict[str, int] = {}
    codes = {}
    for org_key, name, *_rest in TYPES:
        counts[org_key] = counts.get(org_key, 0) + 1
        codes[name] = licenses.identifiers.type_code(orgs[org_key].uscc, counts[org_key])
    return codes


def load_types(orgs: dict[str, Organisation]) -> dict[str, LicenceType]:
    admin = get_user_model().objects.get(username="admin")
    made = {}
    for org_key, name, kind, years, colour, items in TYPES:
        existing = LicenceType.objects.filter(issuer=orgs[org_key], name=name).first()
        made[name] = existing or types.licence_type_save(
            actor=admin,
            issuer=orgs[org_key],
            name=name,
            holder_kind=kind,
            items=[{"key": k, "label": label, "kind": ik, "required": True} for k, label, ik in items],
            validity_years=years,
            appearance={"title": name, "colour": colour, "layout": "certificate"},
        )
    return made


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _value(rng: random.Random, key: str, kind: str, holder: dict, today: dt.date) -> str:
    if key in ("address", "location", "premises"):
        return holder.get("zz") or "湖北省武汉市江岸区沿江大道188号"
    if key == "birth":
        code = holder["code"]
        return f"{code[6:10]}-{code[10:12]}-{code[12:14]}"
    if key == "sex":
        return "男" if int(holder["code"][16]) % 2 else "女"
    if key == "ss_number":
        return holder["code"]
    if key == "representative":
        return holder.get("fddbr") or "周强"
    if kind == ItemKind.DATE:
        return _day(rng, dt.date(2000, 1, 1), today).isoformat()
    if kind == ItemKind.NUMBER:
        return str(rng.randint(30, 500))
    return rng.choice(
        {
            "relation": ["户主", "配偶", "子", "女"],
            "bank": ["中国工商银行", "中国建设银行", "湖北银行", "汉口银行"],
            "vehicle_class": ["C1", "C1", "C2", "B2", "A1"],
            "spouse": ["王芳", "李强", "刘敏", "陈杰", "赵丽"],
            "unit": [f"420102{rng.randint(1, 999):03d}GB{rng.randint(10000, 99999)}F0001{rng.randint(1000, 9999)}"],
            "use": ["住宅", "住宅", "商业"],
            "grade": ["小学教师资格", "初级中学教师资格", "高级中学教师资格"],
            "subject": ["语文", "数学", "英语", "物理"],
            "category": ["临床", "中医", "口腔"],
            "scope": ["内科专业", "外科专业", "儿科专业"],
            "place": ["武汉市妇幼保健院", "湖北省人民医院", "武汉市中心医院"],
            "kind": ["有限责任公司", "有限责任公司（自然人独资）", "股份有限公司"],
            "business": ["餐饮服务经营者", "食品销售经营者"],
            "project": ["住宿", "美容美发", "游泳场所"],
        }.get(key, ["—"])
    )


def _rows(rng, licence_type: LicenceType, holders: Iterable[dict], today: dt.date, first: int) -> list[dict]:
    rows = []
    for n, holder in enumerate(holders, start=first):
        issued = _day(rng, today - dt.timedelta(days=365 * 8), today - dt.timedelta(days=1))
        if licence_type.name == "居民身份证":
            number = holder["code"]
        else:
            number = f"{(licence_type.issuer.uscc or '004200000')[2:8]}{n:010d}"  # the issuer's division, a count
        rows.append(
            {
                "holder_kind": licence_type.holder_kind,
                "holder_name": holder["name"],
                "holder_code": holder["code"],
                "number": number,
                "issued_on": issued,
                "valid_from": issued,
                "data": {
                    item["key"]: _value(rng, item["key"], item["kind"], holder, today) for item in licence_type.items
                },
            }
        )
    return rows


def _holders(people: list[dict], entities: list[dict]) -> tuple[list[dict], list[dict]]:
    """The demo's account holders first (their wallets are filled), then the tables' residents and entities."""
    persons, firms = [], []
    for user in get_user_model().objects.filter(username__startswith=("citizen.")).order_by("username"):
        party = identity.party_of(user)
        if party is not None:
            persons.append({"name": party.name, "code": party.code, "zz": ""})
    for user in get_user_model().objects.filter(username__startswith="lp.").order_by("username"):
        party = identity.party_of(user)
        if party is not None:
            firms.append({"name": party.name, "code": party.code, "fddbr": party.representative, "zz": ""})
    known = {h["code"] for h in persons + firms}
    for p in people:  # each person once: an added resident may have drawn a code a drawn one has
        if p["sfzh"] not in known:
            known.add(p["sfzh"])
            persons.append({"name": p["xm"], "code": p["sfzh"], "zz": p["zz"]})
    for e in entities:
        if e["tyshxydm"] not in known:
            known.add(e["tyshxydm"])
            firms.append({"name": e["dwmc"], "code": e["tyshxydm"], "fddbr": e["fddbr"], "zz": e["zz"]})
    return persons, firms


def load_licences(
    rng: random.Random, orgs: dict[str, Organisation], *, people: list[dict], entities: list[dict], target: int
) -> int:
    """The types, then about `target` licences (none if the demo already has licences). Returns how many."""
    made = load_types(orgs)
    if Licence.objects.exists():
        return 0
    persons, firms = _holders(people, entities)
    demo_persons = {h["code"] for h in persons[:6]}
    demo_firms = {h["code"] for h in firms[:3]}
    today = timezone.localdate()
    plan: list[tuple[LicenceType, list[dict]]] = []
    for _org_key, name, kind, *_rest in TYPES:
        holders = persons if kind == P else firms
        share = SHARE.get(name, 1.0)
        chosen = [h for h in holders if h["code"] in demo_persons | demo_firms or rng.random() < share]
        plan.append((made[name], chosen))
    total = sum(len(chosen) for _t, chosen in plan)
    if total > target:  # the tables hold more people than the target needs: a proportional sample, demo holders kept
        keep, demo = target / total, demo_persons | demo_firms
        plan = [(t, [h for h in chosen if h["code"] in demo or rng.random() < keep]) for t, chosen in plan]
    issued = 0
    for licence_type, chosen in plan:
        if not chosen:
            continue
        actor = SystemActor(
            client_id=0,
            name=MIGRATION,
            organisation_id=licence_type.issuer_id,
            roles=frozenset({Role.HANDLER}),
            channel="batch",
        )
        for start in range(0, len(chosen), batch.CHUNK * 5):
            part = chosen[start : start + batch.CHUNK * 5]
            issued += licenses.issue_bulk(
                actor=actor,
                licence_type=licence_type,
                rows=_rows(rng, licence_type, part, today, first=start + 1),
                source=IssueSource.BATCH,
                source_ref=MIGRATION,
                today=today,
            )
    return issued
