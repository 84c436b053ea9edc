"""Real HTTP servers on this machine: one to be fetched from (core.http_fetch), and the platform itself as
production runs it (gunicorn through `manage.py serve`, conf.prod) for tests of deployment behaviour."""

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SECRET = {"db_password": "Zx9!internal", "redis": "redis://10.0.0.5"}


class Internal:
    """A server on 127.0.0.1 with an internal admin page, redirects, an oversize answer and a slow one."""

    def __init__(self):
        self.hits: list[str] = []
        self.hosts: list[str] = []
        internal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's name)
                internal.hits.append(self.path)
                internal.hosts.append(self.headers.get("Host", ""))
                path = self.path.split("?", 1)[0]
                if path == "/internal-admin/config":
                    return self._send(200, json.dumps(SECRET).encode())
                if path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", self.path.split("to=", 1)[1])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if path == "/big":
                    return self._send(200, b"[" + b'{"x": 1},' * 250_000 + b"{}]")  # 2.25 MB
                if path == "/big-undeclared":  # no Content-Length: the end is the closed connection
                    self.send_response(200)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for _ in range(40):
                        self.wfile.write(b" " * 65536)
                    return None
                if path == "/drip":
                    self.send_response(200)
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    for _ in range(100):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.3)
                    return None
                return self._send(200, b'[{"ok": true}]')

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client cutting an answer off is expected
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- the application server as production runs it: `manage.py serve` (gunicorn) with conf.prod -------------------

REPO = Path(__file__).resolve().parents[4]
RSA_PEM = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prod_env(var_dir: Path, database_url: str, **extra: str) -> dict:
    """The environment of a production app server (docs/deploy.md), with TLS ended by a proxy in front of it."""
    global RSA_PEM
    if RSA_PEM is None:
        RSA_PEM = subprocess.run(
            ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DIGIGOV", "GUNICORN"))}
    env.pop("REDIS_URL", None)
    env.pop("TASKS_REDIS_URL", None)
    env.update(
        DIGIGOV_ENV="prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,zwfw.example.gov.cn",
        DIGIGOV_KEY_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DIGIGOV_API_KEY_SECRET=secrets.token_urlsafe(32),
        DIGIGOV_API_DOCS_ACCESS="public",  # HEALTH below reads the OpenAPI document, staff-only by default in prod
        OIDC_RSA_PRIVATE_KEY=RSA_PEM,
        DATABASE_URL=database_url,
        DIGIGOV_VAR_DIR=str(var_dir),
        SECURE_SSL_REDIRECT="false",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="2",
        PYTHONPATH=str(REPO / "src"),
    )
    env.update(extra)
    return env


def serve(env: dict, port: int, *args: str, log: Path) -> subprocess.Popen:
    """`manage.py serve` in its own session (so a test can stop its whole process group)."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, str(REPO / "manage.py"), "serve", "--bind", f"127.0.0.1:{port}", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


HEALTH = "/api/v1/openapi.json"  # answered from code alone: no table, no collected static file


def answer(port: int, path: str = HEALTH, *, headers: dict | None = None, timeout: float = 10.0):
    """(status, headers, body) of one GET, as a browser behind the TLS proxy sends it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_answering(port: int, *, seconds: float = 120, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            answer(port, timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered on port {port} within {seconds} s")


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started by `serve`, its workers and any orphans left in its process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@contextlib.contextmanager
def database_for_subprocess(tmp_path: Path):
    """A DATABASE_URL another process can open holding what this test wrote: PostgreSQL's test database itself
    (the test must commit: transactional), or for SQLite's in-memory test database a file copy, to which this
    test's connection is pointed meanwhile (so what the server writes is seen here)."""
    from django.db import connections

    memory = connections["default"]
    memory.ensure_connection()
    if memory.vendor != "sqlite":
        s = memory.settings_dict
        login = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        yield f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return
    db_file = tmp_path / "server.sqlite3"
    with sqlite3.connect(db_file) as copy:
        memory.connection.backup(copy)
    file_db = memory.__class__({**memory.settings_dict, "NAME": str(db_file)}, alias="default")
    connections["default"] = file_db
    try:
        yield f"sqlite:///{db_file}"
    finally:
        connections["default"] = memory
        file_db.close()
