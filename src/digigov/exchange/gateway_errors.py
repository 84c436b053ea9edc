"""The gateway's refusals: each an HTTP status, a stable code and a Chinese message, and how the call is logged."""

from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError
from digigov.exchange.choices import CallStatus


class GatewayError(DomainError):
    status = 403
    log_status = CallStatus.REFUSED


class ApiKeyMissingError(GatewayError):
    status, code = 401, "api_key_missing"
    default_message = _("Send the system's API key in the X-API-Key header.")


class ApiKeyInvalidError(GatewayError):
    status, code = 401, "api_key_invalid"
    default_message = _("The API key is unknown or has been revoked.")


class MethodNotAllowedError(GatewayError):
    status, code = 405, "method_not_allowed"
    default_message = _("The gateway only reads data: call it with GET.")


class PurposeRequiredError(GatewayError):
    status, code = 400, "purpose_required"
    default_message = _("State the purpose of the call (purpose parameter or X-Purpose header).")


class QueryRequiredError(GatewayError):
    status, code = 400, "query_required"
    default_message = _("Give a key to look up, or a page to read.")


class InvalidKeyError(GatewayError):
    status, code = 400, "invalid_key"
    default_message = _("The key is not a valid %(kind)s.")


class InvalidParameterError(GatewayError):
    status, code = 400, "invalid_parameter"
    default_message = _("“%(field)s” contains control characters, which no key, page or purpose can hold.")


class InvalidPageError(GatewayError):
    status, code = 400, "invalid_page"
    default_message = _("Pages start at 1 and hold 1 to %(max)d records.")


class NoGrantError(GatewayError):
    code = "no_grant"
    default_message = _("This system has no grant to use this resource; apply for it first.")


class GrantRevokedError(GatewayError):
    code = "grant_revoked"
    default_message = _("The grant for this resource has been revoked.")


class GrantSuspendedError(GatewayError):
    code = "grant_suspended"
    default_message = _("The grant for this resource is suspended: %(why)s.")


class NotSharedError(GatewayError):
    code = "resource_not_shared"
    default_message = _("This resource may no longer be shared: %(why)s.")


class GrantExpiredError(GatewayError):
    code = "grant_expired"
    default_message = _("The grant for this resource expired on %(date)s.")


class GrantNotYetValidError(GatewayError):
    code = "grant_not_yet_valid"
    default_message = _("The grant for this resource is valid from %(date)s.")


class QuotaExceededError(GatewayError):
    status, code = 429, "quota_exceeded"
    default_message = _("Today's quota of %(quota)d calls for this resource is used up.")


class NotMountedError(GatewayError):
    status, code = 503, "not_mounted"
    default_message = _("No data service is mounted to this resource yet.")


class ServiceInterruptedError(GatewayError):
    status, code = 503, "service_interrupted"
    default_message = _("The data service of this resource is interrupted; the provider has been told.")


class UpstreamError(GatewayError):
    status, code = 502, "upstream_error"
    log_status = CallStatus.UPSTREAM_ERROR
    default_message = _("The provider's data service did not answer properly (%(reason)s).")


class GatewayFaultError(GatewayError):
    """Anything that went wrong inside the gateway that is not one of the refusals above (a bug, a database fault):
    the caller is told in the one error shape, nothing is served, and the call is logged as failed."""

    status, code = 503, "gateway_fault"
    log_status = CallStatus.FAILED
    default_message = _("The gateway could not answer this call; nothing was served. Try again later.")


class CallNotLoggedError(GatewayError):
    """The call's log row could not be written: whatever had been prepared is withheld (R1.8: never served unlogged)."""

    status, code = 503, "call_not_logged"
    log_status = CallStatus.FAILED
    default_message = _("The gateway could not record this call, so nothing was served. Try again later.")


def log_status(code: str) -> str:
    """How a call answered with the error `code` is logged: as its GatewayError says, else refused."""
    return _LOG_STATUS.get(code, CallStatus.REFUSED)


_LOG_STATUS = {cls.code: cls.log_status for cls in (UpstreamError, GatewayFaultError, CallNotLoggedError)}
