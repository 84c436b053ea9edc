"""A form as the public fills it: the HTML fragment (labels, hints, errors tied by aria-describedby, required marks,
prefilled values with their source) and the server's check of every field, with hypothesis on random input."""

import datetime as dt
import re

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digigov.core.codegen import make_id_number, make_uscc
from digigov.forms.filling import PREFIX, Prefill, clean, prefill_keys, render
from digigov.forms.tests.factories import schema

pytestmark = pytest.mark.django_db

SCHEMA = schema()
ID_NUMBER = make_id_number(__import__("random").Random(1), region="420102", birth=dt.date(1990, 5, 17))
VALID = {
    "name": "张三",
    "id_number": ID_NUMBER,
    "mobile": "13812345678",
    "email": "zhangsan@example.cn",
    "address": "湖北省武汉市江岸区解放大道1号",
    "kind": "first",
    "delivery": "post",
    "materials": ["hukou", "photo"],
    "copies": 2,
    "area": 12.5,
    "date": "1990-05-17",
    "postcode": "430000",
    "reason": "第一行\n第二行",
    "promise": True,
}


def post(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(PREFIX + key, value)
        elif value is True:
            data[PREFIX + key] = "on"
        elif value is False or value is None:
            continue
        else:
            data[PREFIX + key] = str(value)
    return data


def messages(errors) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in errors.fields.items()}


def test_valid_values_are_cleaned_to_json_ready_values():
    values, errors = clean(SCHEMA, post(VALID))
    assert not errors, messages(errors)
    assert values == VALID


def test_every_field_is_checked_with_a_precise_chinese_message():
    bad = {
        **VALID,
        "name": "",
        "id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"),
        "mobile": "1381234",
        "email": "zhangsan",
        "kind": "nonsense",
        "copies": "1.5",
        "area": "12.345",
        "date": "2026-02-30",
        "postcode": "43000",
        "promise": False,
    }
    values, errors = clean(SCHEMA, post(bad))
    found = messages(errors)
    assert found["name"] == ["请填写“姓名”。"]
    assert "公民身份号码" in found["id_number"][0] and "校验" in found["id_number"][0]
    assert "手机" in found["mobile"][0]
    assert "电子邮箱" in found["email"][0]
    assert found["kind"] == ["“申请类型”：请从列出的选项中选择。"]
    assert found["copies"] == ["“份数”须填写整数。"]
    assert found["area"] == ["“面积（平方米）”最多保留 2 位小数。"]
    assert "年-月-日" in found["date"][0]
    assert found["postcode"][0].startswith("“邮政编码”的格式不正确。")
    assert found["promise"] == ["请勾选“本人承诺所填信息真实有效”后继续。"]
    assert values["name"] == "" and values["copies"] is None


def test_number_bounds_and_lengths():
    _, errors = clean(SCHEMA, post({**VALID, "copies": "11"}))
    assert messages(errors)["copies"] == ["“份数”不能大于 10。"]
    _, errors = clean(SCHEMA, post({**VALID, "copies": "0"}))
    assert messages(errors)["copies"] == ["“份数”不能小于 1。"]
    _, errors = clean(SCHEMA, post({**VALID, "reason": "长" * 501}))
    assert messages(errors)["reason"] == ["“申请理由”最多 500 个字，现在有 501 个。"]


def test_full_width_input_is_read_in_its_standard_form():
    values, errors = clean(SCHEMA, post({**VALID, "id_number": ID_NUMBER.lower(), "copies": "３"}))
    assert not errors
    assert values["id_number"] == ID_NUMBER.upper() and values["copies"] == 3


def test_a_locked_prefill_is_taken_from_the_prefill_not_from_the_post():
    prefilled = {"name": Prefill("李四", "公安厅 人口基础信息")}
    values, errors = clean(SCHEMA, post({**VALID, "name": "冒名"}), prefilled)
    assert values["name"] == "李四" and not errors


def test_render_draws_labels_hints_required_marks_and_errors():
    _, errors = clean(SCHEMA, post({**VALID, "mobile": "123", "kind": ""}))
    html = render(SCHEMA, {**VALID, "mobile": "123", "kind": ""}, errors)
    assert '<label for="f-mobile">手机号码 <span class="required">（必填）</span></label>' in html
    assert 'aria-describedby="f-id_number-hint"' in html and 'id="f-id_number-hint">18 位' in html
    assert 'aria-describedby="f-mobile-error"' in html and 'aria-invalid="true"' in html
    assert 'id="f-mobile-error"' in html and "有些内容需要修改" in html
    assert "<legend>申请人信息</legend>" in html and "<hr" in html
    assert '<input type="date" id="f-date" name="f_date" value="1990-05-17"' in html
    assert 'value="hukou" checked' in html and "<script" not in html
    assert '<textarea id="f-reason" name="f_reason" rows="4" maxlength="500"' in html


