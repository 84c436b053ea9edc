from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from digigov.core import context

MB = 1024 * 1024
_FORM = "application/x-www-form-urlencoded"


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


def request_refused(request, *, status: int, code: str, title, message):
    """A refused request in the words of the person who sent it: the API's one error shape, or a page."""
    if request.path.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", ""):
        return JsonResponse({"code": code, "message": str(message), "errors": []}, status=status)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "title": title, "message": message, "back": back}
    return render(request, "core/request_refused.html", context, status=status)


class RequestSizeMiddleware:
    """Refuses a request body larger than the deployment allows before Django reads any of it (issue 9, item 4).

    A form with files may carry DIGIGOV_REQUEST_MAX_MB in all (nginx's client_max_body_size is the same number);
    any other body (JSON, a plain form) DATA_UPLOAD_MAX_MEMORY_SIZE. Each file's own rule (e.g.
    exchange.attachment_max_mb) is then checked by core.uploads. Without this, Django reads the whole upload to a
    temporary file first, and a body over DATA_UPLOAD_MAX_MEMORY_SIZE ends in its bare "400 Bad Request".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.DIGIGOV_REQUEST_MAX_MB * MB if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            _discard_body(request, length, up_to=DRAIN_FACTOR * limit)
            return too_large(request, limit)
        if (
            request.method == "POST"
            and request.path.startswith("/api/")
            and (multipart or _FORM in request.content_type)
        ):
            # Django-ninja turns what Django refuses while parsing a form into "Cannot parse request body": parse
            # it here, so the API says what the limit was, as the pages do (core.views.bad_request).
            try:
                request.POST  # noqa: B018
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
                return refused_while_reading(request, exc)
        return self.get_response(request)


DRAIN_FACTOR = 4


def _discard_body(request, length: int, *, up_to: int) -> None:
    """Read and drop a refused body that is not much too large: a browser still uploading when the answer comes and
    the connection closes shows "connection reset" instead of our page. A far larger one is not worth reading."""
    if length > up_to:
        return
    stream = request.META.get("wsgi.input")
    left = length
    try:
        while left > 0 and (chunk := stream.read(min(left, 256 * 1024))):
            left -= len(chunk)
    except (OSError, AttributeError):
        pass


def too_large(request, limit: int):
    mb = limit / MB
    return request_refused(
        request,
        status=413,
        code="request_too_large",
        title=_("The upload is too large"),
        message=_("What was sent is larger than the %(mb)s MB the platform accepts at once; send a smaller file.")
        % {"mb": int(mb) if mb.is_integer() else round(mb, 1)},
    )


def refused_while_reading(request, exception):
    """What Django refuses while reading a request (SuspiciousOperation subclasses), said in Chinese."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return request_refused(
            request,
            status=400,
            code="too_many_fields",
            title=_("The form is too large"),
            message=_("The form holds more fields or files than the platform accepts at once."),
        )
    return request_refused(
        request,
        status=400,
        code="bad_request",
        title=_("The request could not be read"),
        message=_("The platform could not read what was sent; reload the page and try again."),
    )


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
