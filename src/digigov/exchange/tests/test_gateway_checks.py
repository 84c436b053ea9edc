"""The gateway's checks at their edges (R1.2, R1.8, R1.9; issue 9, item 14): the first and last day a grant is valid
and the days beside them, the daily quota and its neighbours, the page and size limits, the largest id, and which
characters a parameter may hold. Expected values are written out by hand, never computed by the code under test;
`make mutate` changes each operator of gateway_checks.py and these tests must notice.
"""

import dataclasses

import pytest
from django.utils import translation

from digigov.exchange import gateway_checks as checks
from digigov.exchange.gateway_checks import CallGrant
from digigov.exchange.gateway_errors import (
    GrantExpiredError,
    GrantNotYetValidError,
    GrantRevokedError,
    GrantSuspendedError,
    InvalidKeyError,
    InvalidPageError,
    InvalidParameterError,
    QuotaExceededError,
)

GRANT = CallGrant(
    pk=7,
    is_active=True,
    valid_from="2026-03-02",
    valid_until="2026-12-31",
    daily_quota=None,
    raw_values=False,
    field_map={},
    service_id=3,
    service_kind="hosted_table",
    service_status="active",
    endpoint="",
    table_id=5,
    served_today=0,
    suspended_at=None,
    suspension_reason="",
)


def refusal(grant: CallGrant, today: str) -> Exception | None:
    """The refusal the gateway answers with, in Chinese, or None when it serves."""
    with translation.override("zh-hans"):
        try:
            checks.refuse_unless_serving(grant, today)
        except Exception as exc:  # noqa: BLE001 - the test names the class it expects
            return exc
    return None


def grant(**changes) -> CallGrant:
    return dataclasses.replace(GRANT, **changes)


@pytest.mark.parametrize("today", ["2026-03-02", "2026-03-03", "2026-12-30", "2026-12-31"])
def test_a_grant_serves_from_its_first_to_its_last_day_both_included(today):
    assert refusal(GRANT, today) is None


def test_the_day_before_its_first_day_it_says_from_when():
    error = refusal(GRANT, "2026-03-01")
    assert isinstance(error, GrantNotYetValidError) and error.status == 403
    assert str(error) == "该信息资源的授权自 2026-03-02 起生效。"


def test_the_day_after_its_last_day_it_says_since_when():
    error = refusal(GRANT, "2027-01-01")
    assert isinstance(error, GrantExpiredError)
    assert str(error) == "该信息资源的授权已于 2026-12-31 到期。"


def test_a_one_day_grant_serves_on_that_day_only():
    one_day = grant(valid_from="2026-06-01", valid_until="2026-06-01")
    assert refusal(one_day, "2026-06-01") is None
    assert isinstance(refusal(one_day, "2026-05-31"), GrantNotYetValidError)
    assert isinstance(refusal(one_day, "2026-06-02"), GrantExpiredError)


@pytest.mark.parametrize(("served", "serves"), [(0, True), (8, True), (9, True), (10, False), (11, False)])
def test_the_daily_quota_serves_exactly_that_many_calls(served, serves):
    error = refusal(grant(daily_quota=10, served_today=served), "2026-06-01")
    if serves:
        assert error is None
    else:
        assert isinstance(error, QuotaExceededError) and error.status == 429
        assert str(error) == "该信息资源今日 10 次的调用额度已用完。"


def test_a_quota_of_zero_serves_nothing_and_no_quota_serves_any_number():
    assert isinstance(refusal(grant(daily_quota=0, served_today=0), "2026-06-01"), QuotaExceededError)
    assert refusal(grant(daily_quota=None, served_today=10**9), "2026-06-01") is None


def test_a_revoked_grant_is_refused_as_revoked_before_anything_else():
    error = refusal(grant(is_active=False, suspended_at="2026-05-01", daily_quota=0), "2027-06-01")
    assert isinstance(error, GrantRevokedError)
    assert str(error) == "该信息资源的授权已被撤销。"


