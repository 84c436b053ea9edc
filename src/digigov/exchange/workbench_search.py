"""The exchange's answer to the workbench search box (`core.search_registry`): share applications the person's
lists show them (R1.4), by number, resource, department or purpose."""

from django.urls import reverse

from digigov.core.search_registry import SearchHit, SearchResults
from digigov.exchange import selectors


def application_hits(actor, terms: list[str], limit: int) -> SearchResults:
    qs = selectors.application_search(actor=actor, terms=terms)
    applications = list(qs[:limit])
    hits = [
        SearchHit(
            title=f"{app.number} {app.resource.name}",
            url=reverse("exchange_application_detail", args=[app.pk]),
            detail=f"{app.consumer.name} → {app.resource.provider.name} · {app.get_status_display()}",
        )
        for app in applications
    ]
    return SearchResults(hits=hits, total=len(applications) if len(applications) < limit else qs.count())
