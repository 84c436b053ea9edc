"""Test settings: same stack as production, faster password hashing."""

from digigov.conf.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
