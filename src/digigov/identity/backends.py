from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from digigov.identity import selectors, services


class LockoutModelBackend(ModelBackend):
    """Username and password sign-in that locks a username after repeated failures (R0.2, 等级保护).

    While locked even the right password is refused; PermissionDenied stops Django trying other backends.
    Sign-in pages show why through `forms.LockoutMessageMixin`.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if selectors.locked_until(username) is not None:
            services.signin_failed(username=username)
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            services.signin_failed(username=username)
            return None
        if not services.signin_succeeded(user=user):
            raise PermissionDenied
        return user
