from django.conf import settings

from digigov.core import context


def client_ip(request) -> str:
    """The client address; behind a proxy the first X-Forwarded-For hop, when the deployment says to trust it."""
    if getattr(settings, "DIGIGOV_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


class RequestContextMiddleware:
    """Binds the client IP for the audit ledger (R0.4) for the duration of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.bind(
            context.RequestContext(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200])
        )
        try:
            return self.get_response(request)
        finally:
            context.unbind(token)
