"""Data services and mounting (数据服务, 挂接; R1.4): register an upstream API or a hosted table, then mount it
to one of the provider's own published catalogue resources with a map from information items to service fields.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.catalog import api as catalog
from digigov.core import ledger
from digigov.core.errors import ConflictError, DomainError, FieldErrors, PermissionDeniedError, max_length
from digigov.core.permissions import require
from digigov.core.rules import rule
from digigov.exchange.choices import ServiceKind, ServiceStatus
from digigov.exchange.models import DataService, HostedRow, HostedTable, Mount
from digigov.exchange.permissions import PROVIDER_STAFF
from digigov.exchange.services import upstream
from digigov.exchange.services._common import user_or_none
from digigov.exchange.services.tables import ParsedTable, parse_table


def _check_url(value: str, field: str) -> str:
    """An http(s) address the platform may call: not one inside the platform's own network (SSRF) unless the
    platform administrator allowed the host (core.http_fetch); the address is checked again on every call."""
    value = (value or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise FieldErrors.one(field, _("Enter an http:// or https:// address.")) from None
    problem = upstream.url_problem(value)
    if problem:
        raise FieldErrors.one(field, problem)
    limit = max_length(DataService, field)
    if len(value) > limit:
        raise FieldErrors.one(field, _("Enter an address of at most %(max)s characters.") % {"max": limit})
    return value


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise FieldErrors.one("name", _("Give the data service a name of at most 200 characters."))
    return name


@transaction.atomic
def service_register_upstream(*, actor, provider, name: str, endpoint: str, probe_url: str = "") -> DataService:
    """Register a provider's upstream HTTP API (see services.upstream for the contract it must follow)."""
    require(actor, PROVIDER_STAFF, provider)
    service = DataService.objects.create(
        provider=provider,
        name=_check_name(name),
        kind=ServiceKind.UPSTREAM_API,
        endpoint=_check_url(endpoint, "endpoint"),
        probe_url=_check_url(probe_url, "probe_url") if probe_url else "",
        created_by=user_or_none(actor),
    )
    ledger.record(
        action="exchange.service.registered",
        actor=actor,
        organisation=provider,
        obj=service,
        after={"kind": service.kind, "name": service.name, "endpoint": service.endpoint},
    )
    return service


def _load_rows(table: HostedTable, parsed: ParsedTable) -> None:
    table.rows.all().delete()
    HostedRow.objects.bulk_create(
        [HostedRow(table=table, row_no=no, key=key, data=data) for no, key, data in parsed.rows], batch_size=1000
    )
    table.columns, table.key_column = parsed.columns, parsed.key_column
    table.row_count, table.loaded_at = len(parsed.rows), timezone.now()
    table.save(update_fields=["columns", "key_column", "row_count", "loaded_at"])


@transaction.atomic
def service_register_table(
    *, actor, provider, name: str, filename: str, content: bytes, key_column: str
) -> DataService:
    """Host an uploaded CSV/.xlsx table as a data service; every row is checked before anything is stored."""
    require(actor, PROVIDER_STAFF, provider)
    name = _check_name(name)
    parsed = parse_table(filename=filename, content=content, key_column=key_column)
    table = HostedTable.objects.create(provider=provider, name=name, key_column=parsed.key_column)
    _load_rows(table, parsed)
    service = DataService.objects.create(
        provider=provider, name=name, kind=ServiceKind.HOSTED_TABLE, table=table, created_by=user_or_none(actor)
    )
    ledger.record(
        action="exchange.service.registered",
        actor=actor,
        organisation=provider,
        obj=service,
        after={"kind": service.kind, "name": name, "file": filename, "rows": table.row_count, "key": table.key_column},
    )
    return service


@transaction.atomic
def table_reload(*, actor, service: DataService, filename: str, content: bytes, key_column: str = "") -> HostedTable:
    """Replace every row of a hosted table in one transaction: consumers see the old rows or the new, never a mix."""
    require(actor, PROVIDER_STAFF, service.provider_id)
    if service.kind != ServiceKind.HOSTED_TABLE or service.table_id is None:
        raise ConflictError(_("Only a hosted table can be reloaded from a file."))
    table = HostedTable.objects.select_for_update().get(pk=service.table_id)
    parsed = parse_table(filename=filename, content=content, key_column=key_column or table.key_column)
    for mount in Mount.objects.filter(service=service, is_active=True):
        missing = sorted(set(mount.field_map.values()) - set(parsed.columns))
        if missing:
            raise FieldErrors.one(
                "file",
                _("The mounted resource reads columns the new file lacks: %(cols)s.") % {"cols": "、".join(missing)},
            )
    before = {"rows": table.row_count, "columns": table.columns}
    _load_rows(table, parsed)
    ledger.record(
        action="exchange.table.reloaded",
        actor=actor,
        organisation=service.provider_id,
        obj=service,
        before=before,
        after={"rows": table.row_count, "columns": table.columns, "file": filename},
    )
    return table


