"""Callers' phone and ID numbers as most staff see them (issue 13 §9): masked, keeping what tells calls apart."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_mobile

_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


def normalise_phone(value: str) -> str:
    """A mobile number (core.validators) or a landline with its area code (0xx(x) + 7-8 digits), digits only."""
    raw = re.sub(r"[\s()（）-]", "", value or "")
    if raw.startswith("0") and _LANDLINE.match(raw):
        return raw
    try:
        return validate_mobile(raw)
    except ValidationError:
        raise ValidationError(
            _("Enter a mobile number (11 digits starting with 1) or a landline with its area code, "
              "for example 02787654321."),
            code="phone",
        ) from None  # fmt: skip


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """4201**********1234: the region prefix and the last four."""
    if not number:
        return ""
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:]
