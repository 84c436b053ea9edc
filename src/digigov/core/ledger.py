"""The audit ledger (留痕, R0.4): one function appends, one function verifies.

Each entry's hash is SM3 over its canonical content, which ends with the previous entry's hash, so changing,
deleting or reordering any entry breaks every link after it. Writers lock the single LedgerHead row, so two
processes never append to the same predecessor (the unique `seq` would refuse it anyway). docs/audit.md shows
how an auditor rebuilds every hash with `openssl dgst -sm3`, without this code.
"""

import datetime as dt
import hashlib
import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import audit_actions, context
from digigov.core.models import LedgerEntry, LedgerHead

GENESIS_HASH = "0" * 64
FIELD_SEPARATOR = "\n"
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# Why verify() stopped; the command prints the sentence, tests and scripts read the code.
REASONS = {
    "content": _("the entry's content no longer matches its hash (changed after it was written)"),
    "previous_hash": _("the entry does not link to the entry before it (a predecessor was replaced or inserted)"),
    "missing": _("the entry with this sequence number is missing (deleted)"),
    "reordered": _("the entry was written with another sequence number (entries were reordered)"),
    "truncated": _("the ledger ends before its head (the last entries were deleted)"),
    "head_mismatch": _("the last entry is not the one the ledger head recorded (it was rewritten)"),
    "head_missing": _("the ledger head is gone while entries remain"),
}


class LedgerError(Exception):
    pass


def _clean(text: Any) -> str:
    """Line breaks are the field separator of the canonical form, so no field may contain one."""
    return "" if text is None else str(text).replace("\r", " ").replace("\n", " ")


def format_at(at: dt.datetime) -> str:
    """The time as it is hashed: UTC, microseconds, e.g. 2025-03-01T08:30:00.000000Z (naive means UTC)."""
    return (at.astimezone(dt.UTC) if at.tzinfo else at).strftime(AT_FORMAT)


def canonical_content(
    seq: int,
    at: dt.datetime | str,
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
    """The exact text that is hashed: eleven fields in this order joined by LF, no trailing newline.

    `at` is a datetime, or text already in `format_at` form (verify() has the database format it, which saves
    parsing a datetime per entry). docs/audit.md documents this form for auditors.
    """
    return FIELD_SEPARATOR.join(
        (
            str(seq),
            at if isinstance(at, str) else format_at(at),
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


def _locked_head() -> LedgerHead:
    """Lock the head row. A flushed database (a test, a fresh install) gets the genesis head back."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if LedgerEntry.objects.exists():
            raise LedgerError("the ledger head is gone while entries remain; run verify_ledger")
        # Two first writers may race here: the loser's insert waits for the winner's and is then ignored.
        LedgerHead.objects.bulk_create([LedgerHead(pk=1, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True)
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


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
    if not audit_actions.is_registered(action):
        # Every screen names actions from the registry (core/audit_actions.py); an unnamed one would show its key.
        raise LedgerError(f"unregistered audit action {action!r}: register it in its app's audit.py")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    organisation_id = getattr(organisation, "pk", organisation)
    head = _locked_head()
    entry = LedgerEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor.pk if authenticated else None,
        actor_name=_clean(actor.get_username() if authenticated else getattr(actor, "ledger_name", "system")),
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
    """The first place the chain does not hold; `reason` is a key of REASONS."""

    seq: int
    reason: str

    @property
    def explanation(self) -> str:
        return str(REASONS[self.reason])


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_seq: int
    head_hash: str
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


@dataclass(frozen=True)
class _Segment:
    checked: int
    first_break: Break | None
    last_hash: str


_TABLE = LedgerEntry._meta.db_table
_COLUMNS = "actor_id, actor_name, organisation_id, action, object_type, object_id, summary, ip, prev_hash, hash"
MIN_SEGMENT = 50_000  # below this, starting a worker process costs more than it saves


def _at_sql() -> str:
    """`at` as canonical text, formatted by the database: parsing 10^5 datetimes in Python costs more than SM3.

    SQLite keeps Django's text 'YYYY-MM-DD HH:MM:SS[.ffffff]' in the connection's time zone (UTC unless
    DATABASES sets TIME_ZONE); tests/test_ledger.py checks both vendors against format_at.
    """
    if connection.vendor == "postgresql":
        return """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        return "replace(CAST(at AS TEXT), ' ', 'T') || CASE WHEN length(at) = 19 THEN '.000000Z' ELSE 'Z' END"
    return "at"


def _as_at_text(value) -> str:
    """Fallback for other databases and time zones: whatever the driver returned, as canonical text."""
    if isinstance(value, str):
        return value
    if timezone.is_naive(value):
        value = timezone.make_aware(value, connection.timezone)
    return format_at(value)


def _pages(start: int, stop: int, size: int = 20_000) -> Iterator[list[tuple]]:
    """Entries start..stop in sequence order as (seq, at text, ...columns, hash), in keyset pages.

    A raw cursor: the ORM would build a model instance per row and cost several times the hashing.
    """
    at_sql = _at_sql()
    where = "WHERE seq > %s AND seq <= %s ORDER BY seq LIMIT %s"
    sql = f"SELECT seq, {at_sql}, {_COLUMNS} FROM {_TABLE} {where}"  # noqa: S608 - constants only
    last = start - 1
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, stop, size])
            rows = cursor.fetchall()
            if not rows:
                return
            if at_sql == "at":
                rows = [(row[0], _as_at_text(row[1]), *row[2:]) for row in rows]
            yield rows
            last = rows[-1][0]


def _scalar(sql: str, params: list) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=_TABLE), params)
        found = cursor.fetchone()
    return found[0] if found else None


