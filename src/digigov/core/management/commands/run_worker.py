"""Runs the task worker of whichever queue TASKS configures, so deployments and `make run` name one command."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

RQ_BACKEND = "django_tasks_rq.RQBackend"
DB_BACKEND = "django_tasks_db.DatabaseBackend"


class Command(BaseCommand):
    help = "Run background tasks: an RQ worker when TASKS is on Redis, the django-tasks database worker otherwise."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == RQ_BACKEND:
            rq_args = ["--job-class", "django_tasks_rq.Job", "--with-scheduler"]
            call_command("rqworker", *rq_args, *(["--burst"] if options["burst"] else []), "default")
        elif backend == DB_BACKEND:
            call_command("db_worker", *(["--batch"] if options["burst"] else []))
        else:
            raise CommandError(f"TASKS runs {backend} in the caller's process: there is no queue to work on")
