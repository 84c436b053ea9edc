"""Checks of a resource's fields and items before it is saved, submitted or published (R1.1, R1.2, R1.9).

Each error names the field in Chinese (its verbose name) so the provider knows what to fix.
"""

import re

from django.utils.translation import gettext as _

from digigov.catalog.choices import (
    UNCONDITIONAL_ONLY_TOPICS,
    BaseTopic,
    ItemDataType,
    LegalBasisKind,
    OpenType,
    ResourceFormat,
    SensitiveKind,
    ShareMethod,
    ShareType,
    UpdateCycle,
)
from digigov.catalog.models import InformationItem, Resource
from digigov.core.errors import DomainError, FieldErrors

REQUIRED = ["name", "summary", "format", "share_type", "share_method", "open_type", "update_cycle"]
CHOICES = {
    "format": ResourceFormat,
    "share_type": ShareType,
    "share_method": ShareMethod,
    "open_type": OpenType,
    "update_cycle": UpdateCycle,
    "legal_basis_kind": LegalBasisKind,
}
IDENTIFIER = re.compile(r"^[-a-zA-Z0-9_]+$")


class ResourceInvalidError(DomainError):
    code = "resource_invalid"


def label(field: str, model=Resource) -> str:
    return str(model._meta.get_field(field).verbose_name)


def field_errors(errors: FieldErrors, fields: dict, classification) -> None:
    """Add the errors of the resource's own fields, by field name."""
    add = errors.add

    for field in REQUIRED:
        if not str(fields.get(field) or "").strip():
            add(field, _("“%(field)s” is required.") % {"field": label(field)})
    for field, choices in CHOICES.items():
        value = fields.get(field)
        if value and value not in choices.values:
            add(field, _("“%(field)s” has an unknown value “%(value)s”.") % {"field": label(field), "value": value})
    share_type = fields.get("share_type")
    if share_type in (ShareType.CONDITIONAL, ShareType.NOT_SHARED):
        for field in ("legal_basis_kind", "legal_basis"):
            if not str(fields.get(field) or "").strip():
                add(
                    field,
                    _("“%(field)s” is required when the share type is “%(share_type)s” (R1.2).")
                    % {"field": label(field), "share_type": ShareType(share_type).label},
                )
    if share_type == ShareType.CONDITIONAL and not str(fields.get("share_conditions") or "").strip():
        add(
            "share_conditions",
            _("“%(field)s” is required for conditional sharing (R1.2).") % {"field": label("share_conditions")},
        )
    errors.check_lengths(Resource, fields)
    topic = classification.base_topic if classification is not None else ""
    if topic in UNCONDITIONAL_ONLY_TOPICS and share_type and share_type != ShareType.UNCONDITIONAL:
        add(
            "share_type",
            _("“%(field)s” must be unconditional sharing for base resources of “%(topic)s” (R1.9).")
            % {"field": label("share_type"), "topic": BaseTopic(topic).label},
        )


def item_errors(errors: FieldErrors, items: list[dict]) -> None:
    """Add the errors of the information items, keyed items.<n>.<field> (n from 1, as the provider counts)."""
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):

        def add(field, message, n=n):
            errors.add(f"items.{n}.{field}", message)

        name, ident = str(item.get("name") or "").strip(), str(item.get("identifier") or "").strip()
        if not name:
            add("name", _("Item %(n)s: “%(field)s” is required.") % {"n": n, "field": label("name", InformationItem)})
        if not ident or not IDENTIFIER.match(ident):
            add(
                "identifier",
                _("Item %(n)s: “%(field)s” must be letters, digits, - or _.")
                % {"n": n, "field": label("identifier", InformationItem)},
            )
        elif ident in seen:
            add(
                "identifier",
                _("Item %(n)s: “%(field)s” %(value)s is used twice.")
                % {"n": n, "field": label("identifier", InformationItem), "value": ident},
            )
        seen.add(ident)
        if item.get("data_type") not in ItemDataType.values:
            add(
                "data_type",
                _("Item %(n)s: “%(field)s” has an unknown value “%(value)s”.")
                % {"n": n, "field": label("data_type", InformationItem), "value": item.get("data_type")},
            )
        errors.check_lengths(InformationItem, item, prefix=f"items.{n}.")
        if (item.get("sensitive") or "") not in SensitiveKind.values:
            add(
                "sensitive",
                _("Item %(n)s: “%(field)s” has an unknown value “%(value)s”.")
                % {"n": n, "field": label("sensitive", InformationItem), "value": item.get("sensitive")},
            )


def open_errors(errors: FieldErrors, fields: dict, items: list[dict]) -> None:
    """What the public may have (R3.1): nothing departments may not share, and no personal or other sensitive item
    in a resource open without conditions, since its rows are downloaded by anyone."""
    open_type = fields.get("open_type")
    if open_type in (OpenType.UNCONDITIONAL, OpenType.CONDITIONAL) and fields.get("share_type") == ShareType.NOT_SHARED:
        errors.add("open_type", _("A resource that is not shared between departments cannot be opened to the public."))
    if open_type != OpenType.UNCONDITIONAL:
        return
    for n, item in enumerate(items, start=1):
        if item.get("sensitive"):
            errors.add(
                f"items.{n}.sensitive",
                _(
                    "Item %(n)s: a resource open without conditions cannot hold a sensitive item; open it "
                    "conditionally or leave the item out."
                )
                % {"n": n},
            )


def check(fields: dict, classification, items: list[dict], *, complete: bool = False) -> None:
    """Raise ResourceInvalidError with every problem; `complete` (submit, publish) also asks for items."""
    errors = FieldErrors(code=ResourceInvalidError.code, error_class=ResourceInvalidError)
    field_errors(errors, fields, classification)
    item_errors(errors, items)
    open_errors(errors, fields, items)
    if complete and not items:
        errors.add("items", _("A resource needs at least one information item before it is submitted."))
    errors.raise_if_any()
