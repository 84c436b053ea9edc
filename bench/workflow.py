"""Benchmark completing one user task of a process (issue #11: load the instance, step it, save it, ledger, inbox).

Run from the repository root: ``python bench/workflow.py [--tasks 1000] [--concurrency 10] [--workers 3]``.
It migrates a fresh temporary database (SQLite file by default; with DATABASE_URL=postgres://.../name a temporary
database ``<name>_bench_<pid>`` on that server, dropped afterwards), installs the shipped "general" process
(受理 → 审查 → 决定) and starts one instance per task to complete, each waiting on its 受理 task, so the
concurrent requests contend on the ledger head and the database rather than on one instance's row. It starts
gunicorn (``--workers`` sync workers) and signs one clerk in. Then:

- latency: ``POST /api/v1/workflow/tasks/<id>/complete`` one at a time (concurrency 1), ``--quiet`` tasks;
- throughput: the remaining tasks completed by ``--concurrency`` threads, alternating in slices with the baseline,
  ``GET /api/v1/core/me`` with the same session on the same server (a plain authenticated request), so both see the
  same background load of a shared machine.

After the server has stopped, every completed task is checked: its row is done, the instance moved on to 审查
exactly once (revision 1), and the ledger holds one ``workflow.task.completed`` per task. Goal: p95 <= 50 ms.
The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gateway import SETTINGS, bench_environment, percentile, start_server  # noqa: E402

GOAL_P95_MS = 50.0


def seed(tasks: int) -> dict:
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from digigov.core import ledger
    from digigov.core.choices import Role
    from digigov.core.tests.factories import OrganisationFactory, staff
    from digigov.workflow import api as workflow

    ledger.ensure_head()
    admin = staff(Role.PLATFORM_ADMIN)
    version = workflow.shipped_install(actor=admin, key="general").current
    centre = OrganisationFactory(name="政务服务中心")
    clerk = staff(Role.HANDLER, centre)
    today = timezone.localdate() + dt.timedelta(days=1)
    ids = []
    for _ in range(tasks):
        started = workflow.instance_start(actor=clerk, version=version, organisation=centre, today=today)
        ids.append(started.opened[0].pk)
    client = Client()
    client.force_login(clerk)
    return {"task_ids": ids, "session": client.cookies["sessionid"].value}


def run_requests(requests_list: list[tuple[str, str, dict]], cookies: dict, headers: dict, concurrency: int):
    """(requests per second, latencies in ms, non-2xx answers) of (method, url, json) spread over threads."""
    import requests

    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    chunks = [requests_list[i::concurrency] for i in range(concurrency)]
    barrier = threading.Barrier(concurrency + 1)

    def worker(chunk):
        session = requests.Session()
        session.cookies.update(cookies)
        session.headers.update(headers)
        mine, bad = [], 0
        barrier.wait()
        for method, url, body in chunk:
            started = time.perf_counter()
            response = session.request(method, url, json=body if method == "POST" else None, timeout=60)
            mine.append((time.perf_counter() - started) * 1000)
            if response.status_code >= 300:
                bad += 1
                if bad == 1:
                    print(f"  {method} {url}: {response.status_code} {response.text[:200]}")
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return len(requests_list) / (time.perf_counter() - started), latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1200, help="tasks completed under load (default 1200)")
    parser.add_argument("--quiet", type=int, default=300, help="tasks completed one at a time (default 300)")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--slice", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    args = parser.parse_args()
    with bench_environment("digigov-workflow-bench-", SETTINGS) as tmp:
        run(args, tmp)


def run(args, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    warm = 30
    data = seed(warm + args.quiet + args.tasks)
    print(f"{len(data['task_ids']):,} instances started through the engine in {time.perf_counter() - started:.1f} s")
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": "0", "PYTHONPATH": f"{tmp}:{ROOT / 'src'}"}
    server, base = start_server(tmp, env, args.workers, ready_path="/api/v1/openapi.json")
    csrf = secrets.token_hex(16)
    cookies = {"sessionid": data["session"], "csrftoken": csrf}
    headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
    ids = list(data["task_ids"])
    complete = [("POST", f"{base}/api/v1/workflow/tasks/{pk}/complete", {"facts": {"accepted": True}}) for pk in ids]
    me = ("GET", f"{base}/api/v1/core/me", {})
    failures = 0
    try:
        _rps, _lat, bad = run_requests(complete[:warm], cookies, headers, min(args.concurrency, warm))
        _rps, _lat, bad2 = run_requests([me] * 100, cookies, headers, args.concurrency)
        if bad or bad2:
            raise SystemExit(f"warm-up got {bad + bad2} failed answers")
        _rps, quiet, bad = run_requests(complete[warm : warm + args.quiet], cookies, headers, 1)
        failures += bad
        print(
            f"one at a time: {args.quiet} tasks, p50 {percentile(quiet, 50):.2f} ms, p95 {percentile(quiet, 95):.2f} ms"
        )
        loaded = complete[warm + args.quiet :]
        seconds = {"tasks": 0.0, "baseline": 0.0}
        done = {"tasks": 0, "baseline": 0}
        for start in range(0, len(loaded), args.slice):
            chunk = loaded[start : start + args.slice]
            rps, _lat, bad = run_requests(chunk, cookies, headers, args.concurrency)
            failures += bad
            seconds["tasks"] += len(chunk) / rps
            done["tasks"] += len(chunk)
            rps, _lat, bad = run_requests([me] * len(chunk), cookies, headers, args.concurrency)
            failures += bad
            seconds["baseline"] += len(chunk) / rps
            done["baseline"] += len(chunk)
    finally:
        server.terminate()
        server.wait(timeout=30)

    from digigov.core.models import LedgerEntry
    from digigov.workflow.models import UserTask

    done_rows = UserTask.objects.filter(pk__in=ids, status="done").count()
    reviews = UserTask.objects.filter(element_id="review", status="open").count()
    logged = LedgerEntry.objects.filter(action="workflow.task.completed").count()
    tasks_per_s = done["tasks"] / seconds["tasks"]
    baseline_rps = done["baseline"] / seconds["baseline"]
    p95 = percentile(quiet, 95)
    lost = len(ids) - done_rows
    print(f"at concurrency {args.concurrency}, {args.workers} gunicorn workers, slices of {args.slice}:")
    print(f"  completing tasks      {tasks_per_s:>8,.1f} tasks/s")
    print(f"  GET /api/v1/core/me   {baseline_rps:>8,.1f} requests/s (baseline, same session, same server)")
    print(f"  ratio {tasks_per_s / baseline_rps:.3f}")
    print(f"  task p95 (one at a time) {p95:.2f} ms (goal <= {GOAL_P95_MS} ms)")
    print(f"  tasks done {done_rows:,} of {len(ids):,}, 审查 tasks opened {reviews:,}, ledger completions {logged:,}")
    met = p95 <= GOAL_P95_MS and lost == 0 and failures == 0 and reviews == len(ids) and logged == len(ids)
    print(f"  goals: {'met' if met else 'NOT met'}; failed answers: {failures}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "tasks": len(ids),
                "concurrency": args.concurrency,
                "workers": args.workers,
                "task_p50_ms": round(percentile(quiet, 50), 2),
                "task_p95_ms": round(p95, 2),
                "tasks_per_s": round(tasks_per_s, 1),
                "baseline_rps": round(baseline_rps, 1),
                "ratio": round(tasks_per_s / baseline_rps, 3),
                "lost": lost,
                "failures": failures,
                "goal_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
