"""Laptop settings: `make run` on SQLite with the demo province."""

from digigov.conf.base import *  # noqa: F403
from digigov.conf.env import env_list

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,[::1]")
TASKS = queued_tasks(TASKS_REDIS_URL)  # noqa: F405  `make run` starts run_worker beside the server
