"""The exchange gateway: a consumer system reads granted data of a mounted resource (R1.8, R1.9).

`gateway_read(...)` checks the grant (active, this system, this resource, valid today, daily quota), fetches from
the mounted data service (a table the platform hosts, or the provider's HTTP API), maps the service's fields to
the resource's information items through `Mount.field_map`, returns ONLY the granted items, and masks sensitive
items unless the grant allows raw values. Every call, served or refused, leaves exactly one `GatewayCall` row.

One place opens a call's log and closes it: `call_logged()`. Everything a call does — reading the key, checking
the grant, fetching, building the answer — runs inside it, and on the way out exactly one `GatewayCall` row is
written, whatever happened: served, refused with a `GatewayError`, or any other exception (logged as failed and
answered `GatewayFaultError`, 503 in the one error shape). The values are made storable at the one writer (NUL
escaped, text cut to its column, ids out of the 64-bit range dropped), so no input can make the write itself fail.
The HTTP entry point (`gateway_routes.logged_call`) wraps the whole operation in it — authentication, parameter
parsing and rendering included — and reads the code of an error answer from the answer itself, so what is logged is
what the caller got.

Why the log row is written synchronously, in the request, before the data leaves:
R1.8 (谁使用谁负责) needs a complete access log: zero lost records. A buffered writer (in-process queue flushed by
a thread with bulk_create) saves one INSERT per call but loses its buffer when a worker is killed (OOM, deploy,
gunicorn timeout), and each worker process of a multi-process server has its own buffer, so "flushed at exit" is
only as good as every exit being clean; the daily quota would also count calls not yet flushed. The INSERT is cheap
(SQLite WAL: ~0.1 ms; PostgreSQL: one round trip with its commit, ~0.3 ms on the 2-core test machine), so the row
is written after the answer is built but before it is handed to the server; if it cannot be written the answer is
dropped for `CallNotLoggedError` (503): never served unlogged. `bench/gateway.py` counts the rows after every run,
`bench/gateway_kill.py` after killing the server mid-run: zero served calls missing.

The daily quota is counted in `GrantUsage` (a few counter rows per grant and day), bumped in the same statement or
transaction as a served call's log row and read in the same query as the grant. Counting today's `GatewayCall`
rows instead cost time in proportion to the calls already made (4 ms per call at 100,000 a day, 18 ms at 400,000
on SQLite; 32 ms at 400,000 on PostgreSQL). Calls in flight can still overshoot the quota by at most their number.

Why no ledger entry per call: `GatewayCall` is the gateway's own access log. The SM3 hash-chained ledger
serialises every writer on its head row; one entry per data read (or per refusal, which an attacker with a wrong
key can generate at will) would make the whole platform's audit trail the gateway's bottleneck. State changes of
grants and mounts, which decide who may read what, are in the ledger already (exchange services).
"""

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.catalog.api import SharingStop, resource_get, resource_items, sharing_stop
from digigov.core import hotsql, http_fetch
from digigov.core.errors import DomainError
from digigov.exchange import masking
from digigov.exchange.choices import CallStatus, ServiceKind, ServiceStatus
from digigov.exchange.gateway_checks import (
    MAX_PAGE_SIZE,
    CallGrant,
    check_characters,
    checked_key,
    db_id,
    page_bounds,
    refuse_unless_serving,
)
from digigov.exchange.gateway_errors import (
    CallNotLoggedError,
    GatewayError,
    GatewayFaultError,
    NoGrantError,
    NotMountedError,
    NotSharedError,
    PurposeRequiredError,
    QueryRequiredError,
    ServiceInterruptedError,
    UpstreamError,
    log_status,
)
from digigov.exchange.models import Grant, GrantUsage
from digigov.exchange.rules import UPSTREAM_ALLOWED_HOSTS, UPSTREAM_MAX_RESPONSE_MB
from digigov.identity import api as identity

