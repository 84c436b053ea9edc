"""Field checks of identity that are not national codes (those live in core.validators)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> str:
    """A mainland mobile number: 11 digits starting 13-19; spaces, dashes and a +86 prefix are dropped."""
    value = re.sub(r"[\s-]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    if not _MOBILE.match(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 1, for example 13812345678."), code="phone"
        )
    return value
