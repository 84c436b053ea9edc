"""What a form schema may hold, checked when a version is saved, and the fields it describes.

A schema is what the vendored form-js 1.23.0 editor saves (schemaVersion 19). Forms reach the public as HTML the
server renders (docs/adr/0003-eservices-workflow.md §3), so only what `filling.render` draws and `filling.clean`
checks is accepted: the components in SUPPORTED, static options, the `validate` settings below and two custom
properties, `check` and `prefill`. Anything that would run in the browser (FEEL expressions, templates,
conditional display) or fetch something (file pickers, options from data) is refused. Every message is Chinese and
is filed under the component's key (its id if it has none, `schema` for the whole), so the designer can name it.
"""

import json
import re
import re._constants as sre_constants  # the parsed form of a pattern, to refuse nested repetition
import re._parser as sre_parse
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from digigov.core.errors import DomainError, FieldErrors
from digigov.core.rules import rule
from digigov.forms.choices import SCHEMA_VERSION, ApplicantField, Check

INPUTS = frozenset({"textfield", "textarea", "number", "datetime", "select", "radio", "checkbox", "checklist"})
LAYOUT = frozenset({"group", "text", "separator", "spacer"})
SUPPORTED = INPUTS | LAYOUT
WITH_OPTIONS = frozenset({"select", "radio", "checklist"})
TEXT_INPUTS = frozenset({"textfield", "textarea"})
VALIDATION_TYPES = frozenset({"", "custom", "email", "phone"})
PROPERTIES = frozenset({"check", "prefill"})
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,59}$")
APPLICANT_RE = re.compile(r"^applicant\.([a-z_]+)$")
SHARED_RE = re.compile(r"^shared:([A-Za-z0-9][A-Za-z0-9/_-]{0,59})\.([A-Za-z][A-Za-z0-9_]{0,59})$")
MAX_DEPTH = 4  # groups inside groups
MAX_OPTIONS = 300
LABEL_MAX = 200
DESCRIPTION_MAX = 500
TEXT_MAX = 5000
OPTION_MAX = 200
# Keys whose value is run or fetched by form-js; none of them can be drawn on the server.
REFUSED_KEYS = {
    "conditional": "conditional",
    "valuesKey": "options",
    "valuesExpression": "options",
    "dataSource": "options",
    "url": "fetch",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One component of a form, as the renderer and the cleaner read it."""

    type: str
    id: str
    key: str = ""
    label: str = ""
    description: str = ""
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    validation_type: str = ""
    check: str = ""
    prefill: str = ""
    options: tuple[Option, ...] = ()
    decimal_digits: int | None = None
    text: str = ""
    readonly: bool = False
    default: Any = None
    children: tuple["Field", ...] = field(default_factory=tuple)

    @property
    def is_input(self) -> bool:
        return self.type in INPUTS


def canonical_json(schema: Any) -> str:
    """The schema's one spelling (sorted keys, no spaces): what its SHA-256 is taken of."""
    return json.dumps(schema, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def inputs(fields: tuple[Field, ...]) -> list[Field]:
    """The fields that take input, groups opened, in the order they are shown."""
    found: list[Field] = []
    for f in fields:
        if f.type == "group":
            found += inputs(f.children)
        elif f.is_input:
            found.append(f)
    return found


def validate(schema: Any) -> tuple[Field, ...]:
    """The fields of `schema`, or a DomainError with every problem filed under its component's key."""
    try:
        return _validate(schema)
    except RecursionError:  # JSON nested thousands deep: refused, not a 500
        raise FieldErrors.one("schema", _("The form schema is nested too deeply.")) from None


def _validate(schema: Any) -> tuple[Field, ...]:
    errors = FieldErrors()
    if not isinstance(schema, dict):
        raise FieldErrors.one("schema", _("The form schema must be a JSON object."))
    size = len(canonical_json(schema).encode())
    max_kb = rule("forms.schema_max_kb")
    if size > max_kb * 1024:
        raise FieldErrors.one(
            "schema",
            _("The form schema is %(kb)s KB; a form may have at most %(max)s KB.")
            % {"kb": (size + 1023) // 1024, "max": max_kb},
        )
    if schema.get("schemaVersion") != SCHEMA_VERSION:
        errors.add(
            "schema",
            _("The schema format version is %(found)s; only version %(wanted)s (form-js 1.23) is supported.")
            % {"found": schema.get("schemaVersion", "—"), "wanted": SCHEMA_VERSION},
        )
    if schema.get("type", "default") != "default":
        errors.add("schema", _("The top of a form schema must have the type “default”."))
    components = schema.get("components")
    if not isinstance(components, list):
        errors.add("schema", _("The form schema has no list of components."))
        raise errors.error()
    reader = _Reader(errors)
    fields = reader.components(components, depth=0)
    if reader.count > rule("forms.components_max"):
        errors.add(
            "schema",
            _("The form has %(n)s components; a form may have at most %(max)s.")
            % {"n": reader.count, "max": rule("forms.components_max")},
        )
    if errors:
        raise errors.error(_("The form cannot be saved: %(first)s") % {"first": _first(errors)})
    return fields


def read(schema: Any) -> tuple[Field, ...]:
    """The fields of a schema already validated when its version was saved."""
    reader = _Reader(FieldErrors(), checking=False)
    return reader.components(schema.get("components") or [], depth=0)


def _first(errors: FieldErrors) -> str:
    return str(next(iter(errors.fields.values()))[0])


class _Reader:
    def __init__(self, errors: FieldErrors, *, checking: bool = True):
        self.errors, self.checking = errors, checking
        self.keys: set[str] = set()
        self.count = 0

    def fail(self, where: str, message: str) -> None:
        self.errors.add(where, message)

    def components(self, items: Any, depth: int) -> tuple[Field, ...]:
        fields = []
        for n, item in enumerate(items if isinstance(items, list) else []):
            self.count += 1
            found = self.component(item, n, depth)
            if found is not None:
                fields.append(found)
        return tuple(fields)

    def component(self, item: Any, n: int, depth: int) -> Field | None:
        if not isinstance(item, dict):
            self.fail("schema", _("Component number %(n)s is not a JSON object.") % {"n": n + 1})
            return None
        kind = item.get("type")
        cid = str(item.get("id") or f"#{n + 1}")[:60]
        key = item.get("key")
        where = key if isinstance(key, str) and key else cid
        if kind not in SUPPORTED:
            if kind == "filepicker":
                self.fail(
                    where,
                    _("“%(where)s”: file uploads are not part of a form; attach files as materials.")
                    % {"where": where},
                )
            else:
                self.fail(
                    where,
                    _("“%(where)s”: the component type “%(type)s” is not supported.")
                    % {"where": where, "type": str(kind)[:40]},
                )
            return None
        if self.checking:
            self.refuse_scripts(item, where)
        label = _text(item.get("label"))
        description = _text(item.get("description"))
        if kind == "group":
            if depth >= MAX_DEPTH:
                self.fail(
                    where, _("“%(where)s”: groups may be nested at most %(n)s deep.") % {"where": where, "n": MAX_DEPTH}
                )
                return None
            if item.get("path"):
                self.fail(
                    where,
                    _("“%(where)s”: a group cannot have a data path; every field key is flat.") % {"where": where},
                )
            children = self.components(item.get("components"), depth + 1)
            return Field(type=kind, id=cid, label=label, description=description, children=children)
        if kind == "text":
            text = item.get("text", "")
            if self.checking and (not isinstance(text, str) or len(text) > TEXT_MAX):
                self.fail(
                    where,
                    _("“%(where)s”: the text must be at most %(n)s characters.") % {"where": where, "n": TEXT_MAX},
                )
            return Field(type=kind, id=cid, text=_text(text))
        if kind in ("separator", "spacer"):
            return Field(type=kind, id=cid)
        return self.input(item, kind, cid, key, label, description)

    def refuse_scripts(self, item: dict, where: str) -> None:
        for name, why in REFUSED_KEYS.items():
            if item.get(name) not in (None, "", {}, []):
                if why == "conditional":
                    message = _(
                        "“%(where)s”: conditional display (hide if …) runs in the browser and is not supported."
                    )
                elif why == "options":
                    message = _(
                        "“%(where)s”: options must be listed in the form (static options), not taken from data."
                    )
                else:
                    message = _("“%(where)s”: a form cannot fetch anything from an address.")
                self.fail(where, message % {"where": where})
        for value in _strings(item, skip={"components"}):
            if value.lstrip().startswith("="):
                self.fail(
                    where,
                    _("“%(where)s”: expressions (FEEL, starting with “=”) are not supported: %(text)s")
                    % {"where": where, "text": value[:40]},
                )
                return
            if "{{" in value:
                self.fail(
                    where,
                    _("“%(where)s”: templates (“{{ … }}”) are not supported: %(text)s")
                    % {"where": where, "text": value[:40]},
                )
                return

    def input(self, item: dict, kind: str, cid: str, key: Any, label: str, description: str) -> Field:
        where = key if isinstance(key, str) and key else cid
        check = self.checking
        if check:
            if not isinstance(key, str) or not KEY_RE.match(key):
                self.fail(
                    where,
                    _("“%(where)s”: the key must start with a letter and have only letters, digits and _ (at most 60).")
                    % {"where": where},
                )
            elif key in self.keys:
                self.fail(
                    where, _("“%(where)s”: two fields have this key; each field needs its own.") % {"where": where}
                )
            if not label.strip():
                self.fail(where, _("“%(where)s”: the field needs a label.") % {"where": where})
            elif len(label) > LABEL_MAX:
                self.fail(
                    where,
                    _("“%(where)s”: the label must be at most %(n)s characters.") % {"where": where, "n": LABEL_MAX},
                )
            if len(description) > DESCRIPTION_MAX:
                self.fail(
                    where,
                    _("“%(where)s”: the description must be at most %(n)s characters.")
                    % {"where": where, "n": DESCRIPTION_MAX},
                )
        if isinstance(key, str):
            self.keys.add(key)
        rules = item.get("validate") or {}
        if not isinstance(rules, dict):
            self.fail(where, _("“%(where)s”: “validate” must be an object.") % {"where": where})
            rules = {}
        required = rules.get("required", False)
        if check and not isinstance(required, bool):
            self.fail(where, _("“%(where)s”: “required” must be true or false.") % {"where": where})
        min_length = self.whole(rules, "minLength", where, kind in TEXT_INPUTS)
        max_length = self.whole(rules, "maxLength", where, kind in TEXT_INPUTS)
        if check and max_length is not None and max_length > rule("forms.text_max_length"):
            self.fail(
                where,
                _("“%(where)s”: the maximum length may be at most %(n)s characters.")
                % {"where": where, "n": rule("forms.text_max_length")},
            )
        if check and min_length is not None and max_length is not None and min_length > max_length:
            self.fail(
                where, _("“%(where)s”: the minimum length is greater than the maximum length.") % {"where": where}
            )
        minimum = self.number(rules, "min", where, kind == "number")
        maximum = self.number(rules, "max", where, kind == "number")
        if check and minimum is not None and maximum is not None and minimum > maximum:
            self.fail(where, _("“%(where)s”: the minimum is greater than the maximum.") % {"where": where})
        pattern = rules.get("pattern") or ""
        validation_type = rules.get("validationType") or ""
        if check:
            if pattern and kind not in TEXT_INPUTS:
                self.fail(where, _("“%(where)s”: only text fields can have a pattern.") % {"where": where})
            elif pattern:
                self.check_pattern(pattern, where)
            if validation_type not in VALIDATION_TYPES or (validation_type and kind != "textfield"):
                self.fail(
                    where,
                    _("“%(where)s”: the validation type “%(type)s” is not supported (e-mail or phone on a text field).")
                    % {"where": where, "type": str(validation_type)[:20]},
                )
        props = item.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
            self.fail(where, _("“%(where)s”: custom properties must be an object.") % {"where": where})
        check_prop = props.get("check") or ""
        prefill = props.get("prefill") or ""
        if check:
            self.check_properties(props, kind, where)
        options = self.options(item, where) if kind in WITH_OPTIONS else ()
        decimal_digits = self.whole(item, "decimalDigits", where, kind == "number")
        if check and decimal_digits is not None and decimal_digits > 10:
            self.fail(where, _("“%(where)s”: at most 10 decimal places.") % {"where": where})
        if check and kind == "datetime" and item.get("subtype", "date") != "date":
            self.fail(where, _("“%(where)s”: only dates are supported (not times).") % {"where": where})
        readonly = item.get("readonly", False) is True or item.get("disabled", False) is True
        if check:
            for flag in ("readonly", "disabled"):
                if item.get(flag) not in (None, True, False):
                    self.fail(
                        where, _("“%(where)s”: “%(flag)s” must be true or false.") % {"where": where, "flag": flag}
                    )
        return Field(
            type=kind,
            id=cid,
            key=key if isinstance(key, str) else "",
            label=label,
            description=description,
            required=required is True,
            min_length=min_length,
            max_length=max_length,
            pattern=pattern if isinstance(pattern, str) else "",
            minimum=minimum,
            maximum=maximum,
            validation_type=validation_type if isinstance(validation_type, str) else "",
            check=check_prop if isinstance(check_prop, str) else "",
            prefill=prefill if isinstance(prefill, str) else "",
            options=options,
            decimal_digits=decimal_digits,
            readonly=readonly,
            default=item.get("defaultValue"),
        )

    def whole(self, source: dict, name: str, where: str, allowed: bool) -> int | None:
        value = source.get(name)
        if value is None or value == "":
            return None
        if not self.checking:
            return value if isinstance(value, int) else None
        if not allowed:
            self.fail(
                where,
                _("“%(where)s”: “%(name)s” does not apply to this kind of field.") % {"where": where, "name": name},
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10**9:
            self.fail(
                where,
                _("“%(where)s”: “%(name)s” must be a whole number of 0 or more.") % {"where": where, "name": name},
            )
            return None
        return value

    def number(self, source: dict, name: str, where: str, allowed: bool) -> Decimal | None:
        value = source.get(name)
        if value is None or value == "":
            return None
        if self.checking and not allowed:
            self.fail(
                where,
                _("“%(where)s”: “%(name)s” does not apply to this kind of field.") % {"where": where, "name": name},
            )
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
                raise InvalidOperation
        except InvalidOperation:
            if self.checking:
                self.fail(where, _("“%(where)s”: “%(name)s” must be a number.") % {"where": where, "name": name})
            return None
        return number

    def check_pattern(self, pattern: Any, where: str) -> None:
        if not isinstance(pattern, str):
            self.fail(where, _("“%(where)s”: the pattern must be text.") % {"where": where})
            return
        limit = rule("forms.pattern_max_length")
        if len(pattern) > limit:
            self.fail(
                where,
                _("“%(where)s”: the pattern has %(n)s characters; at most %(max)s.")
                % {"where": where, "n": len(pattern), "max": limit},
            )
            return
        try:
            parsed = sre_parse.parse(pattern)
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError, ValueError) as exc:
            self.fail(
                where,
                _("“%(where)s”: the pattern is not a valid regular expression (%(why)s).")
                % {"where": where, "why": str(exc)[:80]},
            )
            return
        problem = _risky(list(parsed), repeated=False)
        if problem:
            self.fail(
                where,
                _(
                    "“%(where)s”: the pattern could take very long on some input (%(why)s); write it "
                    "without nested repetition."
                )
                % {"where": where, "why": problem},
            )

    def check_properties(self, props: dict, kind: str, where: str) -> None:
        unknown = sorted(str(k) for k in props if k not in PROPERTIES)
        if unknown:
            self.fail(
                where,
                _("“%(where)s”: unknown custom properties %(names)s; only “check” and “prefill” are read.")
                % {"where": where, "names": "、".join(unknown)[:80]},
            )
        check = props.get("check")
        if check not in (None, ""):
            if check not in Check.values:
                self.fail(
                    where,
                    _("“%(where)s”: the check “%(check)s” is unknown; use %(known)s.")
                    % {"where": where, "check": str(check)[:30], "known": "、".join(Check.values)},
                )
            elif kind != "textfield":
                self.fail(where, _("“%(where)s”: only a text field can have a check.") % {"where": where})
        prefill = props.get("prefill")
        if prefill not in (None, "") and not (
            isinstance(prefill, str) and (_applicant_ok(prefill) or SHARED_RE.match(prefill))
        ):
            self.fail(
                where,
                _(
                    "“%(where)s”: prefill “%(prefill)s” must be applicant.<field> (%(fields)s) or "
                    "shared:<resource>.<item>."
                )
                % {"where": where, "prefill": str(prefill)[:60], "fields": "、".join(ApplicantField.values)},
            )

    def options(self, item: dict, where: str) -> tuple[Option, ...]:
        values = item.get("values")
        if not isinstance(values, list) or not values:
            if self.checking:
                self.fail(where, _("“%(where)s”: list at least one option.") % {"where": where})
            return ()
        found: list[Option] = []
        seen: set[str] = set()
        for value in values[: MAX_OPTIONS + 1]:
            label = value.get("label") if isinstance(value, dict) else None
            raw = value.get("value") if isinstance(value, dict) else None
            if not isinstance(raw, str) or not raw or len(raw) > OPTION_MAX or not isinstance(label, str):
                if self.checking:
                    self.fail(
                        where,
                        _("“%(where)s”: each option needs a label and a value (text, at most %(n)s characters).")
                        % {"where": where, "n": OPTION_MAX},
                    )
                    return ()
                continue
            if raw in seen and self.checking:
                self.fail(
                    where,
                    _("“%(where)s”: two options have the value “%(value)s”.") % {"where": where, "value": raw[:40]},
                )
            seen.add(raw)
            found.append(Option(raw, label[:OPTION_MAX] or raw))
        if self.checking and len(values) > MAX_OPTIONS:
            self.fail(where, _("“%(where)s”: at most %(n)s options.") % {"where": where, "n": MAX_OPTIONS})
        return tuple(found)


def _applicant_ok(prefill: str) -> bool:
    match = APPLICANT_RE.match(prefill)
    return match is not None and match.group(1) in ApplicantField.values


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: Any, skip: set[str]):
    """Every text inside a component (its own settings, not its children)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from _strings(v, set())
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, set())


_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}
_SINGLE = {
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
    sre_constants.CATEGORY,
}


def _risky(items: list, *, repeated: bool) -> str:
    """Why a parsed pattern may backtrack exponentially: a repetition inside a repetition, alternatives of more
    than one character repeated, or a back-reference. Empty if none."""
    for op, arg in items:
        if op in _REPEATS:
            low, high, sub = arg
            many = high is sre_constants.MAXREPEAT or high > 1
            if many and repeated and low != high:  # a fixed count (\d{3}) splits the input one way only
                return _("nested repetition")
            if many and _has_long_branch(list(sub)):
                return _("repeated alternatives")
            found = _risky(list(sub), repeated=repeated or many)
            if found:
                return found
        elif op == sre_constants.SUBPATTERN:
            found = _risky(list(arg[-1]), repeated=repeated)
            if found:
                return found
        elif op == sre_constants.BRANCH:
            for alternative in arg[1]:
                found = _risky(list(alternative), repeated=repeated)
                if found:
                    return found
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found = _risky(list(arg[1]), repeated=repeated)
            if found:
                return found
        elif op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            return _("back-reference")
    return ""


def _has_long_branch(items: list) -> bool:
    for op, arg in items:
        if op == sre_constants.BRANCH:
            for alternative in arg[1]:
                alt = list(alternative)
                if len(alt) != 1 or alt[0][0] not in _SINGLE:
                    return True
        elif op == sre_constants.SUBPATTERN and _has_long_branch(list(arg[-1])):
            return True
    return False


def validation_error(exc: DomainError) -> dict[str, list[str]]:
    """The field errors of a refused schema as plain text, keyed by component key."""
    return {k: [str(m) for m in v] for k, v in exc.fields.items()}
