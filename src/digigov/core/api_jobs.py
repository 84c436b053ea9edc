"""A background job in the JSON API: what a route that starts long work answers (202), and what
`GET /api/v1/core/jobs/{id}` answers while the caller polls it, as the job's page does (core.background).

    @router.post("/things/upload", response={202: JobOut})
    def thing_upload(request, file: File[UploadedFile]):
        return accepted(tasks.thing_import_start(actor=request.user, upload=file))
"""

import datetime as dt

from django.urls import reverse
from ninja import Schema
from ninja.responses import Status

from digigov.core.models import BackgroundJob


class JobProblemOut(Schema):
    cell: str
    message: str


class JobOut(Schema):
    """A job's progress, then its result: a message and link, a file to download, or the error with every bad cell."""

    id: int
    label: str
    status: str
    status_label: str
    done: int
    total: int
    stage: str
    percent: int
    finished: bool
    message: str
    error: str
    problems: list[JobProblemOut]
    result_url: str
    file_url: str
    page_url: str
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(job: BackgroundJob) -> str:
        return str(job.get_status_display())

    @staticmethod
    def resolve_file_url(job: BackgroundJob) -> str:
        return reverse("core_job_file", args=[job.pk]) if job.result_file else ""

    @staticmethod
    def resolve_page_url(job: BackgroundJob) -> str:
        return job.get_absolute_url()


def accepted(job: BackgroundJob) -> Status:
    """202 Accepted with the job, queued: it is enqueued once the request's transaction commits."""
    return Status(202, job)
