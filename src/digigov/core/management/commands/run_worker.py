"""Runs the task worker of whichever queue TASKS configures, so deployments and `make run` name one command.

The worker lowers its CPU priority (nice 10 by default): a long import on a host it shares with app servers then
takes the CPU the requests leave, instead of slowing them (bench/imports.py measures the requests during an import).
"""

import logging
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DbWorker

RQ_BACKEND = "django_tasks_rq.RQBackend"
RQ_WORKER = "digigov.core.rq_worker.PromptWorker"  # RQ's worker, exiting within a second once done
DB_BACKEND = "django_tasks_db.DatabaseBackend"


class _DbWorker(DbWorker):
    def configure_logging(self, verbosity: int) -> None:
        """-v 0 keeps warnings and failures (db_worker's own -v 0 silences even those), not a line per task."""
        super().configure_logging(verbosity)
        if verbosity == 0:
            for name in (TASKS_LOGGER, "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)


class Command(BaseCommand):
    help = "Run background tasks: an RQ worker when TASKS is on Redis, the django-tasks database worker otherwise."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument(
            "--nice", type=int, default=10, help="Lower the CPU priority by this much (default 10; 0 keeps it)."
        )

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        verbosity = options["verbosity"]
        if options["nice"] > 0:
            os.nice(options["nice"])
        if backend == RQ_BACKEND:
            rq_args = ["--worker-class", RQ_WORKER, "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
            if options["burst"]:
                rq_args.append("--burst")
            call_command("rqworker", *rq_args, "default", verbosity=verbosity)
        elif backend == DB_BACKEND:
            burst = ["--batch", "--no-reload", "--no-startup-delay"] if options["burst"] else []
            call_command(_DbWorker(), *burst, verbosity=verbosity)
        else:
            raise CommandError(f"TASKS runs {backend} in the caller's process: there is no queue to work on")
