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


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (issue 9, item 10).

    The policy (settings.DIGIGOV_CONTENT_SECURITY_POLICY) lets a page load and run only what this server sends:
    no inline script or `on…=` handler, no outside host. A view that needs another policy sets the header itself;
    it is left alone. Django 5.2 has no CSP of its own, and this is the whole of what django-csp would do here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.DIGIGOV_CONTENT_SECURITY_POLICY.items()
        )
        self.permissions = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.DIGIGOV_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
