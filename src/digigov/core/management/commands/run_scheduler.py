"""The one timer of a deployment: enqueues every periodic job apps register (core/periodic.py)."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from digigov.core import periodic

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the registered periodic jobs when due; runs until stopped (one process per deployment)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit (e.g. from cron).")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks (default 30).")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and their last slot.")

    def handle(self, *args, **options):
        if options["list"]:
            last = periodic.last_runs()
            for name, job in sorted(periodic.REGISTRY.items()):
                run = last.get(name)
                when = f"{timezone.localtime(run.slot):%Y-%m-%d %H:%M}" if run else "never"
                self.stdout.write(f"{name:<32} {job.schedule!s:<18} last {when:<16} {job.label}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if not options["once"]:
            self.stdout.write(f"scheduler: {len(periodic.REGISTRY)} periodic job(s), checking every "
                              f"{options['interval']:g} s")  # fmt: skip
        while not stop.is_set():
            try:
                enqueued = periodic.run_due()
            except DatabaseError:
                logger.exception("scheduler: the database refused; trying again at the next check")
                enqueued = []
            for name in enqueued:
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} enqueued {name}")
            if options["once"]:
                break
            stop.wait(options["interval"])
            close_old_connections()  # between checks: drop a connection the server timed out meanwhile
