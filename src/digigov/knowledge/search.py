"""The knowledge base's Chinese search text (GB/T 44191 "知识检索"; issue #13 item 7), on `core.fulltext` with its
`words` (jieba) analyser: one index table, `knowledge_article_search` (migration 0002), filled when an article is
saved (`Article.save`) in the same transaction, so a caller never finds an answer that was changed a moment ago.

Columns and weights: title (SQLite bm25 10, PostgreSQL class A), keywords (5, B), answer (1, C), category name
(1, D). The selectors rank the matches further (title hits, then use): see `selectors.article_search`.

This module sits below the models (it imports none), so `Article.save` can write the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from digigov.core.chinese_text import STOP_WORDS
from digigov.core.fulltext import FulltextIndex, query_terms, tokens

__all__ = ["INDEX", "index", "rebuild", "remove", "search", "terms", "title_hits"]

INDEX = FulltextIndex(
    table="knowledge_article_search",
    key="article_id",
    source="knowledge_article",
    columns=(("title", 10.0, "A"), ("keywords", 5.0, "B"), ("answer", 1.0, "C"), ("category", 1.0, "D")),
)
MAX_MATCHES = 200  # ranked further in Python; an agent reads the first ten


def index(pk: int, title: str, keywords: str, answer: str, category: str, *, using: str | None = None) -> None:
    """(Re)index one article."""
    INDEX.write([INDEX.row(pk, title, keywords, answer, category)], using=using or DEFAULT_DB_ALIAS)


def remove(pk: int, *, using: str | None = None) -> None:
    INDEX.remove([pk], using=using or DEFAULT_DB_ALIAS)


def rebuild(rows: Iterable[tuple[int, str, str, str, str]], *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Replace the whole index by these (id, title, keywords, answer, category name) rows; for bulk loads (demo
    data written with bulk_create) and after a dictionary change. Returns the number indexed."""
    chunk: list[tuple] = []
    chunks: list[list[tuple]] = []
    for row in rows:
        chunk.append(INDEX.row(*row))
        if len(chunk) == 1000:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    return INDEX.rebuild(chunks, using=using)


def search(q: str, *, within: QuerySet, limit: int = MAX_MATCHES) -> list[int]:
    """Ids of the articles in `within` matching every content word of `q` (`terms`), best full-text rank first."""
    ids, _total = INDEX.search(q, terms=terms(q), within=within, limit=limit)
    return ids


def title_hits(terms: Sequence[str], title: str) -> int:
    """How many of the query's terms the title holds (as a token, or inside one)."""
    words = [word.lower() for word in tokens(title or "")]
    return sum(1 for term in terms if any(term in word for word in words))


def terms(q: str) -> list[str]:
    """The words an article must hold: the query segmented like the articles, without the stop words of
    `core.chinese_text` (我想问一下养老保险怎么转移 → 养老, 保险, 转移), so an agent may type what the caller says.
    A query of stop words only keeps them (咨询 still finds 咨询)."""
    found = query_terms(q or "")
    content = [term for term in found if term not in STOP_WORDS]
    return content or found
