import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import JobStatus


def _result_path(job: "BackgroundJob", filename: str) -> str:
    """An unguessable folder: the file is the owner's, handed out only through the job page's download."""
    return f"jobs/{secrets.token_urlsafe(16)}/{filename}"


class BackgroundJob(models.Model):
    """后台任务: one run of long work (an import, a report, a reindex) that its owner follows on a progress page.

    The worker writes `done`/`total` (and the `stage` it is in) as it goes (autocommit, so the page sees them), then
    the result: a message, a link and/or a file kept here for the owner to download; or the error, with every bad
    cell of a refused import in `problems`. Only the owner and platform administrators see it.
    """

    kind = models.CharField(_("kind"), max_length=100)
    label = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    message = models.CharField(_("result"), max_length=500, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    result_file = models.FileField(_("result file"), upload_to=_result_path, max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # [{"cell": "C7", "message": "…"}, …] of a refused import, in reading order (background.PROBLEMS_KEPT at most)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core_job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class PeriodicRun(models.Model):
    """One slot of a periodic job, claimed by the scheduler that enqueued it.

    The unique (job, slot) row is the lock: a restarted scheduler, or a second one started by mistake, finds the
    slot taken and does not enqueue the job again.
    """

    job = models.CharField(_("periodic job"), max_length=100)
    slot = models.DateTimeField(_("scheduled for"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_result_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="core_periodicrun_one_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
