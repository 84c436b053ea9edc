"""The gateway's call log as people read it (R1.8 谁提供谁负责、谁流转谁负责、谁使用谁负责): rows with personal data
masked for the screen, and the Excel export of the same rows.

The log keeps what the gateway received and returned: the record keys (ID numbers, credit codes …), the query
string, the purpose a system stated. On screen and in the export every record key is masked as the resource's key
item is masked at the gateway and in the to-dos (`masking.item_kind`), and ID numbers or mobile numbers written in
free text (purposes, raw query strings of refused calls) by their shape (`masking.mask_in_text`). The raw values stay
in the table for the auditor with database access; no screen shows them.

An export is a copy of access records leaving the platform, so it is recorded in the ledger
(`exchange.call_log.exported`, with the filters and the number of rows). A large one runs as a background job
(`tasks.call_log_export_job`); its size is capped by `exchange.call_log_export_max_rows` (50,000): the workbook is
built in memory, and 40,000 rows took 58 s and a 386 MB worker on the loaded 2-core test machine.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.catalog import api as catalog
from digigov.core import ledger
from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation
from digigov.core.rules import rule
from digigov.core.spreadsheets import XlsxWriter
from digigov.exchange import masking, selectors
from digigov.exchange.models import GatewayCall

_KEY_PARAM = re.compile(r"(?:^|(?<=[&\s]))key=([^&\s]*)")
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class CallFilters:
    """What the call-log screen filters by; `until` is exclusive. JSON-able for a background job (`as_params`)."""

    consumer_id: int | None = None
    resource_id: int | None = None
    status: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def as_params(self) -> dict:
        return {
            "consumer_id": self.consumer_id,
            "resource_id": self.resource_id,
            "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }

    @classmethod
    def from_params(cls, params: dict) -> "CallFilters":
        def when(value):
            return dt.datetime.fromisoformat(value) if value else None

        return cls(
            consumer_id=params.get("consumer_id"),
            resource_id=params.get("resource_id"),
            status=params.get("status") or "",
            since=when(params.get("since")),
            until=when(params.get("until")),
        )


def call_query(*, actor, filters: CallFilters):
    return selectors.call_list(
        actor=actor,
        consumer_id=filters.consumer_id,
        resource_id=filters.resource_id,
        status=filters.status,
        since=filters.since,
        until=filters.until,
    )


@dataclass(frozen=True)
class CallRow:
    """One call as the screen and the export show it: record keys, query and purpose masked."""

    call: GatewayCall
    query: str
    record_keys: str
    purpose: str


class _KeyKinds:
    """How the record keys of each resource are masked: as its key item (masking.item_kind); one read per resource."""

    def __init__(self) -> None:
        self.kinds: dict[int, str] = {}

    def __call__(self, call: GatewayCall) -> str:
        resource = call.resource
        if resource is None:
            return ""
        if resource.pk not in self.kinds:
            key_item = next((i for i in catalog.resource_items(resource) if i.is_key), None)
            self.kinds[resource.pk] = masking.item_kind(key_item) if key_item is not None else ""
        return self.kinds[resource.pk]


def _masked_key(kind: str, value: str) -> str:
    return masking.mask(kind, value) if kind else masking.mask_in_text(value)


def _masked_query(kind: str, query: str) -> str:
    query = _KEY_PARAM.sub(lambda m: "key=" + _masked_key(kind, unquote(m.group(1))), query)
    return masking.mask_in_text(query)


def call_rows(calls: Iterable[GatewayCall], kinds: Callable[[GatewayCall], str] | None = None) -> list[CallRow]:
    """The calls with their personal data masked, for a page of the screen or a chunk of the export."""
    kinds = kinds or _KeyKinds()
    rows = []
    for call in calls:
        kind = kinds(call)
        keys = ", ".join(_masked_key(kind, key) for key in call.record_keys.split(",")) if call.record_keys else ""
        rows.append(CallRow(call, _masked_query(kind, call.query), keys, masking.mask_in_text(call.purpose)))
    return rows


def export_columns() -> list[str]:
    return [
        _("Time"),
        _("Consumer"),
        _("System"),
        _("Resource code"),
        _("Resource"),
        _("Status"),
        _("Error code"),
        _("Purpose"),
        _("Query"),
        _("Records"),
        _("Record keys"),
        _("Information items"),
        _("Latency (ms)"),
        _("Data service time (ms)"),
        _("Client IP"),
    ]


def _cells(row: CallRow) -> list:
    call = row.call
    return [
        timezone.localtime(call.at).replace(tzinfo=None),
        call.consumer.name if call.consumer else "",
        call.system.name if call.system else "",
        call.resource.code if call.resource else "",
        call.resource.name if call.resource else "",
        call.get_status_display(),
        call.error_code,
        row.purpose,
        row.query,
        call.record_count,
        row.record_keys,
        call.items,
        call.latency_ms,
        call.upstream_ms,
        call.client_ip,
    ]


def export_filename() -> str:
    return _("call-log-%(stamp)s.xlsx") % {"stamp": timezone.localtime().strftime("%Y%m%d-%H%M")}


def call_log_export(*, actor, filters: CallFilters, progress: Callable[..., None] | None = None) -> tuple[bytes, int]:
    """The filtered call log as .xlsx with personal data masked, and its number of rows; recorded in the ledger.

    Refused with a precise message above `exchange.call_log_export_max_rows` rows. Read in chunks by primary key,
    outside any transaction, so a job's progress bar moves; the ledger entry is written once the file is built.
    """
    qs = call_query(actor=actor, filters=filters)
    total = qs.count()
    most = rule("exchange.call_log_export_max_rows")
    if total > most:
        raise DomainError(
            _("%(n)s calls match; one export holds at most %(most)s. Narrow the time range or the filters.")
            % {"n": total, "most": most},
            code="export_too_large",
        )
    sheet = XlsxWriter(_("Call log"))
    sheet.header(export_columns())
    kinds, done = _KeyKinds(), 0
    ids = list(qs.values_list("pk", flat=True))
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        calls = GatewayCall.objects.filter(pk__in=chunk).select_related("consumer", "system", "resource")
        by_id = {call.pk: call for call in calls}
        sheet.rows(_cells(row) for row in call_rows((by_id[pk] for pk in chunk), kinds))
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    sheet.widths({1: 20, 2: 22, 3: 20, 4: 16, 5: 22, 6: 10, 7: 18, 8: 28, 9: 32, 10: 8, 11: 40, 12: 20})
    sheet.freeze("A2")
    content = sheet.save()
    with transaction.atomic():
        ledger.record(
            action="exchange.call_log.exported",
            actor=actor,
            organisation=acting_organisation(actor),
            object_type="exchange.gatewaycall",
            after={"rows": total, **{k: v for k, v in filters.as_params().items() if v}},
        )
    return content, total
