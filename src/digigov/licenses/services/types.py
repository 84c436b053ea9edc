"""The licence type catalogue (证照目录, GB/T 36902/36903, R6.1): a department's organisation administrator (or a
platform administrator) keeps its types — name, code, holder kind, the type's own metadata items, validity, trust
grade and appearance. The code is fixed when the type is made: the department's credit code and the next
three-digit serial (`identifiers.type_code`)."""

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import DomainError, FieldErrors, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.rules import rule
from digigov.licenses import identifiers
from digigov.licenses.choices import HolderKind, ItemKind, TrustGrade
from digigov.licenses.models import LicenceType
from digigov.licenses.permissions import can_edit_types
from digigov.licenses.snapshot import COMMON_ITEMS

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
RESERVED_KEYS = {key for key, _label in COMMON_ITEMS} | {"items"}
LABEL_MAX = 40
TITLE_MAX = 40
LAYOUTS = ("certificate", "card")
VALIDITY_MAX_YEARS = 100


def clean_items(items: Any, errors: FieldErrors) -> list[dict]:
    """The type's own metadata items as stored: [{"key", "label", "kind", "required"}], keys unique, kinds known."""
    if not isinstance(items, list):
        errors.add("items", _("The metadata items must be a list."))
        return []
    if len(items) > rule("licenses.type_max_items"):
        errors.add(
            "items", _("A licence type has at most %(n)s metadata items.") % {"n": rule("licenses.type_max_items")}
        )
        return []
    cleaned, seen = [], set()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            errors.add("items", _("Item %(n)s is not a name, label and kind.") % {"n": number})
            continue
        key = str(item.get("key", "")).strip()
        label = str(item.get("label", "")).strip()
        kind = str(item.get("kind", ItemKind.TEXT)).strip()
        if not _KEY.match(key):
            errors.add(
                "items",
                _("Item %(n)s: the key is 1 to 40 small letters, digits or _, starting with a letter.") % {"n": number},
            )
        elif key in RESERVED_KEYS:
            errors.add(
                "items", _("Item %(n)s: “%(key)s” is a common item of every licence.") % {"n": number, "key": key}
            )
        elif key in seen:
            errors.add("items", _("Item %(n)s: the key “%(key)s” is used twice.") % {"n": number, "key": key})
        seen.add(key)
        if not label or len(label) > LABEL_MAX:
            errors.add(
                "items", _("Item %(n)s: give a label of at most %(max)s characters.") % {"n": number, "max": LABEL_MAX}
            )
        if kind not in ItemKind.values:
            errors.add("items", _("Item %(n)s: “%(kind)s” is not a kind of value.") % {"n": number, "kind": kind})
        cleaned.append({"key": key, "label": label, "kind": kind, "required": bool(item.get("required", False))})
    return cleaned


def _clean_appearance(appearance: Any, name: str, errors: FieldErrors) -> dict:
    appearance = appearance if isinstance(appearance, dict) else {}
    title = str(appearance.get("title") or name).strip()
    colour = str(appearance.get("colour") or "#b22222").strip()
    layout = str(appearance.get("layout") or "certificate").strip()
    if len(title) > TITLE_MAX:
        errors.add("title", _("The title has at most %(max)s characters.") % {"max": TITLE_MAX})
    if not _COLOUR.match(colour):
        errors.add("colour", _("The colour is written #RRGGBB, for example #B22222."))
    if layout not in LAYOUTS:
        errors.add("layout", _("The layout is a certificate or a card."))
    return {"title": title, "colour": colour.lower(), "layout": layout}


def next_type_code(issuer: Organisation) -> str:
    uscc = issuer.uscc or ""
    used = LicenceType.objects.filter(issuer=issuer, code__startswith=uscc).values_list("code", flat=True)
    serials = [int(code[-3:]) for code in used if code[-3:].isdigit()]
    number = max(serials, default=0) + 1
    if number > 999:
        raise DomainError(_("This department already has 999 licence types."))
    return identifiers.type_code(uscc, number)


@transaction.atomic
def licence_type_save(
    *,
    actor,
    issuer: Organisation,
    name: str,
    holder_kind: str,
    items: list[dict],
    validity_years: int | None = None,
    trust_grade: str = TrustGrade.A,
    appearance: dict | None = None,
    is_active: bool = True,
    licence_type: LicenceType | None = None,
) -> LicenceType:
    """Create a type of `issuer` (code assigned), or save `licence_type` (its code and issuer never change)."""
    if licence_type is not None:
        licence_type = LicenceType.objects.select_for_update().get(pk=licence_type.pk)
        issuer = licence_type.issuer
    if not can_edit_types(actor, issuer):
        raise PermissionDeniedError()
    errors = FieldErrors()
    name = (name or "").strip()
    if not name:
        errors.add("name", _("This field is required."))
    if not issuer.uscc or not identifiers.is_type_code(f"{issuer.uscc}001"):
        errors.add("issuer", _("The issuing department needs a valid unified social credit code."))
    if holder_kind not in HolderKind.values:
        errors.add("holder_kind", _("Choose the holder kind."))
    if trust_grade not in TrustGrade.values:
        errors.add("trust_grade", _("Choose the trust grade."))
    if validity_years is not None and not 1 <= validity_years <= VALIDITY_MAX_YEARS:
        errors.add(
            "validity_years",
            _("Give 1 to %(max)s years, or leave it empty for long-term.") % {"max": VALIDITY_MAX_YEARS},
        )
    cleaned_items = clean_items(items, errors)
    look = _clean_appearance(appearance, name, errors)
    errors.check_lengths(LicenceType, {"name": name})
    errors.raise_if_any()
    before = None
    if licence_type is None:
        licence_type = LicenceType(issuer=issuer, code=next_type_code(issuer))
    else:
        before = {"name": licence_type.name, "items": [i["label"] for i in licence_type.items]}
    licence_type.name = name
    licence_type.holder_kind = holder_kind
    licence_type.items = cleaned_items
    licence_type.validity_years = validity_years
    licence_type.trust_grade = trust_grade
    licence_type.appearance = look
    licence_type.is_active = is_active
    try:
        with transaction.atomic():
            licence_type.save()
    except IntegrityError:
        raise DomainError(_("Another licence type took this code at the same moment; save again.")) from None
    ledger.record(
        action="licenses.type.saved",
        actor=actor,
        organisation=issuer,
        obj=licence_type,
        before=before,
        after={"code": licence_type.code, "name": name, "items": [i["label"] for i in cleaned_items]},
    )
    return licence_type
