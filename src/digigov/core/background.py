"""Long work (imports of thousands of rows, reports, reindexing) as a background task with a progress bar.

An app writes the work as `work(job, progress, **params) -> Outcome` under `@background_task`, and a view starts it
with `launch(work, owner=…, label=…, **params)`: the job row is created and audited in the caller's transaction,
the task is enqueued once it commits, and the view redirects to `job.get_absolute_url()`, where the owner
watches the bar and then finds the message, link or file of the `Outcome` (DESIGN.md "Long jobs show progress").

`progress(done, total, stage=…)` writes the row at most twice a second, in autocommit: inside a transaction the
page would see nothing until the commit, so all-or-nothing work reports its long reading and checking phase outside
its writing transaction. A `DomainError` ends the job with its Chinese message (an ImportRejectedError also with
every bad cell, listed on the page); any other exception with a general Chinese message (the traceback goes to the
worker's log) and is re-raised so the queue records the failure too.

An upload is handed to the worker through private storage (`STORAGES["private"]`, shared by app servers and
workers, never served): the view checks the file and calls `keep_upload`, the work reads it with `kept_upload`,
which removes it when the work ends, whether it succeeded or not.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
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
PROBLEMS_KEPT = 1000  # bad cells listed on a job's page; the error message still counts them all
PRIVATE_STORAGE = "private"


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
def launch(work: Task, *, owner, label: str, organisation=None, back_url: str = "", **params) -> BackgroundJob:
    """Create the job (audited) and enqueue `work` for it after the caller's transaction commits.

    `back_url` is where the job's page links back to (the list or form the job was started from), done or failed;
    an Outcome's own `url` replaces it when the work succeeds.
    """
    job = BackgroundJob.objects.create(
        kind=work.module_path, label=label, owner=owner, organisation=organisation, params=params, result_url=back_url
    )
    ledger.record(
        action="core.job.started", actor=owner, organisation=organisation, obj=job, after={"label": label, **params}
    )
    transaction.on_commit(lambda: work.enqueue(job.pk))
    return job


def keep_upload(data: bytes, filename: str) -> str:
    """Keep an uploaded file for the job that will read it; returns the name to pass to the job as a parameter.

    Private storage, an unguessable folder: the file is never served, and each upload has its own name.
    """
    name = posixpath.basename((filename or "upload").replace("\\", "/")) or "upload"
    storage = storages[PRIVATE_STORAGE]
    return storage.save(f"uploads/{secrets.token_urlsafe(16)}/{storage.get_valid_name(name)}", ContentFile(data))


@contextmanager
def kept_upload(name: str) -> Iterator[bytes]:
    """The bytes of a file `keep_upload` kept; the file is removed when the block ends, whatever happens in it."""
    storage = storages[PRIVATE_STORAGE]
    try:
        with storage.open(name, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise DomainError(_("The uploaded file is no longer there; upload it again.")) from None
    try:
        yield data
    finally:
        storage.delete(name)
        with suppress(NotImplementedError, OSError):  # its folder, now empty (a remote storage has no folders)
            os.rmdir(storage.path(posixpath.dirname(name)))


class _Progress:
    """The `progress(done, total, stage=None)` callable handed to the work; throttled, in autocommit.

    `stage` names what the work is doing ("Checking rows", "Saving rows"); a new stage is written at once.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id, self.total, self.last, self.stage = job_id, 0, 0.0, ""

    def __call__(self, done: int, total: int | None = None, *, stage=None) -> None:
        if total is not None:
            self.total = total
        fields = {}
        if stage is not None and str(stage) != self.stage:
            self.stage = fields["stage"] = str(stage)[:100]
        now = time.monotonic()
        if not fields and now - self.last < WRITE_EVERY_S and done < self.total:
            return
        self.last = now
        BackgroundJob.objects.filter(pk=self.job_id).update(done=done, total=max(self.total, done), **fields)


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
        cells = getattr(exc, "rows", None)  # ImportRejectedError: every bad cell, e.g. C7, with its reason
        if cells:
            problems = [{"cell": e.cell, "message": str(e.message)} for e in cells[:PROBLEMS_KEPT]]
            _finish(job, status=JobStatus.FAILED, error=str(exc.message)[:500], problems=problems)
        else:
            messages = [str(exc.message)]
            messages += [str(m) for ms in exc.fields.values() for m in ms if str(m) not in messages]
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
            result_url=outcome.url or job.result_url)  # fmt: skip
    return job.status
