"""A real task worker process for a test (as in test_background.py): the test's database, queue and private files.

with real_worker(tmp_path, queue="rq") as worker:   # inside @pytest.mark.django_db(transaction=True)
    job = …launch…                                  # enqueued at once (autocommit), on Redis or in the database
    worker.run()                                    # manage.py run_worker --burst, asserting it exited 0
"""

import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings
from django.db import connections
from django.test import override_settings

REPO = Path(settings.BASE_DIR)
# A Redis database of its own, emptied before and after: one per pytest-xdist worker (gw0 → 13, gw1 → 14 …).
RQ_DB = 13 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
QUEUES = {
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@dataclass
class Worker:
    env: dict

    def run(self, timeout: int = 300) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), "run_worker", "--burst"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done


@contextmanager
def real_worker(tmp_path: Path, *, queue: str = "rq"):
    url = f"redis://127.0.0.1:6379/{RQ_DB}"
    redis.Redis.from_url(url).flushdb()
    memory = connections["default"]
    memory.ensure_connection()
    file_db = None
    if memory.vendor == "sqlite":
        # The worker needs the test's in-memory database in a file: copy it, and point this test's connection there.
        db_file = tmp_path / "worker.sqlite3"
        with sqlite3.connect(db_file) as copy:
            memory.connection.backup(copy)
        file_db = memory.__class__({**memory.settings_dict, "NAME": str(db_file)}, alias="default")
        connections["default"] = file_db
        database_url = f"sqlite:///{db_file}"
    else:  # PostgreSQL: the worker connects to the test database itself (the test commits what it writes)
        s = memory.settings_dict
        login = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        database_url = f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    private = tmp_path / "private"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(DATABASE_URL=database_url, DIGIGOV_VAR_DIR=str(tmp_path), DIGIGOV_PRIVATE_ROOT=str(private))
    env.pop("REDIS_URL", None)
    env.pop("TASKS_REDIS_URL", None)
    if queue == "rq":
        env["REDIS_URL"] = url  # conf.dev, like conf.prod, queues on Redis when REDIS_URL is set
    storages = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(private)}},
    }
    try:
        queues = {"TASKS": {"default": QUEUES[queue]}, "RQ_QUEUES": {"default": {"URL": url}}}
        with override_settings(**queues, STORAGES=storages):
            yield Worker(env=env)
    finally:
        connections["default"] = memory
        if file_db is not None:
            file_db.close()
        redis.Redis.from_url(url).flushdb()
