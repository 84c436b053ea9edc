"""Long work (imports of thousands of rows, reports, reindexing) as a background task with a progress bar.

An app writes the work as `work(job, progress, **params) -> Outcome` under `@background_task`, and a view starts it
with `launch(work, owner=…, label=…, **params)`: the job row is created and audited in the caller's transaction,
the task is enqueued once it commits, and the view redirects to `job.get_absolute_url()`, where the owner
watches the bar and then finds the message, link or file of the `Outcome` (DESIGN.md "Long jobs show progress").

`progress(done, total)` writes the row at most twice a second, in autocommit: inside a transaction the page would
see nothing until the commit, so all-or-nothing work reports its long reading and checking phase outside its one
writing transaction. A `DomainError` ends the job with its Chinese message; any other exception with a general
Chinese message (the traceback goes to the worker's log) and is re-raised so the queue records the failure too.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import Task

from digigov.core import ledger
from digigov.core.choices import JobStatus
from digigov.core.errors import DomainError
from digigov.core.models import BackgroundJob

logger = logging.getLogger(__name__)
Progress = Callable[..., None]
WRITE_EVERY_S = 0.5


@dataclass(frozen=True)
class Outcome:
    """What the owner finds when the job is done: a message, a link, and/or a file (name, bytes) to download."""

    message: str = ""
    url: str = ""
    file: tuple[str, bytes] | None = None


def background_task(work: Callable[..., Outcome | str | None]) -> Task:
    """Make `work(job, progress, **params)` a django-tasks task that runs one BackgroundJob (by id)."""

    @functools.wraps(work)
    def run(job_id: int) -> str:
        return _run(work, job_id)

    return task()(run)


@transaction.atomic
def launch(work: Task, *, owner, label: str, organisation=None, **params) -> BackgroundJob:
    """Create the job (audited) and enqueue `work` for it after the caller's transaction commits."""
    job = BackgroundJob.objects.create(
        kind=work.module_path, label=label, owner=owner, organisation=organisation, params=params
    )
    ledger.record(
        action="core.job.started", actor=owner, organisation=organisation, obj=job, after={"label": label, **params}
    )
    transaction.on_commit(lambda: work.enqueue(job.pk))
    return job


class _Progress:
    """The `progress(done, total)` callable handed to the work; throttled, in autocommit."""

    def __init__(self, job_id: int) -> None:
        self.job_id, self.total, self.last = job_id, 0, 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self.last < WRITE_EVERY_S and done < self.total:
            return
        self.last = now
        BackgroundJob.objects.filter(pk=self.job_id).update(done=done, total=max(self.total, done))


def _finish(job: BackgroundJob, **fields) -> None:
    fields["finished_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "result_file"])


def _run(work, job_id: int) -> str:
    job = BackgroundJob.objects.select_related("owner", "organisation").get(pk=job_id)
    if job.finished:  # a task delivered twice does not redo finished work
        return job.status
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            outcome = work(job, _Progress(job.pk), **job.params)
    except DomainError as exc:
        messages = [str(exc.message)] + [str(m) for ms in exc.fields.values() for m in ms]
        _finish(job, status=JobStatus.FAILED, error=" ".join(messages)[:500])
        return job.status
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        with translation.override(settings.LANGUAGE_CODE):
            error = _("The task stopped on an unexpected error. Tell the platform operator: job %(id)s.")
        _finish(job, status=JobStatus.FAILED, error=error % {"id": job.pk})
        raise
    if not isinstance(outcome, Outcome):
        outcome = Outcome(message=outcome or "")
    if outcome.file is not None:
        name, content = outcome.file
        job.result_file.save(name, ContentFile(content), save=False)
    job.refresh_from_db(fields=["done", "total"])
    total = max(job.total, job.done, 1)
    _finish(job, status=JobStatus.DONE, done=total, total=total, message=str(outcome.message)[:500],
            result_url=outcome.url)  # fmt: skip
    return job.status
