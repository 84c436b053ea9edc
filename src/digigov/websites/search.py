"""Public search of the website cluster (R8.2): within one site or across every site of the platform.

One index table, `websites_item_search` (migration 0004), over the library's items, with the `ngrams` analyser of
`core.fulltext` so that any two characters a citizen types find the text that holds them, and a 发文字号 typed with
any brackets finds its document. Only what a visitor could open is found: a published item with a live placement in
a live column of the site searched (of any site, across the cluster). Each row carries tags (core.fulltext) naming
the sites and columns where the item is live, its kind and its year, so that the scope and the filters are part of
the full-text match: no join, however many items match. Results come a page at a time, best first, with the count
of matches by kind, by column (by site across the cluster) and by year, each a filter (see `search` for very broad
queries).

An item is (re)indexed when it is published, placed or taken out of a column (`receivers`, `services`), and
dropped when withdrawn; the index holds its live fields only, never a draft.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import strip_tags
from django.utils.timezone import localtime
from wagtail.models import Page

from digigov.core.fulltext import FulltextIndex
from digigov.core.rules import rule
from digigov.websites.choices import ItemKind
from digigov.websites.models import ColumnPage, LibraryItem, Placement

INDEX = FulltextIndex(
    table="websites_item_search",
    key="item_id",
    source="websites_libraryitem",
    # a title hit outranks a document-number one, which outranks anything in the text
    columns=(
        ("title", 10.0, "A"),
        ("number", 8.0, "A"),
        ("summary", 3.0, "B"),
        ("issuer", 2.0, "C"),
        ("body", 1.0, "D"),
    ),  # fmt: skip
    analyser="ngrams",
    tagged=True,  # where the item is live (site, column), its kind and year: the filters and facets
)
PAGE_SIZE = 10
SITE_PATH_LENGTH = ColumnPage.steplen * 2  # a site's home page sits at depth 2 of Wagtail's tree
CHUNK = 1000
COUNT_CAP = 10_000  # "more than 10,000 results": counting further tells a visitor nothing
YEARS_OFFERED = 5  # years offered as filters when there are too many matches to count them by year


def _tags(item: LibraryItem, columns: Iterable[tuple[int, str]]) -> list[str]:
    """An item's tags: every site and column where it is live, its kind, its year. None when it is nowhere."""
    columns = list(columns)
    if not columns or not item.live:
        return []
    tags = {f"zs{path[:SITE_PATH_LENGTH]}" for _pk, path in columns} | {f"zc{pk}" for pk, _path in columns}
    tags.add(f"zk{item.kind}")
    if item.first_published_at:
        tags.add(f"zy{localtime(item.first_published_at).year}")
    return sorted(tags)


def _live_columns(item_ids) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = {}
    placements = Placement.objects.filter(item_id__in=item_ids, withdrawn_at__isnull=True, column__live=True)
    for item_id, column_id, path in placements.values_list("item_id", "column_id", "column__path"):
        found.setdefault(item_id, []).append((column_id, path))
    return found


def _row(item: LibraryItem, columns) -> tuple:
    body = unescape(strip_tags(item.body or ""))
    return INDEX.row(
        item.pk,
        item.title,
        [item.document_number, item.index_number or ""],
        item.summary,
        [item.issuer, item.source, item.owner.name],
        body,
        tags=_tags(item, columns),
    )


def index_item(item: LibraryItem) -> None:
    """(Re)index an item: when it is published, placed in a column or taken out of one. An item live nowhere is
    dropped (it has no tags, so no search would find it anyway)."""
    columns = _live_columns([item.pk]).get(item.pk, [])
    if item.live and columns:
        INDEX.write([_row(item, columns)])
    else:
        INDEX.remove([item.pk])


def index_items(item_ids: Iterable[int]) -> None:
    for item in LibraryItem.objects.filter(pk__in=list(item_ids)).select_related("owner"):
        index_item(item)


def column_out_of_index(column: ColumnPage) -> bool:
    """Whether a column's live items are missing from the index under it (it was off the site)."""
    live = Placement.objects.filter(column=column, withdrawn_at__isnull=True, item__live=True).count()
    return INDEX.count([], [f"zc{column.pk}"], cap=live + 1) < live


def remove_item(item_id: int) -> None:
    INDEX.remove([item_id])