def test_render_shows_prefilled_values_with_their_source_read_only():
    prefilled = {
        "name": ("王芳", "公安厅 人口基础信息"),
        "address": Prefill("湖北省武汉市武昌区中北路1号", "申请人账户", locked=False),
    }
    html = render(SCHEMA, {}, None, prefilled)
    assert 'id="f-name" value="王芳" maxlength="30" readonly' in html
    assert "来源：公安厅 人口基础信息" in html and "（取自权威数据，此处不能修改）" in html
    assert 'name="f_address" value="湖北省武汉市武昌区中北路1号"' in html  # not locked: editable, still sourced
    assert 'aria-describedby="f-name-source"' in html


def test_text_is_escaped_never_markup():
    s = schema()
    s["components"][0]["text"] = "<script>alert(1)</script>"
    html = render(s)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_prefill_keys_lists_what_the_form_wants():
    assert prefill_keys(SCHEMA) == {
        "name": "applicant.name",
        "id_number": "applicant.id_number",
        "address": "shared:PSB-0001.zz",
    }


def test_uscc_check():
    s = schema()
    s["components"].append(
        {"type": "textfield", "id": "U", "key": "uscc", "label": "统一社会信用代码", "properties": {"check": "uscc"}}
    )
    code = make_uscc(__import__("random").Random(3))
    values, errors = clean(s, post({**VALID, "uscc": code}))
    assert values["uscc"] == code and not errors
    _, errors = clean(s, post({**VALID, "uscc": code[:-1] + ("0" if code[-1] != "0" else "1")}))
    assert messages(errors)["uscc"][0].startswith("“统一社会信用代码”：")


ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
RANDOM_POST = st.dictionaries(
    st.sampled_from([PREFIX + k for k in VALID] + ["other", ""]),
    st.one_of(ANY_TEXT, st.lists(ANY_TEXT, max_size=3)),
    max_size=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=RANDOM_POST)
def test_random_posts_never_crash_clean_and_render_their_errors(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    values, errors = clean(SCHEMA, query)
    assert set(values) == set(VALID)
    render(SCHEMA, values, errors)


VALID_VALUES = st.fixed_dictionaries(
    {
        "name": st.text(alphabet="张王李赵刘陈杨黄周吴一二三四明华", min_size=1, max_size=30),
        "id_number": st.just(ID_NUMBER),
        "mobile": st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
        "email": st.just("a@example.cn"),
        "address": st.text(alphabet="湖北省武汉市江岸区路号1234567890", max_size=80),
        "kind": st.sampled_from(["first", "again"]),
        "delivery": st.sampled_from(["window", "post", None]),
        "materials": st.sampled_from([[], ["hukou"], ["photo"], ["hukou", "photo"]]),  # in the form's order
        "copies": st.integers(min_value=1, max_value=10),
        "area": st.one_of(st.none(), st.integers(0, 10**6), st.decimals("0", "99999", places=2).map(float)),
        "date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
        "postcode": st.from_regex(r"\d{6}", fullmatch=True),
        "reason": st.text(alphabet="申请理由第一二行\n ", max_size=200).map(lambda t: t.strip()),
        "promise": st.just(True),
    }
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=VALID_VALUES)
def test_valid_values_round_trip_through_render_and_clean(values):
    """What `render` puts in the inputs, posted back unchanged, cleans to the same values."""
    html = render(SCHEMA, values)
    posted = QueryDict(mutable=True)
    for name, value in re.findall(
        r'<input type="(?:text|date|email|tel)" id="[^"]+" name="([^"]+)" value="([^"]*)"', html
    ):
        posted[name] = _unescape(value)
    for name, value in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        posted[name] = _unescape(value)
    for name in ("f_kind",):
        chosen = re.search(r'<option value="([^"]+)" selected>', html)
        if chosen:
            posted[name] = chosen.group(1)
    for name, value in re.findall(r'name="(f_(?:delivery|materials|promise))" value="([^"]*)" checked', html):
        posted.appendlist(name, value)
    if 'id="f-promise" name="f_promise" checked' in html:
        posted["f_promise"] = "on"
    cleaned, errors = clean(SCHEMA, posted)
    assert not errors, messages(errors)
    assert cleaned == values


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
