"""The annual sharing report (年度数据共享情况报告, R1.10) as Excel and PDF, from `sharing_figures.sharing_figures`."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core.divisions import installation_division
from digigov.core.rules import rule
from digigov.core.spreadsheets import XlsxWriter
from digigov.exchange.sharing_figures import SharingFigures, sharing_figures


def columns() -> list[tuple[str, str]]:
    """(attribute, Chinese header) of every figure, in report order."""
    return [
        ("resources_published", _("Resources published")),
        ("resources_mounted", _("Resources mounted")),
        ("mount_rate", _("Mount rate (%)")),
        ("applications_received", _("Applications received")),
        ("applications_answered", _("Applications answered")),
        ("on_time_rate", _("Answered on time (%)")),
        ("overdue_open", _("Overdue, unanswered")),
        ("applications_made", _("Applications made")),
        ("calls_made", _("Calls made")),
        ("calls_refused", _("Of which not answered")),
        ("calls_served", _("Calls served")),
        ("errors_reported", _("Errors reported")),
        ("errors_corrected", _("Errors corrected")),
        ("errors_open", _("Errors unanswered")),
        ("services_interrupted", _("Interrupted services")),
    ]


def _value(row: SharingFigures, name: str):
    value = getattr(row, name)
    return round(value, 1) if isinstance(value, float) else value


def report_title(year: int) -> str:
    """Names the province (the installation's top division), else the platform: 湖北省2026年度数据共享情况报告."""
    division = installation_division()
    region = division.name if division is not None else settings.WAGTAIL_SITE_NAME
    return _("%(province)s data sharing report %(year)s") % {"province": region, "year": year}


def year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def annual_xlsx(*, actor, year: int) -> bytes:
    rows, total = sharing_figures(actor=actor, start=year_period(year)[0], end=year_period(year)[1])
    report = XlsxWriter(_("Sharing %(year)s") % {"year": year})
    report.title(report_title(year))
    report.row(
        [
            _("Generated %(time)s; mount-rate target %(target)s%%")
            % {
                "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                "target": rule("catalog.mount_rate_target"),
            }
        ]
    )
    header = [_("Department"), *[label for _name, label in columns()]]
    report.header(header)
    report.rows([row.organisation.name, *[_value(row, name) for name, _label in columns()]] for row in rows)
    report.row([_("Total"), *[_value(total, name) for name, _label in columns()]], bold=True)
    report.widths({1: 28, **{index: 12 for index in range(2, len(header) + 1)}})
    report.freeze("B4")
    return report.save()


def annual_pdf(*, actor, year: int) -> bytes:
    from weasyprint import HTML  # imported on use: loading pango costs ~0.3 s

    start, end = year_period(year)
    rows, total = sharing_figures(actor=actor, start=start, end=end)
    html = render_to_string(
        "exchange/reports/annual.html",
        {
            "site": settings.WAGTAIL_SITE_NAME,
            "title": report_title(year),
            "year": year,
            "columns": columns(),
            "rows": [(row.organisation.name, [_value(row, n) for n, _l in columns()], row) for row in rows],
            "total": [_value(total, n) for n, _l in columns()],
            "target": rule("catalog.mount_rate_target"),
            "generated": timezone.localtime(),
            "below_target": [
                row for row in rows if row.mount_rate is not None and row.mount_rate < rule("catalog.mount_rate_target")
            ],
            "overdue": [row for row in rows if row.overdue_open],
        },
    )
    return HTML(string=html).write_pdf()
