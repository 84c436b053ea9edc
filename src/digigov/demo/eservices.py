"""The service-item catalogue (S4, R4.1) of the demo province: about 250 items implemented by the demo departments
at province, city and county level, from a table of real high-frequency items (居民身份证换领, 出生登记, 营业执照
设立登记, 食品经营许可, 社会保障卡申领 …), with guides composed from templates, themes for both audiences,
materials replaced by e-licences or shared data where the demo catalogue holds them, joint parts on enterprise
start-up, and 主动推送 links (出生登记 → 社会保障卡申领).

Items go through the services like a department's own (draft → submit → publish), on the shipped process
definitions when the workflow app has them (`src/digigov/workflow/processes/`); without them the items stay
drafts, since an item is published only with its process. Its own random generator keeps the rest of the demo
as it was. Idempotent: an item already catalogued is left as it is.
"""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.catalog.models import Resource
from digigov.core.choices import OrganisationKind
from digigov.core.codegen import make_uscc
from digigov.core.models import Organisation
from digigov.core.rules import rule, rule_set
from digigov.demo import licences as demo_licences
from digigov.eservices import services
from digigov.eservices.choices import KIND_CODES, Audience, ItemKind, ItemStatus
from digigov.eservices.models import BasicItem, ServiceItem, Theme
from digigov.eservices.prefill import SYSTEM_RULE
from digigov.exchange import services as exchange
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.models import Grant, ShareApplication
from digigov.identity.api import SystemClient, system_client_register, system_clients_of
from digigov.workflow import api as workflow

THEMES = [
    (Audience.PERSON, "p-birth", "出生"),
    (Audience.PERSON, "p-residence", "户籍身份"),
    (Audience.PERSON, "p-school", "上学"),
    (Audience.PERSON, "p-work", "就业创业"),
    (Audience.PERSON, "p-marriage", "婚姻生育"),
    (Audience.PERSON, "p-housing", "住房"),
    (Audience.PERSON, "p-social", "社会保障"),
    (Audience.PERSON, "p-travel", "交通出行"),
    (Audience.PERSON, "p-elderly", "养老"),
    (Audience.LEGAL_PERSON, "e-startup", "企业开办"),
    (Audience.LEGAL_PERSON, "e-permit", "准营准入"),
    (Audience.LEGAL_PERSON, "e-operation", "经营管理"),
    (Audience.LEGAL_PERSON, "e-staff", "用工社保"),
    (Audience.LEGAL_PERSON, "e-construction", "工程建设"),
    (Audience.LEGAL_PERSON, "e-change", "变更注销"),
]
KINDS = {
    "L": ItemKind.LICENCE,
    "C": ItemKind.CONFIRMATION,
    "B": ItemKind.BENEFIT,
    "A": ItemKind.ADJUDICATION,
    "R": ItemKind.REWARD,
    "F": ItemKind.FILING,
    "O": ItemKind.OTHER_POWER,
    "S": ItemKind.PUBLIC_SERVICE,
}

# sector: (implementing departments: the province's first, then city and county ones; legal basis of its items)
SECTORS = {
    "psb": (
        ["psb", "wh-psb"],
        "《中华人民共和国居民身份证法》《中华人民共和国户口登记条例》《中华人民共和国道路交通安全法》",
    ),
    "amr": (["amr", "wh-amr", "ja-gov"], "《中华人民共和国市场主体登记管理条例》《中华人民共和国食品安全法》"),
    "hrss": (["hrss", "wh-gov", "ja-gov"], "《中华人民共和国社会保险法》《中华人民共和国就业促进法》"),
    "ca": (["ca", "wh-gov", "ja-gov"], "《婚姻登记条例》《社会救助暂行办法》《社会团体登记管理条例》"),
    "health": (["health", "wh-gov", "ja-gov"], "《中华人民共和国基本医疗卫生与健康促进法》《中华人民共和国医师法》"),
    "nr": (["nr", "wh-gov"], "《不动产登记暂行条例》《中华人民共和国土地管理法》《中华人民共和国城乡规划法》"),
    "edu": (["edu", "hs-egov"], "《中华人民共和国教育法》《教师资格条例》《中华人民共和国民办教育促进法》"),
}

