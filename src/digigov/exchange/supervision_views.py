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
from digigov.exchange.forms import AnnualReportForm, YearForm
from digigov.exchange.sharing_figures import sharing_figures


def _year(form: YearForm) -> int:
    """The year asked for, if it is one with figures (2000 to this year); otherwise this year."""
    today = timezone.localdate()
    form.is_valid()  # a year that is no number is left out of cleaned_data
    year = form.cleaned_data.get("year")
    return year if year is not None and 2000 <= year <= today.year else today.year


class SupervisionView(StaffPage):
    """Per-department sharing figures of a year against the mount-rate target; operators see every department."""

    template_name = "exchange/supervision.html"
    page_title = gettext_lazy("Sharing supervision")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(YearForm(self.request.GET))
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
    form = AnnualReportForm(request.POST)
    if not form.is_valid() and form.has_error("format"):
        raise Http404  # only a forged request asks for another format
    fmt, year = form.cleaned_data["format"], _year(form)
    job = launch(
        tasks.annual_report,
        owner=request.user,
        organisation=acting_organisation(request.user),
        label=_("Sharing report %(year)s (%(format)s)") % {"year": year, "format": fmt.upper()},
        year=year,
        fmt=fmt,
    )
    return redirect(job)
