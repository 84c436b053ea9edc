"""Data services and mounting (数据服务, 挂接; R1.4): register an upstream API or a hosted table, then mount it
to one of the provider's own published catalogue resources with a map from information items to service fields.
"""

import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.catalog import api as catalog
from digigov.core import ledger, spreadsheets
from digigov.core.errors import ConflictError, DomainError, FieldErrors, PermissionDeniedError, max_length
from digigov.core.permissions import require
from digigov.core.rules import rule
from digigov.exchange.choices import ServiceKind, ServiceStatus
from digigov.exchange.models import DataService, HostedRow, HostedTable, Mount
from digigov.exchange.permissions import PROVIDER_STAFF
from digigov.exchange.services import upstream
from digigov.exchange.services._common import user_or_none
from digigov.exchange.services.tables import ParsedTable, key_column_problem, parse_table

Progress = Callable[..., None]


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


# Rows are written in batches of this many, each its own short transaction, into a table nobody reads yet; one
# short transaction then puts the new table in place. On SQLite a writer holds the database's one write lock, so a
# single transaction for 290,000 rows kept every gateway call (which logs a row) waiting for seconds; with batches
# back to back the lock was still held nearly all the time (gateway p95 x5 during the import, bench/imports.py).
# So on SQLite the writer also leaves the lock free for as long as it held it: the import's writing takes about
# twice as long and the other writers wait at most about one batch. That batch is short on SQLite: a waiting writer
# sleeps in SQLite's own steps (1, 2, 5, 10, 15, 20, 25 … ms), so a lock held 80 ms (1,000 rows) still cost a gateway
# call ~100 ms at p95 (x4.5); held ~15 ms (200 rows) it costs about that. PostgreSQL locks rows, not the database.
WRITE_BATCH_ROWS = 1000
SQLITE_WRITE_BATCH_ROWS = 200
SQLITE_WRITE_SHARE = 0.5


def _batch_rows() -> int:
    return SQLITE_WRITE_BATCH_ROWS if connection.vendor == "sqlite" else WRITE_BATCH_ROWS


def _write_rows(*, provider, name: str, parsed: ParsedTable, progress: Progress) -> HostedTable:
    """A new table holding the parsed rows, not yet used by any service (the caller puts it in place)."""
    table = HostedTable.objects.create(
        provider_id=getattr(provider, "pk", provider),
        name=name,
        columns=parsed.columns,
        key_column=parsed.key_column,
        row_count=len(parsed.rows),
        loaded_at=timezone.now(),
    )
    total, batch_rows = len(parsed.rows), _batch_rows()
    try:
        for start in range(0, total, batch_rows):
            batch = parsed.rows[start : start + batch_rows]
            rows = [HostedRow(table=table, row_no=no, key=key, data=data) for no, key, data in batch]
            began = time.monotonic()
            with transaction.atomic():
                HostedRow.objects.bulk_create(rows)
            _share_sqlite_lock(began)
            progress(start + len(batch), total, stage=_("Saving rows"))
    except BaseException:
        _drop_table(table)
        raise
    return table


def _drop_table(table: HostedTable) -> None:
    """Delete a table no service uses any more, its rows in batches (short transactions, as they were written)."""
    last = HostedRow.objects.filter(table=table).order_by("-row_no").values_list("row_no", flat=True).first() or 0
    step = _batch_rows() * 5
    for start in range(0, last, step):
        began = time.monotonic()
        HostedRow.objects.filter(table=table, row_no__gt=start, row_no__lte=start + step).delete()
        _share_sqlite_lock(began)
    HostedRow.objects.filter(table=table).delete()
    table.delete()


def _share_sqlite_lock(began: float) -> None:
    """After a batch committed at `began`, leave SQLite's one write lock to the others for a while (see above)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep((time.monotonic() - began) * (1 - SQLITE_WRITE_SHARE) / SQLITE_WRITE_SHARE)


def _no_progress(done: int, total: int | None = None, **_kwargs) -> None:
    pass


def _check_mounts(service: DataService, columns: list[str]) -> None:
    for mount in Mount.objects.filter(service=service, is_active=True):
        missing = sorted(set(mount.field_map.values()) - set(columns))
        if missing:
            raise FieldErrors.one(
                "file",
                _("The mounted resource reads columns the new file lacks: %(cols)s.") % {"cols": "、".join(missing)},
            )


def _checking(progress: Progress) -> Progress:
    progress(0, None, stage=_("Reading the file"))
    return lambda done, total=None: progress(done, total, stage=_("Checking rows"))


def table_upload_check(*, actor, upload, provider=None, name: str = "", key_column: str = "", service=None) -> bytes:
    """What the screen checks at once before a hosted-table upload runs as a job: the right to host tables for the
    provider, the name and key column (a new service) or the service's kind (a reload), the file's size and real
    type. Returns the file's bytes; raises one DomainError with every problem at its field."""
    require(actor, PROVIDER_STAFF, service.provider_id if service is not None else provider)
    errors = FieldErrors()
    if service is None:
        try:
            _check_name(name)
        except DomainError as exc:
            errors.update(exc.fields)
        if not (key_column or "").strip():
            errors.add("key_column", _("Name the key column: the column consumers look records up by."))
    elif service.kind != ServiceKind.HOSTED_TABLE:
        raise ConflictError(_("Only a hosted table can be reloaded from a file."))
    if problem := key_column_problem(key_column or ""):
        errors.add("key_column", problem)
    content = b""
    try:
        content = spreadsheets.check_upload(upload, max_mb=rule("exchange.upload_max_mb"))
    except spreadsheets.SpreadsheetFileError as exc:
        errors.update(exc.fields)
    errors.raise_if_any()
    return content