MAX_RECORDS_PER_KEY = MAX_PAGE_SIZE
# (connect, read) seconds: a slow provider must not hold a gateway worker for long.
UPSTREAM_TIMEOUT = getattr(settings, "DIGIGOV_GATEWAY_UPSTREAM_TIMEOUT", (2.0, 5.0))
MAX_ROW_NO = 2**31 - 1  # HostedRow.row_no is a PositiveIntegerField
MAX_RECORD_KEY = 100  # HostedRow.key's length; an upstream API's keys are cut to it in the log

logger = logging.getLogger(__name__)


def _text(value, limit: int | None = None) -> str:
    """Text the log can store: PostgreSQL refuses NUL in text, so it is written as the four characters \\x00."""
    value = str(value).replace("\x00", "\\x00")
    return value[:limit] if limit is not None else value


@dataclass
class CallLog:
    """What one call will write to `GatewayCall`; filled in as the call proceeds, written once by `call_logged`."""

    started: float
    client_ip: str = ""
    system: object = None
    purpose: str = ""
    query: str = ""
    resource_id: int | None = None
    provider_id: int | None = None
    grant_id: int | None = None
    service_id: int | None = None
    items: list[str] = field(default_factory=list)
    record_keys: list[str] = field(default_factory=list)
    upstream_ms: float | None = None
    # The grant rows read together with the caller's credential (`client_with_grants`); None: not read yet.
    grant_rows: list | None = None
    # (status, error code) of an error answer given without raising (`answered`); None: served.
    outcome: tuple[str, str] | None = None
    # Identifiers of the served items whose values were masked (the grant does not allow raw values).
    masked: list[str] = field(default_factory=list)
    # The id of the call's `GatewayCall` row once written: what another app records as its source (source_ref).
    call_id: int | None = None

    def answered(self, code: str) -> None:
        """The caller was answered with the error `code` (an entry point that renders its own errors says so)."""
        self.outcome = (log_status(code), code)

    def _values(self, status: str, error_code: str) -> list:
        resource_id = db_id(self.resource_id)
        query = self.query
        if self.resource_id is not None and self.grant_id is None and (resource_id is None or not _exists(resource_id)):
            # A refused call for a resource that does not exist still gets its row; the id it asked for is kept.
            query, resource_id = f"resource={self.resource_id} {query}", None
        return [
            connection.ops.adapt_datetimefield_value(timezone.now()),
            db_id(getattr(self.system, "organisation_id", None)),
            db_id(getattr(self.system, "pk", None)),
            db_id(self.provider_id),
            resource_id,
            db_id(self.grant_id),
            db_id(self.service_id),
            _text(self.purpose, 200),
            _text(",".join(self.items), 1000),
            _text(query, 200),
            ",".join(_text(key, MAX_RECORD_KEY) for key in self.record_keys),
            len(self.record_keys),
            status,
            error_code[:40],
            round((time.perf_counter() - self.started) * 1000, 3),
            None if self.upstream_ms is None else round(self.upstream_ms, 3),
            _text(self.client_ip, 45),
        ]

    def write(self, *, status: str, error_code: str = "") -> None:
        """The call's one row, durable before the answer is handed over (autocommit: the INSERT is its commit).
        Its id is kept in `call_id` (RETURNING: the same round trip)."""
        values = self._values(status, error_code)
        # Inside a caller's transaction (tests, the demo loader) a failed INSERT must not spoil it: a savepoint.
        guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
        with guard:
            if status != CallStatus.OK or self.grant_id is None:
                self.call_id = hotsql.fetch_all(_INSERT_SQL, values)[0][0]
                return
            # A served call also counts against the grant's daily quota: both rows or neither. PostgreSQL does both
            # in one statement (one round trip, atomic on its own); SQLite, in-process, in one short transaction.
            usage = [self.grant_id, connection.ops.adapt_datefield_value(timezone.localdate()), os.getpid() % SLOTS]
            if connection.vendor == "postgresql":
                self.call_id = hotsql.fetch_all(_INSERT_SERVED_SQL, values + usage)[0][0]
                return
            with transaction.atomic():
                self.call_id = hotsql.fetch_all(_INSERT_SQL, values)[0][0]
                hotsql.execute(_USAGE_SQL, usage)


