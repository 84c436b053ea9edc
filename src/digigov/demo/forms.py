"""Forms of the demo province (issue #11, ADR 0003 §3): the application forms shared by kind of matter, as staff
would design them in the form designer. Three are platform-wide (个人事项申请表, 企业事项申请表, 许可申请表), three
belong to the department that runs the matter (出生登记: 公安厅; 企业开办: 市场监管局; 证照补领: 市场监管局).

Fields the platform already holds carry `prefill` (applicant.<field>, or shared:<resource code>.<item> when the
population resource of the sharing demo is there) and national codes carry `check`, so nobody is asked again for
what the platform has (R1.7). Idempotent: a form whose key exists is left as it is.
"""

from django.contrib.auth import get_user_model

from digigov.catalog.models import Resource
from digigov.core.models import Organisation
from digigov.forms.api import FormDefinition, definition_create
from digigov.forms.choices import SCHEMA_VERSION

_counter = {"n": 0}


def _id(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}_{_counter['n']}"


def text(key, label, *, required=False, description="", check="", prefill="", max_length=None, pattern="", kind=""):
    component: dict = {"type": "textfield", "id": _id("Field"), "key": key, "label": label}
    if description:
        component["description"] = description
    validate: dict = {}
    if required:
        validate["required"] = True
    if max_length:
        validate["maxLength"] = max_length
    if pattern:
        validate["pattern"] = pattern
    if kind:
        validate["validationType"] = kind
    if validate:
        component["validate"] = validate
    properties = {k: v for k, v in (("check", check), ("prefill", prefill)) if v}
    if properties:
        component["properties"] = properties
    return component


def area(key, label, *, required=False, max_length=1000, description=""):
    component = {"type": "textarea", "id": _id("Field"), "key": key, "label": label}
    component["validate"] = {"maxLength": max_length, **({"required": True} if required else {})}
    if description:
        component["description"] = description
    return component


def choice(kind, key, label, options, *, required=False):
    return {
        "type": kind,
        "id": _id("Field"),
        "key": key,
        "label": label,
        "values": [{"label": o, "value": v} for v, o in options],
        **({"validate": {"required": True}} if required else {}),
    }


def number(key, label, *, digits=0, minimum=None, maximum=None, required=False):
    validate = {k: v for k, v in (("min", minimum), ("max", maximum)) if v is not None}
    if required:
        validate["required"] = True
    return {
        "type": "number",
        "id": _id("Field"),
        "key": key,
        "label": label,
        "decimalDigits": digits,
        "validate": validate,
    }


def date(key, label, *, required=False):
    component = {"type": "datetime", "id": _id("Field"), "key": key, "label": label, "subtype": "date"}
    component["dateLabel"] = label
    if required:
        component["validate"] = {"required": True}
    return component


def group(label, *components):
    return {"type": "group", "id": _id("Group"), "label": label, "components": list(components)}


def note(words):
    return {"type": "text", "id": _id("Text"), "text": words}


def promise():
    return {
        "type": "checkbox",
        "id": _id("Field"),
        "key": "promise",
        "label": "本人承诺以上所填信息真实、准确、完整，如有虚假愿承担相应法律责任",
        "validate": {"required": True},
    }


def schema(form_id: str, *components) -> dict:
    return {
        "type": "default",
        "id": form_id,
        "schemaVersion": SCHEMA_VERSION,
        "exporter": {"name": "form-js", "version": "1.23.0"},
        "components": list(components),
    }


MOBILE = {"check": "mobile"}
SEX = [("male", "男"), ("female", "女")]
DELIVERY = [("window", "窗口领取"), ("post", "邮寄送达"), ("electronic", "电子证照")]


def person(prefix: str, title: str, *, applicant: bool, address_source: str = ""):
    """Name, ID number and mobile of a person; prefilled from the account when the person is the applicant."""
    return group(
        title,
        text(f"{prefix}name", "姓名", required=True, max_length=30, prefill="applicant.name" if applicant else ""),
        text(
            f"{prefix}id_number",
            "公民身份号码",
            required=True,
            check="id_number",
            description="18 位，最后一位可能是 X",
            prefill="applicant.id_number" if applicant else "",
        ),
        text(
            f"{prefix}mobile",
            "手机号码",
            required=True,
            check="mobile",
            prefill="applicant.mobile" if applicant else "",
        ),
        text(f"{prefix}address", "户籍地址", max_length=200, prefill=address_source),
    )


def entity(title: str):
    return group(
        title,
        text("org_name", "单位名称", required=True, max_length=100, prefill="applicant.org_name"),
        text("uscc", "统一社会信用代码", required=True, check="uscc", prefill="applicant.uscc"),
        text(
            "legal_representative", "法定代表人", required=True, max_length=30, prefill="applicant.legal_representative"
        ),
        text("contact", "联系人", required=True, max_length=30),
        text("contact_mobile", "联系电话", required=True, kind="phone", description="手机号码或带区号的固定电话"),
        text("org_address", "住所", required=True, max_length=200),
    )


