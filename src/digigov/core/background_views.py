"""Back-office pages of background jobs (后台任务): the progress page, its JSON for polling, the result file.

Only the job's owner and platform administrators see a job; anyone else gets 404, not a hint that it exists.
The page works without script (a reload shows the state); `core/background_job.js` polls the JSON every second
and moves the bar, then reloads the page once the job has finished so the result or error (with every bad cell of
a refused import) shows.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.admin_views import AdminPage
from digigov.core.background import PROBLEMS_KEPT
from digigov.core.models import BackgroundJob
from digigov.core.selectors import jobs_visible_to


def _job(request, pk: int, *, problems: bool = True) -> BackgroundJob:
    if not request.user.is_authenticated:
        raise Http404
    jobs = jobs_visible_to(request.user)
    return get_object_or_404(jobs if problems else jobs.defer("problems"), pk=pk)  # polled every second


def job_state(job: BackgroundJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "stage": job.stage,
        "percent": job.percent,
        "finished": job.finished,
        "message": job.message,
        "error": job.error,
        "result_url": job.result_url,
        "file_url": reverse("core_job_file", args=[job.pk]) if job.result_file else "",
    }


class JobView(AdminPage):
    template_name = "core/job.html"
    page_title = _("Background job")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = _job(self.request, kwargs["pk"])
        context.update(
            job=job,
            state=job_state(job),
            file_name=job.result_file.name.rsplit("/", 1)[-1],
            problems_kept=PROBLEMS_KEPT,
        )
        return context


class JobListView(AdminPage):
    template_name = "core/job_list.html"
    page_title = _("My background jobs")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = jobs_visible_to(self.request.user).order_by("-created_at")[:50]
        return context


@login_required
def job_status(request, pk: int):
    return JsonResponse(job_state(_job(request, pk, problems=False)), headers={"Cache-Control": "no-store"})


@login_required
def job_file(request, pk: int):
    job = _job(request, pk, problems=False)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
