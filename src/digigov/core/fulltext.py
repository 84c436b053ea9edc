"""Chinese full-text search on the database's own index: segmentation, and one index table per kind of record.

Neither SQLite nor PostgreSQL segments Chinese, so we do it in Python and store space-joined tokens (DESIGN.md,
"Chinese search"). Two analysers, chosen per index:

- `words` (the catalogue, R1.1): jieba in search-engine mode (`cut_for_search`: each word plus the dictionary
  words inside it). Precise, and short words rank above loose characters; a query word can miss the same word in
  a text jieba cut differently in context, which `query_terms` counters by querying the shorter words.
- `ngrams` (the website cluster, R8.2): every CJK character and every pair of neighbouring characters, plus each
  run of letters and digits. Any query of two or more characters that occurs in a text finds it, whatever jieba
  would have made of the context ("two-character words hit", issue #10): public search is typed by citizens who
  search names, places and half-remembered phrases, where recall matters more than the catalogue's precision.

Both index a document number (发文字号 such as 鄂政发〔2026〕12号, written with any of 〔〕[]（）【】) as one
token too, so `鄂政发[2026]12号` finds exactly that document (`document_number_token`).

`FulltextIndex` holds one index table in each backend's dialect (see `create_statements`):

- SQLite: an FTS5 table, rowid = the record's id, one column per field, ranked with bm25 column weights;
- PostgreSQL: (key, document tsvector 'simple') with a GIN index, fields weighted A-D, ranked by ts_rank.

The index has no foreign key to the indexed table (Django's test flush would refuse to TRUNCATE past it): a filtered
search checks every match against the table, an unfiltered one the ids of its page, so a record deleted without
`remove` never shows.

jieba's dictionary (plus DOMAIN_WORDS) loads on first use in a process, about 1 s; `warm_up()` at worker start
takes it off the first request. Changing the dictionary or an analyser calls for rebuilding the indexes.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

MAX_QUERY_CHARS = 100
MAX_TERMS = 16
# Government words jieba's dictionary lacks, so they index as one word rather than loose characters.
# Changing this list changes the tokens of the `words` analyser: rebuild its indexes afterwards.
DOMAIN_WORDS = (  # noqa: SIM905
    "林权 办件 电子证照 信息项 数据元 一网通办 好差评 住房公积金 信用代码 身份号码 网格员 电子印章 "
    "电子签章 政务服务 办事指南 个体工商户 医保定点 排污许可"
).split()

# jieba's own split into runs it segments (jieba.re_han_default); anything else is spaces and punctuation, apart
# from a rare letter or digit outside these ranges, kept whole by _OTHER_WORD.
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+)")
_OTHER_WORD = re.compile(r"\w+")
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NON_CJK_WORD = re.compile("[^\\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# 发文字号: issuer's abbreviation, the year in any of the brackets people type, the serial number, 号.
_DOCUMENT_NUMBER = re.compile(
    "([\u4e00-\u9fff]{1,12})\\s*[〔\\[［(（【]\\s*((?:19|20)\\d{2})\\s*[〕\\]］)）】]\\s*第?\\s*0*(\\d{1,6})\\s*号"
)
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


def segmenter():
    """jieba with the platform's dictionary (DOMAIN_WORDS added), loaded on first use; for `core.chinese_text`."""
    return _segmenter()


def warm_up() -> None:
    """Load the dictionary now (e.g. in a worker's post-fork hook) so the first search does not pay for it."""
    _segmenter()


def _is_word(token: str) -> bool:
    # Drops whitespace and punctuation, which also keeps FTS operators like ( ) * - " out of the index.
    return any(ch.isalnum() for ch in token)


def document_number_token(text: str) -> str | None:
    """The one token of the first 发文字号 in `text` (鄂政发〔2026〕12号 → 鄂政发202612号), or None.

    Letters and digits only, so that FTS5's unicode61 tokenizer and PostgreSQL's parser keep it whole.
    """
    return _without_document_number(text or "")[1]


