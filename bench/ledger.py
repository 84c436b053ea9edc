"""Benchmark the audit ledger's verify() (R0.4) against the bare cost of its two parts.

Run from the repository root: ``python bench/ledger.py [--entries 200000] [--rounds 3]``. It migrates the core
app into a fresh temporary database (SQLite file by default; with DATABASE_URL=postgres://.../name a temporary
database ``<name>_bench_<pid>`` on that server, dropped afterwards), appends the entries in bulk with hashes
computed by ``ledger.canonical_content`` exactly as ``ledger.record`` would, then times, in the same run:

- ``verify()``: the whole chain check, as ``manage.py verify_ledger`` runs it;
- read only: the same keyset pages from a raw cursor, no hashing;
- SM3 only: SM3 over the same canonical contents, already in memory, no database.

Rates are entries per second of wall time, best of the rounds; the CPU-time rate of this process is printed for
information (on PostgreSQL part of the work runs in the server process). The goal is 100,000 entries/s.
The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

GOAL_PER_S = 100_000
ACTIONS = [
    ("exchange.application.granted", "exchange.shareapplication"),
    ("eservices.case.accepted", "eservices.case"),
    ("catalog.resource.changed", "catalog.resource"),
    ("core.inbox.registered", "core.inboxitem"),
    ("hotline.ticket.dispatched", "hotline.ticket"),
]
SUMMARIES = [
    {"status": ["submitted", "granted"], "reason": "依据国发〔2016〕51号有条件共享"},
    {"title": ["人口基础信息查询", "人口基础信息核验"]},
    {"state": ["received", "accepted"], "deadline": "2025-03-14"},
    {},
]


def temporary_database(tmp: Path) -> tuple[str, str | None]:
    """(DATABASE_URL for the run, PostgreSQL database to drop afterwards or None)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'ledger-bench.sqlite3'}", None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'digigov'}_bench_{os.getpid()}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(name: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(entries: int) -> list[bytes]:
    """Append `entries` chained entries in one transaction; returns their canonical contents as bytes.

    Hashes come from ledger.canonical_content exactly as ledger.record computes them; only the per-entry
    head lock and ORM round trips are skipped.
    """
    from django.db import connection, transaction

    from digigov.core import ledger
    from digigov.core.models import LedgerHead

    rng = random.Random(20250301)
    summaries = [ledger.summarise(None, after) for after in SUMMARIES] + [""]
    start = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
    adapt = connection.ops.adapt_datetimefield_value
    prev, rows, contents = ledger.GENESIS_HASH, [], []
    for seq in range(1, entries + 1):
        action, object_type = ACTIONS[seq % len(ACTIONS)]
        actor = rng.randrange(1, 500)
        at = start + dt.timedelta(microseconds=seq * 1_731)
        fields = (
            seq,
            at,
            actor,
            f"staff{actor:04d}",
            actor // 5 + 1,
            action,
            object_type,
            str(rng.randrange(10**6)),
            summaries[seq % len(summaries)],
            f"10.{actor % 256}.{seq % 256}.{seq % 251 + 1}",
            prev,
        )
        content = ledger.canonical_content(*fields).encode()
        prev = hashlib.new("sm3", content).hexdigest()
        contents.append(content)
        rows.append((*fields[:1], adapt(at), *fields[2:], prev))
    columns = (
        "seq, at, actor_id, actor_name, organisation_id, action, object_type, object_id, summary, ip, prev_hash, hash"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Bulk-load practice: build the plain indexes once at the end instead of row by row.
        indexes = plain_indexes(cursor)
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if connection.vendor == "sqlite":
            # Random SM3 values land all over the unique index on `hash`; the default 2 MB cache thrashes.
            cursor.execute("PRAGMA cache_size = -262144")
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY core_ledgerentry ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO core_ledgerentry ({columns}) VALUES ({', '.join(['%s'] * 12)})",  # noqa: S608
                rows,
            )
        for _name, sql in indexes:
            cursor.execute(sql)
        LedgerHead.objects.update_or_create(pk=1, defaults={"seq": entries, "hash": prev})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_ledgerentry")  # what autovacuum does after a bulk load; else PostgreSQL sorts
    return contents


