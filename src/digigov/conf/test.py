"""Test settings: same stack as production, faster password hashing."""

from digigov.conf.base import *  # noqa: F403
from digigov.conf.env import env_str

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A test database in a file that outlives the run, for `pytest --reuse-db`: the mutation run (scripts/mutate.sh)
# starts the tests once per mutant and would otherwise migrate a new database each time (50 s on SQLite).
if _reused := env_str("DIGIGOV_TEST_DATABASE", ""):
    DATABASES["default"]["TEST"] = {"NAME": _reused}  # noqa: F405

# PostgreSQL: a commit need not wait for its WAL record to reach the disk. A test database is not meant to survive an
# operating-system crash, and the suite's thousands of commits (transactional tests, live servers) then run faster.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# Static publishing is switched on by the tests about it (`settings.DIGIGOV_STATIC_SITES_ROOT = tmp_path`).
DIGIGOV_STATIC_SITES_ROOT = ""
# The demo province's service cases: `make run` loads 1,000 (demo/cases.py); the suite's shared demo a few dozen,
# enough for every state, since each worker loads it.
DIGIGOV_DEMO_LICENCES = 300
DIGIGOV_DEMO_CASES = 40
DIGIGOV_DEMO_HOTLINE_TICKETS = 200
