"""Benchmark the exchange gateway (R1.8) against calling the same data service directly, on a real server.

Run from the repository root: ``python bench/gateway.py [--rows 10000] [--calls 3000] [--concurrency 20]``.
It migrates a fresh temporary database (SQLite file by default; with DATABASE_URL=postgres://.../name a temporary
database ``<name>_bench_<pid>`` on that server, dropped afterwards), loads a hosted table of ``--rows`` people
(valid ID numbers, names, phones, addresses), mounts it to a catalogue resource, grants four of its five items to a
consumer system (masked, with a daily quota so the quota count is part of every call), and starts gunicorn
(``--workers``, sync workers) on it. Then, in interleaved rounds, the same random key lookups are made by
``--concurrency`` threads, each with its own requests.Session:

- direct: ``/bench/direct/records?key=…``, a plain Django view doing the HostedRow lookup on the same table in the
  same server (what a consumer gets calling the provider's data service without the platform);
- gateway: ``/api/v1/exchange/gateway/resources/<id>/records?key=…&purpose=…`` with the system's X-API-Key.

The two sides alternate in slices of ``--slice`` calls, so both see the same background load of a shared machine.
Throughput is calls per second of wall time (best round of each side); latency percentiles are per call, over all
rounds; "added" is gateway minus direct at the same percentile, under the same load. An unloaded run (one thread)
is printed for information. After the server has stopped, the GatewayCall rows are counted: every gateway call
made (warm-up included) must have exactly one. Goals: ratio >= 0.40, p99 added <= 15 ms, 0 lost log entries.
The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GOAL_RATIO, GOAL_P99_ADDED_MS = 0.40, 15.0
PURPOSE = "基准测试：社保待遇资格认证"
FIELDS = {"sfzh": "ID_NO", "xm": "NAME", "sjhm": "MOBILE", "zz": "ADDR", "sr": "INCOME"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗" + "欧阳司马诸葛上官"
STREETS = ["沿江大道", "中山大道", "解放大道", "中北路", "珞喻路", "武珞路", "建设大道", "友谊大道"]
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区"]

# The server's settings and URLconf, written into the temporary directory: production stack plus one direct view.
SETTINGS = """
from digigov.conf.test import *  # noqa
DEBUG = False
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""
URLS = """
import os
from django.http import JsonResponse
from django.urls import include, path
from digigov.exchange.models import HostedRow

TABLE = int(os.environ["BENCH_TABLE_ID"])

def direct(request):
    rows = HostedRow.objects.filter(table_id=TABLE, key=request.GET["key"]).only("key", "data")[:100]
    records = [row.data for row in rows]
    return JsonResponse({"count": len(records), "records": records})

urlpatterns = [path("bench/direct/records", direct), path("", include("digigov.urls"))]
"""