def plain_indexes(cursor) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the ledger's non-unique indexes, as the migrations made them."""
    from django.db import connection

    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'core_ledgerentry' "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    else:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_ledgerentry' "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%'"
        )
    return cursor.fetchall()


def timed(func) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and of its finished worker processes)."""

    def cpu() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    wall, cpu_start = time.perf_counter(), cpu()
    func()
    return time.perf_counter() - wall, cpu() - cpu_start


def read_only() -> None:
    from digigov.core import ledger

    for _rows in ledger._pages(1, 2**62):
        pass


def sm3_only(contents: list[bytes]) -> None:
    sm3 = hashlib.new("sm3")
    for content in contents:
        h = sm3.copy()
        h.update(content)
        h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="digigov-ledger-bench-") as tmp:
        url, pg_name = temporary_database(Path(tmp))
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "digigov.conf.test"
        try:
            run(args.entries, args.rounds)
        finally:
            from django.db import connection

            connection.close()
            if pg_name:
                drop_database(pg_name)


def run(entries: int, rounds: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from digigov.core import ledger
    from digigov.core.management.commands.verify_ledger import DEFAULT_WORKERS

    started = time.perf_counter()
    call_command("migrate", "core", verbosity=0)
    print(f"database: {connection.vendor}, migrated core in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    contents = fill(entries)
    size, seconds = sum(map(len, contents)) / entries, time.perf_counter() - started
    print(f"appended {entries:,} entries (canonical content {size:.0f} bytes on average) in {seconds:.1f} s")

    results = []
    jobs = {
        "verify": lambda: results.append(ledger.verify(workers=DEFAULT_WORKERS)),
        "verify_one_process": lambda: results.append(ledger.verify(workers=1)),
        "read_only": read_only,
        "sm3_only": lambda: sm3_only(contents),
    }
    best: dict[str, tuple[float, float]] = {}
    for round_no in range(1, rounds + 1):
        for name, job in jobs.items():
            wall, cpu = timed(job)
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], wall), min(old[1], cpu))
            print(f"round {round_no} {name:18s} {entries / wall:>10,.0f} entries/s  (CPU {entries / cpu:,.0f}/s)")
    if not all(result.ok and result.checked == entries for result in results):
        raise SystemExit(f"verify() did not pass on an intact chain: {results}")

    rate = {name: entries / wall for name, (wall, _cpu) in best.items()}
    cpu_rate = {name: entries / cpu for name, (_wall, cpu) in best.items()}
    baseline = 1 / (1 / rate["read_only"] + 1 / rate["sm3_only"])
    print(f"best of {rounds} rounds, entries per second of wall time (CPU time in brackets):")
    print(f"  verify, {DEFAULT_WORKERS} workers    {rate['verify']:>10,.0f}   ({cpu_rate['verify']:,.0f})")
    print(f"  verify, one process  {rate['verify_one_process']:>10,.0f}   ({cpu_rate['verify_one_process']:,.0f})")
    print(f"  read only            {rate['read_only']:>10,.0f}   ({cpu_rate['read_only']:,.0f})")
    print(f"  SM3 only             {rate['sm3_only']:>10,.0f}   ({cpu_rate['sm3_only']:,.0f})")
    print(f"  read + SM3           {baseline:>10,.0f}   (the two bare costs added up)")
    print(f"  one-process verify takes {baseline / rate['verify_one_process']:.2f} x the time of read + SM3")
    print(f"  goal {GOAL_PER_S:,}/s: {'met' if rate['verify'] >= GOAL_PER_S else 'NOT met'}")
    summary = {
        "database": connection.vendor,
        "entries": entries,
        "workers": DEFAULT_WORKERS,
        "verify_per_s": round(rate["verify"]),
        "verify_one_process_per_s": round(rate["verify_one_process"]),
        "verify_one_process_cpu_per_s": round(cpu_rate["verify_one_process"]),
        "read_only_per_s": round(rate["read_only"]),
        "sm3_only_per_s": round(rate["sm3_only"]),
        "read_plus_sm3_per_s": round(baseline),
        "one_process_vs_read_plus_sm3": round(baseline / rate["verify_one_process"], 2),
        "goal_per_s": GOAL_PER_S,
        "meets_goal": rate["verify"] >= GOAL_PER_S,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
