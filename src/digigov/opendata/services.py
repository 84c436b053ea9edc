"""Writes of the open-data portal: a download or an API call counted, within the per-address hourly limit."""

from django.utils.translation import gettext as _

from digigov.core.ratelimit import limit_per_address
from digigov.opendata.choices import UseKind
from digigov.opendata.models import DatasetUse

LIMIT_RULES: dict[str, str] = {
    UseKind.DOWNLOAD: "opendata.download_hourly_limit",
    UseKind.API: "opendata.api_hourly_limit",
}


def use_record(*, resource_id: int, kind: str, address: str | None) -> DatasetUse:
    """Count one use of an open dataset; RateLimited (429) when the address has used up its hour."""
    limit_per_address(
        DatasetUse.objects.filter(kind=kind),
        "at",
        address,
        LIMIT_RULES[kind],
        _("Too many requests from your network address in the last hour. Please try again later.")
        if kind == UseKind.API
        else _("Too many downloads from your network address in the last hour. Please try again later."),
    )
    return DatasetUse.objects.create(resource_id=resource_id, kind=kind, address=address or None)
