"""The front door at `/` until the portal (websites app) exists: the installation's name and the ways in.

Wagtail's default root page ("Welcome to your new Wagtail site!") never shows: this view owns `/`.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_cookie

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
