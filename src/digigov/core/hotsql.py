"""Fixed SQL for hot paths (the exchange gateway, licence and seal verification), run on Django's connection;
prepared once per connection on PostgreSQL.

Django's PostgreSQL backend binds parameters on the client and never prepares a statement, so PostgreSQL plans
every query afresh. For the gateway's few fixed statements the planning cost more than the execution (measured on
the 2-core test machine: the client-and-grants query 0.8 ms planned each time, 0.3 ms prepared; the key lookup 0.3
and 0.2 ms). `fetch_all`/`execute` therefore prepare each statement once per connection and then only execute it,
on the same connection and transaction as the ORM, with Django's error translation.

On PostgreSQL a statement goes to libpq through psycopg's own lower layer (`psycopg.pq`, with psycopg's C
transformer for the parameters and the values, so rows come back exactly as a psycopg cursor gives them). A
psycopg cursor costs about 40 µs of Python per statement around a 25 µs libpq call; on a licence verification that
was a tenth of the whole (issue #12). The one case that layer cannot serve: a transaction Django has opened
(autocommit off) whose BEGIN psycopg has not yet sent; that first statement goes through a psycopg cursor, which
sends it.

These statements bypass Django's cursor wrapper, so on PostgreSQL they are not in `connection.queries`. Django's
connections belong to one thread each; psycopg's connection lock is held around each statement all the same. The
rest of the platform keeps Django's cursors (and so never prepares: safe behind PgBouncer's transaction pooling
before 1.21).
"""

import re
import weakref

from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer

_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # psycopg connection -> its _Prepared
_PLACEHOLDER = re.compile(r"%%|%s")


def fetch_all(sql: str, params: list) -> list[tuple]:
    """The rows of one fixed SELECT (or a statement with RETURNING)."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each `connection.x` is a lookup in a context-local
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with db.wrap_database_errors:
        return _run(db, sql, params, rows=True)


def execute(sql: str, params: list) -> None:
    """Run one fixed statement that returns no rows."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
        return
    with db.wrap_database_errors:
        _run(db, sql, params, rows=False)


def _numbered(sql: str) -> str:
    """A statement in Django's %s style in PostgreSQL's own $1, $2 … style (%% is a percent sign)."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)


class _Prepared:
    """One connection's prepared statements and the transformer that dumps parameters and loads values with the
    connection's adapters (Django registers its own loaders on them)."""

    def __init__(self, raw):
        self.transformer = Transformer(raw)
        self.names: dict[tuple, bytes] = {}  # (sql, parameter types) -> statement name


def _run(db, sql: str, params: list, *, rows: bool):
    db.ensure_connection()
    raw = db.connection
    if not raw.autocommit and raw.pgconn.transaction_status == pq.TransactionStatus.IDLE:
        with raw.cursor() as cursor:  # psycopg sends the BEGIN Django's transaction is waiting for
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall() if rows else None
    state = _STATES.get(raw)
    if state is None:
        state = _STATES[raw] = _Prepared(raw)
    transformer = state.transformer
    values = transformer.dump_sequence(params, [PyFormat.TEXT] * len(params))
    types = tuple(transformer.types)
    pgconn = raw.pgconn
    with raw.lock:
        name = state.names.get((sql, types))
        if name is None:
            name = f"digigov_hot_{len(state.names)}".encode()
            _checked(pgconn.prepare(name, _numbered(sql).encode(), types))
            state.names[(sql, types)] = name
        result = _checked(pgconn.exec_prepared(name, values))
    if not rows:
        return None
    transformer.set_pgresult(result)
    return transformer.load_rows(0, result.ntuples, tuple)


def _checked(result):
    if result.status not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        raise errors.error_from_result(result)
    return result
