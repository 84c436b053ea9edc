"""The front door at `/` until the portal (websites app) exists: the installation's name and the ways in.

Wagtail's default root page ("Welcome to your new Wagtail site!") never shows: this view owns `/`.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.vary import vary_on_cookie

from digigov.core import private_files
from digigov.core.errors import NotFoundError
from digigov.core.middleware import MB, refused_while_reading, too_large

DISPLAY_COOKIE = "digigov_display"
DISPLAY_MODES = ("standard", "large")
ONE_YEAR = 365 * 24 * 3600


@vary_on_cookie
def home(request):
    """`?display=large|standard` switches the 适老化 large type and remembers it in a cookie, with no script."""
    mode = request.GET.get("display")
    if mode in DISPLAY_MODES:
        response = redirect("home")
        response.set_cookie(DISPLAY_COOKIE, mode, max_age=ONE_YEAR, samesite="Lax", httponly=True)
        return response
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "large": request.COOKIES.get(DISPLAY_COOKIE) == "large",
    }
    return render(request, "core/home.html", context)


def bad_request(request, exception=None):
    """handler400: Django's bare "Bad Request" in the words of the person who sent it. A body or field count over
    the limits (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) says so; anything else says it could not be
    read."""
    return refused_while_reading(request, exception)


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
