"""R0.2 real-name data: ID numbers (GB 11643), credit codes (GB 32100) and division codes (GB/T 2260).

The property tests prove what a check character is for: every valid code is accepted, and every code with one
character replaced by another allowed character is refused. Both standards guarantee it: GB 11643 weighs the
digits by 2^k mod 11 and GB 32100 the characters by 3^k mod 31; 11 and 31 are prime, no weight is a multiple
of them and a substitution changes a value by less than the modulus, so the weighted sum always moves.
Swapping two different neighbours moves it too, since neighbouring weights differ by a factor of 2 or 3.
"""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from digigov.core.codegen import make_id_number, make_uscc, org_code_check_char
from digigov.core.validators import (
    ID_CHARS,
    ID_REGION_PREFIXES,
    PROVINCE_PREFIXES,
    USCC_AUTHORITIES,
    USCC_CHARS,
    division_level_of,
    id_number_check_char,
    uscc_check_char,
    validate_division_code,
    validate_id_number,
    validate_site_code,
    validate_uscc,
)

TODAY = dt.date(2026, 3, 1)
DIGITS = "0123456789"
PROPERTY = settings(max_examples=200, deadline=None)


def rejected(validate, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate(value, **kwargs)
    return caught.value


# --- strategies: hypothesis-native generators of valid codes -------------------------------------------------


@st.composite
def id_numbers(draw) -> str:
    """Any region of the list, any birth date the calendar has up to TODAY (year 1 to now), any sequence."""
    region = draw(st.sampled_from(sorted(ID_REGION_PREFIXES))) + draw(st.text(DIGITS, min_size=4, max_size=4))
    birth = draw(st.dates(max_value=TODAY))
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{draw(st.integers(0, 999)):03d}"
    return first17 + id_number_check_char(first17)


@st.composite
def credit_codes(draw) -> str:
    authority = draw(st.sampled_from(sorted(USCC_AUTHORITIES)))
    category = draw(st.sampled_from(USCC_AUTHORITIES[authority]))
    province = draw(st.sampled_from(sorted(PROVINCE_PREFIXES)))
    division = draw(st.one_of(st.just("100000"), st.text(DIGITS, min_size=4, max_size=4).map(province.__add__)))
    first17 = authority + category + division + draw(st.text(USCC_CHARS, min_size=9, max_size=9))
    return first17 + uscc_check_char(first17)


@st.composite
def single_substitution(draw, codes, alphabet_at):
    """A valid code with the character at one random position replaced by a different allowed character."""
    code = draw(codes)
    position = draw(st.integers(0, len(code) - 1))
    replacement = draw(st.sampled_from([c for c in alphabet_at(position) if c != code[position]]))
    return code, position, code[:position] + replacement + code[position + 1 :]


def id_alphabet(position: int) -> str:
    return ID_CHARS if position == 17 else DIGITS


# --- ID number --------------------------------------------------------------------------------------------------


@PROPERTY
@given(id_numbers())
def test_every_valid_id_number_is_accepted_as_it_is(code):
    assert validate_id_number(code, today=TODAY) == code


@PROPERTY
@given(id_numbers())
def test_an_id_number_typed_in_lower_case_or_full_width_is_normalised(code):
    typed = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())  # the IME's full-width forms, x as ｘ
    assert validate_id_number(f"  {typed} ", today=TODAY) == code
    assert validate_id_number(code.lower(), today=TODAY) == code


@PROPERTY
@given(single_substitution(id_numbers(), id_alphabet))
def test_every_single_character_substitution_in_an_id_number_is_refused(case):
    _valid, _position, corrupted = case
    error = rejected(validate_id_number, corrupted, today=TODAY)
    assert error.code in {"region", "birth_date", "sequence", "check_digit"}
    if error.code == "check_digit":
        assert error.params == {"expected": id_number_check_char(corrupted[:17]), "found": corrupted[17]}


@PROPERTY
@given(id_numbers(), st.data())
def test_every_adjacent_transposition_in_the_first_17_digits_is_refused(code, data):
    i = data.draw(st.integers(0, 15).filter(lambda i: code[i] != code[i + 1]))
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    rejected(validate_id_number, swapped, today=TODAY)


