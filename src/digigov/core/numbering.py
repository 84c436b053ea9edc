"""Case numbers: PREFIX + yyyymmdd + 4-digit sequence of the day, e.g. GX202611230001 (共享申请) or JC…(纠错).

One counter row per (prefix, day) is incremented by a single INSERT … ON CONFLICT DO UPDATE … RETURNING, which
both SQLite (3.35+) and PostgreSQL run atomically: on PostgreSQL the row stays locked until the caller's
transaction ends, so concurrent writers queue on it instead of reading the same "highest number" and colliding;
on SQLite the whole database has one writer at a time (transactions start IMMEDIATE, see conf/base.py). A rolled
back transaction rolls its number back too, so numbers have no gaps.
"""

import datetime as dt

from django.db import connections, router, transaction
from django.utils import timezone

from digigov.core.models import NumberCounter

_UPSERT = (
    "INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, %s) "
    "ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
)


def _highest_existing(model, field: str, stem: str, using: str) -> int:
    """The sequence of the highest number already stored for `stem`: numbers given before the counter existed."""
    last = (
        model._default_manager.using(using)
        .filter(**{f"{field}__startswith": stem})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    tail = last[len(stem) :] if last else ""
    return int(tail) if tail.isdigit() else 0


def next_number(
    prefix: str, *, day: dt.date | None = None, model=None, field: str = "number", using: str | None = None
) -> str:
    """Take the next number of `prefix` for `day` (today); with `model`, continue after the numbers it holds."""
    day = day or timezone.localdate()
    using = using or (router.db_for_write(model) if model is not None else "default")
    stem = f"{prefix}{day:%Y%m%d}"
    first = 1
    counters = NumberCounter.objects.using(using)
    if model is not None and not counters.filter(prefix=prefix, day=day).exists():
        first = _highest_existing(model, field, stem, using) + 1
    return f"{stem}{_take(prefix, day, first, using):04d}"


def next_in_year(key: str, year: int, *, using: str = "default") -> int:
    """The next sequence of `key` in `year`, from 1: for numbers that count per year, such as the 索引号 of a
    government site's information (organisation code/year-sequence). Same counter, same guarantees."""
    return _take(key, dt.date(year, 1, 1), 1, using)


def _take(prefix: str, day: dt.date, first: int, using: str) -> int:
    connection = connections[using]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(NumberCounter._meta.db_table)
        cursor.execute(_UPSERT.format(table=table), [prefix, connection.ops.adapt_datefield_value(day), first])
        (sequence,) = cursor.fetchone()
    return sequence


def create_numbered(model, prefix: str, *, field: str = "number", day: dt.date | None = None, **fields):
    """Create a `model` row whose `field` holds the next number of `prefix`, in one transaction with the counter."""
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        number = next_number(prefix, day=day, model=model, field=field, using=using)
        return model._default_manager.using(using).create(**{field: number}, **fields)
