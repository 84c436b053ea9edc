"""Chinese keyword search over catalogue resources (R1.1): jieba segmentation into the database's full-text index.

Neither SQLite nor PostgreSQL segments Chinese, so we do it in Python with jieba's search-engine mode
(`cut_for_search`: each word plus the dictionary words inside it) and store the space-joined tokens
(DESIGN.md, "Chinese search"). Migration 0002 creates the index, `catalog_resource_search`:

- SQLite: an FTS5 table, rowid = resource id, one column per field, ranked with bm25 column weights;
- PostgreSQL: (resource_id, document tsvector 'simple') with a GIN index, fields weighted A-D, ranked by ts_rank.

The index has no foreign key to catalog_resource (Django's test flush would refuse to TRUNCATE past it): a
filtered search checks every match against catalog_resource, an unfiltered one the ids of its page, so a resource
deleted without `index_remove` never shows (an unfiltered total may count it until then).

jieba's dictionary (plus DOMAIN_WORDS) loads on the first search or indexing in a process, about 1 s; call
`warm_up()` at worker start to take it off the first request. Changing the dictionary calls for `reindex_all()`.

Public functions: `index_resource`, `index_remove`, `reindex_all`, `resource_search`, `query_terms`, `warm_up`.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

TABLE = "catalog_resource_search"
# FTS5 column order (matches migration 0002) and the bm25 weight of each: a name hit outranks anything else.
COLUMNS = ("name", "code", "items", "provider", "classification", "summary")
BM25_WEIGHTS = (10.0, 5.0, 3.0, 2.0, 2.0, 1.0)
# PostgreSQL has four weight classes; ts_rank's default multipliers are A 1.0, B 0.4, C 0.2, D 0.1.
PG_WEIGHTS = {"name": "A", "code": "B", "items": "B", "provider": "C", "classification": "C", "summary": "D"}
# Simple filters on catalog_resource columns; anything richer goes through `within`.
FILTER_COLUMNS = {"status": "status", "share_type": "share_type", "provider_id": "provider_id",
                  "classification_id": "classification_id"}  # fmt: skip
MAX_QUERY_CHARS = 100
MAX_TERMS = 16
CHUNK = 2000
# Government-data words jieba's dictionary lacks, so they index as one word rather than loose characters.
# Changing this list changes the tokens: run reindex_all() afterwards.
DOMAIN_WORDS = (  # noqa: SIM905
    "林权 办件 电子证照 信息项 数据元 一网通办 好差评 住房公积金 信用代码 身份号码 网格员 电子印章 "
    "电子签章 政务服务 办事指南 个体工商户 医保定点 排污许可"
).split()

# jieba's own split into runs it segments (jieba.re_han_default); anything else is spaces and punctuation, apart
# from a rare letter or digit outside these ranges, kept whole by _OTHER_WORD.
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+)")
_OTHER_WORD = re.compile(r"\w+")
_lock = threading.Lock()
_jieba: Any = None


def _segmenter():
    """jieba, its dictionary loaded once per process on first use (about 1 s; never at import time)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)  # it prints "Building prefix dict..." to stderr otherwise
                jieba.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
                _jieba = jieba
    return _jieba


def warm_up() -> None:
    """Load the dictionary now (e.g. in a worker's post-fork hook) so the first search does not pay for it."""
    _segmenter()


def _is_word(token: str) -> bool:
    # Drops whitespace and punctuation, which also keeps FTS operators like ( ) * - " out of the index.
    return any(ch.isalnum() for ch in token)


@lru_cache(maxsize=100_000)
def _block_spans(block: str) -> tuple[tuple[str, int, int], ...]:
    # HMM off: its guesses at unknown words depend on the neighbouring text (it glued 局林权 in "…林业局林权登记"),
    # so a query word could miss the same word in a document; without it unknown words fall apart into characters
    # the same way on both sides.
    spans = _segmenter().tokenize(block, mode="search", HMM=False)
    return tuple(span for span in spans if _is_word(span[0]))