def test_a_suspended_grant_says_why_even_on_a_valid_day():
    error = refusal(grant(suspended_at="2026-05-01", stop_label="资源已撤销"), "2026-06-01")
    assert isinstance(error, GrantSuspendedError)
    assert str(error) == "该信息资源的授权已暂停：资源已撤销。"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (2**63 - 1, 2**63 - 1), (0, None), (-1, None), (2**63, None), ("1", None), (None, None), (True, None)],
)
def test_an_id_is_a_positive_64_bit_integer(value, expected):
    assert checks.db_id(value) == expected


@pytest.mark.parametrize("value", ["x\x00", "\x1f", "a\x7fb", "\x9f", "行\n"])
def test_control_characters_are_refused_and_the_parameter_named(value):
    with translation.override("zh-hans"), pytest.raises(InvalidParameterError) as caught:
        checks.check_characters(page="1", purpose=value)
    assert caught.value.status == 400
    assert caught.value.fields == {"purpose": ["不允许含有控制字符。"]}
    assert str(caught.value) == "参数“purpose”含有控制字符，查询键、页码和用途中都不允许出现。"


@pytest.mark.parametrize("value", [None, "", " ", "\xa0", "~", "核验社保待遇资格", "420102199001011236"])
def test_printable_text_passes(value):
    checks.check_characters(purpose=value, key=value)


@pytest.mark.parametrize(
    ("page", "size", "expected"),
    [
        (None, None, (1, 20)),
        ("", "", (1, 20)),
        ("1", "1", (1, 1)),
        ("7", "100", (7, 100)),
        ("999999999999999999", "99", (999999999999999999, 99)),
    ],
)
def test_pages_start_at_1_and_hold_1_to_100_records(page, size, expected):
    assert checks.page_bounds(page, size) == expected


@pytest.mark.parametrize(
    ("page", "size", "field"),
    [
        ("0", "20", "page"),
        ("1", "0", "size"),
        ("1", "101", "size"),
        ("0", "101", "page"),
        ("1000000000000000000", "20", "page"),  # 19 digits
        ("+1", "20", "page"),
        ("1_0", "20", "page"),
        ("１", "20", "page"),
        ("1", "2.5", "size"),
        ("-1", "20", "page"),
    ],
)
def test_a_page_out_of_range_names_the_parameter(page, size, field):
    with translation.override("zh-hans"), pytest.raises(InvalidPageError) as caught:
        checks.page_bounds(page, size)
    assert caught.value.fields == {field: ["超出范围。"]}
    assert str(caught.value) == "页码从 1 开始，每页 1 至 100 条记录。"


@dataclasses.dataclass
class Item:
    identifier: str
    element: str = ""
    name: str = ""
    sensitive: str = ""


def test_an_id_number_key_is_checked_and_normalised():
    item = Item("sfzh", element="公民身份号码", sensitive="id_number")
    assert checks.checked_key(" 11010519491231002x ", item) == "11010519491231002X"
    with translation.override("zh-hans"), pytest.raises(InvalidKeyError) as caught:
        checks.checked_key("110105194912310021", item)
    assert str(caught.value) == "查询键值不是有效的公民身份号码。"
    assert caught.value.fields == {"key": ["身份证号码校验码错误：应为 X，实为 1。"]}


@pytest.mark.parametrize("item", [Item("uscc"), Item("tyshxydm"), Item("dm", element="统一社会信用代码")])
def test_a_credit_code_key_is_checked_by_identifier_or_element(item):
    assert checks.checked_key("91350100m000100y43", item) == "91350100M000100Y43"
    with translation.override("zh-hans"), pytest.raises(InvalidKeyError) as caught:
        checks.checked_key("91350100M000100Y44", item)
    assert str(caught.value) == "查询键值不是有效的统一社会信用代码。"


def test_other_keys_are_only_trimmed():
    assert checks.checked_key("  粤B12345 ", Item("hphm", element="号牌号码")) == "粤B12345"
    assert checks.checked_key(" 123 ", None) == "123"
