"""What other apps may use of the exchange. Nothing else of `exchange` is public.

The open-data portal (S3, R3.1) serves the rows of a resource the public may have: the hosted table mounted to it,
its columns named as the resource's information items through the mount's field map. An upstream API is not read
for the public: it answers the provider's key lookups for granted systems, not bulk downloads.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from digigov.exchange.choices import ServiceKind, ServiceStatus
from digigov.exchange.models import HostedRow, Mount

__all__ = ["HostedData", "hosted_data", "hosted_rows", "hosted_rows_all"]

CHUNK = 2000


@dataclass(frozen=True)
class HostedData:
    """The hosted table behind a resource's active mount."""

    resource_id: int
    table_id: int
    field_map: dict  # information item identifier → table column
    row_count: int
    loaded_at: dt.datetime | None


def hosted_data(resource_ids) -> dict[int, HostedData]:
    """Resource id → its hosted data, for those of `resource_ids` with an active mount of an available hosted table."""
    mounts = Mount.objects.filter(
        resource_id__in=list(resource_ids),
        is_active=True,
        service__kind=ServiceKind.HOSTED_TABLE,
        service__status=ServiceStatus.ACTIVE,
    ).select_related("service__table")
    return {
        m.resource_id: HostedData(
            m.resource_id, m.service.table_id, m.field_map, m.service.table.row_count, m.service.table.loaded_at
        )
        for m in mounts
    }


def _project(data: dict, field_map: dict, identifiers: list[str]) -> dict:
    return {ident: data.get(field_map.get(ident, ident), "") for ident in identifiers}


def hosted_rows(data: HostedData, identifiers: list[str], *, offset: int, limit: int) -> list[dict]:
    """Rows `offset` … `offset + limit` in table order, keyed by the given item identifiers only."""
    rows = HostedRow.objects.filter(table_id=data.table_id).order_by("row_no")[offset : offset + limit]
    return [_project(row.data, data.field_map, identifiers) for row in rows.only("data")]


def hosted_rows_all(data: HostedData, identifiers: list[str]) -> Iterator[dict]:
    """Every row in table order, read a chunk at a time (a download streams without holding the table)."""
    last = -1
    while True:
        chunk = list(
            HostedRow.objects.filter(table_id=data.table_id, row_no__gt=last)
            .order_by("row_no")
            .values_list("row_no", "data")[:CHUNK]
        )
        for _no, row in chunk:
            yield _project(row, data.field_map, identifiers)
        if len(chunk) < CHUNK:
            return
        last = chunk[-1][0]
