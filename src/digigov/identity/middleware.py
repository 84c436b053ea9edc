import time

from django.contrib.auth import logout

from digigov.core.rules import rule
from digigov.identity import services

_LAST_SEEN = "digigov_last_seen"


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
            else:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)