def _hash_of(seq: int) -> str | None:
    return _scalar("SELECT hash FROM {table} WHERE seq = %s", [seq])


def _seq_hashed(value: str) -> int | None:
    return _scalar("SELECT seq FROM {table} WHERE hash = %s", [value])


def _seq_linking_to(value: str) -> int | None:
    return _scalar("SELECT seq FROM {table} WHERE prev_hash = %s ORDER BY seq LIMIT 1", [value])


def _was_moved(row: tuple) -> bool:
    """True when the entry hashes correctly under another sequence number: it was moved, not edited.

    Candidates: after its original predecessor, before its original successor, or next to where it sits now
    (two neighbours swapped). Runs only once, at the first break.
    """
    seq, stored, prev = row[0], row[-1], row[-2]
    candidates = {seq - 1, seq + 1}
    predecessor = 0 if prev == GENESIS_HASH else _seq_hashed(prev)
    if predecessor is not None:
        candidates.add(predecessor + 1)
    successor = _seq_linking_to(stored)
    if successor is not None:
        candidates.add(successor - 1)
    return any(content_hash(canonical_content(s, *row[1:-1])) == stored for s in candidates - {seq} if s > 0)


def _diagnose(row: tuple, expected_prev: str) -> str:
    if content_hash(canonical_content(*row[:-1])) == row[-1]:
        return "previous_hash"
    if row[-2] != expected_prev and _was_moved(row):
        return "reordered"
    return "content"


def _verify_segment(first: int, last: int, head_seq: int) -> _Segment:
    """Check entries first..last, taking the stored hash of entry first-1 as given (the previous segment's)."""
    expected_prev = GENESIS_HASH if first == 1 else _hash_of(first - 1)
    if expected_prev is None:
        return _Segment(0, Break(first - 1, "missing"), "")
    copy, expected_seq = hashlib.new("sm3").copy, first
    for rows in _pages(first, last):
        for row in rows:
            seq, at, actor_id, actor_name, org_id, action, otype, oid, summary, ip, prev, stored = row
            h = copy()
            h.update(
                canonical_content(seq, at, actor_id, actor_name, org_id, action, otype, oid, summary, ip, prev).encode()
            )
            if seq != expected_seq or prev != expected_prev or h.hexdigest() != stored:
                if seq != expected_seq:
                    return _Segment(expected_seq - first, Break(expected_seq, "missing"), "")
                return _Segment(expected_seq - first, Break(seq, _diagnose(row, expected_prev)), "")
            expected_prev, expected_seq = stored, seq + 1
    if expected_seq <= last:
        later = _scalar("SELECT seq FROM {table} WHERE seq > %s AND seq <= %s LIMIT 1", [expected_seq, head_seq])
        return _Segment(expected_seq - first, Break(expected_seq, "truncated" if later is None else "missing"), "")
    return _Segment(expected_seq - first, None, expected_prev)


