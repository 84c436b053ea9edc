"""The back-office supervision page (共享监测, R1.10) and its annual report, generated as a background job."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from digigov.core.background import launch
from digigov.core.permissions import acting_organisation, is_staff_member
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.exchange import reports, tasks
from digigov.exchange.sharing_figures import sharing_figures


def _year(params) -> int:
    today = timezone.localdate()
    try:
        year = int(params.get("year", today.year))
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
        year = _year(self.request.GET)
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


@require_POST
def annual_report(request):
    """Start the year's report as a background job and show its progress page (R1.10); the owner downloads it there."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    fmt = request.POST.get("format", "")
    if fmt not in tasks.REPORT_FORMATS:
        raise Http404
    year = _year(request.POST)
    job = launch(
        tasks.annual_report,
        owner=request.user,
        organisation=acting_organisation(request.user),
        label=_("Sharing report %(year)s (%(format)s)") % {"year": year, "format": fmt.upper()},
        year=year,
        fmt=fmt,
    )
    return redirect(job)