def service_register_table(
    *,
    actor,
    provider,
    name: str,
    filename: str,
    content: bytes,
    key_column: str,
    progress: Progress = _no_progress,
) -> DataService:
    """Host an uploaded CSV/.xlsx table as a data service; every cell is checked before anything is stored.

    Runs as a background job from the screen (exchange.tasks); `progress` moves its bar. Nothing is visible until
    the last step, which creates the service on the fully written table (all or nothing).
    """
    require(actor, PROVIDER_STAFF, provider)
    name = _check_name(name)
    parsed = parse_table(filename=filename, content=content, key_column=key_column, progress=_checking(progress))
    table = _write_rows(provider=provider, name=name, parsed=parsed, progress=progress)
    try:
        with transaction.atomic():
            service = DataService.objects.create(
                provider=provider, name=name, kind=ServiceKind.HOSTED_TABLE, table=table, created_by=user_or_none(actor)
            )
            ledger.record(
                action="exchange.service.registered",
                actor=actor,
                organisation=provider,
                obj=service,
                after={"kind": service.kind, "name": name, "file": filename, "rows": table.row_count,
                       "key": table.key_column},
            )  # fmt: skip
    except BaseException:
        _drop_table(table)
        raise
    return service


def table_reload(
    *,
    actor,
    service: DataService,
    filename: str,
    content: bytes,
    key_column: str = "",
    progress: Progress = _no_progress,
) -> HostedTable:
    """Replace every row of a hosted table: consumers see the old rows or the new, never a mix.

    The new rows go into a new table first; one short transaction then points the service at it (checking again
    that its mounts find their columns) and the old rows are deleted after. `service` is updated in place.
    """
    require(actor, PROVIDER_STAFF, service.provider_id)
    if service.kind != ServiceKind.HOSTED_TABLE or service.table_id is None:
        raise ConflictError(_("Only a hosted table can be reloaded from a file."))
    current = HostedTable.objects.get(pk=service.table_id)
    parsed = parse_table(
        filename=filename,
        content=content,
        key_column=key_column or current.key_column,
        progress=_checking(progress),
    )
    _check_mounts(service, parsed.columns)
    table = _write_rows(provider=current.provider_id, name=current.name, parsed=parsed, progress=progress)
    try:
        with transaction.atomic():
            locked = DataService.objects.select_for_update().get(pk=service.pk)
            old = HostedTable.objects.get(pk=locked.table_id or 0)
            _check_mounts(locked, parsed.columns)  # a mount made while the rows were written
            locked.table = table
            locked.save(update_fields=["table"])
            ledger.record(
                action="exchange.table.reloaded",
                actor=actor,
                organisation=locked.provider_id,
                obj=locked,
                before={"rows": old.row_count, "columns": old.columns},
                after={"rows": table.row_count, "columns": table.columns, "file": filename},
            )
    except BaseException:
        _drop_table(table)
        raise
    _drop_table(old)
    service.table = table
    return table


TABLE_FORMATS = ("csv", "xlsx")


def table_export(*, actor, service: DataService, fmt: str, progress: Progress = _no_progress) -> bytes:
    """A hosted table as its provider's staff download it: its columns and rows in order, as CSV (UTF-8 with BOM)
    or .xlsx, text that a spreadsheet would run written as text. The rows are personal data: audited (R0.4)."""
    require(actor, PROVIDER_STAFF, service.provider_id)
    if service.kind != ServiceKind.HOSTED_TABLE or service.table_id is None or fmt not in TABLE_FORMATS:
        raise ConflictError(_("Only a hosted table can be downloaded, as CSV or .xlsx."))
    table = HostedTable.objects.get(pk=service.table_id)
    total, columns, stage = table.row_count, list(table.columns), _("Writing rows")

    def rows():
        datas = table.rows.order_by("row_no").values_list("data", flat=True)
        for done, data in enumerate(datas.iterator(chunk_size=2000), start=1):
            progress(done, total, stage=stage)
            yield [data.get(column, "") for column in columns]

    if fmt == "csv":
        content = spreadsheets.write_csv(columns, rows())
    else:
        writer = spreadsheets.XlsxWriter(table.name)
        writer.header(columns)
        writer.rows(rows())
        writer.freeze("A2")
        content = writer.save()
    with transaction.atomic():
        ledger.record(
            action="exchange.table.downloaded",
            actor=actor,
            organisation=service.provider_id,
            obj=service,
            after={"rows": total, "format": fmt},
        )
    return content


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
