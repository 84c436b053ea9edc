"""The workbench search (统一工作台搜索): one box that finds, for whoever types in it, what that person may see in
every module — catalogue resources, share applications, their own to-dos.

`core` imports no app, so each app registers a provider here from the module that wires its screens into the back
office (its `wagtail_hooks.py`, where its URLs are known):

    search_registry.register("exchange.applications", _("Share applications"), application_hits, order=20)

A provider is `fn(actor, terms, limit) -> SearchResults`. It must scope its query to the actor exactly as the
module's own lists do (a selector's `visible_to`), so the search never shows more than the screens behind it.
`terms` are the words typed, split on spaces, each to be matched (AND).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

MAX_QUERY_CHARS = 100
MAX_TERMS = 8


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    detail: str = ""


@dataclass
class SearchResults:
    """The first hits of one module and how many there are in all; `more_url` lists all of them, if the module has
    such a list."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    more_url: str = ""


Provider = Callable[[Any, list[str], int], SearchResults]


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str | Promise
    fn: Provider
    order: int = 100


_providers: dict[str, SearchProvider] = {}


def register(key: str, label: str | Promise, fn: Provider, *, order: int = 100) -> None:
    """Add (or replace: registering is idempotent) the search of one module."""
    _providers[key] = SearchProvider(key, label, fn, order)


def providers() -> list[SearchProvider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def query_terms(q: str) -> list[str]:
    """The words of a query: stripped, at most MAX_QUERY_CHARS characters and MAX_TERMS words."""
    return (q or "").strip()[:MAX_QUERY_CHARS].split()[:MAX_TERMS]


def search(actor, q: str, *, limit: int = 10) -> list[tuple[SearchProvider, SearchResults]]:
    """Every module's hits for `q` that `actor` may see, in the modules' order; modules with no hit are left out."""
    terms = query_terms(q)
    if not terms:
        return []
    found = []
    for provider in providers():
        results = provider.fn(actor, terms, limit)
        if results.total:
            found.append((provider, results))
    return found