# (name, kind, audience p|e, theme, legal days, promised days); 0/0 = handled at once without a legal limit
ITEMS = {
    "psb": [
        ("居民身份证换领", "C", "p", "p-residence", 60, 15),
        ("居民身份证补领", "C", "p", "p-residence", 60, 15),
        ("临时居民身份证核发", "C", "p", "p-residence", 3, 1),
        ("出生登记", "C", "p", "p-birth", 30, 0),
        ("死亡注销户口", "C", "p", "p-residence", 30, 0),
        ("户口迁移（投靠）", "L", "p", "p-residence", 20, 5),
        ("户口迁移（人才引进）", "L", "p", "p-work", 20, 5),
        ("户口登记项目变更更正", "C", "p", "p-residence", 20, 5),
        ("居住证核发", "S", "p", "p-residence", 15, 7),
        ("无犯罪记录证明开具", "S", "p", "p-work", 5, 1),
        ("普通护照签发", "L", "p", "p-travel", 15, 7),
        ("往来港澳通行证签发", "L", "p", "p-travel", 15, 7),
        ("往来台湾通行证签发", "L", "p", "p-travel", 15, 7),
        ("机动车驾驶证换证", "L", "p", "p-travel", 10, 1),
        ("机动车驾驶证补证", "L", "p", "p-travel", 10, 1),
        ("机动车注册登记", "C", "p", "p-travel", 5, 1),
        ("机动车转移登记", "C", "p", "p-travel", 5, 1),
        ("机动车检验合格标志核发", "S", "p", "p-travel", 3, 0),
        ("印章刻制备案", "F", "e", "e-startup", 1, 0),
        ("公章刻制业务许可", "L", "e", "e-permit", 20, 5),
        ("旅馆业特种行业许可", "L", "e", "e-permit", 20, 10),
        ("大型群众性活动安全许可", "L", "e", "e-operation", 7, 5),
    ],
    "amr": [
        ("营业执照设立登记（有限责任公司）", "L", "e", "e-startup", 15, 1),
        ("营业执照设立登记（个人独资企业）", "L", "e", "e-startup", 15, 1),
        ("个体工商户设立登记", "L", "e", "e-startup", 15, 1),
        ("农民专业合作社设立登记", "L", "e", "e-startup", 15, 1),
        ("企业变更登记", "L", "e", "e-change", 15, 1),
        ("企业注销登记", "L", "e", "e-change", 15, 1),
        ("企业简易注销登记", "L", "e", "e-change", 20, 3),
        ("个体工商户注销登记", "L", "e", "e-change", 15, 1),
        ("食品经营许可", "L", "e", "e-permit", 20, 5),
        ("食品生产许可", "L", "e", "e-permit", 20, 10),
        ("食品小作坊登记", "F", "e", "e-permit", 15, 5),
        ("药品零售企业许可", "L", "e", "e-permit", 30, 15),
        ("第二类医疗器械经营备案", "F", "e", "e-permit", 5, 1),
        ("特种设备使用登记", "C", "e", "e-operation", 15, 5),
        ("计量器具型式批准", "L", "e", "e-operation", 20, 10),
        ("工业产品生产许可", "L", "e", "e-permit", 60, 20),
        ("企业名称自主申报", "S", "e", "e-startup", 0, 0),
        ("股权出质设立登记", "F", "e", "e-operation", 5, 1),
        ("动产抵押登记", "F", "e", "e-operation", 5, 1),
        ("企业年度报告公示", "S", "e", "e-operation", 0, 0),
        ("商标专用权质押登记", "F", "e", "e-operation", 10, 5),
        ("广告发布登记", "F", "e", "e-operation", 10, 3),
    ],
    "hrss": [
        ("社会保障卡申领", "S", "p", "p-social", 20, 5),
        ("社会保障卡补换", "S", "p", "p-social", 20, 5),
        ("职工参保登记", "C", "e", "e-staff", 15, 1),
        ("城乡居民养老保险参保登记", "C", "p", "p-elderly", 15, 1),
        ("基本养老保险关系转移接续", "S", "p", "p-elderly", 45, 15),
        ("养老保险待遇申领", "B", "p", "p-elderly", 30, 10),
        ("失业保险金申领", "B", "p", "p-work", 20, 5),
        ("工伤认定申请", "C", "p", "p-work", 60, 30),
        ("工伤保险待遇核定", "B", "p", "p-work", 30, 15),
        ("生育保险待遇核准支付", "B", "p", "p-marriage", 20, 10),
        ("就业创业证申领", "S", "p", "p-work", 10, 1),
        ("职业资格证书核发", "S", "p", "p-work", 20, 10),
        ("人力资源服务许可", "L", "e", "e-staff", 20, 10),
        ("劳务派遣经营许可", "L", "e", "e-staff", 20, 10),
        ("企业实行不定时工作制审批", "L", "e", "e-staff", 20, 10),
        ("技能人才评价证书查询", "S", "p", "p-work", 0, 0),
        ("个人权益记录查询打印", "S", "p", "p-social", 0, 0),
        ("单位参保证明查询打印", "S", "e", "e-staff", 0, 0),
    ],
    "ca": [
        ("结婚登记", "C", "p", "p-marriage", 0, 0),
        ("离婚登记", "C", "p", "p-marriage", 30, 30),
        ("补领婚姻登记证", "C", "p", "p-marriage", 0, 0),
        ("最低生活保障申请", "B", "p", "p-social", 30, 20),
        ("特困人员救助供养", "B", "p", "p-social", 30, 20),
        ("临时救助申请", "B", "p", "p-social", 15, 10),
        ("残疾人两项补贴申请", "B", "p", "p-social", 20, 10),
        ("社会团体成立登记", "L", "e", "e-startup", 60, 20),
        ("民办非企业单位成立登记", "L", "e", "e-startup", 60, 20),
        ("高龄津贴申领", "B", "p", "p-elderly", 20, 10),
    ],
    "health": [
        ("出生医学证明签发", "S", "p", "p-birth", 5, 1),
        ("医师执业注册", "L", "p", "p-work", 20, 5),
        ("护士执业注册", "L", "p", "p-work", 20, 5),
        ("医疗机构执业登记", "L", "e", "e-permit", 45, 20),
        ("公共场所卫生许可", "L", "e", "e-permit", 20, 5),
        ("生活饮用水供水单位卫生许可", "L", "e", "e-permit", 20, 10),
        ("预防接种证办理", "S", "p", "p-birth", 0, 0),
        ("母婴保健技术服务执业许可", "L", "e", "e-permit", 20, 10),
        ("放射诊疗许可", "L", "e", "e-permit", 20, 15),
        ("独生子女父母光荣证办理", "R", "p", "p-marriage", 30, 10),
    ],
    "nr": [
        ("不动产首次登记", "C", "p", "p-housing", 30, 5),
        ("不动产转移登记", "C", "p", "p-housing", 30, 5),
        ("不动产抵押登记", "C", "p", "p-housing", 30, 3),
        ("不动产登记资料查询", "S", "p", "p-housing", 0, 0),
        ("建设用地规划许可", "L", "e", "e-construction", 20, 10),
        ("乡村建设规划许可", "L", "e", "e-construction", 20, 10),
        ("建设项目用地预审与选址意见书", "L", "e", "e-construction", 20, 10),
        ("采矿权登记", "L", "e", "e-operation", 40, 20),
    ],
    "edu": [
        ("教师资格认定", "L", "p", "p-work", 30, 15),
        ("民办学校办学许可", "L", "e", "e-permit", 90, 30),
        ("义务教育入学登记", "S", "p", "p-school", 0, 0),
        ("学历证明书办理", "S", "p", "p-school", 10, 3),
        ("普通高中学生学籍转接", "S", "p", "p-school", 10, 5),
        ("学生资助申请", "B", "p", "p-school", 20, 10),
    ],
}
# (fee name, basis, amount in fen) of the items that charge
FEES = {
    "居民身份证换领": ("居民身份证工本费", "《中华人民共和国居民身份证法》；发改价格〔2005〕436号", 2000),
    "居民身份证补领": ("居民身份证工本费", "《中华人民共和国居民身份证法》；发改价格〔2005〕436号", 4000),
    "临时居民身份证核发": ("临时居民身份证工本费", "发改价格〔2005〕436号", 1000),
    "普通护照签发": ("普通护照工本费", "发改价格规〔2019〕914号", 12000),
    "往来港澳通行证签发": ("往来港澳通行证工本费", "发改价格规〔2019〕914号", 6000),
    "往来台湾通行证签发": ("往来台湾通行证工本费", "发改价格规〔2019〕914号", 6000),
    "机动车驾驶证补证": ("机动车驾驶证工本费", "计价格〔2004〕1459号", 1000),
}
# Materials an e-licence replaces: the demo licence types of the same name (demo/licences.py, GB/T 36902 codes).
LICENCES = ["居民身份证", "营业执照", "出生医学证明", "结婚证", "机动车驾驶证", "不动产权证书"]
_licence_codes: dict[str, str] = {}  # name -> type code, set by load_eservices from the demo's departments
# Materials shared data replaces: (catalogue resource of the demo, its information items, the applicant's key)
SHARED = {
    "户口簿": ("人口基础信息", ["xm", "sfzh"], "id_number"),
    "法定代表人身份证明": ("法人单位基础信息", ["tyshxydm", "dwmc", "fddbr"], "uscc"),
    "社会保险参保证明": ("社会保险参保信息", ["xm", "sfzh"], "id_number"),
    "婚姻状况证明": ("婚姻登记信息", ["xm", "sfzh"], "id_number"),
}
# Extra materials by item name
EXTRA = {
    "出生登记": ["出生医学证明", "父母结婚证"],
    "户口迁移（投靠）": ["户口簿", "亲属关系证明"],
    "结婚登记": ["户口簿", "本人近期半身免冠合影照片"],
    "社会保障卡申领": ["户口簿", "本人近期免冠照片"],
    "不动产转移登记": ["不动产权证书", "不动产买卖合同", "婚姻状况证明"],
    "不动产抵押登记": ["不动产权证书", "抵押合同"],
    "失业保险金申领": ["社会保险参保证明", "解除劳动关系证明"],
    "食品经营许可": ["营业执照", "食品安全管理制度", "经营场所平面图"],
    "机动车驾驶证换证": ["机动车驾驶证", "身体条件证明"],
    "机动车驾驶证补证": ["身体条件证明"],
}
# 并联审批: the co-reviewing sector's department at the same level (the one at the same index), part by part
JOINT = {
    # on the shipped 并联审批 process (src/digigov/workflow/processes/joint.bpmn: parts co1 and co2)
    "旅馆业特种行业许可": [
        ("co1", "amr", "营业执照和食品经营许可核验", 2, ["营业执照"]),
        ("co2", "psb", "治安消防条件审查", 3, ["申请书"]),
    ],
    # on the shipped 企业开办 process (enterprise_startup.bpmn): registration first, then the other three in parallel
    "营业执照设立登记（有限责任公司）": [
        ("registration", "amr", "设立登记", 1, ["申请书"]),
        ("seal", "psb", "公章刻制", 1, ["申请书"]),
        ("invoice", "tax", "发票申领", 1, ["法定代表人身份证明"]),
        ("social", "hrss", "职工社保登记", 1, ["法定代表人身份证明"]),
    ],
}
# The tax bureau is a vertical organisation (国家税务总局 …): it co-reviews 企业开办 but implements no item here.
TAX = ("国家税务总局湖北省税务局", "省税务局")
# 主动推送: after a case of the first concludes, the second is pointed to (at the same level)
LINKS = [
    ("出生医学证明签发", "出生登记", "新生儿取得出生医学证明后，可办理出生登记（落户）。"),
    ("出生登记", "社会保障卡申领", "新生儿落户后，可为其申领社会保障卡。"),
    ("出生登记", "预防接种证办理", "新生儿落户后，请及时办理预防接种证。"),
    ("结婚登记", "户口迁移（投靠）", "登记结婚后，可办理夫妻投靠落户。"),
    ("营业执照设立登记（有限责任公司）", "职工参保登记", "企业设立后，应在 30 日内为职工办理社保登记。"),
]
# The platform's own system for one-form filling (一表式填报): a consumer of the exchange like any other, run by the
# department that runs the 政务服务中心 and 湖北政务服务网 (the platform operator, 省政务办). It needs no API key: it
# reads in-process (exchange.api.shared_record) and never calls the gateway over HTTP.
ESERVICES_SYSTEM = (
    "一体化政务服务平台（一表式填报）",
    "网上办事时从申请人本人的人口、法人等基础信息带出申请表内容，核验可免于提交的申请材料",
    "省政务办 027-87230100",
)
ESERVICES_PURPOSE = "一表式填报：申请表自动带出申请人信息；可由共享数据替代的申请材料免于提交"
ESERVICES_BASIS = (
    "《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）；"
    "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第十三条"
)
AREA_CODES = {"420000": "027", "420100": "027", "420102": "027", "420200": "0714"}
HOURS = "工作日 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）"


