"""Background work of the exchange: probing data services, deadline reminders (R1.5), sealing the gateway log
(R1.8), each a periodic job of the one scheduler (`manage.py run_scheduler`); the annual report (R1.10) and a large
call-log export (R1.8) as background jobs with progress. Idempotent."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import ledger, periodic
from digigov.core.background import Outcome, background_task
from digigov.core.permissions import acting_organisation
from digigov.exchange import call_seal, reports
from digigov.exchange.services import CallFilters, call_log_export, probe_due, remind_due
from digigov.exchange.services.call_log import export_filename


@task()
def probe_due_services() -> int:
    return probe_due()


@task()
def remind_applications() -> int:
    return remind_due()


@task()
def seal_gateway_log() -> int:
    return len(call_seal.seal_due())


# Every few minutes: each service is probed only when `exchange.probe_interval_minutes` has passed since its last.
periodic.register(
    name="exchange.probe_services",
    label=gettext_lazy("Probe data services"),
    schedule=periodic.every(minutes=5),
    task=probe_due_services,
)
periodic.register(
    name="exchange.remind_applications",
    label=gettext_lazy("Remind of share-application deadlines"),
    schedule=periodic.daily("08:00"),
    task=remind_applications,
)
periodic.register(
    name="exchange.seal_gateway_log",
    label=gettext_lazy("Seal the gateway log"),
    schedule=periodic.daily("00:10"),
    task=seal_gateway_log,
)

REPORT_FORMATS = {"xlsx": reports.annual_xlsx, "pdf": reports.annual_pdf}


@background_task
def annual_report(job, progress, *, year: int, fmt: str) -> Outcome:
    """The year's sharing report for the job's owner; handing it over is a data access, audited (R0.4)."""
    progress(0, 2)
    content = REPORT_FORMATS[fmt](actor=job.owner, year=year)
    progress(1, 2)
    with transaction.atomic():
        ledger.record(
            action="exchange.report.downloaded",
            actor=job.owner,
            organisation=acting_organisation(job.owner),
            object_type="exchange.annual_report",
            object_id=year,
            after={"format": fmt},
        )
    filename = _("sharing-report-%(year)s") % {"year": year}
    message = _("The %(year)s sharing report is ready.") % {"year": year}
    return Outcome(message=message, file=(f"{filename}.{fmt}", content))


@background_task
def call_log_export_job(job, progress, *, filters: dict) -> Outcome:
    """A call-log export too large to build during the request (`exchange.call_log_export_inline_rows`), masked and
    recorded in the ledger like a small one (services.call_log)."""
    content, rows = call_log_export(actor=job.owner, filters=CallFilters.from_params(filters), progress=progress)
    return Outcome(message=_("%(rows)s calls exported.") % {"rows": rows}, file=(export_filename(), content))
