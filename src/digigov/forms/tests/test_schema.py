"""What a form schema may hold (ADR 0003 §3): each refusal is in Chinese and filed under the component's key."""

import copy

import pytest

from digigov.core.errors import DomainError
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.forms import schema as schema_module
from digigov.forms.tests.factories import SCHEMA, schema

pytestmark = pytest.mark.django_db


def refused(s) -> dict[str, list[str]]:
    with pytest.raises(DomainError) as caught:
        schema_module.validate(s)
    return {k: [str(m) for m in v] for k, v in caught.value.fields.items()}


def with_component(component: dict) -> dict:
    s = schema()
    s["components"].append(component)
    return s


def text(key="extra", **rest) -> dict:
    return {"type": "textfield", "id": f"Field_{key}", "key": key, "label": "附加", **rest}


def test_the_sample_schema_passes_and_reads_every_field():
    fields = schema_module.validate(schema())
    keys = [f.key for f in schema_module.inputs(fields)]
    assert keys[:5] == ["name", "id_number", "mobile", "email", "address"]
    assert "promise" in keys and len(keys) == 14
    group = next(f for f in fields if f.type == "group")
    assert group.label == "申请人信息" and len(group.children) == 5


def test_only_schema_version_19_is_accepted():
    errors = refused(schema(schemaVersion=16))
    assert "16" in errors["schema"][0] and "19" in errors["schema"][0]


def test_not_an_object_and_no_components_are_refused():
    assert "JSON" in refused([1, 2])["schema"][0]
    assert refused({"schemaVersion": 19, "type": "default"})["schema"]


@pytest.mark.parametrize(
    ("component", "words"),
    [
        ({"type": "filepicker", "id": "F1", "key": "scan", "label": "扫描件"}, "附件"),
        ({"type": "dynamiclist", "id": "F2", "key": "rows", "label": "成员"}, "dynamiclist"),
        ({"type": "iframe", "id": "F3", "label": "嵌入"}, "iframe"),
    ],
)
def test_unsupported_components_are_refused_by_key(component, words):
    errors = refused(with_component(component))
    where = component.get("key") or component["id"]
    assert words in errors[where][0]


def test_feel_expressions_templates_and_conditions_are_refused():
    assert "FEEL" in refused(with_component(text(label="=concat(a, b)")))["extra"][0]
    assert "{{" in refused(with_component({"type": "text", "id": "T9", "text": "您好 {{name}}"}))["T9"][0]
    hidden = text(conditional={"hide": "=age < 18"})
    messages = refused(with_component(hidden))["extra"]
    assert any("条件" in m for m in messages)
    assert "静态" in refused(with_component({**text(), "type": "select", "valuesKey": "kinds"}))["extra"][0]


def test_keys_must_be_unique_and_well_formed():
    errors = refused(with_component(text(key="name")))
    assert "两个" in errors["name"][0] or "键" in errors["name"][0]
    assert refused(with_component(text(key="a.b")))["a.b"]
    assert refused(with_component(text(key="", id="Field_nokey")))["Field_nokey"]


def test_a_field_needs_a_label():
    assert "标签" in refused(with_component(text(label="")))["extra"][0]


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", "(\\w*)*x", "(a|aa)+", "(x+x+)+y", "(a)\\1", "[unclosed", "(?P<n>a)(?P=n)"],
)
def test_bad_and_catastrophic_patterns_are_refused(pattern):
    errors = refused(with_component(text(validate={"pattern": pattern})))
    assert "extra" in errors


@pytest.mark.parametrize("pattern", ["^\\d{6}$", "^[A-Z]{2}\\d{4}$", "^(\\d{3})+$", "^(0\\d{2,3}-)?\\d{7,8}$", "[a-z]"])
def test_ordinary_patterns_pass(pattern):
    schema_module.validate(with_component(text(validate={"pattern": pattern})))


def test_a_pattern_longer_than_the_rule_is_refused():
    rule_set(actor=UserFactory(is_superuser=True), key="forms.pattern_max_length", value=20)
    assert "20" in refused(with_component(text(validate={"pattern": "^" + "a" * 30 + "$"})))["extra"][0]


def test_an_oversize_schema_is_refused_by_the_rule():
    s = with_component({"type": "text", "id": "Big", "text": "长" * 3000})
    rule_set(actor=UserFactory(is_superuser=True), key="forms.schema_max_kb", value=8)
    assert "8 KB" in refused(s)["schema"][0]


def test_validate_settings_are_checked():
    assert refused(with_component(text(validate={"minLength": 5, "maxLength": 2})))["extra"]
    assert refused(with_component(text(validate={"maxLength": "=x"})))["extra"]
    assert refused(with_component(text(validate={"validationType": "iban"})))["extra"]
    number = {"type": "number", "id": "N", "key": "n", "label": "数量", "validate": {"min": 5, "max": 1}}
    assert refused(with_component(number))["n"]
    assert refused(with_component({**number, "validate": {"min": "abc"}}))["n"]
    time = {"type": "datetime", "id": "D", "key": "d", "label": "时间", "subtype": "datetime"}
    assert "日期" in refused(with_component(time))["d"][0]


def test_custom_properties_check_and_prefill_are_checked():
    assert "passport" in refused(with_component(text(properties={"check": "passport"})))["extra"][0]
    assert refused(with_component(text(properties={"prefill": "applicant.salary"})))["extra"]
    assert refused(with_component(text(properties={"prefill": "http://x/y"})))["extra"]
    assert refused(with_component(text(properties={"colour": "red"})))["extra"]
    select = {"type": "select", "id": "S", "key": "s", "label": "类", "values": [{"label": "甲", "value": "a"}]}
    assert refused(with_component({**select, "properties": {"check": "uscc"}}))["s"]
    ok = text(properties={"check": "uscc", "prefill": "shared:420000-GSJ/00012.tyshxydm"})
    schema_module.validate(with_component(ok))


def test_options_need_labels_values_and_no_duplicates():
    select = {"type": "radio", "id": "R", "key": "r", "label": "类"}
    assert refused(with_component(select))["r"]
    twice = [{"label": "甲", "value": "a"}, {"label": "乙", "value": "a"}]
    assert refused(with_component({**select, "values": twice}))["r"]


def test_groups_cannot_have_a_path_and_nest_too_deep():
    group = {"type": "group", "id": "G", "label": "组", "path": "applicant", "components": []}
    assert refused(with_component(group))["G"]
    deep: dict = {"type": "group", "id": "G0", "label": "组", "components": []}
    node = deep
    for n in range(1, 6):
        child = {"type": "group", "id": f"G{n}", "label": "组", "components": []}
        node["components"].append(child)
        node = child
    assert refused(with_component(deep))


def test_every_problem_is_reported_at_once():
    s = copy.deepcopy(SCHEMA)
    s["components"] += [text(key="name"), {"type": "filepicker", "id": "FP", "key": "scan", "label": "扫描"}]
    errors = refused(s)
    assert {"name", "scan"} <= set(errors)


def test_a_schema_nested_thousands_deep_is_refused_not_a_crash():
    deep: dict = {}
    node = deep
    for _ in range(5000):
        node["x"] = {}
        node = node["x"]
    s = with_component({**text(), "appearance": deep})
    assert "过深" in refused(s)["schema"][0]
