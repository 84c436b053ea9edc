"""Kill -9 the gateway's gunicorn in the middle of a run and check that no served call is missing from the log (R1.8).

Run from the repository root: ``python bench/gateway_kill.py [--calls 4000] [--concurrency 12] [--target master]``.
Like ``bench/gateway.py`` it migrates a fresh temporary database (SQLite file by default; with
DATABASE_URL=postgres://.../name a temporary database ``<name>_bench_<pid>`` on that server, dropped afterwards) and
loads the same hosted table, mount and grant (``bench/gateway.py`` ``seed``). It then starts gunicorn as
docs/deploy.md does (``gunicorn digigov.wsgi --workers N``, sync workers) with the production settings
(``conf/prod.py``: DIGIGOV_ENV=prod and the secrets it requires, made up for the run; the calls carry
``X-Forwarded-Proto: https`` as they would behind the TLS-terminating load balancer) and drives key lookups from
``--concurrency`` threads, each call with its own purpose ``kill-test #<n>`` so that every answer can be matched
with its log row.

When ``--kill-at`` answers have been served (half the calls by default), SIGKILL goes to the gunicorn master
(``--target master``: its workers are orphaned and stop on their own once they notice) or to the master and every
worker at once (``--target all``: calls in flight die with them). The threads carry on until every call has been
tried; a refused or broken connection counts as not served. After every server process is gone the log is read:

- served: answers with HTTP 200 (data left the server);
- missing: served answers with no ``GatewayCall`` row of status ok for their purpose — must be 0;
- logged but not delivered: ok rows whose answer never reached the client (the worker died after writing the row
  and before the answer was out) — allowed: the log may hold more than was received, never less.

The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gateway import drop_database, free_port, seed, temporary_database  # noqa: E402  (bench/gateway.py)

PURPOSE = "kill-test #"


def production_env(database_url: str, tmp: Path) -> dict:
    """The environment docs/deploy.md asks for, with secrets made up for this run."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(
        DIGIGOV_ENV="prod",
        DJANGO_SETTINGS_MODULE="digigov.conf.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        DIGIGOV_KEY_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DIGIGOV_API_KEY_SECRET=secrets.token_urlsafe(32),  # conf.prod requires it (the keys' HMAC-SM3)
        OIDC_RSA_PRIVATE_KEY=pem,
        DATABASE_URL=database_url,
        DIGIGOV_VAR_DIR=str(tmp),
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def start_gunicorn(env: dict, workers: int, tmp: Path) -> tuple[subprocess.Popen, str]:
    import requests

    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "digigov.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    # Its own session (process group), so that --target all reaches every worker and nothing of it outlives the run.
    server = subprocess.Popen(command, env=env, cwd=tmp, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            requests.get(f"{base}/api/v1/openapi.json", headers={"X-Forwarded-Proto": "https"}, timeout=10)
            return server, base
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drive(url: str, api_key: str, keys: list[str], args, server: subprocess.Popen) -> dict:
    """Make the calls from `args.concurrency` threads; kill the server after `args.kill_at` served answers."""
    import requests

    rng = random.Random(20261202)
    calls = [(n, rng.choice(keys)) for n in range(1, args.calls + 1)]
    outcome: dict[int, int | None] = {}  # call number -> HTTP status, or None: no answer
    lock = threading.Lock()
    served = [0]
    killed = threading.Event()
    kill_time = [0.0]
    served_after_kill = [0]

    def kill() -> None:
        if args.target == "all":
            os.killpg(server.pid, signal.SIGKILL)
        else:
            os.kill(server.pid, signal.SIGKILL)
        kill_time[0] = time.perf_counter()
        killed.set()

    def worker(chunk):
        session = requests.Session()
        session.headers.update({"X-API-Key": api_key, "X-Forwarded-Proto": "https"})
        for n, key in chunk:
            try:
                response = session.get(url, params={"key": key, "purpose": f"{PURPOSE}{n}"}, timeout=15)
                status: int | None = response.status_code
            except requests.RequestException:
                status = None
            with lock:
                outcome[n] = status
                if status == 200:
                    served[0] += 1
                    if killed.is_set():
                        served_after_kill[0] += 1
                    elif served[0] >= args.kill_at:
                        kill()

    threads = [threading.Thread(target=worker, args=(calls[i :: args.concurrency],)) for i in range(args.concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not killed.is_set():
        raise SystemExit("the run ended before the kill; raise --calls or lower --kill-at")
    return {
        "outcome": outcome,
        "seconds": time.perf_counter() - started,
        "kill_after_s": kill_time[0] - started,
        "served_after_kill": served_after_kill[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--calls", type=int, default=4_000)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--kill-at", type=int, default=0, help="served answers before the kill (default calls/2)")
    parser.add_argument("--target", choices=["master", "all"], default="master")
    args = parser.parse_args()
    args.kill_at = args.kill_at or args.calls // 2

    with tempfile.TemporaryDirectory(prefix="digigov-gateway-kill-") as tmp_name:
        tmp = Path(tmp_name)
        original_url = os.environ.get("DATABASE_URL", "")
        url, pg_name = temporary_database(tmp)
        env = production_env(url, tmp)
        os.environ.update(env)  # this process migrates, seeds and counts with the server's own settings
        server = None
        try:
            server = run(args, tmp, env)
        finally:
            if server is not None and group_alive(server.pid):
                os.killpg(server.pid, signal.SIGKILL)
            from django.db import connections

            connections.close_all()
            if pg_name:
                drop_database(original_url, pg_name)


def run(args, tmp: Path, env: dict) -> subprocess.Popen:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    for app in ("exchange", "identity"):  # identity's system keys are not one of exchange's dependencies
        call_command("migrate", app, verbosity=0)
    data = seed(args.rows)
    connection.close()
    print(f"database: {connection.vendor}; {len(data['keys']):,} rows hosted; gunicorn with conf/prod.py")

    server, base = start_gunicorn(env, args.workers, tmp)
    url = f"{base}/api/v1/exchange/gateway/resources/{data['resource_id']}/records"
    result = drive(url, data["api_key"], data["keys"], args, server)
    server.wait(timeout=30)  # the master, killed
    deadline = time.monotonic() + 60
    while group_alive(server.pid) and time.monotonic() < deadline:  # orphaned workers finishing their last call
        time.sleep(0.2)
    workers_left = group_alive(server.pid)

    from digigov.exchange.choices import CallStatus
    from digigov.exchange.models import GatewayCall

    rows = list(GatewayCall.objects.filter(purpose__startswith=PURPOSE).values_list("purpose", "status"))
    logged_ok = {int(p[len(PURPOSE) :]) for p, status in rows if status == CallStatus.OK}
    outcome = result["outcome"]
    served = {n for n, status in outcome.items() if status == 200}
    no_answer = sum(status is None for status in outcome.values())
    other = sum(status is not None and status != 200 for status in outcome.values())
    missing = sorted(served - logged_ok)
    undelivered = sorted(logged_ok - served)
    victims = "the master (orphaned workers serve on)" if args.target == "master" else "the master and every worker"
    print(
        f"SIGKILL to {victims} after {result['kill_after_s']:.1f} s ({args.kill_at:,} served); "
        f"{result['served_after_kill']} more answers served after it"
    )
    print(f"calls {len(outcome):,}: served {len(served):,}, no answer {no_answer:,}, other statuses {other:,}")
    print(f"log rows {len(rows):,} ({len(logged_ok):,} ok); served calls missing from the log: {len(missing)}")
    print(f"logged but never delivered: {len(undelivered)}; server processes still alive after 60 s: {workers_left}")
    if missing:
        print(f"missing: {missing[:20]}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "settings": "digigov.conf.prod",
                "target": args.target,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "calls": len(outcome),
                "kill_after_served": args.kill_at,
                "served": len(served),
                "served_after_kill": result["served_after_kill"],
                "no_answer": no_answer,
                "other_status": other,
                "log_rows": len(rows),
                "log_rows_ok": len(logged_ok),
                "served_missing_from_log": len(missing),
                "logged_not_delivered": len(undelivered),
            }
        )
    )
    return server


if __name__ == "__main__":
    main()
