"""The figures screen of online services in the back office (ADR 0003 §6; R4.1, R4.3): every figure of
`figures.FIGURES` overall, per division level and per department, beside its target rule, as a bar chart (ECharts,
drawn by `static/eservices/figures.js` from the page's JSON data island: the CSP allows no inline script) above the
table it is drawn from, which stays the accessible reading; `?format=xlsx` downloads the same rows.

A department's staff see their own departments' figures; platform administrators and the platform operator
everyone's (`figures.scope_for`, as `GET /api/v1/eservices/figures/items`).
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import spreadsheets
from digigov.core.models import Organisation
from digigov.core.rules import REGISTRY
from digigov.core.staff_pages import StaffPage
from digigov.eservices import figures
from digigov.eservices.figures import ALL, DEPARTMENT, LEVEL, FigureBlock, FigureRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(value, *, percent: bool) -> str:
    """A figure as the page and the chart's table write it: 75.0%, 3, or — when there is nothing to count."""
    if value is None:
        return "—"
    return f"{value:.1f}%" if percent else str(value)


def target_text(row: FigureRow, *, percent: bool) -> str:
    if row.target is None:
        return "—"
    value = row.target.value  # a rule's number, as the rules screen writes it: 90, not 90.0
    return _("at least %(target)s") % {"target": f"{value}%" if percent else str(value)}


def met_text(row: FigureRow) -> str:
    if row.met is None:
        return "—"
    return _("Target met") if row.met else _("Target not met")


class FiguresView(StaffPage):
    template_name = "eservices/figures.html"
    page_title = gettext_lazy("Case and item figures")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def scope(self) -> set[int] | None:
        return figures.scope_for(self.request.user)

    def scope_text(self, scope: set[int] | None) -> str:
        if scope is None:
            return _("All departments")
        names = Organisation.objects.filter(pk__in=scope, parent__isnull=True).order_by("name")
        return "、".join(names.values_list("name", flat=True)) or _("No department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = self.scope()
        blocks = figures.figure_table(organisations=scope)
        context.update(
            scope_text=self.scope_text(scope),
            blocks=[self.block(b) for b in blocks],
            charts={
                "labels": {"target": _("Target"), "met": _("Target met"), "unmet": _("Target not met")},
                "figures": [self.chart(b) for b in blocks],
            },
        )
        return context

    def block(self, block: FigureBlock) -> dict:
        figure = block.figure
        rules = [(REGISTRY[key].label, key) for key in figure.target_rules]

        def rows(scope: str) -> list[dict]:
            return [
                {
                    "label": r.label,
                    "value": shown(r.value, percent=figure.percent),
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "target": target_text(r, percent=figure.percent),
                    "met": r.met,
                    "met_text": met_text(r),
                }
                for r in block.scoped(scope)
            ]

        return {
            "figure": figure,
            "target_note": figure.target_note() if figure.target_note else _("No target set"),
            "rules": rules,
            "overall": rows(ALL)[0],
            "groups": [(_("By division level"), rows(LEVEL)), (_("By department (figures)"), rows(DEPARTMENT))],
        }

    def chart(self, block: FigureBlock) -> dict:
        return {
            "key": block.figure.key,
            "label": str(block.figure.label),
            "percent": block.figure.percent,
            "rows": [
                {
                    "label": r.label,
                    "scope": r.scope,
                    "value": r.value,
                    "target": r.target.value if r.target else None,
                    "met": r.met,
                }
                for r in block.rows
            ],
        }

    def export(self) -> HttpResponse:
        scope = self.scope()
        blocks = figures.figure_table(organisations=scope)
        report = spreadsheets.XlsxWriter(_("Figures"))
        now = timezone.localtime()
        report.title(str(self.get_page_title()))
        report.row(
            [
                _("Generated %(time)s; scope: %(scope)s")
                % {"time": now.strftime("%Y-%m-%d %H:%M"), "scope": self.scope_text(scope)}
            ]
        )
        # One line per row (overall, each level, each department: the union over the figures' sources, so that a
        # case figure's department without items still gets its line); per figure its value and target, then the
        # counts behind the figures, each count once.
        counts: dict[str, tuple[int, str]] = {}
        for index, block in enumerate(blocks):
            parts = {"numerator": block.figure.numerator, "denominator": block.figure.denominator}
            for side, part in parts.items():
                if part is not None:
                    counts.setdefault(str(part[0]), (index, side))
        header = [_("Scope"), _("Department or level")]
        for block in blocks:
            unit = "%" if block.figure.percent else _("items")
            header += [
                _("%(figure)s (%(unit)s)") % {"figure": block.figure.label, "unit": unit},
                _("%(figure)s target") % {"figure": block.figure.label},
            ]
        report.header([*header, *counts])
        lines: dict[tuple[str, str], str] = {}
        for block in blocks:
            for row in block.rows:
                lines.setdefault((row.scope, row.key), row.label)
        by_key = [{(r.scope, r.key): r for r in block.rows} for block in blocks]
        scopes = {ALL: _("Overall (figure)"), LEVEL: _("Division level"), DEPARTMENT: _("Department")}
        order = {ALL: 0, LEVEL: 1, DEPARTMENT: 2}
        for scope, key in sorted(lines, key=lambda k: order[k[0]]):
            line: list = [scopes[scope], lines[scope, key]]
            for rows in by_key:
                row = rows.get((scope, key))
                line += [row.value, row.target.value if row.target else None] if row else [None, None]
            for index, side in counts.values():
                row = by_key[index].get((scope, key))
                line.append(getattr(row, side) if row else None)
            report.row(line)
        report.widths({1: 12, 2: 30, **{c: 14 for c in range(3, len(header) + len(counts) + 1)}})
        report.freeze("C4")
        response = HttpResponse(report.save(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="eservices-figures-{now:%Y%m%d}.xlsx"'
        return response
