import io
import os
import shutil
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

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


def _uses_shared_demo(item) -> bool:
    return item is not None and "demo_province" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """Within each of those groups, tests marked `slow` first: with `make test`'s parallel workers (pytest-xdist) a
    slow test started last would run alone at the end while the other worker idles. (pytest-django has sorted the
    items by group already; this sort keeps the groups and only moves the slow ones to the front of theirs.)
    Before them, the tests of the shared demo province (`demo_province`), so that they run one after the other and
    each worker loads the demo at most once: xdist's `--dist load` sends a worker consecutive items, the first
    eighth of the suite to one worker. (`--dist loadgroup` cannot group them: xdist 3.8 appends the group to
    `item._nodeid`, which pytest 9.2 no longer reads, as it keeps the node id in `Node._id`.)"""
    items.sort(
        key=lambda item: (
            _database_order(item),
            not _uses_shared_demo(item),
            item.get_closest_marker("slow") is None,
        )
    )


class _SharedDemo:
    """The demo province, loaded once per worker inside a transaction that is rolled back, never committed.

    `load_demo` takes 18 s alone on the 2-core machine (40 s on PostgreSQL), a minute beside the other test worker,
    and eleven tests only read it. Each of them runs in a savepoint inside this transaction (pytest-django's `db`),
    so what one test changes is gone for the next. The rollback at the end leaves the database as the migrations
    seeded it; a flush would also empty their seed (the working-day calendar, Wagtail's root page), which the tests
    after it on the same worker need."""

    def __init__(self):
        self.atomic = None
        self.blocker = None
        self.rolled_back = False

    def load(self, django_db_blocker) -> str:
        self.blocker, out = django_db_blocker, io.StringIO()
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:  # PORT as `make run PORT=8123` sets it: the printed URLs must show the server's port
                with mock.patch.dict(os.environ, {"PORT": "8123"}):
                    call_command("load_demo", stdout=out)
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
        self.atomic = atomic
        return out.getvalue()

    def roll_back(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic, self.rolled_back = None, True


_shared_demo = _SharedDemo()


@pytest.fixture(scope="session")
def demo_province(django_db_setup, django_db_blocker) -> str:
    """The whole demo province (with data sharing) and what `load_demo` printed, for tests rolled back in a
    transaction (`db`). The tests that ask for it run first, one after another (`pytest_collection_modifyitems`),
    and its transaction is rolled back after the last of them (`pytest_runtest_teardown`)."""
    yield _shared_demo.load(django_db_blocker)
    _shared_demo.roll_back()


def pytest_runtest_setup(item):
    if not _uses_shared_demo(item):
        return
    if _database_order(item) != 0:
        pytest.fail("demo_province is for tests rolled back in a transaction (`db`): a transactional one flushes")
    if _shared_demo.rolled_back:
        pytest.fail("demo_province was rolled back already: the tests that use it must run one after another")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of the shared demo on this worker, before the next test (which may be transactional, or
    count rows) starts, the demo's transaction is rolled back."""
    result = yield
    if not _uses_shared_demo(nextitem):
        _shared_demo.roll_back()
    return result


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
