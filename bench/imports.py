"""Benchmark: what a large hosted-table import costs the requests served meanwhile (issue 9, item 4; R1.4, R1.8).

Run from the repository root: ``python bench/imports.py [--rows 290000] [--concurrency 4]``.
It migrates a fresh temporary database (SQLite file by default; with DATABASE_URL=postgres://.../name a temporary
database on that server, dropped afterwards) and loads the gateway bench's world (bench/gateway.py: a hosted table of
10,000 people mounted to a resource, granted to a consumer system). Then it starts what a production host runs:
gunicorn with ``--workers`` sync workers and one ``manage.py run_worker`` (nice 10, its default) on the queue
(RQ on Redis at 127.0.0.1:6379, database 12, when it answers; the database queue otherwise).

A provider's handler uploads a CSV of ``--rows`` valid rows (20.0 MB for 290,000) through the API, as a
department's system would; the request is answered at once (202) and the import runs in the worker. Meanwhile
``--concurrency`` threads keep calling, in turn, the gateway (a grant check, a lookup and a call-log write per call)
and a read-only lookup on the same server (``/bench/direct/records``, the same HostedRow query without the platform).
The same load runs for ``--seconds`` before the upload and again after the job has finished: that is the baseline,
measured in the same run, around the import. The figure is the p95 latency during the import divided by the
baseline's p95, for each kind of request. Goal: at most 3× for both, every call answered 200, the import done with
every row. The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import gateway as world  # noqa: E402  (bench/gateway.py: its database, world and server)

GOAL_FACTOR = 3.0
RQ_DB = 12
PASSWORD = "Bench@2026import"  # noqa: S105  (a temporary database's one account)

SETTINGS = """
from digigov.conf.test import *  # noqa
DEBUG = False
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
# the queue of a production host: jobs go to the worker, not the request's process
TASKS = queued_tasks(env_str("TASKS_REDIS_URL", ""))
RQ_QUEUES = {"default": {"URL": env_str("TASKS_REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}}
"""


def redis_url() -> str:
    """RQ on the local Redis when it answers, as in production; "" (the database queue) otherwise."""
    import redis

    url = f"redis://127.0.0.1:6379/{RQ_DB}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        return ""
    return url


def csv_of(rows: int) -> bytes:
    """`rows` valid people (ID numbers with their check digits, names, mobiles, addresses) as UTF-8 CSV: 290,000
    rows make 20.0 MB (19.1 MiB), just under the rule exchange.upload_max_mb (20 MiB)."""
    from digigov.core.codegen import make_id_number

    rng = random.Random(290_000)
    keys: set[str] = set()
    while len(keys) < rows:
        keys.add(make_id_number(rng))
    lines = ["身份证号,姓名,手机号码,住址"]
    for key in keys:
        name = rng.choice(world.SURNAMES) + "".join(rng.choice("伟芳娜敏静丽强磊军洋") for _ in range(2))
        mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        address = f"{rng.choice(world.DISTRICTS)}{rng.choice(world.STREETS)}{rng.randrange(1, 999)}号"
        lines.append(f"{key},{name},{mobile},{address}")
    return ("\n".join(lines) + "\n").encode()


def provider_handler() -> str:
    """A handler of the bench's provider (the 省公安厅 of bench/gateway.py) who may host tables; their username."""
    from digigov.core.choices import Role
    from digigov.core.models import Organisation
    from digigov.core.tests.factories import staff

    user = staff(Role.HANDLER, Organisation.objects.get(name="省公安厅"))
    user.set_password(PASSWORD)
    user.save()
    return user.get_username()


def signed_in(base: str, username: str):
    """A requests.Session signed in through the login page, with the CSRF token the API wants for a write."""
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed: {answer.status_code}")
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


class Load:
    """`threads` callers, each alternating gateway and read-only calls, recording (kind, phase, ms, status)."""

    def __init__(self, base: str, data: dict, threads: int):
        self.base, self.data, self.threads = base, data, threads
        self.phase = "before"
        self.stop = threading.Event()
        self.samples: list[tuple[str, str, float, int]] = []
        self.lock = threading.Lock()
        self.workers = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def start(self) -> None:
        for worker in self.workers:
            worker.start()

    def finish(self) -> None:
        self.stop.set()
        for worker in self.workers:
            worker.join()

    def run(self, n: int) -> None:
        import requests

        rng = random.Random(n)
        session = requests.Session()
        session.headers["X-API-Key"] = self.data["api_key"]
        gateway = f"{self.base}/api/v1/exchange/gateway/resources/{self.data['resource_id']}/records"
        direct = f"{self.base}/bench/direct/records"
        while not self.stop.is_set():
            for kind, url, extra in (("gateway", gateway, {"purpose": world.PURPOSE}), ("read", direct, {})):
                phase = self.phase
                started = time.perf_counter()
                status = session.get(
                    url, params={"key": rng.choice(self.data["keys"]), **extra}, timeout=60
                ).status_code
                with self.lock:
                    self.samples.append((kind, phase, (time.perf_counter() - started) * 1000, status))

    def latencies(self, kind: str, phases: tuple[str, ...]) -> list[float]:
        return [ms for k, phase, ms, _status in self.samples if k == kind and phase in phases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=290_000, help="rows of the uploaded CSV (default 290,000)")
    parser.add_argument("--concurrency", type=int, default=4, help="threads calling meanwhile (default 4)")
    parser.add_argument("--seconds", type=float, default=15, help="baseline seconds before and after (default 15)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    args = parser.parse_args()

    with world.bench_environment("digigov-imports-bench-", SETTINGS) as tmp:
        os.environ.update(DIGIGOV_VAR_DIR=str(tmp), TASKS_REDIS_URL=redis_url())
        run(args, tmp)


def run(args, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    data = world.seed(10_000)
    username = provider_handler()
    started = time.perf_counter()
    content = csv_of(args.rows)
    print(f"CSV of {args.rows:,} rows, {len(content) / 1e6:.1f} MB, made in {time.perf_counter() - started:.1f} s")
    queue = "RQ on Redis" if os.environ["TASKS_REDIS_URL"] else "the database queue"
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": str(data["table_id"]), "PYTHONPATH": f"{tmp}:{world.ROOT / 'src'}"}
    server, base = world.start_server(tmp, env, args.workers)
    task_worker = subprocess.Popen(
        [sys.executable, str(world.ROOT / "manage.py"), "run_worker", "-v", "0"], env=env, cwd=tmp
    )
    print(f"gunicorn with {args.workers} sync workers, run_worker (nice 10) on {queue}, {args.concurrency} callers")
    load = Load(base, data, args.concurrency)
    try:
        session = signed_in(base, username)
        load.start()
        time.sleep(args.seconds)

        load.phase = "during"
        started = time.perf_counter()
        answer = session.post(
            f"{base}/api/v1/exchange/services/upload",
            data={"name": "全省人口库", "key_column": "身份证号"},
            files={"file": ("population.csv", content, "text/csv")},
            timeout=120,
        )
        answered = time.perf_counter() - started
        if answer.status_code != 202:
            raise SystemExit(f"upload answered {answer.status_code}: {answer.text[:500]}")
        job_url = f"{base}/api/v1/core/jobs/{answer.json()['id']}"
        job = answer.json()
        while not job["finished"]:
            if task_worker.poll() is not None:
                raise SystemExit(f"run_worker exited with {task_worker.returncode}")
            time.sleep(0.5)
            job = session.get(job_url, timeout=30).json()
        imported = time.perf_counter() - started
        load.phase = "after"
        time.sleep(args.seconds)
    finally:
        load.finish()
        task_worker.terminate()
        server.terminate()
        task_worker.wait(timeout=30)
        server.wait(timeout=30)

    print(f"upload answered in {answered:.2f} s (202); the job ended {job['status']} after {imported:.1f} s: ")
    print(f"  {job['message'] or job['error']}")
    figures: dict[str, float] = {}
    for kind in ("gateway", "read"):
        base_lat = load.latencies(kind, ("before", "after"))
        during = load.latencies(kind, ("during",))
        base_p95, during_p95 = world.percentile(base_lat, 95), world.percentile(during, 95)
        figures[kind] = during_p95 / base_p95
        print(
            f"  {kind:8s} baseline p95 {base_p95:7.2f} ms ({len(base_lat):,} calls)   during the import p95 "
            f"{during_p95:7.2f} ms ({len(during):,} calls)   ×{figures[kind]:.2f}  (goal <= {GOAL_FACTOR})"
        )
    failures = sum(1 for _k, _p, _ms, status in load.samples if status != 200)
    done = job["status"] == "done" and f"{args.rows:,}".replace(",", "") in job["message"].replace(",", "")
    met = done and failures == 0 and max(figures.values()) <= GOAL_FACTOR
    print(f"  goals: {'met' if met else 'NOT met'}; non-200 answers: {failures}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "queue": "rq" if os.environ["TASKS_REDIS_URL"] else "database",
                "rows": args.rows,
                "csv_mb": round(len(content) / 1e6, 1),
                "upload_answered_s": round(answered, 2),
                "import_s": round(imported, 1),
                "job_status": job["status"],
                "gateway_p95_factor": round(figures["gateway"], 2),
                "read_p95_factor": round(figures["read"], 2),
                "non_200": failures,
                "goal_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
