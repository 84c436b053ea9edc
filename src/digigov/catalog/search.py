"""Chinese keyword search over catalogue resources (R1.1), on `core.fulltext` with its `words` (jieba) analyser.

Migration 0002 creates the index, `catalog_resource_search`, one column per field: a name hit outranks anything
else. jieba's dictionary loads on the first search or indexing in a process, about 1 s (`core.fulltext.warm_up`).
Changing the dictionary calls for `reindex_all()`.

Public functions: `index_resource`, `index_remove`, `reindex_all`, `resource_search`, `query_terms`, `warm_up`.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from digigov.core.fulltext import FulltextIndex, query_terms, warm_up

__all__ = ["index_remove", "index_resource", "query_terms", "reindex_all", "resource_search", "warm_up"]

INDEX = FulltextIndex(
    table="catalog_resource_search",
    key="resource_id",
    source="catalog_resource",
    # PostgreSQL has four weight classes; ts_rank's default multipliers are A 1.0, B 0.4, C 0.2, D 0.1.
    columns=(
        ("name", 10.0, "A"),
        ("code", 5.0, "B"),
        ("items", 3.0, "B"),
        ("provider", 2.0, "C"),
        ("classification", 2.0, "C"),
        ("summary", 1.0, "D"),
    ),  # fmt: skip
)
# Simple filters on catalog_resource columns; anything richer goes through `within`.
FILTER_COLUMNS = {"status": "status", "share_type": "share_type", "provider_id": "provider_id",
                  "classification_id": "classification_id"}  # fmt: skip
CHUNK = 2000
FIELDS = ("pk", "name", "code", "summary", "provider__name", "provider__short_name", "classification__name")


def _row(pk, name, code, summary, provider, provider_short, classification, item_texts) -> tuple:
    """The index row of one resource: its id, then the token strings in column order."""
    return INDEX.row(pk, name, code, item_texts, [provider, provider_short], classification, summary)


def index_resource(resource, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)index one resource; call after any change to its fields or information items, inside the service."""
    provider, classification = resource.provider, resource.classification
    texts = [text for item in resource.items.all() for text in (item.name, item.element)]
    row = _row(resource.pk, resource.name, resource.code, resource.summary, provider.name, provider.short_name,
               classification.name, texts)  # fmt: skip
    INDEX.write([row], using=using)


def index_remove(resource_id: int, *, using: str = DEFAULT_DB_ALIAS) -> None:
    INDEX.remove([resource_id], using=using)


def reindex_all(*, resource_model=None, using: str = DEFAULT_DB_ALIAS, progress=None) -> int:
    """Rebuild the whole index in bulk (keyset chunks); returns the number of resources indexed.

    `progress(done, total)` hears of each chunk segmented (a background job's bar). `resource_model` lets migration
    0002 pass its historical model; callers leave it out.
    """
    if resource_model is None:
        from digigov.catalog.models import Resource as resource_model
    item_model = resource_model._meta.get_field("items").related_model
    # Plain value tuples, not model instances: building 100,000s of instances cost as much as the segmentation.
    resources = resource_model.objects.using(using).order_by("pk").values_list(*FIELDS)
    items = item_model.objects.using(using).order_by("resource_id", "position", "pk")
    total = resources.count()
    if progress:
        progress(0, total)

    def chunks():
        last = 0
        while chunk := list(resources.filter(pk__gt=last)[:CHUNK]):
            texts: dict[int, list[str]] = {}
            rows = items.filter(resource_id__gt=last, resource_id__lte=chunk[-1][0])
            for resource_id, name, element in rows.values_list("resource_id", "name", "element"):
                texts.setdefault(resource_id, []).extend((name, element))
            last = chunk[-1][0]
            yield [_row(*values, texts.get(values[0], ())) for values in chunk]

    return INDEX.rebuild(chunks(), using=using, progress=(lambda done: progress(done, total)) if progress else None)


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
    conditions, params = [], []
    for name, value in filters.items():
        if value is not None:
            conditions.append(f"r.{FILTER_COLUMNS[name]} = %s")
            params.append(value)
    return INDEX.search(q, conditions=conditions, params=params, within=within, limit=limit, offset=offset, using=using)
