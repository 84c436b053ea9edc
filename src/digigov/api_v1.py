"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json). One error shape everywhere:

{"code": "permission_denied", "message": "<Chinese text>", "errors": [{"field": "uscc", "message": "..."}]}
"""

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from digigov.catalog.routes import router as catalog_router
from digigov.core.api_auth import session_auth
from digigov.core.api_docs import LocalSwagger, docs_access
from digigov.core.api_inputs import InputError, InputParser
from digigov.core.errors import DomainError
from digigov.core.routes import router as core_router
from digigov.eservices.routes import router as eservices_router
from digigov.exchange.gateway_routes import router as gateway_router
from digigov.exchange.routes import router as exchange_router
from digigov.forms.routes import router as forms_router
from digigov.hotline.routes import router as hotline_router
from digigov.identity.api import ApiKeyAuth
from digigov.identity.routes import router as identity_router
from digigov.knowledge.routes import router as knowledge_router
from digigov.licenses.routes import router as licenses_router
from digigov.licenses.verify_routes import router as licenses_verify_router
from digigov.licenses.wallet_routes import router as licenses_wallet_router
from digigov.opendata.routes import router as opendata_router
from digigov.signing.routes import router as signing_router
from digigov.websites.routes import router as websites_router
from digigov.workflow.routes import router as workflow_router

ROOT = "/api/v1/"  # where urls.py mounts this API
# The exchange gateway logs every call it refuses (R1.8), so no guard of ours may answer for it first.
GATEWAY = "exchange/gateway/"

api = NinjaAPI(
    title="digigov API",
    version="1",
    urls_namespace="api-v1",
    # A system's key first: a system that sends only X-API-Key is authenticated by it, without a CSRF token.
    auth=[ApiKeyAuth(), session_auth],
    parser=InputParser(exempt_prefixes=(ROOT + GATEWAY,)),
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


# Pydantic's messages are English; these are what a caller reads, by pydantic's error type (its `ctx` fills in).
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text here (null is not accepted)."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_type": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "greater_than_equal": gettext_lazy("Enter a number of at least %(ge)s."),
    "greater_than": gettext_lazy("Enter a number greater than %(gt)s."),
    "less_than_equal": gettext_lazy("Enter a number of at most %(le)s."),
    "less_than": gettext_lazy("Enter a number less than %(lt)s."),
    "string_too_short": gettext_lazy("Enter at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Enter at most %(max_length)s characters."),
    "literal_error": gettext_lazy("Choose one of %(expected)s."),
}


def _schema_message(error: dict) -> str:
    template = SCHEMA_MESSAGES.get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", ""))
    try:
        return str(template) % error.get("ctx", {})
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def on_schema_validation(request, exc: NinjaValidationError):
    errors = [{"field": _field_name(e.get("loc", [])), "message": _schema_message(e)} for e in exc.errors]
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
    if isinstance(exc.__cause__, DomainError):  # ninja wraps what the body parser raised
        return on_domain_error(request, exc.__cause__)
    return api.create_response(request, error_body("http_error", exc.message), status=exc.status_code)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def on_unreadable_request(request, exc):
    """A multipart body without its boundary, too many fields, a body over the size limit: the client's fault."""
    return on_domain_error(request, InputError())


api.add_router("/core/", core_router)
api.add_router("/identity/", identity_router)
api.add_router("/signing/", signing_router)
api.add_router("/catalog/", catalog_router)
api.add_router(f"/{GATEWAY}", gateway_router)
api.add_router("/exchange/", exchange_router)
api.add_router("/websites/", websites_router)
api.add_router("/opendata/", opendata_router)
api.add_router("/workflow/", workflow_router)
api.add_router("/eservices/", eservices_router)
api.add_router("/forms/", forms_router)
api.add_router("/licenses/", licenses_router)
api.add_router("/licenses/", licenses_verify_router)
api.add_router("/licenses/wallet/", licenses_wallet_router)
api.add_router("/hotline/", hotline_router)
api.add_router("/knowledge/", knowledge_router)
