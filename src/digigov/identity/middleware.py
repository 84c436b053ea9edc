"""Sign-in state kept up on every request: idle sign-out, and a temporary password to be replaced (R0.2)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from digigov.core.rules import rule
from digigov.identity import selectors, services

_LAST_SEEN = "digigov_last_seen"
# The time of the last request is written at most once a minute: writing it on every request made every page and
# API call of a signed-in person an UPDATE of the session row (a commit on PostgreSQL, ~1-2 ms of each request;
# bench/cases.py). A person may so be signed out up to a minute before the rule's time, never after it.
_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs a person out after identity.idle_timeout_minutes without a request (R0.2, 等级保护)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - last > rule("identity.idle_timeout_minutes") * 60:
                services.session_expired(user=request.user)
                logout(request)
            elif last is None or now - last >= _REFRESH_SECONDS:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


MUST_CHANGE = "identity_must_change_password"
# Still reachable while a temporary password must be replaced: the page that replaces it, what that page loads
# (Wagtail's icons and its script translations: redirected too, the page drew no sidebar and left its 200-px
# placeholder over a phone's screen), and the way out.
_OPEN_URLS = (
    "wagtailadmin_account",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_logout",
    "identity:logout",
    "wagtailadmin_login",
)


class PasswordChangeRequiredMiddleware:
    """Sends a member whose password an administrator reset to the account page until they choose their own.

    The sign-in marks the session (`receivers.note_temporary_password`), so only a marked session costs a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.session.get(MUST_CHANGE):
            if not selectors.must_change_password(request.user):
                del request.session[MUST_CHANGE]
            elif not _open(request.path):
                message = _("An administrator reset your password: choose your own password to continue.")
                if request.path.startswith("/api/"):
                    body = {"code": "password_change_required", "message": str(message), "errors": []}
                    return JsonResponse(body, status=403)
                messages.warning(request, message)
                return redirect("wagtailadmin_account")
        return self.get_response(request)


def _open(path: str) -> bool:
    if path.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")):
        return True
    return any(path == reverse(name) for name in _OPEN_URLS)
