"""The test database as other processes see it (concurrency tests with real separate processes)."""

import sqlite3
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from digigov.core import ledger


def share_database(directory: Path) -> str:
    """A DATABASE_URL other processes can use, holding what this test's database holds now.

    PostgreSQL: the test database itself (the test runs with transaction=True, so they see committed rows).
    SQLite: the test database lives in memory, so it is copied to a file, in WAL mode like production; call it
    after the test's data is written.
    """
    ledger.ensure_head()
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(settings['PASSWORD'])}" if settings.get("PASSWORD") else ""
        host = f"{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}"
        return f"postgres://{quote(settings['USER'])}{password}@{host}/{settings['NAME']}"
    path = directory / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    return f"sqlite:///{path}"
