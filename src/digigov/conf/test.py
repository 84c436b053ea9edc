"""Test settings: same stack as production, faster password hashing."""

from digigov.conf.base import *  # noqa: F403
from digigov.conf.env import env_str

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A test database in a file that outlives the run, for `pytest --reuse-db`: the mutation run (scripts/mutate.sh)
# starts the tests once per mutant and would otherwise migrate a new database each time (50 s on SQLite).
if _reused := env_str("DIGIGOV_TEST_DATABASE", ""):
    DATABASES["default"]["TEST"] = {"NAME": _reused}  # noqa: F405