def reindex_all(progress=None) -> int:
    """Rebuild the index from every item live somewhere (after a bulk load or an analyser change)."""
    items = LibraryItem.objects.filter(live=True).select_related("owner").order_by("pk")

    def chunks():
        last = 0
        while chunk := list(items.filter(pk__gt=last)[:CHUNK]):
            last = chunk[-1].pk
            columns = _live_columns([item.pk for item in chunk])
            yield [_row(item, columns[item.pk]) for item in chunk if item.pk in columns]

    return INDEX.rebuild(chunks(), progress=progress)


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int | None  # None: too many results to count by value


@dataclass
class Results:
    items: list[LibraryItem]
    total: int  # up to COUNT_CAP
    ranked: bool = True  # best first; False: too many to rank, latest first
    kinds: list[Facet] = field(default_factory=list)
    places: list[Facet] = field(default_factory=list)  # columns within a site, sites across the cluster
    years: list[Facet] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total >= COUNT_CAP


def search(q: str, *, home=None, kind: str = "", place: str = "", year: int | None = None, page: int = 1) -> Results:
    """Page `page` of the published items matching `q` in the site whose home is `home` (every site when None).

    `place` narrows to a column's id within a site, to a site home's path across the cluster. Up to the rule
    `websites.search_rank_limit` matches, results are ranked best first and counted by kind, place and year (of
    every match, before narrowing, so that each count shows what choosing it gives); beyond it the latest come
    first and the filters are offered without counts: ranking or counting tens of thousands of matches would
    take longer than a visitor waits, and tells them little.
    """
    terms = INDEX.terms(q)
    if not terms:
        return Results([], 0)
    scope = [f"zs{home.path}"] if home is not None else []  # an item live nowhere is not in the index
    narrow = [*scope]
    if kind:
        narrow.append(f"zk{kind}")
    if year:
        narrow.append(f"zy{year}")
    if place:
        narrow.append(f"zc{place}" if home is not None else f"zs{place}")
    limit = rule("websites.search_rank_limit")
    total = INDEX.count(terms, narrow, cap=COUNT_CAP)
    ranked = total <= limit
    ids = []
    if total:
        offset = (max(page, 1) - 1) * PAGE_SIZE
        ids = INDEX.page(terms, narrow, ranked=ranked, limit=PAGE_SIZE, offset=offset)
    found = LibraryItem.objects.select_related("owner").in_bulk(ids)
    results = Results(items=[found[pk] for pk in ids if pk in found], total=total, ranked=ranked)
    everything = total if narrow == scope else INDEX.count(terms, scope, cap=limit + 1)
    if everything <= limit:
        tag_counts = Counter(tag for _id, tags in INDEX.tag_lists(terms, scope, limit=limit) for tag in tags)
    else:
        tag_counts = None
    results.kinds, results.places, results.years = _facets(tag_counts, home)
    return results


def _facets(counts: Counter | None, home) -> tuple[list[Facet], list[Facet], list[Facet]]:
    """Kinds, places and years with their counts; without counts (None) every value the scope could offer."""
    kinds = [(value, str(label)) for value, label in ItemKind.choices]
    if home is not None:
        columns = ColumnPage.objects.descendant_of(home).live().order_by("path").values_list("pk", "title")
        places = [(str(pk), title) for pk, title in columns]
        prefix = "zc"
    else:
        homes = Page.objects.filter(depth=2).order_by("path").values_list("path", "title")
        places = [(path, title) for path, title in homes]
        prefix = "zs"
    this_year = localtime().year
    years = [(str(y), str(y)) for y in range(this_year, this_year - YEARS_OFFERED, -1)]

    def facet(values, tag_prefix):
        if counts is None:
            return [Facet(value, label, None) for value, label in values]
        found = [Facet(value, label, counts[f"{tag_prefix}{value}"]) for value, label in values]
        return sorted((f for f in found if f.count), key=lambda f: -f.count)

    year_facets = facet(years, "zy")
    if counts is not None:  # older years too, when they hold a match
        older = sorted(int(t[2:]) for t in counts if t.startswith("zy") and int(t[2:]) <= this_year - YEARS_OFFERED)
        year_facets += [Facet(str(y), str(y), counts[f"zy{y}"]) for y in reversed(older)]
        year_facets.sort(key=lambda f: f.value, reverse=True)
    return facet(kinds, "zk"), facet(places, prefix), year_facets