@dataclass(frozen=True)
class EservicesResult:
    items: int
    published: int


def _guide(rng, name, audience, depth, visits, org) -> dict:
    who = "申请人" if audience == Audience.PERSON else "申请单位"
    online = {
        4: "全程网办：通过湖北政务服务网或“鄂汇办”提交申请，审批结果以电子证照或邮寄送达，无需到现场。",
        3: "网上申请、网上预审通过后，到窗口核验原件并领取结果，到现场一次。",
        2: "网上下载表格、预约后，到窗口提交材料并领取结果。",
        1: "网上查阅办事指南后，到窗口提交材料并领取结果。",
    }[depth]
    area = AREA_CODES.get(org.division_id, "027")
    return {
        "conditions": f"{who}符合法律法规规定的{name}条件，提交的材料真实、完整、有效。",
        "procedure": f"1. 申请：{online}\n2. 受理：材料齐全、符合法定形式的予以受理，不齐全的一次性告知补正。"
        "\n3. 审查：对申请材料进行审查，需要核实的依法核实。\n4. 决定：作出准予或不予的决定。"
        "\n5. 送达：结果通过电子证照、窗口或邮寄送达。",
        "place": f"{org.division.name}政务服务中心 {org.short_name or org.name} 窗口",
        "hours": HOURS,
        "consult_phone": f"{area}-8{rng.randint(1000000, 9999999)}",
        "complaint_phone": "12345",
        "mailing_offered": visits <= 1,
    }


