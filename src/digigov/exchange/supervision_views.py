"""The back-office supervision page (共享监测, R1.10) and its annual report downloads."""

import datetime as dt
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import ledger
from digigov.core.permissions import acting_organisation, is_staff_member
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.exchange import reports
from digigov.exchange.sharing_figures import sharing_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


class SupervisionView(StaffPage):
    """Per-department sharing figures of a year against the mount-rate target; operators see every department."""

    template_name = "exchange/supervision.html"
    page_title = gettext_lazy("Sharing supervision")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        rows, total = sharing_figures(actor=self.request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        context.update(
            year=year,
            years=list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            rows=rows,
            total=total,
            target=rule("catalog.mount_rate_target"),
            labels=dict(reports.columns()),
        )
        return context


def annual_report(request, fmt: str):
    """Download the year's report; the download itself is a data access and goes into the audit ledger (R0.4)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    year = _year(request)
    if fmt == "xlsx":
        content, mime = reports.annual_xlsx(actor=request.user, year=year), XLSX
    elif fmt == "pdf":
        content, mime = reports.annual_pdf(actor=request.user, year=year), "application/pdf"
    else:
        raise Http404
    with transaction.atomic():
        ledger.record(
            action="exchange.report.downloaded",
            actor=request.user,
            organisation=acting_organisation(request.user),
            object_type="exchange.annual_report",
            object_id=year,
            after={"format": fmt},
        )
    response = HttpResponse(content, content_type=mime)
    filename = _("sharing-report-%(year)s") % {"year": year}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response
