"""What the exchange gateway decides about one call, apart from the database (R1.2, R1.8, R1.9).

`gateway.py` reads the call's grant and metadata and serves; the rules it applies to them live here, as functions of
their arguments only: whether a grant lets the system read today, whether an id can name a row, which characters a
parameter may hold, which page a caller asked for, and whether a record key is a valid ID number or credit code.
They are small and pure so that each is tested at its edges (tests/test_gateway_checks.py: the first and last valid
day, the quota and its neighbours, the largest page) and `make mutate` can change every operator in them and see a
test fail (issue 9, item 14).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_id_number, validate_uscc
from digigov.exchange import masking
from digigov.exchange.gateway_errors import (
    GrantExpiredError,
    GrantNotYetValidError,
    GrantRevokedError,
    GrantSuspendedError,
    InvalidKeyError,
    InvalidPageError,
    InvalidParameterError,
    QuotaExceededError,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = getattr(settings, "DIGIGOV_GATEWAY_MAX_PAGE_SIZE", 100)
MAX_DB_ID = 2**63 - 1  # ids are 64-bit: a larger resource id in a URL names nothing
MAX_COUNT_DIGITS = 18  # a page number or size of more digits is out of range (and beyond 64 bits soon after)
USCC_ELEMENTS = ("统一社会信用代码",)
USCC_IDENTIFIERS = {"uscc", "credit_code", "tyshxydm", "unified_social_credit_code"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass
class CallGrant:
    """One row of the call's context query: a grant and the data service mounted to its resource."""

    pk: int
    is_active: bool
    valid_from: str  # ISO dates: they compare as the days they name
    valid_until: str
    daily_quota: int | None
    raw_values: bool
    field_map: dict
    service_id: int | None
    service_kind: str | None
    service_status: str | None
    endpoint: str
    table_id: int | None
    served_today: int  # calls served under this grant today (GrantUsage), for the daily quota
    suspended_at: object
    suspension_reason: str
    stop_label: str = ""  # why its resource's sharing stopped (catalog SharingStop's label), if suspended for that


def refuse_unless_serving(grant: CallGrant, today: str) -> None:
    """Raise the precise refusal unless `grant` lets its system read on `today` (an ISO date): not revoked, not
    suspended, `valid_from` <= today <= `valid_until` (both days included), and today's calls under the daily
    quota (None: no quota)."""
    if not grant.is_active:
        raise GrantRevokedError()
    if grant.suspended_at is not None:
        raise GrantSuspendedError(GrantSuspendedError.default_message % {"why": grant.stop_label})
    if grant.valid_from > today:
        raise GrantNotYetValidError(GrantNotYetValidError.default_message % {"date": grant.valid_from})
    if grant.valid_until < today:
        raise GrantExpiredError(GrantExpiredError.default_message % {"date": grant.valid_until})
    if grant.daily_quota is not None and grant.served_today >= grant.daily_quota:
        raise QuotaExceededError(QuotaExceededError.default_message % {"quota": grant.daily_quota})


def db_id(value) -> int | None:
    """`value` if it can be an id in the database (a positive 64-bit integer), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_DB_ID else None


def check_characters(**values: str | None) -> None:
    """Refuse control characters (NUL included) in what the caller sent: no key, page or purpose holds one."""
    for name, value in values.items():
        if value and _CONTROL.search(value):
            raise InvalidParameterError(
                InvalidParameterError.default_message % {"field": name},
                fields={name: [str(_("Control characters are not allowed."))]},
            )


def count(value: str | None, default: int) -> int:
    """A page number or size as the caller wrote it in ASCII digits (not "1_0", "+1" or "１"); 0 if it is not one."""
    if value is None or value == "":
        return default
    if value.isascii() and value.isdigit() and len(value) <= MAX_COUNT_DIGITS:
        return int(value)
    return 0


def page_bounds(page: str | None, size: str | None) -> tuple[int, int]:
    """The page number (from 1) and size (1 to MAX_PAGE_SIZE) a caller asked for; InvalidPageError naming the
    parameter that is out of range."""
    page_no, page_size = count(page, 1), count(size, DEFAULT_PAGE_SIZE)
    if page_no < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidPageError(
            InvalidPageError.default_message % {"max": MAX_PAGE_SIZE},
            fields={"size" if page_no >= 1 else "page": [str(_("Out of range."))]},
        )
    return page_no, page_size


def key_kind(key_item) -> str:
    """What a resource's key item holds: "id_number" (resident ID numbers), "uscc" (credit codes), or "" (another
    code, or no key item). The gateway validates a key of the first two kinds; a caller picks its key by it."""
    if key_item is None:
        return ""
    if masking.item_kind(key_item) == "id_number":
        return "id_number"
    if key_item.identifier in USCC_IDENTIFIERS or any(e in key_item.element for e in USCC_ELEMENTS):
        return "uscc"
    return ""


def checked_key(key: str, key_item) -> str:
    """Validate the key when the resource's key item is an ID number or a credit code; returns it normalised."""
    key = key.strip()
    kind_of_key = key_kind(key_item)
    if kind_of_key == "id_number":
        validator, kind = validate_id_number, _("resident ID number")
    elif kind_of_key == "uscc":
        validator, kind = validate_uscc, _("unified social credit code")
    else:
        return key
    try:
        return validator(key)
    except ValidationError as exc:
        raise InvalidKeyError(
            InvalidKeyError.default_message % {"kind": kind}, fields={"key": [str(m) for m in exc.messages]}
        ) from None
