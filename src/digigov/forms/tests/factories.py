"""Forms for other apps' tests: a realistic schema and a saved form (platform-wide or an organisation's)."""

import copy

from digigov.core.tests.factories import UserFactory
from digigov.forms import services
from digigov.forms.choices import SCHEMA_VERSION

SCHEMA = {
    "type": "default",
    "id": "Form_apply",
    "schemaVersion": SCHEMA_VERSION,
    "exporter": {"name": "form-js", "version": "1.23.0"},
    "components": [
        {"type": "text", "id": "Text_1", "text": "请如实填写以下信息。\n带（必填）的项目必须填写。"},
        {
            "type": "group",
            "id": "Group_1",
            "label": "申请人信息",
            "components": [
                {
                    "type": "textfield",
                    "id": "Field_name",
                    "key": "name",
                    "label": "姓名",
                    "validate": {"required": True, "maxLength": 30},
                    "properties": {"prefill": "applicant.name"},
                },
                {
                    "type": "textfield",
                    "id": "Field_id",
                    "key": "id_number",
                    "label": "公民身份号码",
                    "description": "18 位，最后一位可以是 X",
                    "validate": {"required": True},
                    "properties": {"check": "id_number", "prefill": "applicant.id_number"},
                },
                {
                    "type": "textfield",
                    "id": "Field_mobile",
                    "key": "mobile",
                    "label": "手机号码",
                    "validate": {"required": True},
                    "properties": {"check": "mobile"},
                },
                {
                    "type": "textfield",
                    "id": "Field_email",
                    "key": "email",
                    "label": "电子邮箱",
                    "validate": {"validationType": "email"},
                },
                {
                    "type": "textfield",
                    "id": "Field_address",
                    "key": "address",
                    "label": "户籍地址",
                    "properties": {"prefill": "shared:PSB-0001.zz"},
                },
            ],
        },
        {"type": "separator", "id": "Sep_1"},
        {
            "type": "select",
            "id": "Field_kind",
            "key": "kind",
            "label": "申请类型",
            "validate": {"required": True},
            "values": [{"label": "首次申领", "value": "first"}, {"label": "补领", "value": "again"}],
        },
        {
            "type": "radio",
            "id": "Field_delivery",
            "key": "delivery",
            "label": "领取方式",
            "values": [{"label": "窗口领取", "value": "window"}, {"label": "邮寄", "value": "post"}],
        },
        {
            "type": "checklist",
            "id": "Field_materials",
            "key": "materials",
            "label": "已备材料",
            "values": [{"label": "户口簿", "value": "hukou"}, {"label": "照片", "value": "photo"}],
        },
        {
            "type": "number",
            "id": "Field_copies",
            "key": "copies",
            "label": "份数",
            "decimalDigits": 0,
            "validate": {"min": 1, "max": 10},
        },
        {"type": "number", "id": "Field_area", "key": "area", "label": "面积（平方米）", "decimalDigits": 2},
        {
            "type": "datetime",
            "id": "Field_date",
            "key": "date",
            "label": "出生日期",
            "subtype": "date",
            "dateLabel": "出生日期",
        },
        {
            "type": "textfield",
            "id": "Field_postcode",
            "key": "postcode",
            "label": "邮政编码",
            "description": "6 位数字",
            "validate": {"pattern": "^\\d{6}$"},
        },
        {
            "type": "textarea",
            "id": "Field_reason",
            "key": "reason",
            "label": "申请理由",
            "validate": {"maxLength": 500},
        },
        {"type": "spacer", "id": "Spacer_1", "height": 30},
        {
            "type": "checkbox",
            "id": "Field_promise",
            "key": "promise",
            "label": "本人承诺所填信息真实有效",
            "validate": {"required": True},
        },
    ],
}


def schema(**changes) -> dict:
    """A copy of SCHEMA (changes replace top-level keys)."""
    return {**copy.deepcopy(SCHEMA), **changes}


def form(*, owner=None, key="apply", name="个人事项申请表", actor=None, with_schema=True):
    """A saved form; `actor` defaults to a superuser (who may create platform-wide forms)."""
    actor = actor or UserFactory(is_superuser=True)
    return services.definition_create(
        actor=actor, key=key, name=name, owner=owner, schema=schema() if with_schema else None
    )