@PROPERTY
@given(st.randoms(use_true_random=False), st.sampled_from(["M", "F"]))
def test_codegen_id_numbers_are_valid_and_carry_sex_in_the_sequence_digit(rng, sex):
    code = make_id_number(rng, sex=sex)
    assert validate_id_number(code) == code
    assert int(code[16]) % 2 == (1 if sex == "M" else 0)


def test_id_number_with_check_character_x_from_the_standard():
    # The example of GB 11643 itself: born 31 December 1949 in 北京朝阳区, check character X.
    assert validate_id_number("11010519491231002X") == "11010519491231002X"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


def test_wrong_check_digit_names_the_expected_one():
    error = rejected(validate_id_number, "110105194912310021")
    assert error.code == "check_digit"
    assert error.params == {"expected": "X", "found": "1"}
    assert "X" in error.messages[0]


def test_people_born_long_ago_have_valid_numbers():
    # Check digits computed by hand, GB 11643 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, "10X98765432"[sum % 11]:
    # 11010518800101001: 7+9+0+5+0+20+2+8+48+0+0+9+0+5+0+0+2 = 115, 115 % 11 = 5 -> "7"  (1 January 1880)
    # 42010218960229003: 28+18+0+5+0+8+2+8+54+18+0+18+20+45+0+0+6 = 230, 230 % 11 = 10 -> "2"  (29 February 1896)
    assert validate_id_number("110105188001010017") == "110105188001010017"
    assert validate_id_number("420102189602290032") == "420102189602290032"


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        ("11010519491231002", "length", ["18", "17"]),
        ("", "length", ["18", "0"]),
        ("11010A19491231002X", "region", ["地址码", "第 6 位", "A"]),
        ("1101051949I231002X", "birth_date", ["出生日期码", "第 11 位", "I"]),
        ("1101051949123100X2", "sequence", ["顺序码", "第 17 位", "X"]),
        ("11010519491231002Y", "check_digit", ["校验码", "Y"]),
        ("990105194912310021", "region", ["990105"]),
        ("110105194902300021", "birth_date", ["19490230", "不存在"]),
        ("110105190002290021", "birth_date", ["19000229", "不存在"]),  # 1900 was no leap year
        ("110105000001010021", "birth_date", ["00000101", "不存在"]),  # there is no year 0
        ("110105194912310021", "check_digit", ["X", "1"]),
    ],
)
def test_a_wrong_id_number_names_the_part_that_is_wrong_in_chinese(value, code, shown):
    with translation.override("zh-hans"):
        error = rejected(validate_id_number, value)
        message = error.messages[0]
    assert error.code == code
    for text in shown:
        assert text in message, message
    assert "有效日期" not in message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "身份证号码应为 18 位，当前为 17 位。"),
        ("11010A19491231002X", "身份证号码的地址码（第 1–6 位）只能是数字，第 6 位是“A”。"),
        ("1101051949I231002X", "身份证号码的出生日期码（第 7–14 位）只能是数字，第 11 位是“I”。"),
        ("1101051949123100X2", "身份证号码的顺序码（第 15–17 位）只能是数字，第 17 位是“X”。"),
        ("11010519491231002Y", "身份证号码的校验码（第 18 位）只能是数字或 X，实为“Y”。"),
        ("990105194912310021", "身份证号码中的地址码 990105 不是有效的行政区划代码。"),
        ("110105194902300021", "身份证号码中的出生日期 19490230 在日历上不存在。"),
        ("110105210001010021", "身份证号码中的出生日期 21000101 晚于今天。"),
        ("110105194912310021", "身份证号码校验码错误：应为 X，实为 1。"),
    ],
)
def test_the_clerk_reads_each_id_number_error_in_full(value, message):
    """The whole sentence a clerk reads, written out by hand: a message lost, misspelt or missing its value fails."""
    with translation.override("zh-hans"):
        assert rejected(validate_id_number, value, today=TODAY).messages == [message]


@pytest.mark.parametrize("first17", ["", "1101051949123100", "110105194912310021"])
def test_a_check_digit_is_never_computed_from_other_than_17_characters(first17):
    """A shorter or longer input is a caller's mistake, not a code with a check digit: it raises, never guesses."""
    with pytest.raises(ValueError, match="zip"):
        id_number_check_char(first17)
    with pytest.raises(ValueError, match="zip"):
        uscc_check_char(first17)


