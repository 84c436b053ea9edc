"""Files for leaders and for the centre (R5.1; issue 13 items 8 and 9): the weekly report (周报) as Excel and PDF, and
the ticket list as Excel with callers' phone and ID numbers masked.

Both are built at once in the request, not as a background job: the weekly report is a handful of aggregate
queries (tens of milliseconds over the demo's 10,000 tickets) and one WeasyPrint page (about a second); the ticket
export of up to `EXPORT_MOST` rows takes some 20 seconds for 10,000 rows and runs as a background job (tasks.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.spreadsheets import XlsxWriter
from digigov.hotline import figures
from digigov.hotline.figures import DepartmentRow, Period, Rates
from digigov.hotline.masking import mask_id_number, mask_phone
from digigov.hotline.models import Ticket
from digigov.hotline.services._common import actor_organisation

EXPORT_MOST = 10_000
TOP = 10


@dataclass(frozen=True)
class WeeklyReport:
    period: Period
    before: Period
    rates: Rates
    rates_before: Rates
    categories: list[tuple[str, str, int]]
    cities: list[tuple[str, str, int]]
    overdue: list[Ticket]
    lowest: list[DepartmentRow]
    made_at: dt.datetime

    def comparison(self) -> list[tuple[str, object, object, str]]:
        """(figure, this week, the week before, change) for the report's first table."""
        rows = []
        for label, name, is_rate in (
            (_("Tickets registered"), "registered", False),
            (_("Tickets closed"), "closed", False),
            (_("On-time rate"), "on_time_rate", True),
            (_("Satisfaction rate"), "satisfaction_rate", True),
            (_("Reopen rate"), "reopen_rate", True),
            (_("Answered at once"), "answered_at_once", False),
        ):
            now, then = getattr(self.rates, name), getattr(self.rates_before, name)
            rows.append((label, _shown(now, is_rate), _shown(then, is_rate), _change(now, then, is_rate)))
        return rows


def _shown(value, is_rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value}%" if is_rate else str(value)


def _change(now, then, is_rate: bool) -> str:
    if now is None or then is None:
        return "—"
    diff = round(now - then, 1)
    sign = "+" if diff > 0 else ""
    return f"{sign}{diff}" + (_(" points") if is_rate else "")


def weekly_report(*, actor, monday: dt.date, today: dt.date | None = None) -> WeeklyReport:
    """The figures of the week from `monday` to Sunday beside the week before, the busiest categories and cities,
    the tickets overdue now and the departments rated lowest in the week."""
    today = today or timezone.localdate()
    period = Period(monday, monday + dt.timedelta(days=6))
    before = period.before()
    spots = figures.hotspots(actor=actor, period=period)
    ranking = figures.department_ranking(actor=actor, period=period, today=today)
    lowest = sorted(
        (row for row in ranking if row.satisfaction_rate is not None),
        key=lambda row: (row.satisfaction_rate, -row.visited, row.name),
    )[:5]
    cities = sorted(figures.city_counts(spots.by_division), key=lambda row: (-row[2], row[0]))
    return WeeklyReport(
        period=period,
        before=before,
        rates=figures.rates(actor=actor, period=period, today=today),
        rates_before=figures.rates(actor=actor, period=before, today=today),
        categories=spots.by_category[:TOP],
        cities=[row for row in cities if row[2]][:TOP],
        overdue=figures.overdue_tickets(actor=actor, today=today, limit=50),
        lowest=lowest,
        made_at=timezone.localtime(),
    )


def _title(report: WeeklyReport) -> str:
    return _("12345 hotline weekly report %(start)s to %(end)s") % {
        "start": report.period.start.isoformat(),
        "end": report.period.end.isoformat(),
    }


def _record(actor, what: str, **after) -> None:
    ledger.record(action="hotline.report.downloaded", actor=actor, organisation=actor_organisation(actor),
                  after={"report": what, **after})  # fmt: skip


