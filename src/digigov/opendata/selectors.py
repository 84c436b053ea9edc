"""Reads of the open-data portal (S3, R3.1): the catalogue's resources open without conditions, with the rows of the
hosted table mounted to each, through the catalogue's and the exchange's `api`."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count

from digigov.catalog import api as catalog
from digigov.exchange import api as exchange
from digigov.opendata.choices import UseKind
from digigov.opendata.models import DatasetUse


@dataclass(frozen=True)
class Dataset:
    """An open resource as the portal shows it."""

    resource: catalog.Resource
    theme: catalog.Classification
    fields: list  # the resource's information items the public gets, in catalogue order
    data: exchange.HostedData | None  # None: catalogued, but no data is hosted for it yet
    downloads: int
    api_calls: int

    @property
    def identifiers(self) -> list[str]:
        return [item.identifier for item in self.fields]


def _public_fields(resource) -> list:
    """Every item but a sensitive one: the catalogue refuses those in a resource open without conditions, and the
    portal leaves out any that a resource published before that check still holds."""
    return [item for item in sorted(resource.items.all(), key=lambda i: i.position) if not item.sensitive]


def _datasets(resources: list) -> list[Dataset]:
    ids = [r.pk for r in resources]
    hosted = exchange.hosted_data(ids)
    uses = {
        (row["resource_id"], row["kind"]): row["n"]
        for row in DatasetUse.objects.filter(resource_id__in=ids)
        .values("resource_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        Dataset(
            resource=r,
            theme=catalog.resource_theme(r),
            fields=_public_fields(r),
            data=hosted.get(r.pk),
            downloads=uses.get((r.pk, UseKind.DOWNLOAD), 0),
            api_calls=uses.get((r.pk, UseKind.API), 0),
        )
        for r in resources
    ]


def dataset_page(*, q: str = "", theme: int | None = None, provider: int | None = None, number: int, size: int):
    """One page of the open datasets that match, and the datasets on it."""
    resources = catalog.open_resource_list(q=q, theme=theme, provider=provider).prefetch_related("items")
    page: Page = Paginator(resources, size).get_page(number)
    return page, _datasets(list(page.object_list))


def dataset_get(pk: int) -> Dataset:
    """One open dataset (NotFoundError for anything not open to the public)."""
    return _datasets([catalog.open_resource_get(pk)])[0]


def dataset_rows(dataset: Dataset, *, offset: int, limit: int) -> list[dict]:
    if dataset.data is None or limit <= 0:
        return []
    return exchange.hosted_rows(dataset.data, dataset.identifiers, offset=offset, limit=limit)


def dataset_rows_all(dataset: Dataset):
    return exchange.hosted_rows_all(dataset.data, dataset.identifiers) if dataset.data else iter(())


@dataclass(frozen=True)
class Facet:
    pk: int
    name: str
    count: int


def facets() -> tuple[list[Facet], list[Facet]]:
    """The themes (项 of the catalogue) and the providing departments that have open datasets, with their counts,
    the largest first."""
    themes: dict[int, list] = {}
    providers: dict[int, list] = {}
    for resource in catalog.open_resource_list():
        theme = catalog.resource_theme(resource)
        themes.setdefault(theme.pk, [theme.name, 0])[1] += 1
        providers.setdefault(resource.provider_id, [resource.provider.name, 0])[1] += 1

    def ordered(counts: dict) -> list[Facet]:
        return sorted((Facet(pk, name, n) for pk, (name, n) in counts.items()), key=lambda f: (-f.count, f.name))

    return ordered(themes), ordered(providers)


@dataclass(frozen=True)
class Figures:
    datasets: int
    providers: int
    rows: int
    downloads: int


def figures() -> Figures:
    """What the portal's head shows: open datasets, departments opening them, rows hosted, downloads so far."""
    resources = list(catalog.open_resource_list())
    ids = [r.pk for r in resources]
    hosted = exchange.hosted_data(ids)
    return Figures(
        datasets=len(resources),
        providers=len({r.provider_id for r in resources}),
        rows=sum(h.row_count for h in hosted.values()),
        downloads=DatasetUse.objects.filter(resource_id__in=ids, kind=UseKind.DOWNLOAD).count(),
    )
