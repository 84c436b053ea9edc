"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json). One error shape everywhere:

{"code": "permission_denied", "message": "<Chinese text>", "errors": [{"field": "uscc", "message": "..."}]}
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from digigov.catalog.routes import router as catalog_router
from digigov.core.api_docs import LocalSwagger, docs_access
from digigov.core.errors import DomainError
from digigov.core.routes import router as core_router
from digigov.exchange.gateway_routes import router as gateway_router
from digigov.exchange.routes import router as exchange_router
from digigov.identity.api import ApiKeyAuth
from digigov.identity.routes import router as identity_router
from digigov.signing.routes import router as signing_router

api = NinjaAPI(
    title="digigov API",
    version="1",
    urls_namespace="api-v1",
    auth=[django_auth, ApiKeyAuth()],
    docs_url="/docs",
    docs=LocalSwagger(),
    docs_decorator=docs_access,  # settings.DIGIGOV_API_DOCS_ACCESS: staff only in production
)


def error_body(code: str, message, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": str(message), "errors": errors or []}


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    errors = [{"field": f, "message": str(m)} for f, ms in exc.fields.items() for m in ms]
    return api.create_response(request, error_body(exc.code, exc.message, errors), status=exc.status)


@api.exception_handler(ValidationError)
def on_django_validation(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return api.create_response(
        request,
        error_body("validation_error", errors[0]["message"] if errors else _("Invalid data."), errors),
        status=400,
    )


def _field_name(loc) -> str:
    """("body", "payload", "kind") -> "kind"; ("query", "start") -> "start"."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def on_schema_validation(request, exc: NinjaValidationError):
    errors = [{"field": _field_name(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(
        request,
        error_body("validation_error", _("Some fields are missing or malformed."), errors),
        status=422,
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, error_body("not_authenticated", _("Sign in, or send a valid API key.")), status=401
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(
        request,
        error_body("permission_denied", _("You do not have permission to do this for that organisation.")),
        status=403,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, error_body("not_found", _("The object does not exist or is not visible to you.")), status=404
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, error_body("http_error", exc.message), status=exc.status_code)


api.add_router("/core/", core_router)
api.add_router("/identity/", identity_router)
api.add_router("/signing/", signing_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/exchange/gateway/", gateway_router)
api.add_router("/exchange/", exchange_router)
