"""The exchange gateway under /api/v1/exchange/gateway/: consumer systems read granted data (R1.8, R1.9).

Systems only: the router accepts the X-API-Key of an identity.SystemClient and no session, so a person signed in
to the back office cannot read shared data through it. A missing or wrong key is refused AND logged like every
other refusal.
"""

import time
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from digigov.core.middleware import client_ip
from digigov.exchange import gateway
from digigov.exchange.gateway_errors import ApiKeyInvalidError, ApiKeyMissingError
from digigov.identity.api import KEY_PREFIX_LEN, ApiKeyAuth


class GatewayKeyAuth(ApiKeyAuth):
    """ApiKeyAuth that starts the call's log, reads the key's client and its grants for the resource in one query,
    and records the refusal when the key is missing or wrong."""

    def authenticate(self, request, key):
        log = gateway.CallLog(started=time.perf_counter(), client_ip=client_ip(request))
        request.gateway_log = log
        match = request.resolver_match
        resource_id = (match.kwargs.get("resource_id") if match else None) or None
        client = None
        if key and len(key) > KEY_PREFIX_LEN:
            found = gateway.client_with_grants(key_prefix=key[:KEY_PREFIX_LEN], resource_id=resource_id, log=log)
            client = self.accept(request, key, found)
        if client is None:
            log.grant_rows = None
            log.resource_id = resource_id
            log.purpose = _purpose(request, request.GET.get("purpose"))
            log.query = request.META.get("QUERY_STRING", "")[:200]
            error = ApiKeyMissingError() if not key else ApiKeyInvalidError()
            gateway.gateway_refuse(log=log, error=error)
        return client


router = Router(tags=["gateway"], auth=GatewayKeyAuth())


class GatewayRecords(Schema):
    resource: str = Field(description="catalogue code of the resource")
    count: int = Field(description="records in this answer")
    records: list[dict[str, Any]] = Field(
        description="one object per record: granted information items by identifier, sensitive ones masked"
    )
    page: int | None = Field(None, description="page number (paged reads only)")
    size: int | None = Field(None, description="page size (paged reads only)")


def _purpose(request: HttpRequest, purpose: str | None) -> str:
    return (purpose or request.headers.get("X-Purpose", "")).strip()


@router.get(
    "/resources/{int:resource_id}/records",
    summary=_("Read records of a granted resource: by key, or a page"),
    description=_(
        "`?key=…` looks up the records with that key; `?page=1&size=20` reads a page (size at most 100). "
        "`purpose` (or the X-Purpose header) is required and logged. Only granted information items are returned; "
        "sensitive ones are masked unless the grant allows raw values."
    ),
    response={200: GatewayRecords},
)
def records(
    request,
    resource_id: int,
    key: str | None = None,
    page: str | None = None,
    size: str | None = None,
    purpose: str | None = None,
):
    """`?key=…` looks up the records with that key (ID number, credit code … as the resource's key item says);
    `?page=1&size=20` reads a page (size at most 100). `purpose` (or the X-Purpose header) is required and logged.
    Only granted information items are returned; sensitive ones are masked unless the grant allows raw values.
    """
    body = gateway.gateway_read(
        system=request.system_client,
        resource_id=resource_id,
        purpose=_purpose(request, purpose),
        key=key,
        page=page,
        size=size,
        log=request.gateway_log,
    )
    # Rendered here rather than validated against GatewayRecords again: the gateway built it, and the hot path
    # saves the schema round (bench/gateway.py). The schema is what the OpenAPI document shows.
    return JsonResponse(body)