def test_a_birth_date_after_today_is_refused():
    code = make_id_number(random.Random(1), birth=dt.date(2026, 3, 2))
    with translation.override("zh-hans"):
        error = rejected(validate_id_number, code, today=TODAY)
        assert error.code == "birth_date" and "20260302" in error.messages[0] and "晚于今天" in error.messages[0]
    assert validate_id_number(code, today=dt.date(2026, 3, 2)) == code


def test_residence_permits_of_hong_kong_macao_and_taiwan_residents_are_accepted():
    for region in ("810000", "820000", "830000"):
        code = make_id_number(random.Random(7), region=region)
        assert validate_id_number(code) == code


def test_digits_of_other_scripts_are_not_taken_for_ascii_digits():
    # U+0661.. are Arabic-Indic digits: Python's int() reads them, the standard does not.
    code = "11010519491231002X"
    arabic = code[:6] + "".join(chr(0x0660 + int(c)) for c in code[6:14]) + code[14:]
    assert rejected(validate_id_number, arabic).code == "birth_date"


# --- unified social credit code ---------------------------------------------------------------------------------


@PROPERTY
@given(credit_codes())
def test_every_valid_credit_code_is_accepted_and_upper_cased(code):
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@PROPERTY
@given(single_substitution(credit_codes(), lambda _position: USCC_CHARS))
def test_every_single_character_substitution_in_a_credit_code_is_refused(case):
    _valid, position, corrupted = case
    error = rejected(validate_uscc, corrupted)
    assert error.code in {"authority", "category", "division", "check_digit"}
    if position >= 8:  # the organisation code and the check character: only the check character can tell
        assert error.code == "check_digit"
        assert error.params["expected"] == uscc_check_char(corrupted[:17])


@PROPERTY
@given(credit_codes(), st.data())
def test_every_adjacent_transposition_in_the_first_17_characters_of_a_credit_code_is_refused(code, data):
    i = data.draw(st.integers(0, 15).filter(lambda i: code[i] != code[i + 1]))
    rejected(validate_uscc, code[:i] + code[i + 1] + code[i] + code[i + 2 :])


@PROPERTY
@given(st.randoms(use_true_random=False), st.sampled_from(sorted(PROVINCE_PREFIXES)))
def test_codegen_credit_codes_are_valid_and_embed_a_valid_organisation_code(rng, province):
    code = make_uscc(rng, division=province + "0000", authority="5", category="3")
    assert validate_uscc(code) == code
    assert code[16] == org_code_check_char(code[8:16])


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # an enterprise registered by market regulation in 福州
        "11100000000013338W",  # 住房和城乡建设部: central bodies carry division 100000
        "111000000000131433",  # a central department, check character 3
    ],
)
def test_real_credit_codes_are_accepted(code):
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("91350100M000100Y4", "length", {"n": 17}),
        ("91350100M000100YI3", "charset", {"position": 17, "char": "I"}),
        ("9135010OM000100Y43", "charset", {"position": 8, "char": "O"}),
        ("B1350100M000100Y43", "authority", {"char": "B"}),
        ("95350100M000100Y43", "category", {"char": "5"}),
        ("91990100M000100Y43", "division", {"code": "990100"}),
        ("913501A0M000100Y43", "division", {"code": "3501A0"}),
        ("91350100M000100Y44", "check_digit", {"expected": "3", "found": "4"}),
    ],
)
def test_a_wrong_credit_code_names_the_part_that_is_wrong(value, code, params):
    error = rejected(validate_uscc, value)
    assert error.code == code
    assert error.params == params
    for shown in params.values():
        assert str(shown) in error.messages[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91350100M000100Y4", "统一社会信用代码应为 18 位，当前为 17 位。"),
        (
            "91350100M000100YI3",
            "统一社会信用代码第 17 位为 I，不符合要求（只能是数字或除 I、O、S、V、Z 以外的大写字母）。",
        ),
        ("B1350100M000100Y43", "统一社会信用代码中的登记管理部门代码 B（第 1 位）无效。"),
        ("95350100M000100Y43", "统一社会信用代码中的机构类别代码 5（第 2 位）不属于该登记管理部门。"),
        ("91990100M000100Y43", "统一社会信用代码中的登记管理机关行政区划码 990100（第 3-8 位）无效。"),
        ("91350100M000100Y44", "统一社会信用代码校验码错误：应为 3，实为 4。"),
    ],
)
def test_the_clerk_reads_each_credit_code_error_in_full(value, message):
    with translation.override("zh-hans"):
        assert rejected(validate_uscc, value).messages == [message]