_INSERT_SQL = (
    "INSERT INTO exchange_gatewaycall (at, consumer_id, system_id, provider_id, resource_id, grant_id, service_id, "
    "purpose, items, query, record_keys, record_count, status, error_code, latency_ms, upstream_ms, client_ip) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
_USAGE_SQL = (
    "INSERT INTO exchange_grantusage (grant_id, day, slot, served) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (grant_id, day, slot) DO UPDATE SET served = exchange_grantusage.served + 1"
)
# A data-modifying WITH runs whether or not the query reads it: both rows are written, the call's id is returned.
_INSERT_SERVED_SQL = f"WITH served AS ({_INSERT_SQL}), used AS ({_USAGE_SQL}) SELECT id FROM served"  # noqa: S608 - constants
SLOTS = GrantUsage.SLOTS


def _exists(pk: int) -> bool:
    try:
        resource_get(pk)
    except DomainError:
        return False
    return True


@contextlib.contextmanager
def call_logged(*, client_ip: str = "", system=None) -> Iterator[CallLog]:
    """Open one gateway call's log; on the way out, whatever happened inside, write its one row (R1.8).

    Leaving normally logs the call as served, or as `log.outcome` says if the caller was answered with an error;
    a `GatewayError` is logged with its code and re-raised; any other exception is logged as failed and re-raised as
    `GatewayFaultError`. If the row cannot be written, `CallNotLoggedError` is raised instead: the caller must then
    drop whatever it prepared.
    """
    log = CallLog(started=time.perf_counter(), client_ip=client_ip, system=system)
    try:
        yield log
    except GatewayError as error:
        _close(log, error.log_status, error.code)
        raise
    except Exception as exc:
        logger.exception("gateway call failed inside the gateway")
        _close(log, CallStatus.FAILED, GatewayFaultError.code)
        raise GatewayFaultError() from exc
    except BaseException:
        # The worker is being stopped (gunicorn's timeout, shutdown): record the call if the database still answers.
        with contextlib.suppress(Exception):
            log.write(status=CallStatus.FAILED, error_code=GatewayFaultError.code)
        raise
    else:
        _close(log, *(log.outcome or (CallStatus.OK, "")))


def _close(log: CallLog, status: str, error_code: str) -> None:
    try:
        log.write(status=status, error_code=error_code)
    except Exception as exc:
        logger.exception("gateway call could not be logged; nothing is served")
        raise CallNotLoggedError() from exc


def gateway_read(
    *, system, resource_id: int, purpose: str, key: str | None, page: str | None, size: str | None, log: CallLog
) -> dict:
    """Serve one call inside `call_logged(...)`, filling `log`; a refusal raises its `GatewayError`."""
    log.system, log.purpose, log.resource_id = system, (purpose or "").strip(), resource_id
    log.query = f"key={key}" if key else f"page={page or ''}&size={size or ''}"
    return _read(system=system, resource_id=resource_id, key=key, page=page, size=size, log=log)


def read_in_process(
    *,
    system,
    resource_id: int,
    purpose: str,
    key: str | None,
    page: str | None = None,
    size: str | None = None,
    client_ip: str = "",
) -> tuple[dict, CallLog]:
    """A call of the gateway by another part of the platform, in the same process (`exchange.api.shared_record`,
    the demo loader): `gateway_read` inside its own `call_logged`, so the same checks apply and exactly one
    `GatewayCall` row is written, as for a call over HTTP. A refusal raises its `GatewayError` after the row is
    written. Returns the answer and the call's log (`log.call_id` names its row).

    The row is written on the caller's connection: inside a transaction it is kept only if that transaction commits
    (a savepoint protects the caller from the INSERT, not the row from the caller's rollback)."""
    with call_logged(client_ip=client_ip, system=system) as log:
        body = gateway_read(
            system=system, resource_id=resource_id, purpose=purpose, key=key, page=page, size=size, log=log
        )
    return body, log


def _read(*, system, resource_id, key, page, size, log: CallLog) -> dict:
    check_characters(purpose=log.purpose, key=key, page=page, size=size)
    if not log.purpose:
        raise PurposeRequiredError()
    if not key and page is None:
        raise QueryRequiredError()
    grant = _grant(system=system, resource_id=resource_id, log=log)
    meta = _metadata(resource_id=resource_id, grant_id=grant.pk)
    if meta.stop:
        # Its grants are suspended in the catalogue's own transaction; this holds if one was not (R1.2, R1.9).
        raise NotSharedError(NotSharedError.default_message % {"why": SharingStop(meta.stop).label})
    if grant.service_id is None:
        raise NotMountedError()
    log.service_id = grant.service_id
    if grant.service_status != ServiceStatus.ACTIVE:
        raise ServiceInterruptedError()
    if key:
        key = checked_key(key, meta.key_item)
        page_no = page_size = None
    else:
        page_no, page_size = page_bounds(page, size)
    fetched = _fetch(grant=grant, key=key, page=page_no, size=page_size, log=log)
    field_map = grant.field_map
    key_field = field_map.get(meta.key_item.identifier) if meta.key_item else None
    records = []
    for row_key, data in fetched:
        if row_key is None:
            row_key = str(data.get(key_field, "")) if key_field else ""
        log.record_keys.append(row_key)
        records.append(_project(data, items=meta.items, field_map=field_map, raw=grant.raw_values))
    log.items = [identifier for identifier, _kind in meta.items]
    log.masked = [] if grant.raw_values else [identifier for identifier, kind in meta.items if kind]
    body = {"resource": meta.resource_code, "count": len(records), "records": records}
    if key is None:
        body.update(page=page_no, size=page_size)
    return body


# The hot path runs fixed SQL on the exchange's own tables: ORM query compilation was most of the gateway's CPU
# per call (bench/gateway.py), and these statements never change shape.
_SERVED = "(SELECT COALESCE(SUM(u.served), 0) FROM exchange_grantusage u WHERE u.grant_id = g.id AND u.day = %s)"
_LIVE = "g.is_active AND g.suspended_at IS NULL"
# One row answers the call, whatever number of grants the system holds on the resource: the grant to serve under
# if any is valid today (one with quota left first), else the one whose refusal tells the most — not yet valid (the
# soonest), expired (the latest), suspended, revoked. The rank is a column so that ORDER BY needs no parameters.
_GRANT_COLUMNS = f"""g.id, g.is_active, g.valid_from, g.valid_until, g.daily_quota, g.raw_values,
       m.field_map, s.id, s.kind, s.status, s.endpoint, s.table_id, {_SERVED}, g.suspended_at, g.suspension_reason,
       CASE WHEN {_LIVE} AND g.valid_from <= %s AND g.valid_until >= %s
                 THEN CASE WHEN g.daily_quota IS NULL OR g.daily_quota > {_SERVED} THEN 0 ELSE 1 END
            WHEN {_LIVE} AND g.valid_from > %s THEN 2
            WHEN {_LIVE} THEN 3
            WHEN g.is_active THEN 4
            ELSE 5 END AS grant_rank,
       CASE WHEN {_LIVE} AND g.valid_from > %s THEN g.valid_from END AS grant_starts"""
_TODAY_PARAMS = _GRANT_COLUMNS.count("%s")  # each of them is today's date
_GRANT_JOINS = """LEFT JOIN exchange_mount m ON m.resource_id = g.resource_id AND m.is_active
LEFT JOIN exchange_dataservice s ON s.id = m.service_id"""
_GRANT_ORDER = "ORDER BY grant_rank, grant_starts, g.valid_until DESC, g.id DESC LIMIT 1"
_CONTEXT_SQL = f"""SELECT {_GRANT_COLUMNS}
FROM exchange_grant g
{_GRANT_JOINS}
WHERE g.system_id = %s AND g.resource_id = %s
{_GRANT_ORDER}"""  # noqa: S608 - composed of the constants above only
# The same, read together with the caller's credential: one round trip to the database instead of two, which on
# PostgreSQL under load is worth more than any Python the call runs. A client without grants gives one row of NULLs.
# identity composes the statement (its table is named only there); the grant part is ours.
_CLIENT_CONTEXT_SQL = identity.client_sql(
    columns=_GRANT_COLUMNS,
    joins=f"LEFT JOIN exchange_grant g ON g.system_id = c.id AND g.resource_id = %s\n{_GRANT_JOINS}",
    order=_GRANT_ORDER,
)
_KEY_SQL = "SELECT key, data FROM exchange_hostedrow WHERE table_id = %s AND key = %s ORDER BY row_no LIMIT %s"
_PAGE_SQL = (
    "SELECT key, data FROM exchange_hostedrow WHERE table_id = %s AND row_no > %s AND row_no <= %s ORDER BY row_no"
)


def client_with_grants(*, key_prefix: str, resource_id: int | None, log: CallLog):
    """The active SystemClient with this key prefix (None if there is none), its grants for the resource in `log`.

    Only the prefix is checked here; the caller still compares the whole key with the client's digest.
    """
    params = [*_today_params(), db_id(resource_id), key_prefix]
    rows = hotsql.fetch_all(_CLIENT_CONTEXT_SQL, params)
    if not rows:
        return None
    width = identity.CLIENT_WIDTH
    log.grant_rows = [row[width:] for row in rows if row[width] is not None]
    return identity.client_from_row(rows[0])


def _today_params() -> list:
    return [connection.ops.adapt_datefield_value(timezone.localdate())] * _TODAY_PARAMS


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _grant(*, system, resource_id: int, log: CallLog) -> CallGrant:
    """The grant that lets `system` read the resource today, or the precise reason there is none."""
    rows = log.grant_rows
    if rows is None:
        known = db_id(resource_id)
        rows = [] if known is None else hotsql.fetch_all(_CONTEXT_SQL, [*_today_params(), system.pk, known])
    if not rows:
        raise NoGrantError()
    r = rows[0]  # the best of the system's grants on the resource (`_GRANT_COLUMNS`)
    grant = CallGrant(r[0], bool(r[1]), str(r[2])[:10], str(r[3])[:10], r[4], bool(r[5]), _json(r[6]) or {}, *r[7:15])
    if grant.suspension_reason:
        grant.stop_label = SharingStop(grant.suspension_reason).label
    log.grant_id = grant.pk
    log.provider_id = _metadata(resource_id=resource_id, grant_id=grant.pk).provider_id
    refuse_unless_serving(grant, timezone.localdate().isoformat())
    return grant


@dataclass(frozen=True)
class _Metadata:
    resource_code: str
    provider_id: int
    items: list  # (identifier, masking kind) of the granted items, in catalogue order
    key_item: object  # catalog InformationItem marked is_key, or None
    stop: str | None  # why the resource may not be shared now (catalog SharingStop), or None
    loaded: float


# Catalogue metadata changes only through review and publishing; a few seconds of staleness per process costs
# nothing there, and saves three queries per call. Grants, mounts and service status are NOT cached.
METADATA_TTL_S = getattr(settings, "DIGIGOV_GATEWAY_METADATA_TTL_S", 5.0)
_metadata_cache: dict[tuple[int, int], _Metadata] = {}


def _metadata(*, resource_id: int, grant_id: int) -> _Metadata:
    now = time.monotonic()
    cached = _metadata_cache.get((resource_id, grant_id))
    if cached is not None and now - cached.loaded < METADATA_TTL_S:
        return cached
    resource = resource_get(resource_id)
    all_items = resource_items(resource)
    granted = set(Grant.items.through.objects.filter(grant_id=grant_id).values_list("informationitem_id", flat=True))
    meta = _Metadata(
        resource_code=resource.code,
        provider_id=resource.provider_id,
        items=[(item.identifier, masking.item_kind(item)) for item in all_items if item.pk in granted],
        key_item=next((item for item in all_items if item.is_key), None),
        stop=sharing_stop(resource),
        loaded=now,
    )
    if len(_metadata_cache) > 10_000:
        _metadata_cache.clear()
    _metadata_cache[(resource_id, grant_id)] = meta
    return meta


def _project(data: dict, *, items, field_map: dict, raw: bool) -> dict:
    """Only the granted items, keyed by item identifier, masked by their sensitivity unless raw values are granted."""
    record = {}
    for identifier, sensitive in items:
        value = data.get(field_map.get(identifier, identifier))
        record[identifier] = value if raw else masking.mask(sensitive, value)
    return record


def _fetch(*, grant: CallGrant, key, page, size, log: CallLog) -> list[tuple[str | None, dict]]:
    """(record key or None, service fields) of the matching records, from the hosted table or the upstream API."""
    started = time.perf_counter()
    try:
        if grant.service_kind == ServiceKind.HOSTED_TABLE:
            if key is not None:
                rows = hotsql.fetch_all(_KEY_SQL, [grant.table_id, key, MAX_RECORDS_PER_KEY])
            else:
                bounds = [min((page - 1) * size, MAX_ROW_NO), min(page * size, MAX_ROW_NO)]
                rows = hotsql.fetch_all(_PAGE_SQL, [grant.table_id, *bounds])
            return [(row_key, _json(data)) for row_key, data in rows]
        return [(None, record) for record in _upstream(grant.endpoint, key=key, page=page, size=size)]
    finally:
        log.upstream_ms = (time.perf_counter() - started) * 1000


_local = threading.local()


def _session() -> requests.Session:
    """One pooled session per thread (requests.Session is not documented as thread-safe). Every call is checked by
    core.http_fetch, as at registration and in probes: the address again (a DNS answer may have changed since, or
    the administrator narrowed the allowlist), each redirect, and the answer's size (issue 9, item 6)."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = http_fetch.session(
            allowed_rule=UPSTREAM_ALLOWED_HOSTS, max_mb_rule=UPSTREAM_MAX_RESPONSE_MB
        )
        session.headers["User-Agent"] = "digigov-exchange-gateway/1"
    return session


def _upstream(endpoint: str, *, key, page, size) -> list[dict]:
    params = {"key": key} if key is not None else {"page": page, "size": size}
    try:
        response = _session().get(endpoint, params=params, timeout=UPSTREAM_TIMEOUT)
    except http_fetch.FetchRefusedError as exc:
        raise _upstream_error(exc.reason) from None
    except requests.Timeout:
        raise _upstream_error(_("timed out")) from None
    except requests.RequestException:
        raise _upstream_error(_("connection failed")) from None
    if response.status_code == 404 and key is not None:
        return []  # the provider says: no record with this key
    if response.status_code != 200:
        raise _upstream_error(_("HTTP %(status)d") % {"status": response.status_code})
    try:
        body = response.json()
    except ValueError:
        raise _upstream_error(_("not JSON")) from None
    records = body.get("records") if isinstance(body, dict) and "records" in body else body
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise _upstream_error(_("unexpected JSON shape"))
    return records[:MAX_PAGE_SIZE]


def _upstream_error(reason) -> UpstreamError:
    return UpstreamError(UpstreamError.default_message % {"reason": reason})
