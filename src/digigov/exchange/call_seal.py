"""Daily seal of the gateway's access log (R1.8 谁使用谁负责, R0.4): one SM3 digest per day in the audit ledger.

Every gateway call writes a `GatewayCall` row outside the hash-chained ledger (see `gateway.py` for why). To make
that log tamper-evident all the same, `seal_day(day)` digests the day's rows, in id order, into one ledger entry
(`exchange.gateway_log.sealed`, object `exchange.gatewaycall_day`/<day>): the number of calls, the first and last
id, and the SM3 of the canonical rows. A row changed, deleted or slipped in afterwards no longer matches, and the
ledger entry itself is protected by the ledger's chain. `verify_day(day)` recomputes and compares.

Canonical row: the JSON array of `FIELDS` (times in UTC ISO 8601, ids as numbers, missing values as null), one
per line, UTF-8. Timings (latency, upstream time) are measurements, not facts about the access, and are left out.
"""

import dataclasses
import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import DomainError
from digigov.core.models import LedgerEntry
from digigov.exchange.models import GatewayCall

ACTION = "exchange.gateway_log.sealed"
OBJECT_TYPE = "exchange.gatewaycall_day"
FIELDS = (
    "id",
    "at",
    "consumer_id",
    "system_id",
    "provider_id",
    "resource_id",
    "grant_id",
    "service_id",
    "purpose",
    "items",
    "query",
    "record_keys",
    "record_count",
    "status",
    "error_code",
    "client_ip",
)


@dataclasses.dataclass(frozen=True)
class DayDigest:
    day: str
    calls: int
    first_id: int | None
    last_id: int | None
    sm3: str

    def as_dict(self) -> dict:
        return {
            "day": self.day,
            "calls": self.calls,
            "first_id": self.first_id,
            "last_id": self.last_id,
            "sm3": self.sm3,
        }


def day_digest(day: dt.date) -> DayDigest:
    """The digest of the calls made on `day` (platform time zone), as they are now."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    rows = (
        GatewayCall.objects.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))
        .order_by("id")
        .values_list(*FIELDS)
    )
    digest, calls, first_id, last_id = hashlib.new("sm3"), 0, None, None
    for row in rows.iterator(chunk_size=5000):
        values = [row[0], row[1].astimezone(dt.UTC).isoformat(), *row[2:]]
        digest.update(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        calls, first_id, last_id = calls + 1, first_id or row[0], row[0]
    return DayDigest(day.isoformat(), calls, first_id, last_id, digest.hexdigest())


def sealed_entry(day: dt.date) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(action=ACTION, object_type=OBJECT_TYPE, object_id=day.isoformat()).first()


def seal_day(day: dt.date) -> LedgerEntry:
    """Seal a finished day (idempotent: a sealed day keeps its first seal)."""
    if day >= timezone.localdate():
        raise DomainError(_("Only a finished day can be sealed."), code="day_not_finished")
    with transaction.atomic():
        existing = sealed_entry(day)
        if existing is not None:
            return existing
        return ledger.record(
            action=ACTION, object_type=OBJECT_TYPE, object_id=day.isoformat(), after=day_digest(day).as_dict()
        )


def seal_due() -> list[dt.date]:
    """Seal every finished day with calls that has no seal yet (a missed timer run is caught up); the days sealed."""
    first = GatewayCall.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    done = set(LedgerEntry.objects.filter(action=ACTION, object_type=OBJECT_TYPE).values_list("object_id", flat=True))
    day, yesterday, sealed = timezone.localdate(first), timezone.localdate() - dt.timedelta(days=1), []
    while day <= yesterday:
        if day.isoformat() not in done:
            seal_day(day)
            sealed.append(day)
        day += dt.timedelta(days=1)
    return sealed


def verify_day(day: dt.date) -> tuple[dict | None, DayDigest]:
    """(what the seal says, or None if the day is not sealed; what the rows give now). Equal sm3 means untouched."""
    entry = sealed_entry(day)
    sealed = json.loads(entry.summary)["after"] if entry is not None else None
    return sealed, day_digest(day)
