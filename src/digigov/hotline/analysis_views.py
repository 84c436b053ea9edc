"""12345 数据分析 (R5.1; issue 13 item 8): the centre's figures for its supervisors and leaders — the heat map of the
province's divisions, the trend, the categories, the rates and the ranking of departments — with the weekly report
for leaders (Excel, PDF) and the ticket list export (Excel, callers masked) for the centre's agents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core.background import launch
from digigov.core.division_maps import division_heat_map
from digigov.core.models import Organisation
from digigov.core.staff_pages import StaffPage
from digigov.hotline import figures, reports, tasks
from digigov.hotline.analysis_forms import AnalysisForm, WeekForm, last_week
from digigov.hotline.forms import TicketFilterForm
from digigov.hotline.permissions import centre_ids, is_agent, is_supervisor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def supervises(user) -> bool:
    return any(is_supervisor(user, c) for c in centre_ids())


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SupervisorPage(StaffPage):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not supervises(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AnalysisView(SupervisorPage):
    """数据分析: a period and filters, then the map, the charts beside their tables, the rates and the ranking."""

    template_name = "hotline/analysis.html"
    page_title = gettext_lazy("12345 analysis")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = AnalysisForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            period, filters = AnalysisForm().chosen()
        else:
            period, filters = form.chosen()
        spots = figures.hotspots(actor=user, period=period, filters=filters)
        trend = figures.trend(actor=user, period=period, filters=filters)
        heat = division_heat_map(
            spots.by_division, title=_("Tickets by division"), value_label=_("Tickets"), missing=0, key="hotline-map"
        )
        charts = {
            "trend": {
                "labels": [b.isoformat() for b in trend.buckets],
                "series": [{"name": label, "data": trend.counts[kind]} for kind, label in trend.kinds],
            },
            "categories": {
                "labels": [name for _code, name, _n in spots.by_category],
                "data": [n for _code, _name, n in spots.by_category],
                "name": _("Tickets"),
            },
        }
        context.update(
            form=form,
            period=period,
            spots=spots,
            trend=trend,
            trend_rows=[
                (bucket, [trend.counts[k][i] for k, _label in trend.kinds], trend.totals[i])
                for i, bucket in enumerate(trend.buckets)
            ],
            heat=heat,
            charts=charts,
            rates=figures.rates(actor=user, period=period, filters=filters),
            ranking=figures.department_ranking(actor=user, period=period, filters=filters),
            week_form=WeekForm(initial={"week": last_week(form.today)}),
        )
        return context


class WeeklyReportView(SupervisorPage):
    """周报 download: the chosen week as Excel or PDF; a bad week comes back to the analysis screen with the
    message beside the field."""

    template_name = "hotline/analysis.html"
    page_title = gettext_lazy("12345 analysis")

    def get(self, request, *args, **kwargs):
        form = WeekForm(request.GET)
        if not form.is_valid():
            view = AnalysisView(request=request, args=args, kwargs=kwargs)
            context = view.get_context_data()
            context["week_form"] = form
            return self.render_to_response(context, status=400)
        report = reports.weekly_report(actor=request.user, monday=form.cleaned_data["week"])
        stem = f"12345-weekly-{report.period.start.isoformat()}"
        if form.cleaned_data["format"] == "pdf":
            ids = figures.scope(request.user)
            names = list(Organisation.objects.filter(pk__in=ids).order_by("pk").values_list("name", flat=True))
            data = reports.weekly_report_pdf(actor=request.user, report=report, unit="、".join(names))
            return _download(data, f"{stem}.pdf", "application/pdf")
        data = reports.weekly_report_xlsx(actor=request.user, report=report)
        return _download(data, f"{stem}.xlsx", XLSX)


class TicketExportView(StaffPage):
    """工单导出: the centre's ticket list with the list's filters, as Excel with callers' numbers masked; a background
    job (tasks.ticket_export: some 20 seconds for 10,000 tickets) whose page shows the progress and the file."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_agent(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect("hotline_tickets")  # the export starts from the list's button (a POST)

    def post(self, request, *args, **kwargs):
        filters = TicketFilterForm(request.GET or None)  # the list's filters stay in the address
        values = filters.cleaned_data if filters.is_valid() else {}
        job = launch(
            tasks.ticket_export,
            owner=request.user,
            label=_("Export hotline tickets"),
            back_url=reverse("hotline_tickets"),
            status=values.get("status", ""),
            kind=values.get("kind", ""),
            overdue=bool(values.get("overdue", False)),
            q=values.get("q", ""),
        )
        return redirect(job)
