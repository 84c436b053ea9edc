"""What a licence version says, as one flat dict with the standard metadata items (GB/T 36903), and the exact
bytes the seal signs (`canonical`). The documents, the wallet and the verifier read the same snapshot."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

# The common metadata items of every licence, in the order documents print them (GB/T 36903 电子证照元数据).
# Keys are stable (they are signed); labels are what a document and a screen show.
COMMON_ITEMS: list[tuple[str, str]] = [
    ("licence_name", "证照名称"),
    ("type_code", "证照类型代码"),
    ("identifier", "证照标识"),
    ("number", "证照编号"),
    ("holder_name", "持证主体"),
    ("holder_code", "持证主体代码"),
    ("holder_kind", "持证主体类型"),
    ("issuer_name", "颁证单位"),
    ("issuer_code", "颁证单位代码"),
    ("issued_on", "颁证日期"),
    ("valid_from", "有效期起始日期"),
    ("valid_until", "有效期截止日期"),
]
LONG_TERM = "长期"
# Signed text is fixed Chinese, whatever the language a request is in.
HOLDER_KINDS = {"person": "自然人", "legal_person": "法人或其他组织"}


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else LONG_TERM


def build(*, licence_type, licence, identifier: str, data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot of `licence` (its fields as they will be saved for this version) under `identifier`.

    `licence_type` gives the name, code and its own items; `data` holds the values of those items. Values are
    strings (dates ISO 8601), so the signed bytes do not depend on a database's types.
    """
    snapshot = {
        "licence_name": licence_type.name,
        "type_code": licence_type.code,
        "identifier": identifier,
        "number": licence.number,
        "holder_name": licence.holder_name,
        "holder_code": licence.holder_code,
        "holder_kind": HOLDER_KINDS[licence.holder_kind],
        "issuer_name": licence.issuer.name,
        "issuer_code": licence.issuer.uscc,
        "issued_on": _date(licence.issued_on),
        "valid_from": _date(licence.valid_from),
        "valid_until": _date(licence.valid_until),
        "items": [
            {"key": item["key"], "label": item["label"], "value": str(data.get(item["key"], ""))}
            for item in licence_type.items
        ],
    }
    return snapshot


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # made once: every check


def canonical(snapshot: dict[str, Any]) -> bytes:
    """The signed bytes: UTF-8 JSON, keys sorted, no spaces (the same snapshot always gives the same bytes)."""
    return _CANONICAL.encode(snapshot).encode("utf-8")


def rows(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) in print order: the common items, then the type's own."""
    common = [(label, str(snapshot.get(key, ""))) for key, label in COMMON_ITEMS]
    return common + [(item["label"], item["value"]) for item in snapshot.get("items", [])]
