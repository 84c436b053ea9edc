from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Username and password sign-in; lockout after repeated failures is added in identity.services."""
