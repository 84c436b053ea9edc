"""The hotline's background work: every morning the departments hear of their tickets' parts that are due soon or
overdue, each notice once (issue 13 item 4, services/supervision.py `deadline_notices`); and the ticket list export,
about 20 seconds for the demo's 10,000 tickets (openpyxl writes some 140,000 cells), too long for a request: the owner
follows the progress bar and downloads the file from the job's page (items 8, 9)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.core.background import Outcome, background_task
from digigov.hotline import reports, selectors
from digigov.hotline.figures import scope
from digigov.hotline.services.supervision import deadline_notices


@task()
def ticket_deadline_notices() -> dict[str, int]:
    return deadline_notices()


periodic.register(
    name="hotline.deadline_notices",
    label=gettext_lazy("Tell departments of hotline tickets due soon or overdue"),
    schedule=periodic.daily("08:00"),
    task=ticket_deadline_notices,
)


@background_task
def ticket_export(job, progress, *, status: str = "", kind: str = "", overdue: bool = False, q: str = "") -> Outcome:
    """工单导出: the centre's tickets with the list's filters, callers masked (reports.ticket_export_xlsx); the file's
    headings and the message in the installation's language, whoever's browser started it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _export(job, progress, status=status, kind=kind, overdue=overdue, q=q)


def _export(job, progress, *, status: str, kind: str, overdue: bool, q: str) -> Outcome:
    actor = job.owner
    progress(0, None, stage=_("Reading the tickets"))
    tickets = selectors.ticket_list(actor=actor, status=status, kind=kind, overdue=overdue, q=q).filter(
        centre_id__in=scope(actor)
    )
    filters = {"status": status, "kind": kind, "overdue": overdue, "q": q}
    data, count = reports.ticket_export_xlsx(actor=actor, tickets=tickets, filters=filters, progress=progress)
    return Outcome(
        message=_("%(n)s tickets exported; the callers' phone and ID numbers are masked.") % {"n": count},
        url=reverse("hotline_tickets"),
        file=("12345-tickets.xlsx", data),
    )
