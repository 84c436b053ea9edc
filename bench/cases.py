"""Benchmark a department's case list and a case's detail through the API at scale (issue #11).

Run from the repository root: ``python bench/cases.py [--cases N] [--requests 300] [--workers 2]``.
By default 200,000 cases on SQLite (a temporary file) and, with DATABASE_URL=postgres://.../name, 1,000,000 cases
in a temporary database ``<name>_bench_<pid>`` on that server, dropped afterwards.

The cases are written in bulk by SQL (one statement per table: rows numbered by a series), not through the
services, which would take hours: 40 published items of 20 departments, each case with its lead part, a form
answer, statuses spread over every state and due days over six weeks. One department's handler (1/20 of the
cases: 50,000 at 1 M) then asks, one request at a time through gunicorn:

- list: ``GET /api/v1/eservices/cases?status=in_progress&page=<random>`` (filtered by state, nearest deadline
  first, 20 a page, with the count);
- detail: ``GET /api/v1/eservices/cases/<id>`` for random cases of that department (each reading is recorded
  in the ledger, as for a person);
- baseline: ``GET /api/v1/core/me`` with the same session on the same server, in the same run.

Goal: p50 <= 30 ms and p95 <= 80 ms for both. Open Zaak's published median for ``GET /zaken`` at 1 million
cases, 140-240 ms, is printed beside as a published anchor (not measured in this run). The last line of output
is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gateway import SETTINGS, bench_environment, percentile, start_server  # noqa: E402
from workflow import run_requests  # noqa: E402

GOAL_P50_MS, GOAL_P95_MS = 30.0, 80.0
OPEN_ZAAK_MEDIAN_MS = "140-240"  # published: Open Zaak performance report, GET /zaken at 1 M zaken
DEPARTMENTS, ITEMS = 20, 40
STATES = ["concluded"] * 6 + ["submitted", "in_progress", "supplementing", "rejected"]


def _series(vendor: str, count: int) -> str:
    if vendor == "postgresql":
        return f"(SELECT generate_series(0, {int(count) - 1}) AS n) AS s"  # noqa: S608  (numbers only)
    last = int(count) - 1
    return f"(WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < {last}) SELECT n FROM r) AS s"  # noqa: S608


def seed(count: int) -> dict:

    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from digigov.core import ledger
    from digigov.core.choices import Role
    from digigov.core.tests.factories import OrganisationFactory, staff
    from digigov.eservices.tests.case_setup import publish
    from digigov.eservices.tests.factories import ServiceItemFactory
    from digigov.forms.tests.factories import form
    from digigov.workflow import api as workflow

    ledger.ensure_head()
    admin = staff(Role.PLATFORM_ADMIN)
    process = workflow.shipped_install(actor=admin, key="general")
    the_form = form(actor=admin)
    departments = [OrganisationFactory() for _ in range(DEPARTMENTS)]
    items = [
        publish(ServiceItemFactory(organisation=departments[i % DEPARTMENTS], process=process, form=the_form))
        for i in range(ITEMS)
    ]
    first_item = items[0].pk
    if [i.pk for i in items] != list(range(first_item, first_item + ITEMS)):
        raise SystemExit("the items' ids are not consecutive; the bulk insert spreads cases by id")
    today = timezone.localdate()
    vendor = connection.vendor
    states = "CASE " + " ".join(f"WHEN s.n %% 10 = {k} THEN '{v}'" for k, v in enumerate(STATES)) + " END"
    concat = "||"
    day = today.strftime("%Y%m%d")
    if vendor == "postgresql":
        number = f"'420000{day}' {concat} lpad((s.n)::text, 9, '0')"
        due = f"(DATE '{today.isoformat()}' + ((s.n %% 42) - 14))"
        submitted = f"(TIMESTAMP '{today.isoformat()} 09:00' - ((s.n %% 90) * INTERVAL '1 day'))"
        data = """'{"name": "张三", "mobile": "13812345678", "kind": "first"}'::jsonb"""
    else:
        number = f"'420000{day}' || substr('000000000' || s.n, -9, 9)"
        due = f"date('{today.isoformat()}', ((s.n %% 42) - 14) || ' days')"
        submitted = f"datetime('{today.isoformat()} 09:00', '-' || (s.n %% 90) || ' days')"
        data = """'{"name": "张三", "mobile": "13812345678", "kind": "first"}'"""
    now = timezone.now().isoformat()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(  # built from numbers and dates of this run only
            f"""
            INSERT INTO eservices_case (number, item_id, item_version, organisation_id, applicant_id, applicant_kind,
                applicant_name, applicant_code, applicant_phone, agent_id, channel, form_version_id, data, status,
                decision, reason, created_at, updated_at, submitted_at, accepted_on, due_on, concluded_on,
                legal_days, promised_days, suspended_days, visits, overdue_reason, instance_id)
            SELECT {number}, i.id, 1, i.organisation_id, NULL, 'citizen',
                '申请人' {concat} s.n, '420102199001011234', '13812345678', NULL, 'counter', %s, {data}, {states},
                '', '', %s, %s, {submitted}, NULL, {due}, NULL,
                20, 10, 0, 1, '', NULL
            FROM {_series(vendor, count)}
            JOIN eservices_serviceitem i ON i.id = {first_item} + (s.n / 10) %% {ITEMS}
            """,  # noqa: S608
            [the_form.current_id, now, now],
        )
        cursor.execute(
            """
            INSERT INTO eservices_casepart (case_id, organisation_id, part, name, case_status, status, due_on, agreed,
                opinion, decided_at, decided_by_id)
            SELECT c.id, c.organisation_id, 'lead', '牵头部门', c.status, 'working', c.due_on, NULL, '', NULL, NULL
            FROM eservices_case c
            """
        )
    if vendor == "postgresql":  # what autovacuum does to a table that has lived a while: statistics, visibility map
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE eservices_case")
            cursor.execute("VACUUM ANALYZE eservices_casepart")
    print(f"{count:,} cases and their parts written in {time.perf_counter() - started:.1f} s")
    department = departments[0]
    clerk = staff(Role.HANDLER, department)
    from digigov.eservices.models import Case

    mine = list(Case.objects.filter(organisation=department).values_list("pk", flat=True)[:20000])
    running = Case.objects.filter(organisation=department, status="in_progress").count()
    client = Client()
    client.force_login(clerk)
    return {"session": client.cookies["sessionid"].value, "mine": mine, "running": running}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=0, help="default: 1,000,000 on PostgreSQL, 200,000 on SQLite")
    parser.add_argument("--requests", type=int, default=300, help="requests per kind, one at a time (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    args = parser.parse_args()
    if not args.cases:
        args.cases = 1_000_000 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 200_000
    with bench_environment("digigov-cases-bench-", SETTINGS) as tmp:
        run(args, tmp)


def run(args, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    data = seed(args.cases)
    vendor = connection.vendor
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": "0", "PYTHONPATH": f"{tmp}:{ROOT / 'src'}"}
    server, base = start_server(tmp, env, args.workers, ready_path="/api/v1/openapi.json")
    csrf = secrets.token_hex(16)
    cookies = {"sessionid": data["session"], "csrftoken": csrf}
    headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
    rng = random.Random(11)
    pages = max(1, data["running"] // 20)
    lists = [
        ("GET", f"{base}/api/v1/eservices/cases?status=in_progress&page={rng.randint(1, pages)}", {})
        for _ in range(args.requests)
    ]
    details = [("GET", f"{base}/api/v1/eservices/cases/{rng.choice(data['mine'])}", {}) for _ in range(args.requests)]
    me = [("GET", f"{base}/api/v1/core/me", {})] * args.requests
    failures = 0
    try:
        for warm in (lists[:20], details[:20], me[:20]):
            _rps, _lat, bad = run_requests(warm, cookies, headers, 1)
            if bad:
                raise SystemExit(f"warm-up got {bad} failed answers")
        results = {}
        for name, batch in (("list", lists), ("detail", details), ("baseline", me)):
            _rps, latencies, bad = run_requests(batch, cookies, headers, 1)
            failures += bad
            results[name] = latencies
    finally:
        server.terminate()
        server.wait(timeout=30)

    figures = {name: (percentile(lat, 50), percentile(lat, 95)) for name, lat in results.items()}
    print(f"{args.cases:,} cases; the department holds {len(data['mine']):,}+ of them, {data['running']:,} running")
    for name, (p50, p95) in figures.items():
        print(f"  {name:<9} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    print(f"  Open Zaak, published (not this run): median {OPEN_ZAAK_MEDIAN_MS} ms for GET /zaken at 1 M zaken")
    met = failures == 0 and all(
        figures[k][0] <= GOAL_P50_MS and figures[k][1] <= GOAL_P95_MS for k in ("list", "detail")
    )
    print(
        f"  goals (p50 <= {GOAL_P50_MS} ms, p95 <= {GOAL_P95_MS} ms): {'met' if met else 'NOT met'}; "
        f"failed answers: {failures}"
    )
    print(
        json.dumps(
            {
                "database": vendor,
                "cases": args.cases,
                "list_p50_ms": round(figures["list"][0], 2),
                "list_p95_ms": round(figures["list"][1], 2),
                "detail_p50_ms": round(figures["detail"][0], 2),
                "detail_p95_ms": round(figures["detail"][1], 2),
                "baseline_p50_ms": round(figures["baseline"][0], 2),
                "baseline_p95_ms": round(figures["baseline"][1], 2),
                "open_zaak_published_median_ms": OPEN_ZAAK_MEDIAN_MS,
                "failures": failures,
                "goal_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