def _number_token(match: re.Match, issuer: str | None = None) -> str:
    return f"{match[1] if issuer is None else issuer}{match[2]}{match[3]}号"


def _document_number_tokens(text: str) -> list[str]:
    """Every 文号 in a text, once per ending of the characters before it: in 根据鄂政发〔2026〕12号 the issuer's
    abbreviation cannot be told from the words before it, so 政发…, 鄂政发…, 据鄂政发… and 根据鄂政发… are all
    indexed and the query 鄂政发〔2026〕12号 finds the text."""
    found = []
    for m in _DOCUMENT_NUMBER.finditer(text):
        found.extend(_number_token(m, m[1][-n:]) for n in range(min(2, len(m[1])), len(m[1]) + 1))
    return found


# -- the `words` analyser (jieba) ---------------------------------------------------------------------------------


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
    offset = 0
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
    """The tokens `text` is indexed under by the `words` analyser: jieba search-engine mode, plus 文号 tokens."""
    text = unicodedata.normalize("NFKC", text)
    return [word for word, _start, _end in _spans(text)] + _document_number_tokens(text)


def query_terms(q: str) -> list[str]:
    """The tokens a `words` query must all match: the query segmented like the documents, minus redundant long words.

    A long word whose characters are all covered by shorter tokens of the same query is dropped (营业执照 →
    营业, 执照; 不动产 → 不动, 动产): the document side always emits those shorter dictionary words, while the
    long word itself depends on how jieba cut the surrounding document text. A 文号 in the query is one term.
    """
    q, number = _without_document_number(q[:MAX_QUERY_CHARS])
    spans = list(_spans(q))
    terms: list[str] = [number] if number else []
    for word, start, end in spans:
        covered = set()
        for _other, s, e in spans:
            if start <= s and e <= end and e - s < end - start:
                covered.update(range(s, e))
        if len(covered) < end - start and word.lower() not in terms:
            terms.append(word.lower())
    return terms[:MAX_TERMS]


def _without_document_number(q: str) -> tuple[str, str | None]:
    q = unicodedata.normalize("NFKC", q)
    match = _DOCUMENT_NUMBER.search(q)
    if not match:
        return q, None
    return q[: match.start()] + " " + q[match.end() :], _number_token(match)


# -- the `ngrams` analyser ----------------------------------------------------------------------------------------


def ngrams(text: str) -> list[str]:
    """The tokens `text` is indexed under by the `ngrams` analyser: each CJK character and each neighbouring pair,
    each run of other letters and digits (lower-cased), and the 文号 tokens."""
    text = unicodedata.normalize("NFKC", text)
    found: list[str] = []
    for run in _CJK_RUN.findall(text):
        found.extend(run)
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    found.extend(word.lower() for word in _NON_CJK_WORD.findall(text))
    return found + _document_number_tokens(text)


def ngram_terms(q: str) -> list[str]:
    """The tokens an `ngrams` query must all match: a lone CJK character itself, a longer run its pairs."""
    q, number = _without_document_number(q[:MAX_QUERY_CHARS])
    terms: list[str] = [number] if number else []
    for run in _CJK_RUN.findall(q):
        pieces = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        terms.extend(piece for piece in pieces if piece not in terms)
    terms.extend(word.lower() for word in _NON_CJK_WORD.findall(q) if word.lower() not in terms)
    return terms[:MAX_TERMS]


_TAG = re.compile("^[a-z][a-z0-9]*$")


def _checked_tag(tag: str) -> str:
    # Tags go into the FTS5 MATCH text unquoted: letters and digits only, never anything a visitor typed.
    if not _TAG.match(tag):
        raise ValueError(f"a full-text tag is lower-case letters and digits, not {tag!r}")
    return tag


ANALYSERS: dict[str, tuple[Callable[[str], list[str]], Callable[[str], list[str]]]] = {
    "words": (tokens, query_terms),
    "ngrams": (ngrams, ngram_terms),
}


