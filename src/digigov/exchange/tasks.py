"""Background work of the exchange: probing data services, deadline reminders (R1.5), sealing the gateway log
(R1.8), each a periodic job of the one scheduler (`manage.py run_scheduler`); the annual report (R1.10), a large
call-log export (R1.8) and hosted table uploads (R1.4) as background jobs with progress. Idempotent."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import ledger, periodic
from digigov.core.background import Outcome, background_task, keep_upload, kept_upload, launch
from digigov.core.errors import ConflictError
from digigov.core.models import BackgroundJob, Organisation
from digigov.core.permissions import acting_organisation, require
from digigov.exchange import call_seal, reports, services
from digigov.exchange.choices import ServiceKind
from digigov.exchange.models import DataService
from digigov.exchange.permissions import PROVIDER_STAFF
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


@background_task
def hosted_table_register(job, progress, *, provider_id: int, name: str, key_column: str, upload: str, filename: str):
    """A new hosted-table service from the kept upload; every bad cell refuses it whole (R1.4)."""
    with kept_upload(upload) as content:
        service = services.service_register_table(
            actor=job.owner,
            provider=Organisation.objects.get(pk=provider_id),
            name=name,
            filename=filename,
            content=content,
            key_column=key_column,
            progress=progress,
        )
    message = _("%(rows)s rows hosted as the data service “%(name)s”.") % {
        "rows": service.table.row_count,
        "name": service.name,
    }
    return Outcome(message=message, url=reverse("exchange_service_detail", args=[service.pk]))


@background_task
def hosted_table_reload(job, progress, *, service_id: int, upload: str, filename: str, key_column: str = ""):
    """Every row of a hosted table replaced from the kept upload, or none (R1.4); `key_column` changes the key."""
    with kept_upload(upload) as content:
        service = DataService.objects.get(pk=service_id)
        table = services.table_reload(
            actor=job.owner,
            service=service,
            filename=filename,
            content=content,
            key_column=key_column,
            progress=progress,
        )
    message = _("The table “%(name)s” now holds %(rows)s rows.") % {"rows": table.row_count, "name": service.name}
    return Outcome(message=message, url=reverse("exchange_service_detail", args=[service.pk]))


def hosted_table_register_start(*, actor, provider, name: str, key_column: str, upload) -> BackgroundJob:
    """Check at once what can be (rights, name, key column, the file's size and type), then import in a job."""
    content = services.table_upload_check(
        actor=actor, provider=provider, name=name, key_column=key_column, upload=upload
    )
    name = " ".join(name.split())
    return launch(
        hosted_table_register,
        owner=actor,
        organisation=provider,
        label=_("Host the table “%(name)s”") % {"name": name},
        back_url=reverse("exchange_service_create"),
        provider_id=provider.pk,
        name=name,
        key_column=key_column.strip(),
        upload=keep_upload(content, upload.name),
        filename=upload.name,
    )


def hosted_table_reload_start(*, actor, service, upload, key_column: str = "") -> BackgroundJob:
    """Check the file at once, then replace the table's rows in a job (keyed on `key_column` when one is named)."""
    content = services.table_upload_check(actor=actor, service=service, upload=upload, key_column=key_column)
    return launch(
        hosted_table_reload,
        owner=actor,
        organisation=service.provider,
        label=_("Reload the table “%(name)s”") % {"name": service.name},
        back_url=reverse("exchange_service_detail", args=[service.pk]),
        service_id=service.pk,
        upload=keep_upload(content, upload.name),
        filename=upload.name,
        key_column=key_column.strip(),
    )


@background_task
def hosted_table_download(job, progress, *, service_id: int, fmt: str) -> Outcome:
    """A hosted table's rows as a file for its provider's staff (audited in table_export)."""
    service = DataService.objects.get(pk=service_id)
    content = services.table_export(actor=job.owner, service=service, fmt=fmt, progress=progress)
    message = _("The table “%(name)s” is ready to download.") % {"name": service.name}
    return Outcome(message=message, file=(f"{service.name}.{fmt}", content))


def hosted_table_download_start(*, actor, service, fmt: str) -> BackgroundJob:
    """Refuse at once whom table_export would refuse, then write the file in a job."""
    require(actor, PROVIDER_STAFF, service.provider_id)
    if service.kind != ServiceKind.HOSTED_TABLE or fmt not in services.dataservices.TABLE_FORMATS:
        raise ConflictError(_("Only a hosted table can be downloaded, as CSV or .xlsx."))
    return launch(
        hosted_table_download,
        owner=actor,
        organisation=service.provider,
        label=_("Download the table “%(name)s” (%(format)s)") % {"name": service.name, "format": fmt.upper()},
        back_url=reverse("exchange_service_detail", args=[service.pk]),
        service_id=service.pk,
        fmt=fmt,
    )