def service_fields(service: DataService) -> list[str]:
    """The fields a service offers: a hosted table's columns, or the keys of an upstream API's first record."""
    if service.kind == ServiceKind.HOSTED_TABLE:
        return list(service.table.columns) if service.table else []
    answer = upstream.http_get(
        service.endpoint, params={"page": 1, "size": 1}, timeout=rule("exchange.probe_timeout_seconds")
    )
    try:
        records = upstream.records_from(answer.body) if answer.ok else None
    except ValueError:
        records = None
    if not records:
        raise DomainError(
            _("The data service did not return a sample record (%(error)s); its fields cannot be checked.")
            % {"error": answer.error or _("no records")},
            code="upstream_unavailable",
        )
    return list(records[0].keys())


@transaction.atomic
def service_mount(*, actor, service: DataService, resource_id: int, field_map: dict[str, str]) -> Mount:
    """挂接: serve one of the provider's own published resources from the service (R1.3 mount rate, R1.4).

    Every mapped item must be an item of the resource, every mapped field must exist in the service, and the
    resource's key items must be mapped (the gateway looks records up by them).
    """
    require(actor, PROVIDER_STAFF, service.provider_id)
    resource = catalog.published_resource_get(resource_id)
    if resource.provider_id != service.provider_id:
        raise PermissionDeniedError(_("A data service can only be mounted to its own department's resources."))
    if service.status == ServiceStatus.RETIRED:
        raise ConflictError(_("A retired data service cannot be mounted."))
    field_map = {str(k).strip(): str(v).strip() for k, v in (field_map or {}).items() if str(v).strip()}
    if not field_map:
        raise FieldErrors.one("field_map", _("Map at least the key item to a field of the service."))
    items = {item.identifier: item for item in catalog.resource_items(resource)}
    fields = set(service_fields(service))
    errors = FieldErrors()
    for identifier, column in sorted(field_map.items()):
        if identifier not in items:
            errors.add("field_map", _("“%(item)s” is not an information item of this resource.") % {"item": identifier})
        elif column not in fields:
            errors.add(
                "field_map",
                _("Item “%(item)s”: the data service has no field “%(field)s”.")
                % {"item": items[identifier].name, "field": column},
            )
    for item in items.values():
        if item.is_key and item.identifier not in field_map:
            errors.add("field_map", _("The key item “%(item)s” must be mapped.") % {"item": item.name})
    errors.raise_if_any()
    replaced = list(Mount.objects.select_for_update().filter(resource=resource, is_active=True))
    for old in replaced:
        old.is_active = False
        old.save(update_fields=["is_active"])
    mount = Mount.objects.create(
        resource=resource, service=service, field_map=field_map, mounted_by=user_or_none(actor)
    )
    catalog.resource_set_mounted(resource=resource, mounted=True, actor=actor)
    ledger.record(
        action="exchange.service.mounted",
        actor=actor,
        organisation=service.provider_id,
        obj=mount,
        before={"mounts": [m.pk for m in replaced]} if replaced else None,
        after={"resource": resource.code, "service": service.pk, "field_map": field_map},
    )
    return mount


@transaction.atomic
def service_unmount(*, actor, mount: Mount) -> Mount:
    require(actor, PROVIDER_STAFF, mount.service.provider_id)
    mount = Mount.objects.select_for_update().get(pk=mount.pk)
    if not mount.is_active:
        raise ConflictError(_("This mount has already been removed."))
    mount.is_active = False
    mount.save(update_fields=["is_active"])
    catalog.resource_set_mounted(resource=catalog.resource_get(mount.resource_id), mounted=False, actor=actor)
    ledger.record(
        action="exchange.service.unmounted",
        actor=actor,
        organisation=mount.service.provider_id,
        obj=mount,
        before={"active": True},
        after={"active": False, "resource": mount.resource_id},
    )
    return mount
