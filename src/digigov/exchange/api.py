"""What other apps may use of the exchange. Nothing else of `exchange` is public.

Another app of the platform that needs shared data (online services' one-form filling, R4.3) is a consumer system
like any other: `shared_record` calls the gateway in-process as its registered `SystemClient`, under that system's
grants, quotas and masking, and leaves exactly one `GatewayCall` row, as a call over HTTP would (R1.8).

The open-data portal (S3, R3.1) serves the rows of a resource the public may have: the hosted table mounted to it,
its columns named as the resource's information items through the mount's field map. An upstream API is not read
for the public: it answers the provider's key lookups for granted systems, not bulk downloads.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from digigov.catalog import api as catalog
from digigov.core.errors import DomainError
from digigov.exchange import gateway, gateway_checks
from digigov.exchange.choices import ServiceKind, ServiceStatus
from digigov.exchange.models import HostedRow, Mount

__all__ = [
    "HostedData",
    "SharedRecord",
    "hosted_data",
    "hosted_rows",
    "hosted_rows_all",
    "resource_key_kind",
    "shared_record",
]

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


@dataclass(frozen=True)
class SharedRecord:
    """One record a system read through the gateway, and where it came from."""

    values: dict  # information item identifier → value: the granted items only, masked unless the grant allows raw
    masked: frozenset[str]  # identifiers of the items whose values are masked
    call_id: int  # the GatewayCall row of the read: what the reader records as its source (source_ref)
    provider: str  # the providing department's short name (else its name): 省公安厅
    resource: str  # the resource's name: 人口基础信息

    @property
    def source(self) -> str:
        """Where the values came from, as a form shows it: "省公安厅 人口基础信息"."""
        return f"{self.provider} {self.resource}"


def shared_record(*, system, resource_id: int, key: str, purpose: str) -> SharedRecord | None:
    """The record with this key of a shared resource, read by `system` (an identity SystemClient) through the
    gateway in-process: the same grant, validity, quota, sharing-stop, mount and service checks, the same masking,
    and exactly one `GatewayCall` row (`call_id`), as `GET …/gateway/resources/{id}/records?key=…` would.

    None when no record has the key (the call is logged as served with no records). A refusal (no grant, revoked,
    suspended, expired, quota used up, not mounted, service interrupted, an invalid key …) raises the gateway's
    error, a `DomainError` with its code and Chinese message, after its row is written. When the provider's service
    answers several records for the key, the first is taken.

    The row is written on the caller's database connection: call this outside a transaction that may roll back,
    or the row goes with it."""
    body, log = gateway.read_in_process(system=system, resource_id=resource_id, purpose=purpose, key=key)
    if not body["records"]:
        return None
    resource = catalog.resource_get(resource_id)
    provider = resource.provider
    return SharedRecord(
        values=body["records"][0],
        masked=frozenset(log.masked),
        call_id=log.call_id,
        provider=provider.short_name or provider.name,
        resource=resource.name,
    )


def resource_key_kind(resource_id: int) -> str:
    """What a resource's records are looked up by: "id_number" (resident ID number), "uscc" (unified social credit
    code), or "" (another key, no key item, or no such resource). A caller chooses which of its codes to send."""
    try:
        resource = catalog.resource_get(resource_id)
    except DomainError:
        return ""
    key_item = next((item for item in catalog.resource_items(resource) if item.is_key), None)
    return gateway_checks.key_kind(key_item)
