"""Fixed SQL for hot paths (the exchange gateway), run on Django's connection; prepared once on PostgreSQL.

Django's PostgreSQL backend binds parameters on the client and never prepares a statement, so PostgreSQL plans
every query afresh. For the gateway's few fixed statements the planning cost more than the execution (measured on
the 2-core test machine: the client-and-grants query 0.8 ms planned each time, 0.3 ms prepared; the key lookup 0.3
and 0.2 ms). `fetch_all`/`execute` therefore run them through a server-side-binding cursor with `prepare=True`
on the same connection and transaction as the ORM, with Django's error translation. The rest of the platform keeps
Django's cursors (and so never prepares: safe behind PgBouncer's transaction pooling before 1.21).

These statements bypass Django's cursor wrapper, so on PostgreSQL they are not in `connection.queries`. One cursor
is kept per database connection and used again (making a psycopg cursor cost a third of a small query's CPU time);
Django's connections belong to one thread each, and so does the cursor.
"""

import weakref

from django.db import connection

_CURSORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # psycopg connection -> its cursor for hotsql


def fetch_all(sql: str, params: list) -> list[tuple]:
    """The rows of one fixed SELECT (or a statement with RETURNING)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    cursor = _prepared_cursor()
    with connection.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def execute(sql: str, params: list) -> None:
    """Run one fixed statement that returns no rows."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    cursor = _prepared_cursor()
    with connection.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)


def _prepared_cursor():
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    cursor = _CURSORS.get(raw)
    if cursor is None or cursor.closed:
        if raw.prepare_threshold is None:
            # Django opens connections with preparing switched off; its own ClientCursors never prepare regardless,
            # so this only lets the explicit prepare=True below take effect.
            raw.prepare_threshold = 5
        cursor = _CURSORS[raw] = psycopg.Cursor(raw)
    return cursor
