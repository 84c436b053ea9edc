"""Public pages of the kernel: the large-type switch of every public page, and the pages of a refused or failed
request. `/` is the portal's home page (websites app).
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from digigov.core import private_files
from digigov.core.errors import NotFoundError
from digigov.core.middleware import MB, refused_while_reading, too_large

DISPLAY_COOKIE = "digigov_display"
DISPLAY_MODES = ("standard", "large")
ONE_YEAR = 365 * 24 * 3600


def display(request):
    """`/display/?mode=large|standard&next=/path`: the 适老化 switch without a script. The cookie is readable by
    `public/display.js`, which applies the large type on every public page and on its static copy alike."""
    mode = request.GET.get("mode")
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = redirect(target)
    if mode in DISPLAY_MODES:
        response.set_cookie(DISPLAY_COOKIE, mode, max_age=ONE_YEAR, samesite="Lax")
    return response


BACK_OFFICE = "/admin/"
API = "/api/"


def _texts(status: int, reason: str = "") -> tuple[str, str]:
    """The heading and the sentence of an error page."""
    if reason == "csrf":
        return _("The form has expired"), _(
            "The page was open for a long time, or you signed in or out in another window. Go back, reload the page "
            "and send the form again."
        )
    if status == 400:
        return _("The request cannot be understood"), _(
            "The address or the form sent is malformed. Go back and try again."
        )
    if status == 403:
        return _("You may not open this page"), _(
            "Your account has no right to this page or to this organisation's records. If your work needs it, ask "
            "your organisation's administrator."
        )
    if status == 404:
        return _("Page not found"), _(
            "The address may be mistyped, or the page was moved or is not visible to your account."
        )
    return _("Something went wrong"), _(
        "The platform could not finish your request. Try again in a few minutes; if it keeps failing, tell the "
        "platform's operations team when it happened."
    )


def _api_error(status: int) -> JsonResponse:
    """An address no API route answers, or a failure outside the routes: still the API's one error shape."""
    code, message = {
        400: ("bad_request", _("The request is malformed.")),
        403: ("permission_denied", _("You do not have permission to do this for that organisation.")),
        404: ("not_found", _("No API operation has this address.")),
    }.get(status, ("server_error", _("The platform could not finish your request; try again later.")))
    return JsonResponse({"code": code, "message": message, "errors": []}, status=status)


def error_context(path: str, status: int, reason: str = "") -> dict:
    """What the error page says and the ways back: to the workbench from the back office, else to the front door."""
    title, explanation = _texts(status, reason)
    ways = [(_("Back to the home page"), "/")]
    if path.startswith(BACK_OFFICE):
        ways.insert(0, (_("Back to the workbench"), BACK_OFFICE))
    return {"status": status, "title": title, "explanation": explanation, "ways": ways, "home_url": "/"}


def error_html(path: str, status: int, reason: str = "") -> HttpResponse:
    """The branded Chinese page (core/error.html). It reads no database and runs no context processor, so the 500
    page renders even when the database is what failed."""
    return HttpResponse(render_to_string("core/error.html", error_context(path, status, reason)), status=status)


def error_page(request, status: int, reason: str = "") -> HttpResponse:
    """The error page for people, the API's error shape for callers of /api/."""
    if request.path.startswith(API):
        return _api_error(status)
    return error_html(request.path, status, reason)


def bad_request(request, exception=None):
    """handler400. A body or field count over the limits (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
    says so (core.middleware.refused_while_reading); anything else gets the error page."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return refused_while_reading(request, exception)
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent after its page expired, said in Chinese instead of Django's English."""
    return error_page(request, 403, reason="csrf")


def private_file(request, name: str):
    """/files/<name>: a private file (core.private_files) for someone allowed to see it, recorded in the ledger."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        handle = private_files.private_file_open(actor=request.user, name=name)
    except NotFoundError:
        raise Http404 from None
    filename = PurePosixPath(name).name
    accel = getattr(settings, "DIGIGOV_PRIVATE_FILES_ACCEL", "")
    if accel:
        handle.close()
        response = HttpResponse(content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def too_large_page(request):
    """/too-large/: the page nginx shows (error_page 413) when it refuses an upload itself, in the app's words."""
    return too_large(request, settings.DIGIGOV_REQUEST_MAX_MB * MB)