def _spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) in search-engine mode over NFKC-normalised `text` (full-width ＡＢ１２ as AB12).

    jieba cuts each run of `_BLOCK` characters on its own; cutting run by run ourselves gives the same tokens and
    lets identical runs (item names, clauses such as 每日更新) hit the cache.
    """
    text, offset = unicodedata.normalize("NFKC", text), 0
    for n, part in enumerate(_BLOCK.split(text)):
        if n % 2:
            for word, start, end in _block_spans(part):
                yield word, offset + start, offset + end
        else:
            for match in _OTHER_WORD.finditer(part):
                if _is_word(match.group()):
                    yield match.group(), offset + match.start(), offset + match.end()
        offset += len(part)


def tokens(text: str) -> list[str]:
    """The tokens `text` is indexed under: jieba search-engine mode (each word plus the dictionary words in it)."""
    return [word for word, _start, _end in _spans(text)]


def _joined(texts: Iterable[str]) -> str:
    return " ".join(" ".join(tokens(text)) for text in texts if text)


def query_terms(q: str) -> list[str]:
    """The tokens a query must all match: the query segmented like the documents, minus redundant long words.

    A long word whose characters are all covered by shorter tokens of the same query is dropped (营业执照 →
    营业, 执照; 不动产 → 不动, 动产): the document side always emits those shorter dictionary words, while the
    long word itself depends on how jieba cut the surrounding document text.
    """
    spans = list(_spans(q[:MAX_QUERY_CHARS]))
    terms: list[str] = []
    for word, start, end in spans:
        covered = set()
        for _other, s, e in spans:
            if start <= s and e <= end and e - s < end - start:
                covered.update(range(s, e))
        if len(covered) < end - start and word.lower() not in terms:
            terms.append(word.lower())
    return terms[:MAX_TERMS]


FIELDS = ("pk", "name", "code", "summary", "provider__name", "provider__short_name", "classification__name")


def _row(pk, name, code, summary, provider, provider_short, classification, item_texts: Iterable[str]) -> tuple:
    """The index row of one resource: its id, then the token strings in COLUMNS order."""
    return (
        pk,
        _joined([name]),
        _joined([code]),
        _joined(item_texts),
        _joined([provider, provider_short]),
        _joined([classification]),
        _joined([summary]),
    )


def _insert_sql(vendor: str) -> str:
    if vendor == "sqlite":
        return f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (%s{', %s' * len(COLUMNS)})"  # noqa: S608
    document = " || ".join(f"setweight(to_tsvector('simple', %s), '{PG_WEIGHTS[c]}')" for c in COLUMNS)
    return (
        f"INSERT INTO {TABLE} (resource_id, document) VALUES (%s, {document}) "  # noqa: S608
        "ON CONFLICT (resource_id) DO UPDATE SET document = EXCLUDED.document"
    )


def _key_column(vendor: str) -> str:
    return "rowid" if vendor == "sqlite" else "resource_id"


def index_resource(resource, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)index one resource; call after any change to its fields or information items, inside the service."""
    connection = connections[using]
    provider, classification = resource.provider, resource.classification
    texts = [text for item in resource.items.all() for text in (item.name, item.element)]
    row = _row(resource.pk, resource.name, resource.code, resource.summary, provider.name, provider.short_name,
               classification.name, texts)  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # FTS5 has no upsert
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [resource.pk])  # noqa: S608
        cursor.execute(_insert_sql(connection.vendor), row)


def index_remove(resource_id: int, *, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE {_key_column(connection.vendor)} = %s", [resource_id])  # noqa: S608


STAGE = "catalog_resource_search_stage"


def _copy_sql(vendor: str) -> str:
    """From the staging table into the index in one statement."""
    if vendor == "sqlite":
        return f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) SELECT id, {', '.join(COLUMNS)} FROM {STAGE}"  # noqa: S608
    document = " || ".join(f"setweight(to_tsvector('simple', {c}), '{PG_WEIGHTS[c]}')" for c in COLUMNS)
    return f"INSERT INTO {TABLE} (resource_id, document) SELECT id, {document} FROM {STAGE}"  # noqa: S608


def reindex_all(*, resource_model=None, using: str = DEFAULT_DB_ALIAS, progress=None) -> int:
    """Rebuild the whole index in bulk (keyset chunks, executemany); returns the number of resources indexed.

    `progress(done, total)` hears of each chunk segmented (a background job's bar). `resource_model` lets migration
    0002 pass its historical model; callers leave it out.
    """
    if resource_model is None:
        from digigov.catalog.models import Resource as resource_model
    connection = connections[using]
    item_model = resource_model._meta.get_field("items").related_model
    # Plain value tuples, not model instances: building 100,000s of instances cost as much as the segmentation.
    resources = resource_model.objects.using(using).order_by("pk").values_list(*FIELDS)
    items = item_model.objects.using(using).order_by("resource_id", "position", "pk")
    total, count, last = resources.count(), 0, 0
    if progress:
        progress(0, total)
    stage_columns = ", ".join(COLUMNS)
    stage_insert = f"INSERT INTO {STAGE} (id, {stage_columns}) VALUES (%s{', %s' * len(COLUMNS)})"  # noqa: S608
    with connection.cursor() as cursor:
        # Segmentation, nearly all the time, fills a temporary table private to this connection, one short
        # transaction per chunk, so a progress bar moves and other writers are not held up.
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (id bigint PRIMARY KEY, {' text, '.join(COLUMNS)} text)")
        try:
            while chunk := list(resources.filter(pk__gt=last)[:CHUNK]):
                texts: dict[int, list[str]] = {}
                rows = items.filter(resource_id__gt=last, resource_id__lte=chunk[-1][0]).values_list(
                    "resource_id", "name", "element"
                )
                for resource_id, name, element in rows:
                    texts.setdefault(resource_id, []).extend((name, element))
                with transaction.atomic(using=using):
                    cursor.executemany(stage_insert, [_row(*values, texts.get(values[0], ())) for values in chunk])
                count, last = count + len(chunk), chunk[-1][0]
                if progress:
                    progress(count, total)
            # One transaction: searches see the old index until the new one is complete.
            with transaction.atomic(using=using):
                cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
                cursor.execute(_copy_sql(connection.vendor))
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")  # noqa: S608  merge the b-trees
            else:
                # Move the GIN pending list (fastupdate) into the index proper; queries scan that list linearly.
                cursor.execute("SELECT gin_clean_pending_list('catalog_resource_search_document'::regclass)")
                cursor.execute(f"ANALYZE {TABLE}")
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return count


