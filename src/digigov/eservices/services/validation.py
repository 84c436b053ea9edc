"""The checks of a service item's guide, materials and joint parts (R4.1): each problem with a Chinese message at
its field, all of them at once (`FieldErrors`). A draft may be incomplete; a submitted or published guide may not."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from digigov.catalog import api as catalog
from digigov.core.errors import FieldErrors, NotFoundError
from digigov.core.validators import validate_mobile
from digigov.eservices.choices import (
    KIND_CODES,
    Audience,
    KeyKind,
    MaterialFormat,
    MaterialRequirement,
    MaterialSource,
    OnlineDepth,
    Substitute,
)

MAX_VISITS = 9
MAX_DAYS = 365
MAX_FEE_FEN = 10**10  # 1亿元: beyond any fee in a guide, and inside a 64-bit integer
# 区号-号码[-分机] (027-87654321, 0710-3456789-12) or a service number (12345, 96xxx, 400/800 numbers).
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SERVICE_NUMBER = re.compile(r"^(1\d{4}|9\d{4,5}|[48]00-?\d{3}-?\d{4})$")
_BASIC_CODE = re.compile(r"^\d{12}$")
_LICENCE_TYPE = re.compile(r"^[0-9A-Za-z.-]{4,40}$")


def validate_service_phone(value: str) -> str:
    """An enquiry or complaint phone of a guide: a landline with its area code, a mobile, or a service number."""
    value = re.sub(r"\s", "", value or "").replace("（", "(").replace("）", ")")
    value = re.sub(r"^\((0\d{2,3})\)", r"\1-", value)
    if _LANDLINE.match(value) or _SERVICE_NUMBER.match(value):
        return value
    try:
        return validate_mobile(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a phone with its area code (027-87654321), a mobile number or a service number such as 12345."),
            code="phone",
        ) from None


def basic_code_errors(basic_code: str, kind: str) -> list[str]:
    """A basic code is 12 digits, the first two its kind's (KIND_CODES, README)."""
    if not _BASIC_CODE.match(basic_code or ""):
        return [_("A basic code is 12 digits.")]
    if kind in KIND_CODES and not basic_code.startswith(KIND_CODES[kind]):
        return [_("A basic code of this kind starts with %(prefix)s.") % {"prefix": KIND_CODES[kind]}]
    return []


def _int(value, default=0):
    if isinstance(value, bool):
        return None
    try:
        return int(value if value not in (None, "") else default)
    except (TypeError, ValueError):
        return None


def check(fields: dict, materials: list[dict], parts: list[dict], *, complete: bool = False) -> dict:
    """Every problem of the guide, then of each material (`materials.<n>.<field>`) and part (`parts.<n>.<field>`);
    raises one DomainError listing them. Returns the phones as normalised."""
    errors = FieldErrors()
    required = ["name"] + (["conditions", "procedure", "place", "consult_phone", "complaint_phone"] if complete else [])
    for field in required:
        if not str(fields.get(field) or "").strip():
            errors.add(field, _("This field is required."))
    if fields.get("audience") not in Audience.values:
        errors.add("audience", _("Choose who the item is for."))
    legal, promised = _int(fields.get("legal_days")), _int(fields.get("promised_days"))
    for field, days in (("legal_days", legal), ("promised_days", promised)):
        if days is None or not 0 <= days <= MAX_DAYS:
            errors.add(field, _("Enter a number of working days from 0 to %(max)s.") % {"max": MAX_DAYS})
    if legal and promised is not None and promised > legal:
        errors.add(
            "promised_days",
            _("The promised limit (%(promised)s working days) cannot be longer than the legal limit (%(legal)s).")
            % {"promised": promised, "legal": legal},
        )
    visits = _int(fields.get("visits"))
    if visits is None or not 0 <= visits <= MAX_VISITS:
        errors.add("visits", _("Enter a number of visits from 0 to %(max)s.") % {"max": MAX_VISITS})
    depth = _int(fields.get("online_depth"))
    if depth not in OnlineDepth.values:
        errors.add("online_depth", _("Choose an online depth from I to IV."))
    elif depth == OnlineDepth.FOUR and visits:
        errors.add("visits", _("An item handled wholly online (depth IV) needs no visit: enter 0."))
    phones = {}
    for field in ("consult_phone", "complaint_phone"):
        value = str(fields.get(field) or "").strip()
        if value:
            try:
                phones[field] = validate_service_phone(value)
            except ValidationError as exc:
                errors.add(field, exc.messages[0])
    _check_fees(errors, fields.get("fee"))
    if complete and not fields.get("process"):
        errors.add("process", _("Choose the handling process before the item is submitted."))
    names = _check_materials(errors, materials)
    _check_parts(errors, parts, names)
    errors.raise_if_any()
    return phones


