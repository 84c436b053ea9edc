"""The catalogue's answer to the workbench search box (`core.search_registry`): resources the person may see,
found by the catalogue's own Chinese keyword search (R1.1), best match first."""

from urllib.parse import urlencode

from django.urls import reverse

from digigov.catalog import selectors
from digigov.core.search_registry import SearchHit, SearchResults


def resource_hits(actor, terms: list[str], limit: int) -> SearchResults:
    q = " ".join(terms)
    qs = selectors.resource_list(actor=actor, q=q)
    resources = list(qs[:limit])
    hits = [
        SearchHit(
            title=resource.name,
            url=reverse("catalog_resource", args=[resource.pk]),
            detail=f"{resource.code} · {resource.provider.name} · {resource.get_status_display()}",
        )
        for resource in resources
    ]
    total = len(resources) if len(resources) < limit else qs.count()
    return SearchResults(hits=hits, total=total, more_url=f"{reverse('catalog_resources')}?{urlencode({'q': q})}")
