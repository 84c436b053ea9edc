"""Masking (脱敏) of sensitive information items at the gateway (R1.8), unless a grant allows raw values.

Each function keeps the length of its input (one `*` per hidden character), so a consumer can still tell a
15-digit from an 18-digit ID number, and never reveals more than the rule allows even for malformed input:

- ID number: first 6 (the region) and last 4 characters,   420102199001011234 -> 420102********1234
- phone: first 3 and last 4 digits,                          13812345678        -> 138****5678
- address: up to the district/county level,                 湖北省武汉市江岸区沿江大道188号 -> 湖北省武汉市江岸区*******
- personal name: the surname (compound surnames too),        张三 -> 张*, 欧阳娜娜 -> 欧阳**
- anything else marked sensitive: every character.

Free text that may hold such values without saying which (a stated purpose, a raw query string in the call log)
goes through `mask_in_text`, which finds ID numbers and mobile numbers by their shape.
"""

import re

STAR = "*"
MIN_HIDDEN = 4

# 复姓 in use today; a name starting with one keeps both characters (欧阳**), never only the first.
_COMPOUND = (
    "欧阳司马诸葛上官东方皇甫尉迟公孙慕容长孙宇文司徒夏侯轩辕令狐端木独孤南宫西门申屠"
    "澹台公冶太史闻人赫连呼延万俟钟离宗政濮阳淳于单于太叔仲孙司空亓官司寇子车颛孙壤驷"
    "公良漆雕乐正宰父谷梁拓跋夹谷百里东郭南门羊舌微生梁丘左丘东门第五巫马公西公羊呼衍"
    "耶律"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND[i : i + 2] for i in range(0, len(_COMPOUND), 2))

# An address keeps its administrative part down to the county level: 省/自治区 → 市/州/盟/地区 → 区/县/市/旗.
# Names of divisions are short and never hold digits or street words, which keeps "幸福小区" or "3号院" out.
_NAME = r"[^\d\s*路街道巷弄号楼栋单元室村镇乡组]"
_ADDRESS = re.compile(
    rf"^(?:{_NAME}{{1,7}}?(?:省|自治区|特别行政区))?"
    rf"(?:{_NAME}{{1,9}}?(?:自治州|地区|盟|州|市))?"
    rf"(?:{_NAME}{{1,9}}?(?:自治县|自治旗|新区|区|县|市|旗))"
)


# Data elements (数据元) and item names that mean "resident ID number", flagged sensitive or not.
ID_NUMBER_ELEMENTS = ("公民身份号码", "身份证号", "身份证件号码")


def item_kind(item) -> str:
    """How an information item is masked: its sensitivity, and as an ID number whenever its data element or its
    name says it holds resident ID numbers, even if the catalogue forgot to flag it."""
    if any(e in item.element or e in item.name for e in ID_NUMBER_ELEMENTS):
        return "id_number"
    return item.sensitive


def _stars(n: int) -> str:
    return STAR * max(n, 0)


def _keep_ends(value: str, head: int, tail: int) -> str:
    """Keep `head` leading and `tail` trailing characters, hiding at least MIN_HIDDEN in between.

    A value too short for that (a malformed number) keeps at most its tail, so masking never shows more than
    the rule would for a well-formed value.
    """
    if len(value) - head - tail >= MIN_HIDDEN:
        return value[:head] + _stars(len(value) - head - tail) + value[len(value) - tail :]
    shown = max(0, min(tail, len(value) - MIN_HIDDEN))
    return _stars(len(value) - shown) + value[len(value) - shown :]


def mask_id_number(value: str) -> str:
    """420102199001011234 -> 420102********1234 (18 digits; 15-digit numbers keep the same ends)."""
    return _keep_ends(value, 6, 4)


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678; a landline 027-87654321 -> 027*****4321."""
    return _keep_ends(value, 3, 4)


def mask_address(value: str) -> str:
    """Keep the province/city/county part, star the rest; an address without a recognisable county is all stars."""
    match = _ADDRESS.match(value)
    if match is None:
        return _stars(len(value))
    kept = match.group(0)
    return kept + _stars(len(value) - len(kept))


def mask_name(value: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧阳**; a one-character value is hidden entirely."""
    if len(value) <= 1:
        return _stars(len(value))
    keep = 2 if len(value) >= 3 and value[:2] in COMPOUND_SURNAMES else 1
    return value[:keep] + _stars(len(value) - keep)


def mask_other(value: str) -> str:
    return _stars(len(value))


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "name": mask_name,
    "other": mask_other,
}


def mask(kind: str, value):
    """Mask `value` as item sensitivity `kind` (catalog SensitiveKind); None and non-sensitive values pass through."""
    if value is None or not kind:
        return value
    masker = MASKERS.get(kind, mask_other)  # an unknown kind is treated as the strictest one
    return masker(str(value))


# An ID number (18 characters, or the old 15 digits) or a mainland mobile number standing alone in a text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])(1[3-9]\d{9})(?![0-9])")


def mask_in_text(text: str) -> str:
    """Mask every ID number and mobile number written in `text`, as the items holding them would be masked.

    For text whose fields are not known; an 18-digit credit code is masked too (more than needed, never less).
    """
    if not text:
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(1)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(1)), text)
