"""The audit ledger (留痕, R0.4): one function appends, one function verifies.

Each entry's hash is SM3 over its canonical content, which ends with the previous entry's hash, so changing,
deleting or reordering any entry breaks every link after it. Writers lock the single LedgerHead row, so two
processes never append to the same predecessor (the unique `seq` would refuse it anyway).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from digigov.core import context
from digigov.core.models import LedgerEntry, LedgerHead

GENESIS_HASH = "0" * 64
FIELD_SEPARATOR = "\n"
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class LedgerError(Exception):
    pass


def _clean(text: Any) -> str:
    """Line breaks are the field separator of the canonical form, so no field may contain one."""
    return "" if text is None else str(text).replace("\r", " ").replace("\n", " ")


def canonical_content(
    seq: int,
    at: dt.datetime,
    actor_id,
    actor_name: str,
    organisation_id,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    ip: str,
    prev_hash: str,
) -> str:
    """The exact text that is hashed; docs/audit.md rebuilds it with the `openssl` command."""
    at_utc = at.astimezone(dt.UTC) if at.tzinfo else at
    return FIELD_SEPARATOR.join(
        (
            str(seq),
            at_utc.strftime(AT_FORMAT),
            "" if actor_id is None else str(actor_id),
            actor_name,
            "" if organisation_id is None else str(organisation_id),
            action,
            object_type,
            object_id,
            summary,
            ip,
            prev_hash,
        )
    )


def content_hash(content: str) -> str:
    return hashlib.new("sm3", content.encode("utf-8")).hexdigest()


def summarise(before: dict | None, after: dict | None) -> str:
    """Compact JSON of what changed; keys sorted so the same change always reads the same."""
    if before is None and after is None:
        return ""
    return json.dumps({"before": before, "after": after}, ensure_ascii=False, sort_keys=True, default=str)


def record(
    *,
    action: str,
    actor=None,
    organisation=None,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict | None = None,
    after: dict | None = None,
) -> LedgerEntry:
    """Append one entry in the caller's transaction: the change and its record commit or roll back together."""
    if not connection.in_atomic_block:
        raise LedgerError("ledger.record must run inside the transaction of the change it records")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    organisation_id = getattr(organisation, "pk", organisation)
    head = LedgerHead.objects.select_for_update().get(pk=1)
    entry = LedgerEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor.pk if authenticated else None,
        actor_name=_clean(actor.get_username() if authenticated else "system"),
        organisation_id=organisation_id,
        action=_clean(action),
        object_type=_clean(object_type),
        object_id=_clean(object_id),
        summary=_clean(summarise(before, after)),
        ip=_clean(context.current().ip),
        prev_hash=head.hash,
    )
    entry.hash = content_hash(entry_content(entry))
    entry.save(force_insert=True)
    LedgerHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


def entry_content(entry: LedgerEntry) -> str:
    return canonical_content(
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.actor_name,
        entry.organisation_id,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.summary,
        entry.ip,
        entry.prev_hash,
    )


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    seq: int
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_seq: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


_COLUMNS = (
    "seq, at, actor_id, actor_name, organisation_id, action, object_type, object_id, summary, ip, prev_hash, hash"
)


def _rows(chunk: int = 20_000) -> Iterator[tuple]:
    """All entries in sequence order, read with a raw cursor in keyset pages (the ORM would cost 10x here)."""
    table = LedgerEntry._meta.db_table
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {_COLUMNS} FROM {table} WHERE seq > %s ORDER BY seq LIMIT %s",  # noqa: S608 - constants
                [last, chunk],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    # SQLite through a raw cursor gives the stored text, in UTC.
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def verify() -> VerifyResult:
    """Walk the whole chain; report the first entry that was modified, deleted, inserted or reordered."""
    sm3 = hashlib.new("sm3")
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    head = LedgerHead.objects.get(pk=1)
    for seq, at, actor_id, actor_name, org_id, action, otype, oid, summary, ip, prev, stored in _rows():
        if seq != expected_seq:
            return VerifyResult(checked, head.seq, Break(expected_seq, "missing"))
        if prev != expected_prev:
            return VerifyResult(checked, head.seq, Break(seq, "previous_hash"))
        content = canonical_content(
            seq, _as_datetime(at), actor_id, actor_name, org_id, action, otype, oid, summary, ip, prev
        )
        h = sm3.copy()
        h.update(content.encode())
        if h.hexdigest() != stored:
            return VerifyResult(checked, head.seq, Break(seq, "content"))
        expected_prev, expected_seq, checked = stored, seq + 1, checked + 1
    if checked != head.seq or expected_prev != head.hash:
        return VerifyResult(checked, head.seq, Break(expected_seq, "truncated"))
    return VerifyResult(checked, head.seq, None)


@transaction.atomic
def ensure_head() -> None:
    LedgerHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
