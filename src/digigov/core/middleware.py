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


class SessionlessPathsMiddleware:
    """Under `DIGIGOV_SESSIONLESS_PATHS` (the exchange gateway) a request is a system's, never a person's: the
    session cookie a browser may send is not read, and the answer sets no cookie.

    An answer carrying personal data must not plant or refresh a cookie, and the sign-in middlewares (idle time-out,
    password change) must not touch a session or answer in place of the gateway, which logs every call (R1.8). Placed
    before SessionMiddleware, so the session is never loaded; clearing the answer's cookies holds for any middleware
    or view below.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "DIGIGOV_SESSIONLESS_PATHS", ()))

    def __call__(self, request):
        if not self.prefixes or not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        request.COOKIES = {}
        response = self.get_response(request)
        response.cookies.clear()
        return response