def _fts5_match(terms: Sequence[str]) -> str:
    # Every token is a quoted string, so OR, NEAR, *, -, ( and " in a query are plain text to FTS5.
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def resource_search(
    q: str,
    *,
    limit: int = 20,
    offset: int = 0,
    within: QuerySet | None = None,
    using: str = DEFAULT_DB_ALIAS,
    **filters: Any,
) -> tuple[list[int], int]:
    """Ids of the resources matching every token of `q`, best first, and the number of matches.

    Filters: status, share_type, provider_id, classification_id (equality), and `within`, any queryset of
    resources (e.g. the actor's visible ones) the results must belong to.
    """
    unknown = set(filters) - set(FILTER_COLUMNS)
    if unknown:
        raise TypeError(f"unknown search filters: {sorted(unknown)}")
    terms = query_terms(q or "")
    if not terms:
        return [], 0
    connection = connections[using]
    if connection.vendor == "sqlite":
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        # -bm25: higher is better on both backends.
        rank = f"-bm25({TABLE}, {weights})"
        hits = f"SELECT rowid AS id{{}} FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
        params: list[Any] = [_fts5_match(terms)]
    else:
        rank = "ts_rank(document, query)"
        hits = f"SELECT resource_id AS id{{}} FROM {TABLE}, plainto_tsquery('simple', %s) AS query"  # noqa: S608
        hits += " WHERE document @@ query"
        params = [" ".join(terms)]
    conditions = []
    for name, value in filters.items():
        if value is not None:
            conditions.append(f"r.{FILTER_COLUMNS[name]} = %s")
            params.append(value)
    if within is not None:
        try:
            sub_sql, sub_params = within.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. objects.none(), or visible_to() for someone with no organisation
            return [], 0
        conditions.append(f"r.id IN ({sub_sql})")
        params.extend(sub_params)
    if conditions:
        # Rank the matches first (MATERIALIZED), then keep those whose resource passes: joined or IN-filtered in
        # one step, SQLite re-enters the FTS5 cursor per row (measured 3-300x slower at 100,000 resources).
        materialized = "MATERIALIZED "
        where = f" WHERE EXISTS (SELECT 1 FROM catalog_resource r WHERE r.id = hits.id AND {' AND '.join(conditions)})"  # noqa: S608
    else:
        materialized = where = ""
    page_sql = (
        f"WITH hits AS {materialized}({hits.format(f', {rank} AS rank')}) SELECT hits.id FROM hits{where} "  # noqa: S608
        "ORDER BY hits.rank DESC, hits.id LIMIT %s OFFSET %s"
    )
    count_sql = f"WITH hits AS {materialized}({hits.format('')}) SELECT count(*) FROM hits{where}"  # noqa: S608
    # Ranking touches every match anyway. PostgreSQL counts them in the same pass (a window); on SQLite a window
    # over bm25() doubled the cost, so it runs a second, rank-free count.
    window = connection.vendor != "sqlite"
    if window:
        page_sql = page_sql.replace("SELECT hits.id FROM hits", "SELECT hits.id, count(*) OVER () FROM hits", 1)
    with connection.cursor() as cursor:
        cursor.execute(page_sql, [*params, limit, offset])
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        if window and rows:
            total = rows[0][1]
        elif len(ids) < limit and (ids or offset == 0):
            total = offset + len(ids)
        else:
            cursor.execute(count_sql, params)
            total = cursor.fetchone()[0]
        if ids and not conditions:
            # Unfiltered, the index alone answers; drop the page's ids of resources deleted without index_remove.
            cursor.execute(
                f"SELECT id FROM catalog_resource WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
                ids,
            )
            existing = {row[0] for row in cursor.fetchall()}
            if len(existing) < len(ids):
                total -= len(ids) - len(existing)
                ids = [pk for pk in ids if pk in existing]
        return ids, total