def weekly_report_xlsx(*, actor, report: WeeklyReport) -> bytes:
    """The report on one sheet: the comparison, then each list under its own heading (never a formula)."""
    _record(actor, "weekly", week=report.period.start.isoformat(), format="xlsx")
    sheet = XlsxWriter(_("Weekly report"))
    sheet.title(_title(report))
    sheet.row([_("Made at %(time)s") % {"time": report.made_at.strftime("%Y-%m-%d %H:%M")}])
    sheet.row([])
    sheet.header([_("Figure"), _("This week"), _("The week before"), _("Change")])
    sheet.rows(report.comparison())
    sheet.row([])
    sheet.title(_("Top subject categories"), size=12)
    sheet.header([_("Subject category"), _("Tickets")])
    sheet.rows([(name, n) for _code, name, n in report.categories])
    sheet.row([])
    sheet.title(_("Top cities and prefectures"), size=12)
    sheet.header([_("Division"), _("Tickets")])
    sheet.rows([(name, n) for _code, name, n in report.cities])
    sheet.row([])
    sheet.title(_("Tickets overdue now"), size=12)
    sheet.header([_("Ticket number"), _("Kind of request"), _("Subject category"), _("Division"), _("Due on")])
    sheet.rows(
        (t.number, t.get_kind_display(), t.category.name if t.category else "", t.division.name, t.due_on)
        for t in report.overdue
    )
    sheet.row([])
    sheet.title(_("Departments rated lowest"), size=12)
    sheet.header([_("Department"), _("Satisfaction rate"), _("Return visits"), _("Handed back"), _("Reopened")])
    sheet.rows(
        (row.name, _shown(row.satisfaction_rate, True), row.visited, row.handed_back, row.reopened)
        for row in report.lowest
    )
    sheet.widths({1: 36, 2: 16, 3: 16, 4: 16, 5: 14})
    return sheet.save()


def weekly_report_pdf(*, actor, report: WeeklyReport, unit: str) -> bytes:
    """The same report as an A4 letter (core/pdf_letter.html), for printing and for the leaders' meeting."""
    from weasyprint import HTML  # imported on use: loading pango costs ~0.3 s

    _record(actor, "weekly", week=report.period.start.isoformat(), format="pdf")
    html = render_to_string("hotline/weekly_report_pdf.html", {"report": report, "title": _title(report), "unit": unit})
    return HTML(string=html).write_pdf()


def ticket_export_xlsx(*, actor, tickets: QuerySet[Ticket], filters: dict, progress=None) -> tuple[bytes, int]:
    """The filtered ticket list, newest first, at most EXPORT_MOST rows, and how many; the caller's phone and ID
    numbers are masked (an export leaves the system: nobody reads a full number from it). The export is in the
    ledger. `progress(done, total, stage=…)` follows the rows (a background job's bar)."""
    rows = list(tickets.select_related("division", "category").order_by("-created_at", "-pk")[:EXPORT_MOST])
    ledger.record(
        action="hotline.tickets.exported",
        actor=actor,
        organisation=actor_organisation(actor),
        after={"count": len(rows), **{k: str(v) for k, v in filters.items() if v}},
    )
    labels = {
        field: {value: str(label) for value, label in Ticket._meta.get_field(field).choices}
        for field in ("kind", "channel", "status", "satisfaction")
    }
    headers = [
        _("Ticket number"), _("Registered at"), _("Kind of request"), _("Channel"), _("Caller's name"),
        _("Caller's phone"), _("Caller's ID number"), _("Division"), _("Subject category"), _("Caller's request"),
        _("Status"), _("Due on"), _("Closed at"), _("Satisfaction"),
    ]  # fmt: skip
    sheet = XlsxWriter(_("Hotline tickets"))
    sheet.header(headers)
    stage = _("Writing the rows")
    for n, t in enumerate(rows, start=1):
        sheet.row(
            (
                t.number,
                timezone.localtime(t.created_at).strftime("%Y-%m-%d %H:%M"),
                labels["kind"].get(t.kind, t.kind),
                labels["channel"].get(t.channel, t.channel),
                t.caller_name,
                mask_phone(t.caller_phone),
                mask_id_number(t.caller_id_number),
                t.division.name,
                t.category.name if t.category else "",
                t.content,
                labels["status"].get(t.status, t.status),
                t.due_on,
                timezone.localtime(t.closed_at).strftime("%Y-%m-%d %H:%M") if t.closed_at else "",
                labels["satisfaction"].get(t.satisfaction, ""),
            )
        )
        if progress and n % 500 == 0:
            progress(n, len(rows), stage=stage)
    widths = [18, 18, 10, 10, 12, 14, 22, 14, 14, 60, 16, 12, 18, 10]
    sheet.widths(dict(enumerate(widths, start=1)))
    sheet.freeze("A2")
    return sheet.save(), len(rows)
