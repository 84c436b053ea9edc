import fcntl
import io
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from digigov.core import calendar

# ---- One migration per run: the test database of each pytest-xdist worker is a copy of a migrated template ----

TEMPLATE_READY = "migrated-template.ready"  # in the run's base temporary directory, which its workers share
SQLITE_TEMPLATE = "migrated-template.sqlite3"


def _template_name(connection, worker: str) -> str:
    """PostgreSQL: `test_<name>_template` beside the workers' `test_<name>_gw0`, `_gw1`."""
    return connection.creation._get_test_db_name().removesuffix(f"_{worker}") + "_template"


def _setup_from_template(connection, shared: Path, worker: str, setup) -> list:
    """The worker that comes first migrates (the real migrations, once per run) and keeps the result as the run's
    template; every worker's test database is then a copy of it. Each worker used to migrate its own: 40 s on
    SQLite and more on PostgreSQL, twice over on the 2 cores, where the copy takes a second.

    SQLite: the first worker migrates its in-memory database as before and writes it to a file with SQLite's backup
    API; the others read that file into their in-memory database. PostgreSQL: the template database is migrated,
    and each worker's is `CREATE DATABASE ... TEMPLATE` of it (the controller drops the template after the run,
    `pytest_sessionfinish`). Either way the worker's own setup then runs as with `--reuse-db`: Django's `migrate`
    finds every migration applied and only sends `post_migrate`, as it does after migrating."""
    from django.conf import settings

    sqlite = connection.vendor == "sqlite"
    with open(shared / "migrated-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits here while the first one migrates
        ready = shared / TEMPLATE_READY
        if sqlite:
            if not ready.exists():
                db_cfg = setup()
                with sqlite3.connect(shared / SQLITE_TEMPLATE) as template:
                    connection.connection.backup(template)
                template.close()
                ready.write_text("sqlite")
                return db_cfg
            name = connection.creation._get_test_db_name()  # the in-memory database, which lives as long as
            settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name  # its connection
            connection.ensure_connection()
            template = sqlite3.connect(shared / SQLITE_TEMPLATE)
            template.backup(connection.connection)
            template.close()
            return setup(keepdb=True)

        template_name = _template_name(connection, worker)
        if not ready.exists():
            test = connection.settings_dict["TEST"]
            worker_name, test["NAME"] = test["NAME"], template_name
            ((_, original_name, _),) = setup()  # migrates the template (an old one is dropped first)
            connection.close()  # PostgreSQL copies a database only while no one is connected to it
            settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = original_name
            test["NAME"] = worker_name
            ready.write_text(template_name)
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(connection.creation._get_test_db_name())}")
            cursor.execute(
                f"CREATE DATABASE {quote(connection.creation._get_test_db_name())} TEMPLATE {quote(template_name)}"
            )
        return setup(keepdb=True)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """pytest-django's own `django_db_setup` (4.14), but under pytest-xdist the workers' databases are copies of one
    migrated template (`_setup_from_template`). Without workers, with `--reuse-db` (scripts/mutate.sh) or
    `--nomigrations`, and with more than the default database, it is pytest-django's setup unchanged."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose

    def setup(keepdb: bool = keepdb) -> list:
        return setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    with django_db_blocker.unblock():
        if worker and not keepdb and django_db_use_migrations and set(aliases) == {"default"}:
            shared = tmp_path_factory.getbasetemp().parent
            db_cfg = _setup_from_template(connections["default"], shared, worker, setup)
        else:
            db_cfg = setup()

    yield

    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=verbosity)
            except Exception as exc:  # noqa: BLE001 - as pytest-django: a warning, not an error
                request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))


def pytest_sessionfinish(session):
    """The controller of a pytest-xdist run drops the PostgreSQL template its workers copied."""
    if hasattr(session.config, "workerinput") or session.config.getoption("dist", "no") == "no":
        return
    ready = session.config._tmp_path_factory.getbasetemp() / TEMPLATE_READY
    if not ready.exists() or ready.read_text() == "sqlite":
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with session.config.stash[blocking_manager_key].unblock(), connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(ready.read_text())}")


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


def _run_order(item) -> int:
    """The tests of the shared demo province first, then those without a database, then pytest-django's (Django's)
    order of the others: rolled back in a transaction, then transactional (`_database_order`).

    Tests without a database may run at any point; they come second so that the pytest-xdist worker that does not
    migrate the run's template (`_setup_from_template`) has work meanwhile: xdist's `--dist load` hands each worker
    a run of consecutive tests to start with, and the second worker's are of this group. When it reaches its first
    test with a database, the template is ready or nearly so, and it copies it instead of migrating."""
    if _uses_shared_demo(item):
        return 0
    order = _database_order(item)
    return 1 if order == 2 else order + 2


def pytest_collection_modifyitems(items):
    """Within each of those groups (`_run_order`), tests marked `slow` first: with `make test`'s parallel workers
    (pytest-xdist) a slow test started last would run alone at the end while the other worker idles. The tests of
    the shared demo province (`demo_province`) come first of all, so that they run one after the other and each
    worker loads the demo at most once: xdist's `--dist load` sends a worker consecutive items, the first eighth of
    the suite to one worker. (`--dist loadgroup` cannot group them: xdist 3.8 appends the group to
    `item._nodeid`, which pytest 9.2 no longer reads, as it keeps the node id in `Node._id`.)"""
    items.sort(key=lambda item: (_run_order(item), item.get_closest_marker("slow") is None))


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


@pytest.fixture
def committed_demo(transactional_db, tmp_path_factory):
    """`load_committed_demo(*arguments)`: `load_demo` with those arguments, committed, for a transactional test (a
    browser's live server reads what is committed). Four browser tests load it, 15 to 20 s each on SQLite.

    On SQLite the first load in a run is kept (SQLite's backup API, to a file the run's workers share); the next test
    asking for the same arguments gets the same database back in a fraction of a second: the state `load_demo`
    left, read back byte for byte. (`load_demo` itself, and loading it twice, are tested in demo/tests.) On
    PostgreSQL each test loads it."""
    from django.db import connection

    shared = tmp_path_factory.getbasetemp()  # this run's: a worker's is inside it
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared

    def load_committed_demo(*arguments: str) -> None:
        if connection.vendor != "sqlite":
            call_command("load_demo", *arguments, verbosity=0)
            return
        kept = shared / ("demo" + "".join(arguments).replace("-", "_") + ".sqlite3")
        connection.ensure_connection()
        if kept.exists():
            with sqlite3.connect(kept) as source:
                source.backup(connection.connection)
            source.close()
            return
        call_command("load_demo", *arguments, verbosity=0)
        partial = kept.with_suffix(f".{os.getpid()}")  # two workers may keep it at once: the whole file or none
        with sqlite3.connect(partial) as copy:
            connection.connection.backup(copy)
        copy.close()
        partial.replace(kept)

    return load_committed_demo


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


def _postgresql_flushes_only_tables_with_rows() -> None:
    """After each transactional test Django empties every table: on PostgreSQL one `TRUNCATE` of all 300-odd tables,
    which makes new files for each table and index, about 2 s of the database server's time (6 s on the loaded
    2-core machine) where a test usually wrote a few dozen tables. Here the `TRUNCATE` names only the tables that
    hold a row (one query asks them all), with `CASCADE` for the empty ones that refer to them: every table is empty
    afterwards, as before. A flush that resets the sequences (`reset_sequences=True`, the API fuzz test) still
    truncates all: an emptied table's sequence may have moved."""
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate_all = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate_all(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        exists = "SELECT %s WHERE EXISTS (SELECT 1 FROM {})"  # table names from Django's introspection, quoted
        probe = " UNION ALL ".join(exists.format(quote(table)) for table in tables)
        with self.connection.cursor() as cursor:
            cursor.execute(probe, list(tables))
            filled = [row[0] for row in cursor.fetchall()]
        return truncate_all(self, style, filled, allow_cascade=True)

    DatabaseOperations.sql_flush = sql_flush


_postgresql_flushes_only_tables_with_rows()


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
