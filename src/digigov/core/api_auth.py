"""Session authentication of the JSON API: who is signed in first, then (for writes) the CSRF token.

django-ninja's `django_auth` checks the CSRF token before it looks at the session, and its English 403 ends the
authentication there: an anonymous POST was told "CSRF check Failed" instead of 401, and a system that sent only
its X-API-Key never reached the key check (issue 9, items 7 and 13). Here a caller without a session is simply
not authenticated by this method, so the next one (the API key) is tried and, failing that, the API answers 401;
a signed-in person's write without the token is refused with 403 and the one error shape.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from digigov.core.errors import PermissionDeniedError


class CsrfFailedError(PermissionDeniedError):
    code = "csrf_failed"
    default_message = _("The request lacks a valid CSRF token: reload the page and try again.")


class SessionAuth(APIKeyCookie):
    """The Django session of a signed-in person; POST, PUT, PATCH and DELETE also need Django's CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailedError()
        return user


session_auth = SessionAuth()