def _depth(rng, level_index: int, n: int) -> int:
    """网办深度: province items nearly all III or IV (R4.1: 90 %); city and county ones a little less."""
    if level_index == 0:
        return 2 if n % 20 == 19 else rng.choice([4, 4, 3])
    return rng.choice([4, 4, 3, 3, 3, 2, 1]) if n % 6 else 2


def _materials(name, audience, resources) -> list[dict]:
    if audience == Audience.PERSON:
        names = ["居民身份证", *EXTRA.get(name, ["户口簿"]), "申请表"]
    else:
        names = ["营业执照", "法定代表人身份证明", *EXTRA.get(name, []), "申请书", "承诺书"]
    if name.startswith(("营业执照设立", "个体工商户设立", "农民专业合作社设立", "企业名称", "社会团体", "民办非")):
        names = [n for n in names if n != "营业执照"]
    materials = []
    for material in dict.fromkeys(names):
        entry = {"name": material, "originals": 1, "copies": 0, "formats": "both", "required": "always"}
        if material in LICENCES:
            entry |= {"source": "government", "substitute": "licence", "licence_type": _licence_codes[material]}
        elif material in SHARED and SHARED[material][0] in resources:
            resource_name, items, key = SHARED[material]
            entry |= {"source": "government", "substitute": "shared", "resource": resources[resource_name]}
            entry |= {"items": items, "key": key}
        elif material == "承诺书":
            entry |= {"required": "tolerated", "formats": "electronic"}
        else:
            entry |= {"source": "applicant", "copies": 1 if material.endswith("证明") else 0}
        materials.append(entry)
    return materials