# -- one index table ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FulltextIndex:
    """One full-text index table over the rows of `source` (a table with an integer `id`).

    `columns` name the indexed fields in order, each with its bm25 weight (SQLite) and ts_rank class A-D
    (PostgreSQL). A row is (id, text or texts per column); the analyser turns the texts into tokens.
    """

    table: str
    key: str  # the PostgreSQL key column, e.g. "item_id"; SQLite uses the rowid
    source: str
    columns: tuple[tuple[str, float, str], ...]
    analyser: str = "words"
    # With tags, each row also carries words of its own (the last value of a row, joined by spaces: a site, a kind,
    # a year) that a search can require (`tags=`) and read back (`tag_lists`): a filter inside the index, no join.
    tagged: bool = False

    # -- schema (for a migration's RunPython) --
    def create_statements(self, vendor: str) -> list[str]:
        names = ", ".join([*self._names(), *(["tags"] if self.tagged else [])])
        tags = ", tags text NOT NULL DEFAULT ''" if self.tagged else ""
        statements = {
            "sqlite": [f"CREATE VIRTUAL TABLE {self.table} USING fts5({names})"],
            "postgresql": [
                f"CREATE TABLE {self.table} ({self.key} bigint PRIMARY KEY, document tsvector NOT NULL{tags})",
                f"CREATE INDEX {self.table}_document ON {self.table} USING gin (document)",
            ],
        }
        if vendor not in statements:
            raise ImproperlyConfigured(f"full-text search supports SQLite and PostgreSQL, not {vendor}")
        return statements[vendor]

    def drop_statement(self) -> str:
        return f"DROP TABLE IF EXISTS {self.table}"

    # -- writing --
    def _names(self) -> list[str]:
        return [name for name, _weight, _class in self.columns]

    def row(self, key: int, *texts: str | Iterable[str] | None, tags: Iterable[str] = ()) -> tuple:
        """The index row of one record: its id, then each column's texts turned into space-joined tokens (and, on a
        tagged index, its tags: lower-case letters and digits only)."""
        analyse = ANALYSERS[self.analyser][0]
        joined = []
        for text in texts:
            parts = [text] if isinstance(text, str) or text is None else text
            joined.append(" ".join(" ".join(analyse(part)) for part in parts if part))
        if self.tagged:
            joined.append(" ".join(_checked_tag(tag) for tag in tags))
        return (key, *joined)

    def _stored_names(self) -> list[str]:
        return [*self._names(), *(["tags"] if self.tagged else [])]

    def _document_sql(self, values: Sequence[str]) -> str:
        """The tsvector of a row from SQL `values`, one per stored column (the tags last, weight D)."""
        classes = [pg_class for _name, _weight, pg_class in self.columns] + (["D"] if self.tagged else [])
        return " || ".join(
            f"setweight(to_tsvector('simple', {value}), '{pg_class}')"
            for value, pg_class in zip(values, classes, strict=True)
        )

    def write(self, rows: Sequence[tuple], *, using: str = DEFAULT_DB_ALIAS) -> None:
        """(Re)index rows made by `row`; call inside the service that changed the records."""
        if not rows:
            return
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":  # FTS5 has no upsert
                cursor.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
                names = self._stored_names()
                values = ", ".join(["%s"] * len(names))
                sql = f"INSERT INTO {self.table} (rowid, {', '.join(names)}) VALUES (%s, {values})"  # noqa: S608
            else:
                document = self._document_sql(["%s"] * len(self._stored_names()))
                tags, tag_value, tag_update = ("", "", "") if not self.tagged else (
                    ", tags", ", %s", ", tags = EXCLUDED.tags"
                )  # fmt: skip
                sql = (
                    f"INSERT INTO {self.table} ({self.key}, document{tags}) VALUES (%s, {document}{tag_value}) "  # noqa: S608
                    f"ON CONFLICT ({self.key}) DO UPDATE SET document = EXCLUDED.document{tag_update}"
                )
                if self.tagged:  # the tags are in the document too (weight D), so that a query can require them
                    rows = [(*row[:-1], row[-1], row[-1]) for row in rows]
            cursor.executemany(sql, list(rows))

    def remove(self, keys: Iterable[int], *, using: str = DEFAULT_DB_ALIAS) -> None:
        connection = connections[using]
        column = "rowid" if connection.vendor == "sqlite" else self.key
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {self.table} WHERE {column} = %s", [(key,) for key in keys])  # noqa: S608

    def rebuild(self, chunks: Iterable[Sequence[tuple]], *, using: str = DEFAULT_DB_ALIAS, progress=None) -> int:
        """Replace the whole index with the rows of `chunks` (each a list made by `row`); returns the row count.

        Segmentation, nearly all the time, fills a temporary table private to this connection, one short transaction
        per chunk, so `progress(count)` can move a bar and other writers are not held up; the swap is one
        transaction, so searches see the old index until the new one is complete.
        """
        connection = connections[using]
        stage, names = f"{self.table}_stage", self._stored_names()
        count = 0
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {stage}")
            cursor.execute(f"CREATE TEMPORARY TABLE {stage} (id bigint PRIMARY KEY, {' text, '.join(names)} text)")
            try:
                insert = f"INSERT INTO {stage} (id, {', '.join(names)}) VALUES (%s{', %s' * len(names)})"  # noqa: S608
                for chunk in chunks:
                    with transaction.atomic(using=using):
                        cursor.executemany(insert, list(chunk))
                    count += len(chunk)
                    if progress:
                        progress(count)
                if connection.vendor == "sqlite":
                    target, values = f"rowid, {', '.join(names)}", ", ".join(names)
                else:
                    target, values = f"{self.key}, document", self._document_sql(names)
                    if self.tagged:
                        target, values = f"{target}, tags", f"{values}, tags"
                copy = f"INSERT INTO {self.table} ({target}) SELECT id, {values} FROM {stage}"  # noqa: S608
                with transaction.atomic(using=using):
                    cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608
                    cursor.execute(copy)
                if connection.vendor == "sqlite":
                    cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('optimize')")  # noqa: S608  merge the b-trees
                else:
                    # Move the GIN pending list (fastupdate) into the index proper; queries scan that list linearly.
                    cursor.execute(f"SELECT gin_clean_pending_list('{self.table}_document'::regclass)")
                    cursor.execute(f"ANALYZE {self.table}")
            finally:
                cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        return count

    # -- searching --
    def terms(self, q: str) -> list[str]:
        return ANALYSERS[self.analyser][1](q or "")

    def hits(self, terms: Sequence[str], vendor: str, tags: Sequence[str] = ()) -> tuple[str, str, list[Any]]:
        """SQL selecting `id` (and, when formatted with `, {rank} AS rank`, its rank; higher is better) of the records
        matching every term and carrying every tag, as (sql with one `{}` for extra columns, rank expression,
        params)."""
        tags = [_checked_tag(tag) for tag in tags]
        if vendor == "sqlite":
            weights = ", ".join(str(weight) for _name, weight, _class in self.columns) + (", 0" if self.tagged else "")
            # Every token is a quoted string, so OR, NEAR, *, -, ( and " in a query are plain text to FTS5.
            match = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
            if tags:
                tagged = f"tags : ({' AND '.join(tags)})"
                match = f"({match}) AND {tagged}" if match else tagged
            sql = f"SELECT rowid AS id{{}} FROM {self.table} WHERE {self.table} MATCH %s"  # noqa: S608
            return sql, f"-bm25({self.table}, {weights})", [match]
        sql = f"SELECT {self.key} AS id{{}} FROM {self.table}, plainto_tsquery('simple', %s) AS query"  # noqa: S608
        if not tags:
            return sql + " WHERE document @@ query", "ts_rank(document, query)", [" ".join(terms)]
        # The tags filter, outside the rank: in an AND query ts_rank weighs how close the words stand to each other,
        # and the tags stand at the end of every document.
        sql += ", plainto_tsquery('simple', %s) AS tagged WHERE document @@ tagged"
        if terms:
            sql += " AND document @@ query"
        return sql, "ts_rank(document, query)", [" ".join(terms), " ".join(tags)]

    def tag_lists(self, terms: Sequence[str], tags: Sequence[str] = (), *, limit: int, using=DEFAULT_DB_ALIAS):
        """The tags of at most `limit` records matching, as lists; for counting the matches by tag (facets)."""
        connection = connections[using]
        hits, _rank, params = self.hits(terms, connection.vendor, tags)
        with connection.cursor() as cursor:
            cursor.execute(hits.format(", tags") + " LIMIT %s", [*params, limit])
            return [(row[0], row[1].split()) for row in cursor.fetchall()]

    def count(self, terms: Sequence[str], tags: Sequence[str] = (), *, cap: int, using=DEFAULT_DB_ALIAS) -> int:
        """How many records match, counted up to `cap` (a count beyond it reads `cap`: "more than")."""
        connection = connections[using]
        hits, _rank, params = self.hits(terms, connection.vendor, tags)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({hits.format('')} LIMIT %s) capped", [*params, cap])  # noqa: S608
            return cursor.fetchone()[0]

    def page(
        self, terms: Sequence[str], tags: Sequence[str] = (), *, ranked: bool, limit: int, offset: int,
        using=DEFAULT_DB_ALIAS,
    ) -> list[int]:  # fmt: skip
        """Ids of one page of the matches: best first when `ranked`, else the highest ids (the latest stored) first,
        which both backends read straight off an index however many records match."""
        connection = connections[using]
        hits, rank, params = self.hits(terms, connection.vendor, tags)
        if ranked:
            sql = f"SELECT id FROM ({hits.format(f', {rank} AS rank')}) ranked ORDER BY rank DESC, id"  # noqa: S608
        else:
            key = "rowid" if connection.vendor == "sqlite" else self.key
            sql = f"{hits.format('')} ORDER BY {key} DESC"
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def search(
        self,
        q: str,
        *,
        conditions: Sequence[str] = (),
        params: Sequence[Any] = (),
        within: QuerySet | None = None,
        limit: int = 20,
        offset: int = 0,
        using: str = DEFAULT_DB_ALIAS,
        terms: Sequence[str] | None = None,
    ) -> tuple[list[int], int]:
        """Ids of the records matching every term of `q`, best first, and the number of matches.

        `conditions` are SQL on the source row, aliased `r`, with their `params`; `within` is any queryset of the
        source's model (e.g. the actor's visible ones) the results must belong to. `terms`, when given, are the
        tokens to match instead of `q`'s (a caller that filtered them, e.g. without stop words).
        """
        terms = list(terms) if terms is not None else self.terms(q)
        if not terms:
            return [], 0
        connection = connections[using]
        hits, rank, hit_params = self.hits(terms, connection.vendor)
        conditions, params = list(conditions), [*hit_params, *params]
        if within is not None:
            try:
                sub_sql, sub_params = within.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # e.g. objects.none(), or visible_to() for someone with no organisation
                return [], 0
            conditions.append(f"r.id IN ({sub_sql})")
            params.extend(sub_params)
        if conditions:
            # Rank the matches first (MATERIALIZED), then keep those whose record passes: joined or IN-filtered in
            # one step, SQLite re-enters the FTS5 cursor per row (measured 3-300x slower at 100,000 records).
            materialized = "MATERIALIZED "
            where = f" WHERE EXISTS (SELECT 1 FROM {self.source} r WHERE r.id = hits.id AND {' AND '.join(conditions)})"  # noqa: S608
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
                # Unfiltered, the index alone answers; drop the page's ids of records deleted without `remove`.
                cursor.execute(
                    f"SELECT id FROM {self.source} WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
                    ids,
                )
                existing = {row[0] for row in cursor.fetchall()}
                if len(existing) < len(ids):
                    total -= len(ids) - len(existing)
                    ids = [pk for pk in ids if pk in existing]
            return ids, total
