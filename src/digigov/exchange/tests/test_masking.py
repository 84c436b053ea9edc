"""Masking (脱敏) at the gateway (R1.8): examples and properties over the input space (hypothesis)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digigov.exchange import masking
from digigov.exchange.masking import mask, mask_address, mask_id_number, mask_name, mask_phone

DIGITS = st.text("0123456789", min_size=0, max_size=30)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ANY = st.text(max_size=60)


@pytest.mark.parametrize(
    ("func", "value", "expected"),
    [
        (mask_id_number, "420102199001011234", "420102********1234"),
        (mask_id_number, "42010219900101123X", "420102********123X"),
        (mask_id_number, "420102900101123", "420102*****1123"),
        (mask_phone, "13812345678", "138****5678"),
        (mask_phone, "027-87654321", "027*****4321"),
        (mask_address, "湖北省武汉市江岸区沿江大道188号", "湖北省武汉市江岸区********"),
        (mask_address, "北京市朝阳区建国路88号", "北京市朝阳区******"),
        (mask_address, "湖北省仙桃市干河街道钱沟路3号幸福小区", "湖北省仙桃市*************"),
        (mask_address, "广西壮族自治区南宁市青秀区民族大道1号", "广西壮族自治区南宁市青秀区******"),
        (mask_address, "湖北省恩施土家族苗族自治州恩施市舞阳坝街道", "湖北省恩施土家族苗族自治州恩施市*****"),
        (mask_address, "沿江大道188号", "********"),
        (mask_name, "张三", "张*"),
        (mask_name, "张三丰", "张**"),
        (mask_name, "欧阳娜娜", "欧阳**"),
        (mask_name, "司马光", "司马*"),
        (mask_name, "王", "*"),
    ],
)
def test_examples(func, value, expected):
    assert func(value) == expected


def test_mask_dispatches_on_the_item_sensitivity():
    assert mask("", "13812345678") == "13812345678"
    assert mask("phone", 13812345678) == "138****5678"
    assert mask("other", "机密") == "**"
    assert mask("something_new", "abc") == "***", "an unknown kind is masked entirely"
    assert mask("id_number", None) is None


@given(ANY, st.sampled_from(sorted(masking.MASKERS)))
def test_every_masker_keeps_the_length_and_only_replaces_with_stars(value, kind):
    masked = mask(kind, value)
    assert len(masked) == len(value)
    assert all(m == o or m == "*" for m, o in zip(masked, value, strict=True))


@given(ANY, st.sampled_from(sorted(masking.MASKERS)))
def test_masking_twice_changes_nothing_more(value, kind):
    once = mask(kind, value)
    assert mask(kind, once) == once


@given(st.text("0123456789X", min_size=15, max_size=18))
def test_an_id_number_shows_exactly_its_region_and_last_four(value):
    masked = mask_id_number(value)
    assert masked[:6] == value[:6] and masked[-4:] == value[-4:] and set(masked[6:-4]) == {"*"}


@given(ANY)
def test_an_id_number_never_shows_more_than_ten_characters_nor_less_than_four_stars(value):
    masked = mask_id_number(value)
    shown = sum(1 for m, o in zip(masked, value, strict=True) if m == o and o != "*")
    assert shown <= 10
    assert masked.count("*") >= min(len(value), masking.MIN_HIDDEN)


@given(DIGITS)
def test_a_phone_shows_at_most_three_plus_four_digits(value):
    masked = mask_phone(value)
    assert sum(1 for c in masked if c != "*") <= 7
    assert masked.count("*") >= min(len(value), masking.MIN_HIDDEN)
    if len(value) == 11:
        assert masked == value[:3] + "****" + value[-4:]


@given(st.text(CJK, min_size=1, max_size=6))
def test_a_name_shows_at_most_its_surname(value):
    masked = mask_name(value)
    shown = len(masked) - masked.count("*")
    assert shown <= (2 if value[:2] in masking.COMPOUND_SURNAMES else 1)
    assert masked.count("*") >= 1
    if len(value) >= 2:
        assert masked[0] == value[0]


@given(
    st.sampled_from(["湖北省", "广东省", "内蒙古自治区", ""]),
    st.sampled_from(["武汉市", "宜昌市", "恩施土家族苗族自治州", ""]),
    st.sampled_from(["江岸区", "秭归县", "利川市", "科尔沁右翼前旗"]),
    st.text("0123456789", min_size=1, max_size=3),
    st.text(max_size=30),
)
def test_an_address_keeps_its_divisions_and_hides_every_character_after_them(province, city, county, number, rest):
    prefix = province + city + county
    tail = number + rest  # a street number ends the administrative part
    assert mask_address(prefix + tail) == prefix + "*" * len(tail)


@given(ANY)
def test_an_address_without_a_county_reveals_nothing(value):
    masked = mask_address(value)
    if not any(suffix in value for suffix in "区县市旗"):
        assert set(masked) <= {"*"}