def _verify_segment_in_worker(first: int, last: int, head_seq: int) -> _Segment:
    try:
        return _verify_segment(first, last, head_seq)
    finally:
        connection.close()  # say goodbye to the server; the pool ends its workers without Django's cleanup


def _segments(start: int, stop: int, workers: int, min_segment: int) -> list[tuple[int, int]]:
    total = max(stop - start + 1, 0)
    count = max(1, min(workers, total // max(min_segment, 1)))
    size = max(1, -(-total // count))
    return [(first, min(first + size - 1, stop)) for first in range(start, stop + 1, size)] or [(start, stop)]


def _can_fork() -> bool:
    """Workers need their own connection to the same committed data: not this transaction, not :memory:."""
    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if connection.vendor == "sqlite":
        return not SQLiteCreation.is_in_memory_db(connection.settings_dict["NAME"])
    return connection.vendor == "postgresql"


def verify(start: int = 1, *, workers: int = 1, min_segment: int = MIN_SEGMENT) -> VerifyResult:
    """Walk the chain from `start` to the head; report the first entry that was changed, deleted or moved.

    The head is read first and the walk stops there, so entries appended meanwhile do not disturb a check of a
    live ledger. With start > 1 the stored hash of entry start-1 is taken as given. `workers` > 1 splits a long
    chain into contiguous segments, checked by forked processes when the database allows: each segment links
    to the stored hash of the entry before it, which the previous segment checks, so together they prove it all.
    """
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None:
        broken = Break(0, "head_missing") if LedgerEntry.objects.exists() else None
        return VerifyResult(0, 0, GENESIS_HASH, broken)
    start = min(max(start, 1), head.seq + 1)
    jobs = [(first, last, head.seq) for first, last in _segments(start, head.seq, workers, min_segment)]
    results: Iterable[_Segment]
    if len(jobs) > 1 and _can_fork():
        connection.close()  # each worker opens its own connection; a shared socket or file handle corrupts
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            results = pool.starmap(_verify_segment_in_worker, jobs)
    else:
        results = (_verify_segment(*job) for job in jobs)
    checked, last_hash = 0, ""
    for segment in results:
        checked += segment.checked
        if segment.first_break is not None:
            return VerifyResult(checked, head.seq, head.hash, segment.first_break)
        last_hash = segment.last_hash
    if head.seq >= start and last_hash != head.hash:
        return VerifyResult(checked, head.seq, head.hash, Break(head.seq, "head_mismatch"))
    return VerifyResult(checked, head.seq, head.hash, None)


@dataclass(frozen=True)
class Export:
    first: int
    last: int
    count: int
    head_seq: int
    head_hash: str


def export(directory: Path, *, start: int = 1, stop: int | None = None) -> Export:
    """Write entries start..stop for an auditor (layout in docs/audit.md) and record the export itself.

    entries/<seq, 12 digits>.txt holds the exact canonical content; SM3SUMS lists "<stored hash>  <file>"
    in order; PREV the stored hash the first entry must link to; HEAD the ledger head at export time.
    """
    head = LedgerHead.objects.filter(pk=1).first() or LedgerHead(seq=0, hash=GENESIS_HASH)
    start, stop = max(start, 1), head.seq if stop is None else min(stop, head.seq)
    prev = GENESIS_HASH if start == 1 else _hash_of(start - 1) or ""
    entries = directory / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    sums, first, last = [], None, None
    for rows in _pages(start, stop):
        for row in rows:
            name = f"entries/{row[0]:012d}.txt"
            (directory / name).write_bytes(canonical_content(*row[:-1]).encode())
            sums.append(f"{row[-1]}  {name}\n")
            first, last = first or row[0], row[0]
    (directory / "SM3SUMS").write_text("".join(sums), encoding="ascii")
    (directory / "PREV").write_text(prev + "\n", encoding="ascii")
    (directory / "HEAD").write_text(f"{head.seq} {head.hash}\n", encoding="ascii")
    with transaction.atomic():
        record(action="core.ledger.exported", object_type="core.ledgerentry", after={"from": first, "to": last})
    return Export(first or 0, last or 0, len(sums), head.seq, head.hash)


@transaction.atomic
def ensure_head() -> None:
    LedgerHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