def temporary_database(tmp: Path) -> tuple[str, str | None]:
    """(DATABASE_URL for the run, PostgreSQL database to drop afterwards or None)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'gateway-bench.sqlite3'}", None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'digigov'}_bench_{os.getpid()}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(rows: int) -> dict:
    """Provider, resource with five items, hosted table of `rows` people mounted to it, consumer system and grant."""
    import datetime as dt

    from django.utils import timezone

    from digigov.catalog.choices import SensitiveKind
    from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
    from digigov.core.codegen import make_id_number
    from digigov.core.tests.factories import OrganisationFactory
    from digigov.exchange.choices import ApplicationStatus, ServiceKind
    from digigov.exchange.models import DataService, Grant, HostedRow, HostedTable, Mount, ShareApplication
    from digigov.identity.models import SystemClient

    rng = random.Random(20261123)
    provider, consumer = OrganisationFactory(name="省公安厅"), OrganisationFactory(name="省人社厅")
    resource = ResourceFactory(name="人口基本信息", provider=provider)
    kinds = [SensitiveKind.ID_NUMBER, SensitiveKind.NAME, SensitiveKind.PHONE, SensitiveKind.ADDRESS, ""]
    items = [
        InformationItemFactory(resource=resource, identifier=ident, sensitive=kind, is_key=ident == "sfzh")
        for ident, kind in zip(FIELDS, kinds, strict=True)
    ]
    table = HostedTable.objects.create(
        provider=provider, name="人口库", columns=list(FIELDS.values()), key_column="ID_NO"
    )
    keys = sorted({make_id_number(rng) for _ in range(rows * 2)})[:rows]
    rng.shuffle(keys)
    HostedRow.objects.bulk_create(
        (
            HostedRow(
                table=table,
                row_no=n,
                key=key,
                data={
                    "ID_NO": key,
                    "NAME": rng.choice(SURNAMES) + "".join(rng.choice("伟芳娜敏静丽强磊军洋") for _ in range(2)),
                    "MOBILE": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    "ADDR": f"湖北省武汉市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                    "INCOME": str(rng.randrange(3000, 30000)),
                },
            )
            for n, key in enumerate(keys, start=1)
        ),
        batch_size=2000,
    )
    table.row_count = len(keys)
    table.save()
    service = DataService.objects.create(provider=provider, name="人口库表", kind=ServiceKind.HOSTED_TABLE, table=table)
    Mount.objects.create(resource=resource, service=service, field_map=FIELDS)
    api_key = SystemClient.new_key()
    system = SystemClient.objects.create(
        name="社保业务系统", organisation=consumer, key_prefix=api_key[:8], key_digest=SystemClient.digest(api_key)
    )
    today = timezone.localdate()
    application = ShareApplication.objects.create(
        number="SQ-BENCH-1",
        consumer=consumer,
        resource=resource,
        purpose=PURPOSE,
        legal_basis="《社会保险法》",
        period_start=today,
        period_end=today + dt.timedelta(days=365),
        system=system,
        status=ApplicationStatus.GRANTED,
    )
    grant = Grant.objects.create(
        application=application,
        consumer=consumer,
        system=system,
        resource=resource,
        valid_from=today,
        valid_until=today + dt.timedelta(days=365),
        daily_quota=10_000_000,
    )
    grant.items.set(items[:4])
    return {"keys": keys, "api_key": api_key, "resource_id": resource.pk, "table_id": table.pk}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    tmp: Path, env: dict, workers: int, ready_path: str = "/bench/direct/records?key=x"
) -> tuple[subprocess.Popen, str]:
    """gunicorn on the bench's settings and URLconf in `tmp`, once `ready_path` answers 200."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        f"{tmp},{ROOT / 'src'}",
        "--log-level",
        "warning",
        "--backlog",
        "256",
        "digigov.wsgi:application",
    ]
    server = subprocess.Popen(command, env=env, cwd=tmp)
    base = f"http://127.0.0.1:{port}"
    import requests

    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if requests.get(f"{base}{ready_path}", timeout=10).status_code == 200:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def load(urls: list[tuple[str, dict]], headers: dict, concurrency: int) -> tuple[float, list[float], int]:
    """(calls per second, per-call latencies in ms, non-200 answers) of `urls` spread over `concurrency` threads."""
    import requests

    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    chunks = [urls[i::concurrency] for i in range(concurrency)]
    barrier = threading.Barrier(concurrency + 1)

    def worker(chunk):
        session = requests.Session()
        session.headers.update(headers)
        mine, bad = [], 0
        barrier.wait()
        for url, params in chunk:
            started = time.perf_counter()
            response = session.get(url, params=params, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status_code != 200
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
    return len(urls) / (time.perf_counter() - started), latencies, failures[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=2_000, help="calls per side and round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--slice", type=int, default=250, help="calls per alternating direct/gateway slice")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    args = parser.parse_args()

    with bench_environment("digigov-gateway-bench-", SETTINGS) as tmp:
        run(args, tmp)


@contextlib.contextmanager
def bench_environment(prefix: str, settings: str):
    """A temporary directory holding the bench's settings (`settings`) and URLconf (the direct view), on the path,
    and a temporary database named by DATABASE_URL; the database is dropped afterwards (bench/imports.py too)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp_name:
        tmp = Path(tmp_name)
        original_url = os.environ.get("DATABASE_URL", "")
        url, pg_name = temporary_database(tmp)
        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench_settings")
        (tmp / "bench_settings.py").write_text(settings)
        (tmp / "bench_urls.py").write_text(URLS)
        sys.path.insert(0, str(tmp))
        try:
            yield tmp
        finally:
            from django.db import connections

            connections.close_all()
            if pg_name:
                drop_database(original_url, pg_name)


def run(args, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    # every app: migrating only exchange and identity left contenttypes half-way (its `name` column still NOT NULL,
    # which Wagtail's post-migrate handler then failed on)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    data = seed(args.rows)
    print(f"hosted table of {len(data['keys']):,} rows and one grant loaded in {time.perf_counter() - started:.1f} s")
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": str(data["table_id"]), "PYTHONPATH": f"{tmp}:{ROOT / 'src'}"}
    server, base = start_server(tmp, env, args.workers)
    gateway_calls = 0
    try:
        direct_url = f"{base}/bench/direct/records"
        gateway_url = f"{base}/api/v1/exchange/gateway/resources/{data['resource_id']}/records"
        headers = {"X-API-Key": data["api_key"]}
        rng = random.Random(7)

        def batch(url, n, purpose):
            extra = {"purpose": PURPOSE} if purpose else {}
            return [(url, {"key": rng.choice(data["keys"]), **extra}) for _ in range(n)]

        # Warm-up: every worker imports its code and opens its connection on both paths.
        for url, purpose in ((direct_url, False), (gateway_url, True)):
            _rps, _lat, bad = load(batch(url, 200, purpose), headers, args.concurrency)
            gateway_calls += 200 if purpose else 0
            if bad:
                raise SystemExit(f"warm-up of {url} got {bad} non-200 answers")

        # Unloaded latency, for information: one thread, one call at a time.
        quiet = {}
        for name, url, purpose in (("direct", direct_url, False), ("gateway", gateway_url, True)):
            _rps, lat, _bad = load(batch(url, 300, purpose), headers, 1)
            gateway_calls += 300 if purpose else 0
            quiet[name] = lat
        print(
            "unloaded (1 thread): p50 direct {:.2f} ms, gateway {:.2f} ms (added {:.2f}); p99 added {:.2f} ms".format(
                percentile(quiet["direct"], 50),
                percentile(quiet["gateway"], 50),
                percentile(quiet["gateway"], 50) - percentile(quiet["direct"], 50),
                percentile(quiet["gateway"], 99) - percentile(quiet["direct"], 99),
            )
        )

        best = {"direct": 0.0, "gateway": 0.0}
        lat: dict[str, list[float]] = {"direct": [], "gateway": []}
        failures = 0
        for round_no in range(1, args.rounds + 1):
            # Direct and gateway alternate in slices so that both see the same background load of a shared machine.
            seconds = {"direct": 0.0, "gateway": 0.0}
            round_lat: dict[str, list[float]] = {"direct": [], "gateway": []}
            for start in range(0, args.calls, args.slice):
                n = min(args.slice, args.calls - start)
                for name, url, purpose in (("direct", direct_url, False), ("gateway", gateway_url, True)):
                    rps, latencies, bad = load(batch(url, n, purpose), headers, args.concurrency)
                    gateway_calls += n if purpose else 0
                    failures += bad
                    seconds[name] += n / rps
                    round_lat[name].extend(latencies)
            for name in ("direct", "gateway"):
                rps = args.calls / seconds[name]
                best[name] = max(best[name], rps)
                lat[name].extend(round_lat[name])
                print(
                    f"round {round_no} {name:8s} {rps:>8,.0f} calls/s  p50 {percentile(round_lat[name], 50):6.2f} ms  "
                    f"p99 {percentile(round_lat[name], 99):6.2f} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)

    from digigov.exchange.choices import CallStatus
    from digigov.exchange.models import GatewayCall

    logged = GatewayCall.objects.count()
    logged_ok = GatewayCall.objects.filter(status=CallStatus.OK).count()
    latency_ms = [v for v in GatewayCall.objects.values_list("latency_ms", flat=True)]
    ratio = best["gateway"] / best["direct"]
    p50_added = percentile(lat["gateway"], 50) - percentile(lat["direct"], 50)
    p99_added = percentile(lat["gateway"], 99) - percentile(lat["direct"], 99)
    lost = gateway_calls - logged
    print(f"best of {args.rounds} rounds at concurrency {args.concurrency}, {args.workers} gunicorn workers:")
    print(f"  direct   {best['direct']:>8,.0f} calls/s")
    print(f"  gateway  {best['gateway']:>8,.0f} calls/s   ratio {ratio:.3f}  (goal >= {GOAL_RATIO})")
    print(f"  added latency p50 {p50_added:.2f} ms, p99 {p99_added:.2f} ms  (goal p99 <= {GOAL_P99_ADDED_MS} ms)")
    print(
        f"  gateway's own time per call (GatewayCall.latency_ms): median {statistics.median(latency_ms):.2f} ms, "
        f"p99 {percentile(latency_ms, 99):.2f} ms"
    )
    print(f"  gateway calls made {gateway_calls:,}, logged {logged:,} ({logged_ok:,} served), lost {lost}")
    met = ratio >= GOAL_RATIO and p99_added <= GOAL_P99_ADDED_MS and lost == 0 and failures == 0
    print(f"  goals: {'met' if met else 'NOT met'}; non-200 answers: {failures}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": len(data["keys"]),
                "concurrency": args.concurrency,
                "workers": args.workers,
                "calls_per_side": args.calls * args.rounds,
                "direct_rps": round(best["direct"], 1),
                "gateway_rps": round(best["gateway"], 1),
                "throughput_ratio": round(ratio, 3),
                "p50_added_ms": round(p50_added, 2),
                "p99_added_ms": round(p99_added, 2),
                "lost_log_entries": lost,
            }
        )
    )


if __name__ == "__main__":
    main()
