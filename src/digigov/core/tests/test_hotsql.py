"""core.hotsql: fixed statements on hot paths give what Django's cursor gives, in the ORM's transaction, on both
databases; on PostgreSQL each is prepared once per connection and run through libpq directly."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from digigov.core import hotsql

PROBE = "hotsql_probe"


@pytest.fixture
def probe():
    document, blob = ("jsonb", "bytea") if connection.vendor == "postgresql" else ("text", "blob")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {PROBE} (id integer PRIMARY KEY, name varchar(40) NOT NULL, day date, "
            f"document {document}, blob {blob}, at timestamp with time zone)"
        )
    yield PROBE
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PROBE}")


def _count(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {PROBE} WHERE name = %s", [name])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_rows_come_back_as_djangos_cursor_gives_them(probe):
    at = dt.datetime(2026, 12, 6, 1, 30, tzinfo=dt.UTC)
    insert = f"INSERT INTO {PROBE} (id, name, day, document, blob, at) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
    hotsql.execute(insert, [1, "五折%优惠", dt.date(2026, 10, 8), '{"项目": "证照", "n": 2}', b"\x00\xff", at])
    hotsql.execute(insert, [2, "plain", None, None, None, None])
    select = f"SELECT id, name, day, document, blob, at, '100%%' FROM {PROBE} WHERE name LIKE %s ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(select, ["%"])
        expected = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
    for _ in range(3):  # prepared once, then executed again
        got = hotsql.fetch_all(select, ["%"])
        assert [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in got] == expected
    assert expected[0][1:3] == ("五折%优惠", dt.date(2026, 10, 8)) and expected[0][6] == "100%"
    assert expected[1][2:6] == (None, None, None, None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'digigov_hot_%%' AND statement LIKE %s",
                [f"SELECT id, name, day, document, blob, at, '100%' FROM {PROBE}%"],  # noqa: S608
            )
            assert cursor.fetchone()[0] == 1  # three executions, one statement (with $1, and 100% as written)


@pytest.mark.django_db(transaction=True)
def test_a_transactions_first_statement_belongs_to_it_and_a_failure_rolls_back_whole(probe):
    insert = f"INSERT INTO {PROBE} (id, name) VALUES (%s, %s)"  # noqa: S608
    with pytest.raises(RuntimeError), transaction.atomic():
        hotsql.execute(insert, [1, "first"])  # the transaction's first statement: its BEGIN must go first
        hotsql.execute(insert, [2, "second"])
        raise RuntimeError("the step fails after both")
    assert _count("first") == 0 and _count("second") == 0

    with pytest.raises(IntegrityError), transaction.atomic():  # the database's error, as Django names it
        hotsql.execute(insert, [3, "kept?"])
        hotsql.execute(insert, [3, "duplicate"])
    assert _count("kept?") == 0

    hotsql.execute(insert, [4, "autocommit"])  # outside a transaction: committed at once
    assert hotsql.fetch_all(f"SELECT name FROM {PROBE} WHERE id = %s", [4]) == [("autocommit",)]  # noqa: S608
