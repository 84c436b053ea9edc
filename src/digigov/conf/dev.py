"""Laptop settings: `make run` on SQLite with the demo province."""

from digigov.conf.base import *  # noqa: F403
from digigov.conf.env import env_list, env_str

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,[::1]")
TASKS = queued_tasks(TASKS_REDIS_URL)  # noqa: F405  `make run` starts run_worker beside the server

# A developer changes templates: pages come from the application, not from static copies made before the change.
DIGIGOV_STATIC_SITES_ROOT = env_str("DIGIGOV_STATIC_SITES_ROOT", "")
