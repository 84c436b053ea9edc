"""A form as the public fills it: `render` draws the HTML fragment (inside the caller's `<form>` in the public page
design, no script needed), `clean` checks every field of what was posted with a precise Chinese message.

Values are JSON-ready: text is `str`, a number `int` (or `float` when it has decimals), a date "YYYY-MM-DD", a
select or radio the option's value (None if empty), a checkbox `bool`, a checklist a list of option values.
A field filled from an authoritative source (`Prefill.locked`) is shown read-only with its source, and `clean`
takes its value from the prefill, never from the post.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from digigov.core.errors import FieldErrors
from digigov.core.rules import rule
from digigov.core.validators import validate_id_number, validate_mobile, validate_uscc
from digigov.forms import schema as schema_module
from digigov.forms.choices import Check
from digigov.forms.schema import Field

PREFIX = "f_"  # the posted name of a field is PREFIX + its key, so it never meets the caller's own names
LANDLINE_RE = re.compile(r"^(?:0\d{2,3}-?)?[1-9]\d{6,7}(?:-\d{1,6})?$")
NUMBER_DIGITS = 15  # significant digits a number field keeps exactly (a float's)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Prefill(NamedTuple):
    """A value the caller found for a field before the person saw the form, and where it came from
    ("公安厅 人口基础信息"). `locked`: from an authoritative source, so shown read-only and kept as it is."""

    value: Any
    source: str
    locked: bool = True


def fields_of(version) -> tuple[Field, ...]:
    """The fields of a stored version (or of a schema dict, already validated)."""
    schema = version if isinstance(version, Mapping) else version.schema
    return schema_module.read(schema)


def prefill_keys(version) -> dict[str, str]:
    """{field key: its prefill source} for every field that asks to be prefilled (`applicant.name`,
    `shared:<resource>.<item>`): the caller resolves them and passes `Prefill`s to `render` and `clean`."""
    return {f.key: f.prefill for f in schema_module.inputs(fields_of(version)) if f.prefill}


def _prefills(prefilled: Mapping | None) -> dict[str, Prefill]:
    found = {}
    for key, item in (prefilled or {}).items():
        found[key] = item if isinstance(item, Prefill) else Prefill(*item)
    return found


# ---------------------------------------------------------------------------------------------------------------------
# clean


def _get(post_data: Mapping, name: str) -> str | None:
    value = post_data.get(name)
    if isinstance(value, list):  # a plain dict of lists (e.g. parsed JSON)
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def _get_list(post_data: Mapping, name: str) -> list[str]:
    if hasattr(post_data, "getlist"):
        values = post_data.getlist(name)
    else:
        value = post_data.get(name)
        values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def clean(version, post_data: Mapping, prefilled: Mapping | None = None) -> tuple[dict[str, Any], FieldErrors]:
    """The values of every field of the form from `post_data`, and the errors by field key (empty if none)."""
    errors = FieldErrors()
    values: dict[str, Any] = {}
    locked = {k: p for k, p in _prefills(prefilled).items() if p.locked}
    for f in schema_module.inputs(fields_of(version)):
        if f.key in locked:
            values[f.key] = locked[f.key].value
            continue
        if f.readonly:
            values[f.key] = _default(f)
            continue
        try:
            values[f.key] = _clean_field(f, post_data)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add(f.key, message)
            values[f.key] = _empty(f)
    return values, errors


def _empty(f: Field) -> Any:
    if f.type in schema_module.TEXT_INPUTS:
        return ""
    if f.type == "checkbox":
        return False
    if f.type == "checklist":
        return []
    return None


def _default(f: Field) -> Any:
    default = f.default
    if f.type == "checkbox":
        return default is True
    if f.type == "checklist":
        return [v for v in default if isinstance(v, str)] if isinstance(default, list) else []
    if f.type == "number":
        return default if isinstance(default, int | float) and not isinstance(default, bool) else None
    return default if isinstance(default, str) else _empty(f)


def _required(f: Field) -> ValidationError:
    if f.type in ("select", "radio"):
        return ValidationError(_("Choose “%(label)s”.") % {"label": f.label})
    if f.type == "checkbox":
        return ValidationError(_("Tick “%(label)s” to go on.") % {"label": f.label})
    if f.type == "checklist":
        return ValidationError(_("Choose at least one option of “%(label)s”.") % {"label": f.label})
    return ValidationError(_("Fill in “%(label)s”.") % {"label": f.label})


def _clean_field(f: Field, post_data: Mapping) -> Any:
    name = PREFIX + f.key
    if f.type == "checkbox":
        value = (_get(post_data, name) or "") in ("on", "true", "1")
        if f.required and not value:
            raise _required(f)
        return value
    if f.type == "checklist":
        chosen: list[str] = []
        allowed = {o.value for o in f.options}
        for raw in _get_list(post_data, name):
            if raw not in allowed:
                raise ValidationError(_("“%(label)s”: choose from the options listed.") % {"label": f.label})
            if raw not in chosen:
                chosen.append(raw)
        if f.required and not chosen:
            raise _required(f)
        return [o.value for o in f.options if o.value in chosen]  # in the form's order, however posted
    raw = _get(post_data, name) or ""
    raw = raw.replace("\r\n", "\n").strip()  # a browser posts a textarea's line breaks as CR LF
    if not raw:
        if f.required:
            raise _required(f)
        return _empty(f)
    if CONTROL_RE.search(raw):
        raise ValidationError(_("“%(label)s” contains control characters; type it again.") % {"label": f.label})
    if f.type in ("select", "radio"):
        if raw not in {o.value for o in f.options}:
            raise ValidationError(_("“%(label)s”: choose from the options listed.") % {"label": f.label})
        return raw
    if f.type == "number":
        return _clean_number(f, raw)
    if f.type == "datetime":
        return _clean_date(f, raw)
    return _clean_text(f, raw)


def _clean_text(f: Field, raw: str) -> str:
    limit = f.max_length if f.max_length is not None else rule("forms.text_max_length")
    if len(raw) > limit:
        raise ValidationError(
            _("“%(label)s” can have at most %(max)s characters; this one has %(n)s.")
            % {"label": f.label, "max": limit, "n": len(raw)}
        )
    if f.min_length is not None and len(raw) < f.min_length:
        raise ValidationError(
            _("“%(label)s” needs at least %(min)s characters; this one has %(n)s.")
            % {"label": f.label, "min": f.min_length, "n": len(raw)}
        )
    value = raw
    if f.check:
        value = _clean_check(f, raw)
    if f.validation_type == "email":
        try:
            EmailValidator()(raw)
        except ValidationError:
            raise ValidationError(
                _("“%(label)s” is not an e-mail address; write it like name@example.cn.") % {"label": f.label}
            ) from None
    elif f.validation_type == "phone":
        try:
            value = validate_mobile(raw)
        except ValidationError:
            if not LANDLINE_RE.match(raw.replace(" ", "")):
                raise ValidationError(
                    _(
                        "“%(label)s” is not a phone number; write a mobile number or an area code and number, such as "
                        "027-87654321."
                    )
                    % {"label": f.label}
                ) from None
            value = raw.replace(" ", "")
    if f.pattern and not re.search(f.pattern, raw):  # as form-js tests it: found anywhere unless anchored
        hint = f" {f.description}" if f.description else ""
        raise ValidationError(_("“%(label)s” is not in the expected format.") % {"label": f.label} + hint)
    return value


def _clean_check(f: Field, raw: str) -> str:
    check = {Check.ID_NUMBER: validate_id_number, Check.USCC: validate_uscc, Check.MOBILE: validate_mobile}.get(
        f.check  # type: ignore[call-overload]
    )
    if check is None:
        return raw
    try:
        return check(raw)
    except ValidationError as exc:
        raise ValidationError(f"“{f.label}”：{exc.messages[0]}") from None


def _clean_number(f: Field, raw: str) -> int | float:
    text = unicodedata.normalize("NFKC", raw).replace(",", "").replace(" ", "")
    try:
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise InvalidOperation
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(label)s” must be a number, such as 12 or 3.5.") % {"label": f.label}) from None
    digits = len(number.as_tuple().digits)
    if digits > NUMBER_DIGITS:
        raise ValidationError(
            _("“%(label)s” has too many digits (at most %(n)s).") % {"label": f.label, "n": NUMBER_DIGITS}
        )
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if f.decimal_digits is not None and places > f.decimal_digits:
        if f.decimal_digits == 0:
            raise ValidationError(_("“%(label)s” must be a whole number.") % {"label": f.label})
        raise ValidationError(
            _("“%(label)s” can have at most %(n)s decimal places.") % {"label": f.label, "n": f.decimal_digits}
        )
    if f.minimum is not None and number < f.minimum:
        raise ValidationError(_("“%(label)s” must be at least %(min)s.") % {"label": f.label, "min": f.minimum})
    if f.maximum is not None and number > f.maximum:
        raise ValidationError(_("“%(label)s” must be at most %(max)s.") % {"label": f.label, "max": f.maximum})
    if "." in text:
        return float(number)
    return int(number)


def _clean_date(f: Field, raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).replace("/", "-")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(
            _("“%(label)s” must be a date written as year-month-day, such as 2026-12-03.") % {"label": f.label}
        ) from None


# ---------------------------------------------------------------------------------------------------------------------
# render


def _shown(f: Field, value: Any) -> str:
    """A value as the input shows it."""
    if value is None or value is False or value is True:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")  # 1e-07 is shown 0.0000001, as it was typed
    return str(value)


def render(
    version,
    values: Mapping | None = None,
    errors: FieldErrors | Mapping | None = None,
    prefilled: Mapping | None = None,
    *,
    id_prefix: str = "f",
) -> SafeString:
    """The form's fields as an HTML fragment for the caller's `<form>` (public page design: `.letter` classes)."""
    values = values or {}
    field_errors = errors.fields if isinstance(errors, FieldErrors) else (errors or {})
    context = _Context(values, field_errors, _prefills(prefilled), id_prefix)
    items = [context.item(f) for f in fields_of(version)]
    return render_to_string("forms/render/fields.html", {"items": items, "errors": bool(field_errors)})


class _Context:
    def __init__(self, values: Mapping, errors: Mapping, prefills: dict[str, Prefill], id_prefix: str):
        self.values, self.errors, self.prefills, self.id_prefix = values, errors, prefills, id_prefix

    def item(self, f: Field) -> dict[str, Any]:
        if f.type == "group":
            return {"kind": "group", "label": f.label, "children": [self.item(c) for c in f.children]}
        if not f.is_input:
            return {"kind": f.type, "text": f.text}
        prefill = self.prefills.get(f.key)
        if prefill is not None and (prefill.locked or f.key not in self.values):
            value = prefill.value
        elif f.key in self.values:
            value = self.values[f.key]
        elif f.default is not None:
            value = _default(f)
        else:
            value = _empty(f)
        base = f"{self.id_prefix}-{f.key}"
        messages = [str(m) for m in self.errors.get(f.key, [])]
        described = []
        if f.description:
            described.append(f"{base}-hint")
        if prefill is not None:
            described.append(f"{base}-source")
        if messages:
            described.append(f"{base}-error")
        locked = f.readonly or bool(prefill and prefill.locked)
        chosen = value if isinstance(value, list) else [value]
        item = {
            "kind": f.type,
            "name": PREFIX + f.key,
            "id": base,
            "label": f.label,
            "hint": f.description,
            "required": f.required,
            "errors": messages,
            "describedby": " ".join(described),
            "source": prefill.source if prefill is not None else "",
            "locked": locked,
            "value": _shown(f, value),
            "checked": value is True,
            "options": [
                {"value": o.value, "label": o.label, "selected": o.value in chosen, "id": f"{base}-{n}"}
                for n, o in enumerate(f.options)
            ],
            "input_type": "text",
            "inputmode": "",
            "autocomplete": "",
            "maxlength": f.max_length,
        }
        if f.type == "datetime":
            item["input_type"] = "date"
        elif f.type == "number":
            item["inputmode"] = "numeric" if f.decimal_digits == 0 else "decimal"
        elif f.validation_type == "email":
            item["input_type"] = "email"
        elif f.validation_type == "phone" or f.check == Check.MOBILE:
            item["input_type"] = "tel"
        if locked and f.type in schema_module.WITH_OPTIONS:
            item["shown"] = "、".join(o.label for o in f.options if o.value in chosen)
        return item


def answers(version, values: Mapping, *, only: set[str] | None = None) -> list[tuple[str, str]]:
    """The answers as (label, text) in the form's order, a choice by its option's label: what a handler reads.
    `only` limits them to those keys (a joint part reads the fields its part lists)."""
    rows = []
    for f in schema_module.inputs(fields_of(version)):
        if f.key not in values or (only is not None and f.key not in only):
            continue
        value = values[f.key]
        labels = {o.value: o.label for o in f.options}
        if f.type == "checkbox":
            text = _("Yes") if value else _("No")
        elif isinstance(value, list):
            text = "、".join(str(labels.get(v, v)) for v in value)
        else:
            text = str(labels.get(value, _shown(f, value)))
        rows.append((f.label, text))
    return rows


def input_fields(version) -> list[Field]:
    """The fields that take an answer, groups opened, in the order they are shown."""
    return schema_module.inputs(fields_of(version))
