import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

from digigov.core import calendar


def _database_order(item) -> int:
    """pytest-django's (Django's) order: tests rolled back in a transaction first, then transactional ones, whose
    flush empties what the migrations seeded (the calendar, Wagtail's root and home page), then those without one."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker is not None:
        transactional = transactional or marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def pytest_collection_modifyitems(items):
    """Within each of those groups, tests marked `slow` first: with `make test`'s parallel workers (pytest-xdist) a
    slow test started last would run alone at the end while the other worker idles. (pytest-django has sorted the
    items by group already; this sort keeps the groups and only moves the slow ones to the front of theirs.)"""
    items.sort(key=lambda item: (_database_order(item), item.get_closest_marker("slow") is None))


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rules and calendar are cached per process; every test starts from what its database says."""
    cache.clear()
    calendar._exceptions.cache_clear()
    yield
    cache.clear()
    calendar._exceptions.cache_clear()


SQLITE_LEDGER_DELETE_GUARD = """CREATE TRIGGER IF NOT EXISTS core_ledgerentry_no_delete
    BEFORE DELETE ON core_ledgerentry BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only'); END"""


@pytest.fixture(autouse=True)
def _ledger_guard_for_flush(request):
    """The append-only trigger (migration core 0002) also refuses the DELETE with which SQLite test databases are
    flushed after transactional tests. Each test starts with the guard in place; after a transactional test on
    SQLite the guard is lifted so the flush can empty the table. (PostgreSQL flushes with TRUNCATE, which
    row triggers do not see.)"""
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or transactional or "db" in request.fixturenames
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if not uses_db:
        yield
        return
    from django.db import connection

    if connection.vendor == "sqlite":
        request.getfixturevalue("transactional_db" if transactional else "db")
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_LEDGER_DELETE_GUARD)
    yield
    if transactional and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_ledgerentry_no_delete")


def _one_request_at_a_time_on_sqlite() -> None:
    """On SQLite the live server answers one request at a time (Django's own WSGIServer, which closes each
    connection). Its threads would share the in-memory test database through SQLite's shared cache, which refuses
    instead of waiting: a browser's parallel requests (icons, script translations) then met "database table is
    locked", and a refused session write answered 400 (SessionInterrupted). No deployment runs on that database;
    PostgreSQL keeps the threaded server."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # the server's thread already uses the test's connections

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneAtATime


_one_request_at_a_time_on_sqlite()


# Browser tests (marker `browser`): Debian chromium through Playwright; screenshots go to test-results/.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    """Request it after any fixture that writes to the database: inside Playwright's greenlet the ORM would open a
    connection the teardown never sees, and PostgreSQL would then refuse to drop the test database."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir(settings) -> Path:
    directory = Path(settings.BASE_DIR) / "test-results"
    directory.mkdir(exist_ok=True)
    return directory