def _check_fees(errors: FieldErrors, fee) -> None:
    if not isinstance(fee, list):
        errors.add("fee", _("Fees are a list; an empty list means free of charge."))
        return
    for n, entry in enumerate(fee):
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            errors.add("fee", _("Fee %(n)s: give its name.") % {"n": n + 1})
            continue
        if not str(entry.get("basis") or "").strip():
            errors.add("fee", _("Fee %(n)s: give the document that sets it.") % {"n": n + 1})
        amount = _int(entry.get("amount_fen"), default=None)
        if amount is None or not 0 < amount <= MAX_FEE_FEN:
            errors.add("fee", _("Fee %(n)s: enter the amount in yuan, more than 0.") % {"n": n + 1})


def _check_materials(errors: FieldErrors, materials: list[dict]) -> set[str]:
    names: set[str] = set()
    resources: dict = {}
    for n, m in enumerate(materials):
        at = f"materials.{n}."
        name = str(m.get("name") or "").strip()
        if not name:
            errors.add(at + "name", _("Material %(n)s: give its name.") % {"n": n + 1})
        elif name in names:
            errors.add(at + "name", _("Material “%(name)s” is listed twice.") % {"name": name})
        names.add(name)
        choices = {
            "source": MaterialSource.values,
            "formats": MaterialFormat.values,
            "required": MaterialRequirement.values,
            "substitute": Substitute.values,
        }
        for field, values in choices.items():
            if m.get(field) not in values:
                errors.add(at + field, _("Material %(n)s: choose one of the listed values.") % {"n": n + 1})
        for field in ("originals", "copies"):
            count = _int(m.get(field))
            if count is None or not 0 <= count <= 99:
                errors.add(at + field, _("Material %(n)s: enter a number from 0 to 99.") % {"n": n + 1})
        if m.get("substitute") == Substitute.LICENCE and not _LICENCE_TYPE.match(m.get("licence_type") or ""):
            errors.add(
                at + "licence_type",
                _("Material %(n)s: give the licence type code (GB/T 36902) of the e-licence that replaces it.")
                % {"n": n + 1},
            )
        if m.get("substitute") == Substitute.SHARED:
            _check_shared(errors, at, n, m, resources)
    return names


def _check_shared(errors: FieldErrors, at: str, n: int, m: dict, resources: dict) -> None:
    if m.get("key") not in KeyKind.values:
        errors.add(
            at + "key", _("Material %(n)s: choose the applicant's code that looks the record up.") % {"n": n + 1}
        )
    if not m.get("resource"):
        errors.add(at + "resource", _("Material %(n)s: choose the catalogue resource that holds it.") % {"n": n + 1})
        return
    pk = getattr(m["resource"], "pk", m["resource"])
    if pk not in resources:  # materials of one item often come from the same resource
        resources[pk] = _resource_items(pk)
    known = resources[pk]
    if known is None:
        errors.add(at + "resource", _("Material %(n)s: choose a published catalogue resource.") % {"n": n + 1})
        return
    chosen = list(m.get("items") or [])
    if not chosen:
        errors.add(at + "items", _("Material %(n)s: choose the information items it needs.") % {"n": n + 1})
    unknown = [i for i in chosen if i not in known]
    if unknown:
        errors.add(
            at + "items",
            _("Material %(n)s: the resource has no item %(items)s.")
            % {"n": n + 1, "items": "、".join(map(str, unknown))},
        )


def _resource_items(value) -> set[str] | None:
    """The identifiers of a published resource's items; None if it is not published (or not a resource)."""
    try:
        resource = catalog.published_resource_get(int(getattr(value, "pk", value)))
    except (NotFoundError, TypeError, ValueError):
        return None
    return {i.identifier for i in catalog.resource_items(resource)}


def _check_parts(errors: FieldErrors, parts: list[dict], materials: set[str]) -> None:
    codes: set[str] = set()
    for n, p in enumerate(parts):
        at = f"parts.{n}."
        code = str(p.get("code") or "")
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,49}", code):
            errors.add(at + "code", _("Part %(n)s: a code of lower-case letters, digits, - or _.") % {"n": n + 1})
        elif code in codes or code == "lead":
            errors.add(at + "code", _("Part %(n)s: the code “%(code)s” is taken.") % {"n": n + 1, "code": code})
        codes.add(code)
        if not str(p.get("name") or "").strip():
            errors.add(at + "name", _("Part %(n)s: give its name.") % {"n": n + 1})
        if not p.get("organisation"):
            errors.add(at + "organisation", _("Part %(n)s: choose the co-reviewing department.") % {"n": n + 1})
        days = _int(p.get("working_days"))
        if days is None or not 1 <= days <= MAX_DAYS:
            errors.add(
                at + "working_days", _("Part %(n)s: enter 1 to %(max)s working days.") % {"n": n + 1, "max": MAX_DAYS}
            )
        missing = [name for name in p.get("materials") or [] if name not in materials]
        if missing:
            errors.add(
                at + "materials",
                _("Part %(n)s: the item has no material %(names)s.") % {"n": n + 1, "names": "、".join(missing)},
            )