# Which shipped process an item runs on (workflow/processes/manifest.json): 即办件 for an item promised at once,
# the general procedure otherwise; a joint item runs on the process whose part lanes are exactly its parts.


def _processes(admin) -> dict:
    """The processes the platform ships, installed through the workflow app (idempotent):
    {key: (definition, part codes of its lanes)}."""
    found = {}
    for key in workflow.shipped_processes():
        definition = workflow.shipped_install(actor=admin, key=key)
        lanes = definition.current.lanes.values()
        found[key] = (definition, frozenset(lane["part"] for lane in lanes if lane["scope"] == "part"))
    return found


def _process_for(processes: dict, promised: int, parts: list[dict]):
    if parts:
        codes = frozenset(p["code"] for p in parts)
        return next((d for d, lanes in processes.values() if lanes == codes), None)
    return processes["instant" if promised == 0 else "general"][0]


def _tax_bureau(rng: random.Random) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=TAX[0],
        division_id="420000",
        parent=None,
        defaults={
            "short_name": TAX[1],
            "kind": OrganisationKind.DEPARTMENT,
            "uscc": make_uscc(rng, division="420000", authority="1", category="1"),
        },
    )
    return organisation


# The application form of an item (demo/forms.py keys): its own where the matter has one, else by audience and kind.
OWN_FORMS = {"出生登记": "birth-registration", "营业执照设立登记（有限责任公司）": "company-setup"}


