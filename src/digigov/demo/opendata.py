"""Open data (S3, R3.1) for the demo province: datasets in the fields the guidance opens first — transport,
education, culture, food and drug safety, product quality — each catalogued as 无条件开放 by its department, with a
hosted table of generated rows about places, institutions and inspections (no person among them).

It has its own random generator, so the rest of the demo is drawn exactly as before. Idempotent: a dataset already
catalogued is left as it is.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from digigov.catalog.models import Classification, Resource
from digigov.catalog.services import resource_create, resource_review, resource_submit
from digigov.core.choices import OrganisationKind
from digigov.core.codegen import make_uscc
from digigov.core.models import Organisation
from digigov.demo.hosted import host_and_mount

# Departments that only open data in the demo (their own generator keeps the other credit codes unchanged).
DEPARTMENTS = {
    "jt": ("湖北省交通运输厅", "省交通运输厅"),
    "wlt": ("湖北省文化和旅游厅", "省文旅厅"),
}
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区"]
CITIES = ["武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市", "咸宁市"]
ROADS = ["解放大道", "中山大道", "建设大道", "武珞路", "珞喻路", "和平大道", "汉阳大道", "民族大道", "雄楚大道"]
STOPS = [
    "汉口火车站",
    "武昌火车站",
    "武汉站",
    "光谷广场",
    "中南路",
    "循礼门",
    "王家湾",
    "徐东",
    "街道口",
    "青山公园",
    "黄浦路",
    "积玉桥",
    "钟家村",
    "宗关",
    "杨家湾",
    "鲁巷",
    "南湖",
    "汉口北",
    "三金潭",
    "后湖",
]
WORDS = "东西南北江汉楚荆华光明新民和兴盛德信"
SCENERY = ["山", "湖", "古镇", "公园", "遗址"]


@dataclass(frozen=True)
class OpenSpec:
    org_key: str
    classification: str  # a code of the catalogue's classification
    name: str
    summary: str
    update_cycle: str
    items: list[tuple[str, str, str]]  # (name, identifier, data type); the first is the key
    rows: Callable[[random.Random], list[list[str]]]
    key: str = ""


def _address(rng, city="武汉市") -> str:
    district = rng.choice(DISTRICTS) if city == "武汉市" else ""
    return f"湖北省{city}{district}{rng.choice(ROADS)}{rng.randint(1, 999)}号"


def _phone(rng) -> str:
    return f"027-8{rng.randint(1000000, 9999999)}"


def _date(rng, start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=rng.randrange(days))).isoformat()


def _bus_lines(rng):
    rows = []
    for n in rng.sample(range(1, 800), 40):
        first, last = rng.sample(STOPS, 2)
        rows.append(
            [
                f"{n}路",
                first,
                last,
                f"0{rng.randint(5, 6)}:{rng.choice(['00', '20', '30'])}",
                f"2{rng.randint(0, 2)}:{rng.choice(['00', '30'])}",
                rng.choice(["2", "2", "1.5", "4"]),
                "武汉公交集团有限公司",
            ]
        )
    return rows


def _bus_stations(rng):
    rows = []
    for n, city in enumerate(CITIES * 2, start=1):
        level = rng.choice(["一级", "一级", "二级"])
        rows.append(
            [
                f"{city}{rng.choice(WORDS)}{rng.choice('城港口站')}客运站" if n > 11 else f"{city}汽车客运站",
                level,
                city,
                _address(rng, city),
                _phone(rng),
            ]
        )
    return _unique(rows)


def _schools(rng):
    rows = []
    for _n in range(80):
        district = rng.choice(DISTRICTS)
        stage = rng.choice(["小学", "小学", "初级中学", "高级中学", "九年一贯制学校"])
        suffix = "小学" if stage == "小学" else "中学" if "中学" in stage else "学校"
        name = f"武汉市{district}{rng.choice(WORDS)}{rng.choice(WORDS)}{suffix}"
        rows.append(
            [
                name,
                stage,
                rng.choice(["公办", "公办", "公办", "民办"]),
                district,
                f"湖北省武汉市{district}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
                _phone(rng),
            ]
        )
    return _unique(rows)


def _libraries(rng):
    rows = []
    for city in CITIES:
        for kind in ("图书馆", "文化馆", "博物馆"):
            rows.append(
                [
                    f"{city}{kind}",
                    kind,
                    city,
                    _address(rng, city),
                    rng.choice(["周二至周日 9:00-17:00", "周一至周日 9:00-21:00"]),
                    _phone(rng),
                ]
            )
    return rows


def _scenic_spots(rng):
    rows = []
    for _n in range(40):
        city = rng.choice(CITIES)
        rows.append(
            [
                f"{city}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(SCENERY)}景区",
                rng.choice(["5A", "4A", "4A", "3A", "3A"]),
                city,
                _address(rng, city),
                _date(rng, dt.date(2005, 1, 1), 7000),
            ]
        )
    return _unique(rows)


def _company(rng, trade: str) -> str:
    return f"{rng.choice(CITIES)[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}{trade}有限公司"


def _food_samples(rng):
    foods = [
        ("挂面", "500克/袋"),
        ("酱油", "500毫升/瓶"),
        ("鲜鸡蛋", "散装"),
        ("大米", "5千克/袋"),
        ("食用植物油", "5升/桶"),
        ("饮用纯净水", "550毫升/瓶"),
        ("月饼", "100克/个"),
        ("豆腐", "散装"),
    ]
    rows = []
    for n in range(120):
        food, spec = rng.choice(foods)
        failed = rng.random() < 0.06
        rows.append(
            [
                f"SJ{2026}{n + 1:05d}",
                food,
                _company(rng, "商贸"),
                _company(rng, "食品"),
                spec,
                _date(rng, dt.date(2026, 1, 1), 300),
                "不合格" if failed else "合格",
                rng.choice(["菌落总数", "酸价", "苯甲酸及其钠盐"]) if failed else "",
            ]
        )
    return rows


def _pharmacies(rng):
    rows = []
    for n in range(60):
        rows.append(
            [
                f"鄂CA027{n + 1:04d}",
                _company(rng, "大药房"),
                _address(rng),
                rng.choice(["处方药、非处方药", "非处方药", "处方药、非处方药、中药饮片"]),
                _date(rng, dt.date(2027, 1, 1), 1500),
            ]
        )
    return rows


def _product_checks(rng):
    products = ["电线电缆", "儿童玩具", "电动自行车", "家用燃气灶具", "水泥", "钢筋混凝土用热轧带肋钢筋", "学生用品"]
    rows = []
    for n in range(60):
        failed = rng.random() < 0.08
        rows.append(
            [
                f"CC{2026}{n + 1:04d}",
                rng.choice(products),
                _company(rng, "制造"),
                f"型号{rng.randint(100, 999)}",
                _date(rng, dt.date(2026, 1, 1), 300),
                "不合格" if failed else "合格",
            ]
        )
    return rows


def _food_licences(rng):
    rows = []
    for n in range(50):
        rows.append(
            [
                f"SC1{rng.randint(10, 39)}42010{n + 1:06d}",
                _company(rng, "食品"),
                rng.choice(["粮食加工品", "调味品", "饮料", "糕点", "豆制品"]),
                _date(rng, dt.date(2027, 1, 1), 1800),
            ]
        )
    return rows


def _unique(rows: list[list[str]]) -> list[list[str]]:
    seen, kept = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            kept.append(row)
    return kept


C, D = "C", "D"
SPECS = [
    OpenSpec(
        "jt",
        "205002",
        "武汉市公交线路信息",
        "武汉市常规公交线路的起讫站点、首末班时间和票价。",
        "monthly",
        [
            ("线路名称", "xlmc", C),
            ("起点站", "qdz", C),
            ("终点站", "zdz", C),
            ("首班时间", "sbsj", C),
            ("末班时间", "mbsj", C),
            ("票价（元）", "pj", "N"),
            ("运营单位", "yydw", C),
        ],
        _bus_lines,
    ),
    OpenSpec(
        "jt",
        "205001",
        "湖北省汽车客运站名录",
        "全省一级、二级汽车客运站的等级、地址和联系电话。",
        "quarterly",
        [
            ("客运站名称", "kyzmc", C),
            ("站级", "zj", C),
            ("所在市州", "szsz", C),
            ("地址", "dz", C),
            ("联系电话", "lxdh", C),
        ],
        _bus_stations,
    ),
    OpenSpec(
        "edu",
        "206001",
        "武汉市中小学校名录",
        "武汉市中小学校的学段、办学性质、所在区和地址。",
        "yearly",
        [
            ("学校名称", "xxmc", C),
            ("学段", "xd", C),
            ("办学性质", "bxxz", C),
            ("所在区", "szq", C),
            ("地址", "dz", C),
            ("联系电话", "lxdh", C),
        ],
        _schools,
    ),
    OpenSpec(
        "wlt",
        "206",
        "湖北省公共文化场馆名录",
        "全省市州公共图书馆、文化馆、博物馆的地址和开放时间。",
        "half_yearly",
        [
            ("场馆名称", "cgmc", C),
            ("类型", "lx", C),
            ("所在市州", "szsz", C),
            ("地址", "dz", C),
            ("开放时间", "kfsj", C),
            ("联系电话", "lxdh", C),
        ],
        _libraries,
    ),
    OpenSpec(
        "wlt",
        "206",
        "湖北省A级旅游景区名录",
        "全省A级旅游景区的等级、所在市州、地址和评定日期。",
        "quarterly",
        [
            ("景区名称", "jqmc", C),
            ("等级", "dj", C),
            ("所在市州", "szsz", C),
            ("地址", "dz", C),
            ("评定日期", "pdrq", D),
        ],
        _scenic_spots,
    ),
    OpenSpec(
        "amr",
        "203002",
        "食品安全监督抽检结果",
        "省级食品安全监督抽检的样品、被抽样单位、标称生产企业和检验结论。",
        "monthly",
        [
            ("抽样编号", "cybh", C),
            ("食品名称", "spmc", C),
            ("被抽样单位", "bcydw", C),
            ("标称生产企业", "bsscqy", C),
            ("规格型号", "ggxh", C),
            ("生产日期", "scrq", D),
            ("检验结论", "jyjl", C),
            ("不合格项目", "bhgxm", C),
        ],
        _food_samples,
    ),
    OpenSpec(
        "amr",
        "203002",
        "药品零售企业名录",
        "取得药品经营许可证的零售企业、许可证号、经营范围和有效期。",
        "monthly",
        [
            ("许可证编号", "xkzbh", C),
            ("企业名称", "qymc", C),
            ("经营地址", "jydz", C),
            ("经营范围", "jyfw", C),
            ("有效期至", "yxqz", D),
        ],
        _pharmacies,
    ),
    OpenSpec(
        "amr",
        "203",
        "产品质量监督抽查结果",
        "省级产品质量监督抽查的产品、生产企业、规格型号和抽查结论。",
        "quarterly",
        [
            ("抽查编号", "ccbh", C),
            ("产品名称", "cpmc", C),
            ("生产企业", "scqy", C),
            ("规格型号", "ggxh", C),
            ("抽查日期", "ccrq", D),
            ("抽查结论", "ccjl", C),
        ],
        _product_checks,
    ),
    OpenSpec(
        "wh-amr",
        "203002",
        "武汉市食品生产许可获证企业名录",
        "武汉市取得食品生产许可的企业、许可证号、食品类别和有效期。",
        "monthly",
        [("许可证编号", "xkzbh", C), ("企业名称", "qymc", C), ("食品类别", "splb", C), ("有效期至", "yxqz", D)],
        _food_licences,
    ),
]


def load_open_data(rng: random.Random, orgs: dict[str, Organisation]) -> int:
    """Catalogue, publish and host the open datasets; returns how many there are."""
    orgs = {**orgs, **_departments(rng)}
    admin = get_user_model().objects.get(username="admin")
    for spec in SPECS:
        rows = spec.rows(rng)  # drawn always, so the same draws follow on every run
        if Resource.objects.filter(provider=orgs[spec.org_key], name=spec.name).exists():
            continue
        resource = resource_create(
            actor=admin,
            provider=orgs[spec.org_key],
            classification=Classification.objects.get(code=spec.classification),
            items=[
                {
                    "name": name,
                    "identifier": ident,
                    "data_type": data_type,
                    "sensitive": "",
                    "is_key": n == 0,
                    "element": "",
                    "is_authoritative": False,
                }
                for n, (name, ident, data_type) in enumerate(spec.items)
            ],
            name=spec.name,
            summary=spec.summary,
            format="database",
            share_type="unconditional",
            share_method="api",
            open_type="unconditional",
            update_cycle=spec.update_cycle,
        )
        resource_submit(actor=admin, resource=resource)
        resource_review(actor=admin, resource=resource, approve=True, comment="符合开放要求，无条件开放。")
        header = [ident for _name, ident, _type in spec.items]
        host_and_mount(admin, resource, f"{spec.name}（开放）", header, rows, key_column=header[0])
    return len(SPECS)


def _departments(rng: random.Random) -> dict[str, Organisation]:
    found = {}
    for key, (name, short) in DEPARTMENTS.items():
        uscc = make_uscc(rng, division="420000", authority="1", category="1")
        found[key], _ = Organisation.objects.get_or_create(
            name=name,
            division_id="420000",
            parent=None,
            defaults={"short_name": short, "kind": OrganisationKind.DEPARTMENT, "uscc": uscc},
        )
    return found