# --- division code ----------------------------------------------------------------------------------------------


@st.composite
def division_codes(draw) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_PREFIXES)))
    city = draw(st.integers(0, 99))
    county = draw(st.integers(0, 99 if city else 0))
    code = f"{province}{city:02d}{county:02d}"
    if city and draw(st.booleans()):
        code += f"{draw(st.integers(1, 999)):03d}{draw(st.integers(0, 999)):03d}"
    return code


@PROPERTY
@given(division_codes())
def test_every_well_formed_division_code_is_accepted_at_its_level(code):
    assert validate_division_code(code) == code
    expected = {6: {"province", "city", "county"}, 12: {"township", "village"}}[len(code)]
    assert division_level_of(code) in expected


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("420000", "province"),
        ("420100", "city"),
        ("420102", "county"),
        ("429004", "county"),  # 仙桃市, a county-level city under the province
        ("420102001000", "township"),
        ("420102001001", "village"),
        ("441900003000", "township"),  # 东莞 has townships directly under the city
    ],
)
def test_division_codes_of_each_level(code, level):
    assert validate_division_code(code) == code
    assert division_level_of(code) == level


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("4201", "length"),
        ("42010A", "length"),
        ("4201020010", "length"),
        ("990000", "province"),
        ("420012", "city"),
        ("420000001000", "county"),
        ("420102000001", "township"),
    ],
)
def test_a_wrong_division_code_names_the_part_that_is_wrong(value, code):
    assert rejected(validate_division_code, value).code == code


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4201", "行政区划代码应为 6 位（省级至县级）或 12 位（乡级和村级）。"),
        ("990000", "行政区划代码中的省级代码 99 不存在。"),
        ("420012", "县级行政区划代码中的市级代码不能为 00。"),
        ("420000001000", "乡级或村级行政区划代码必须以市级或县级代码开头。"),
        ("420102000001", "12 位行政区划代码中的乡级代码不能为 000。"),
    ],
)
def test_the_clerk_reads_each_division_code_error_in_full(value, message):
    with translation.override("zh-hans"):
        assert rejected(validate_division_code, value).messages == [message]


def test_a_full_width_division_code_is_normalised():
    assert validate_division_code("４２０１０２") == "420102"


@PROPERTY
@given(st.text(max_size=24))
@example("４２０１０２")
@example("ß" * 9)
def test_any_text_is_either_refused_with_a_named_part_or_returned_in_standard_form(text):
    for validate in (validate_id_number, validate_uscc, validate_division_code, validate_site_code):
        try:
            value = validate(text)
        except ValidationError as error:
            assert error.code
        else:
            assert value.isascii()
            assert validate(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4200000052", "4200000052"),  # 湖北省人民政府
        ("4201000001", "4201000001"),
        ("４２０１０２０００１", "4201020001"),  # typed in full width
        ("bm01000001", "bm01000001"),  # a State Council department's site
        ("BM01000001", "bm01000001"),
    ],
)
def test_site_id_codes_of_local_and_central_sites(value, expected):
    assert validate_site_code(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("420000005", "length", "网站标识码为 10 位：6 位行政区划代码加 4 位数字，或 bm 加 8 位数字。"),
        ("42000000521", "length", "网站标识码为 10 位：6 位行政区划代码加 4 位数字，或 bm 加 8 位数字。"),
        ("42000000A2", "length", "网站标识码为 10 位：6 位行政区划代码加 4 位数字，或 bm 加 8 位数字。"),
        ("bm0100000", "length", "网站标识码为 10 位：6 位行政区划代码加 4 位数字，或 bm 加 8 位数字。"),
        ("9900000052", "division", "网站标识码的前 6 位必须是行政区划代码：行政区划代码中的省级代码 99 不存在。"),
        ("4200120052", "division", "网站标识码的前 6 位必须是行政区划代码：县级行政区划代码中的市级代码不能为 00。"),
        ("4200000000", "number", "网站标识码的后 4 位不能为 0000。"),
    ],
)
def test_a_wrong_site_id_code_names_the_part_and_reads_in_full(value, code, message):
    with translation.override("zh-hans"):
        error = rejected(validate_site_code, value)
        assert (error.code, error.messages) == (code, [message])