def _form_for(forms: dict, name: str, audience: str, kind: str):
    key = OWN_FORMS.get(name)
    if key is None and "补领" in name and audience == Audience.LEGAL_PERSON:
        key = "licence-reissue"
    if key is None and kind == ItemKind.LICENCE and audience == Audience.LEGAL_PERSON:
        key = "licence-application"
    if key is None:
        key = "personal-application" if audience == Audience.PERSON else "enterprise-application"
    return forms.get(key)


def load_eservices(rng: random.Random, orgs: dict[str, Organisation], forms: dict | None = None) -> EservicesResult:
    admin = get_user_model().objects.get(username="admin")
    _licence_codes.update(demo_licences.type_codes(orgs))
    for n, (audience, code, name) in enumerate(THEMES):
        if not Theme.objects.filter(code=code).exists():
            services.theme_create(actor=admin, audience=audience, code=code, name=name, order=n)
    resources = {
        r.name: r
        for r in Resource.objects.filter(name__in=[s[0] for s in SHARED.values()], status="published").order_by("pk")
    }
    processes = _processes(admin)
    orgs = {**orgs, "tax": _tax_bureau(rng)}
    made: dict[tuple[str, int], ServiceItem] = {}
    n = 0
    for sector_no, (sector, (org_keys, basis)) in enumerate(SECTORS.items(), 1):
        for row_no, (name, kind_code, who, theme, legal, promised) in enumerate(ITEMS[sector], 1):
            kind = KINDS[kind_code]
            basic_code = f"{KIND_CODES[kind]}{sector_no:03d}{row_no:07d}"
            basic = BasicItem.objects.filter(basic_code=basic_code).first() or services.basic_item_create(
                actor=admin, basic_code=basic_code, name=name, kind=kind, legal_basis=basis
            )
            audience = Audience.PERSON if who == "p" else Audience.LEGAL_PERSON
            for level, key in enumerate(org_keys):
                org = orgs[key]
                n += 1
                form = _form_for(forms or {}, name, audience, kind)
                made[(name, level)] = _item(
                    rng, admin, basic, org, level, n, audience, theme, legal, promised, resources, processes, orgs, form
                )
    for source, target, reason in LINKS:
        for level in range(3):
            item, related = made.get((source, level)), made.get((target, level))
            if item is not None and related is not None and not item.links.filter(related=related).exists():
                services.item_link_create(actor=admin, item=item, related=related, reason=reason)
    load_eservices_system(admin, orgs, resources)
    published = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).count()
    return EservicesResult(len(made), published)


