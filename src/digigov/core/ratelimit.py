"""Anonymous public input limited per network address (letters, opinions, survey answers, applications): at most a
rule's number of rows from one address in the last hour, the model keeping the address and the time it came in."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from digigov.core.errors import DomainError
from digigov.core.rules import rule


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


def limit_per_address(queryset: QuerySet, field: str, address: str | None, rule_key: str, message) -> None:
    """Refuse (429, `message`) when `queryset` holds `rule(rule_key)` rows from `address` whose `field` falls within
    the last hour. Without an address (a caller behind no proxy header) nothing is limited."""
    if not address:
        return
    since = timezone.now() - dt.timedelta(hours=1)
    if queryset.filter(address=address, **{f"{field}__gte": since}).count() >= rule(rule_key):
        raise RateLimited(message)
