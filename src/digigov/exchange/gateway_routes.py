"""The exchange gateway under /api/v1/exchange/gateway/: consumer systems read granted data (R1.8, R1.9).

Systems only: the router accepts the X-API-Key of an identity.SystemClient and no session, so a person signed in
to the back office cannot read shared data through it. The whole operation — key, parameters, the read, the answer
— runs inside `gateway.call_logged` (`logged_call`), so every call, whatever becomes of it, leaves exactly one log
row, and the caller always gets either the records or the one error shape. Answers are never cached or stored.
"""

import json
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view

from digigov.core.middleware import client_ip
from digigov.exchange import gateway
from digigov.exchange.gateway_errors import ApiKeyInvalidError, ApiKeyMissingError, GatewayError, MethodNotAllowedError
from digigov.identity.api import KEY_PREFIX_LEN, ApiKeyAuth


class GatewayKeyAuth(ApiKeyAuth):
    """ApiKeyAuth that reads the key's client and its grants for the resource in one query into the call's log, and
    refuses a missing or wrong key with the gateway's own errors (logged like every refusal)."""

    def authenticate(self, request, key):
        log = request.gateway_log
        if key and len(key) > KEY_PREFIX_LEN and key.isascii() and key.isprintable():
            found = gateway.client_with_grants(key_prefix=key[:KEY_PREFIX_LEN], resource_id=log.resource_id, log=log)
            client = self.accept(request, key, found)
            if client is not None:
                log.system = client
                return client
        log.grant_rows = None
        raise ApiKeyMissingError() if not key else ApiKeyInvalidError()


def logged_call(run):
    """Run the whole gateway operation (ninja's authentication, parameters, view and rendering) inside one
    `gateway.call_logged`: the one place a call's log row is opened and closed (R1.8).

    An error answer rendered by the API's handlers is logged with the code the caller got; an exception nothing
    handled (a bug, a database fault) is logged as failed and answered 503 in the one error shape; if the row cannot
    be written the prepared answer is dropped for a 503. No answer of the gateway may be stored by a cache.
    """

    @wraps(run)
    def call(request, **kwargs):
        try:
            with gateway.call_logged(client_ip=client_ip(request)) as log:
                request.gateway_log = log
                log.resource_id = kwargs.get("resource_id")
                log.purpose = _purpose(request, request.GET.get("purpose"))
                log.query = request.META.get("QUERY_STRING", "")
                response = run(request, **kwargs)
                if response.status_code != 200:
                    log.answered(_error_code(response))
        except GatewayError as error:
            errors = [{"field": f, "message": str(m)} for f, ms in error.fields.items() for m in ms]
            response = JsonResponse({"code": error.code, "message": str(error.message), "errors": errors})
            response.status_code = error.status
        if response.status_code == MethodNotAllowedError.status:
            response["Allow"] = "GET"
        response["Cache-Control"] = "no-store"
        return response

    return call


def _error_code(response) -> str:
    """The `code` of an answer in the one error shape."""
    try:
        return str(json.loads(response.content)["code"])
    except (ValueError, KeyError, TypeError):
        return f"http_{response.status_code}"


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
@decorate_view(logged_call)
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


@router.api_operation(
    ["POST", "PUT", "PATCH", "DELETE"], "/resources/{int:resource_id}/records", include_in_schema=False
)
@decorate_view(logged_call)
def records_written_to(request, resource_id: int):
    """A write to the gateway is refused like any other call the gateway refuses: logged, in the one error shape
    (405, Allow: GET). Left to the framework it got a bare 405 and no log row, so a probe with a stolen key by any
    method but GET left no trace (R1.8)."""
    raise MethodNotAllowedError()