def forms(population: str) -> list[tuple[str, str, str | None, dict]]:
    """(key, name, owner org key or None, schema); `population`: the shared prefill of a resident's address."""
    return [
        (
            "personal-application",
            "个人事项申请表",
            None,
            schema(
                "personal_application",
                note("请如实填写。带“（必填）”的项目必须填写；已从您的账户和共享数据带出的信息无需再填。"),
                person("", "申请人", applicant=True, address_source=population),
                text("email", "电子邮箱", kind="email"),
                area("request", "申请事项说明", required=True, max_length=1000),
                choice("radio", "delivery", "结果领取方式", DELIVERY, required=True),
                promise(),
            ),
        ),
        (
            "enterprise-application",
            "企业事项申请表",
            None,
            schema(
                "enterprise_application",
                note("由单位经办人填写；单位信息从法人账户带出。"),
                entity("申请单位"),
                area("request", "申请事项说明", required=True, max_length=1000),
                choice("radio", "delivery", "结果领取方式", DELIVERY, required=True),
                promise(),
            ),
        ),
        (
            "licence-application",
            "许可申请表",
            None,
            schema(
                "licence_application",
                choice(
                    "radio", "applicant_kind", "申请人类型", [("person", "个人"), ("entity", "单位")], required=True
                ),
                entity("申请单位（个人申请可只填联系人和联系电话）"),
                choice(
                    "select",
                    "licence_kind",
                    "许可类别",
                    [
                        ("food", "食品经营许可"),
                        ("pharmacy", "药品经营许可"),
                        ("road", "道路运输经营许可"),
                        ("school", "民办学校办学许可"),
                        ("medical", "医疗机构执业许可"),
                    ],
                    required=True,
                ),  # fmt: skip
                area("scope", "经营（执业）范围", required=True, max_length=500),
                number("premises_area", "经营场所面积（平方米）", digits=2, minimum=0, maximum=100000, required=True),
                date("start_date", "拟开始经营日期", required=True),
                promise(),
            ),
        ),
        (
            "birth-registration",
            "出生登记",
            "psb",
            schema(
                "birth_registration",
                note("新生儿出生后一个月内，由父母一方向户籍地公安派出所申报出生登记。"),
                group(
                    "新生儿信息",
                    text("baby_name", "新生儿姓名", required=True, max_length=30),
                    choice("radio", "baby_sex", "性别", SEX, required=True),
                    date("birth_date", "出生日期", required=True),
                    text("birth_place", "出生地点", required=True, max_length=100, description="医院名称或详细地址"),
                    text(
                        "birth_certificate",
                        "出生医学证明编号",
                        required=True,
                        pattern="^[A-Z]\\d{9}$",
                        description="1 位大写字母加 9 位数字，例如 R420123456",
                    ),
                ),  # fmt: skip
                person("", "申报人（父亲或母亲）", applicant=True, address_source=population),
                person("other_", "另一方父母", applicant=False),
                choice(
                    "select", "relation", "申报人与新生儿关系", [("mother", "母亲"), ("father", "父亲")], required=True
                ),
                choice(
                    "radio", "hukou_with", "随父或随母落户", [("mother", "随母"), ("father", "随父")], required=True
                ),
                promise(),
            ),
        ),
        (
            "company-setup",
            "企业开办",
            "amr",
            schema(
                "company_setup",
                note("企业开办“一件事”：设立登记、公章刻制、发票申领、社保登记和公积金开户一次申请。"),
                group(
                    "企业信息",
                    text("company_name", "拟设企业名称", required=True, max_length=100),
                    choice(
                        "select",
                        "company_kind",
                        "企业类型",
                        [
                            ("llc", "有限责任公司"),
                            ("one", "一人有限责任公司"),
                            ("partnership", "合伙企业"),
                            ("sole", "个人独资企业"),
                        ],
                        required=True,
                    ),  # fmt: skip
                    number("capital", "注册资本（万元）", digits=2, minimum=0, maximum=10000000, required=True),
                    area("scope", "经营范围", required=True, max_length=1000),
                    text("company_address", "住所", required=True, max_length=200),
                ),
                person("", "法定代表人", applicant=True),
                {
                    "type": "checklist",
                    "id": _id("Field"),
                    "key": "services",
                    "label": "同时办理",
                    "values": [
                        {"label": "公章刻制", "value": "seal"},
                        {"label": "发票申领", "value": "invoice"},
                        {"label": "社保登记", "value": "social"},
                        {"label": "住房公积金开户", "value": "fund"},
                        {"label": "银行开户预约", "value": "bank"},
                    ],
                },
                number("employees", "拟招用员工人数", minimum=0, maximum=100000),
                promise(),
            ),
        ),
        (
            "licence-reissue",
            "证照补领",
            "amr",
            schema(
                "licence_reissue",
                entity("持证单位"),
                choice(
                    "select",
                    "licence_kind",
                    "证照类型",
                    [("business", "营业执照"), ("food", "食品经营许可证"), ("special", "特种设备使用登记证")],
                    required=True,
                ),
                text("licence_number", "原证照编号", required=True, max_length=40),
                choice("radio", "reason", "补领原因", [("lost", "遗失"), ("damaged", "损毁")], required=True),
                date("lost_on", "遗失或损毁日期"),
                area("explanation", "情况说明", max_length=500),
                choice("radio", "delivery", "领取方式", DELIVERY, required=True),
                promise(),
            ),
        ),
    ]


def load_forms(orgs: dict[str, Organisation]) -> list[FormDefinition]:
    """The demo's forms, saved by the platform administrator as version 1."""
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    resource = Resource.objects.filter(provider=orgs["psb"], name="人口基础信息").first()
    population = f"shared:{resource.code}.zz" if resource else ""
    made = []
    for key, name, owner_key, form_schema in forms(population):
        existing = FormDefinition.objects.filter(key=key).first()
        if existing is not None:
            made.append(existing)
            continue
        owner = orgs[owner_key] if owner_key else None
        made.append(definition_create(actor=admin, key=key, name=name, owner=owner, schema=form_schema))
    return made