def load_eservices_system(admin, orgs: dict[str, Organisation], resources: dict[str, Resource]) -> SystemClient:
    """Register online services' system for the platform operator, grant it (raw values: a form is filled with the
    applicant's own data) every item of the resources the demo's materials name as substitutes, through the
    exchange's application services (a conditional one forwarded and granted as its provider would), and name it
    in the rule `eservices.exchange_system`. Idempotent."""
    name, purpose, contact = ESERVICES_SYSTEM
    system = system_clients_of(orgs["gov"]).filter(name=name).first()
    if system is None:
        system = system_client_register(
            actor=admin, organisation=orgs["gov"], name=name, purpose=purpose, contact=contact
        )
    today = timezone.localdate()
    until = today.replace(year=today.year + 3, day=min(today.day, 28))
    for resource in resources.values():
        if Grant.objects.filter(system=system, resource=resource, is_active=True).exists():
            continue
        application = exchange.application_submit(
            actor=admin,
            consumer=orgs["gov"],
            resource_id=resource.pk,
            item_ids=[item.pk for item in resource.items.all()],
            purpose=ESERVICES_PURPOSE,
            legal_basis=ESERVICES_BASIS,
            period_start=today,
            period_end=until,
            system_id=system.pk,
            raw_values=True,
        )
        if application.status == ApplicationStatus.OPERATOR_CHECK:
            exchange.application_forward(actor=admin, application=application)
            exchange.application_grant(actor=admin, application=ShareApplication.objects.get(pk=application.pk))
    if rule(SYSTEM_RULE) != system.pk:
        rule_set(actor=admin, key=SYSTEM_RULE, value=system.pk)
    return system


def _item(rng, admin, basic, org, level, n, audience, theme, legal, promised, resources, processes, orgs, form=None):
    existing = ServiceItem.objects.filter(basic=basic, organisation=org).first()
    if existing is not None:
        return existing
    depth = _depth(rng, level, n)
    visits = 0 if depth == 4 else 1 if depth == 3 else rng.choice([1, 2])
    parts = []
    for code, sector, part_name, days, materials in JOINT.get(basic.name, []):
        keys = SECTORS[sector][0] if sector in SECTORS else [sector]
        parts.append(
            {
                "code": code,
                "organisation": orgs[keys[min(level, len(keys) - 1)]],
                "name": part_name,
                "working_days": days,
                "materials": materials,
            }
        )
    fee = FEES.get(basic.name)
    item = services.item_create(
        actor=admin,
        basic=basic,
        organisation=org,
        name=basic.name,
        audience=audience,
        themes=[theme],
        legal_days=legal,
        promised_days=promised,
        fee=[{"name": fee[0], "basis": fee[1], "amount_fen": fee[2]}] if fee else [],
        visits=visits,
        online_depth=depth,
        process=_process_for(processes, promised, parts),
        form=form,
        materials=_materials(basic.name, audience, resources),
        parts=parts,
        **_guide(rng, basic.name, audience, depth, visits, org),
    )
    if item.process_id:
        services.item_submit(actor=admin, item=item)
        services.item_review(actor=admin, item=item, approve=True)
    return item
