"""Back-office screens of the sites' operations (R8.6): the duty roster, the daily inspections (读网), the annual
reports, the yearly scorecard, and beside the annual reports the units' reports on government information disclosure
(R8.8)."""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from digigov.core import spreadsheets
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.names import person_name
from digigov.core.staff_pages import StaffPage
from digigov.websites import disclosure_report, operations, selectors
from digigov.websites.choices import SiteState

SELECT_STYLE = "min-width: 0; width: 100%; padding-inline: 0.5rem; font-size: 0.875rem"  # seven to a row
VERDICTS = [("ok", _("No problem")), ("problem", _("Problem found"))]


def _month(value: str, today: dt.date) -> tuple[int, int]:
    """“2026-12” → (2026, 12); anything else is this month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def _chosen_site(sites, value):
    """The site named by `?site=` among `sites` (404 for any other), or the first one."""
    if value:
        site = sites.filter(pk=value).first() if str(value).isdigit() else None
        if site is None:
            raise NotFoundError()
        return site
    return sites.first()


class RosterForm(forms.Form):
    """One choice per day of the month: who of the unit's staff is on duty."""

    def __init__(self, *args, days, candidates, current, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— nobody —")), *((str(u.pk), person_name(u)) for u in candidates)]
        self.days = days
        for day in days:
            shift = current.get(day)
            self.fields[f"day_{day.day}"] = forms.TypedChoiceField(
                label=f"{day:%m-%d}", choices=choices, required=False, coerce=int, empty_value=None,
                initial=str(shift.person_id) if shift else "",
                widget=forms.Select(attrs={"style": SELECT_STYLE}),
            )  # fmt: skip

    def people(self) -> dict:
        return {day: self.cleaned_data[f"day_{day.day}"] for day in self.days}


class RosterView(StaffPage):
    """Plan a month of a site's 24-hour duty roster (值班表): the unit's reviewers, leaders and administrators."""

    template_name = "websites/admin/roster.html"
    page_title = _("Duty roster")
    header_icon = "calendar"

    def setup_page(self):
        sites = operations.roster_sites(self.request.user)
        if not sites.exists():
            raise PermissionDeniedError()
        self.sites = sites
        self.site = _chosen_site(sites, self.request.GET.get("site"))
        self.year, self.month = _month(self.request.GET.get("month", ""), timezone.localdate())
        self.days = operations.month_days(self.year, self.month)
        self.candidates = operations.duty_candidates(self.site)

    def form(self, data=None):
        current = operations.roster_month(self.site, self.year, self.month)
        return RosterForm(data, days=self.days, candidates=self.candidates, current=current)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = self.days[0]
        previous = first - dt.timedelta(days=1)
        following = self.days[-1] + dt.timedelta(days=1)
        form = kwargs.get("form") or self.form()
        cells = [None] * first.weekday() + [(day, form[f"day_{day.day}"], day.weekday() >= 5) for day in self.days]
        cells += [None] * (-len(cells) % 7)
        weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]  # a calendar, Monday first
        context.update(
            sites=self.sites, site=self.site, form=form, weeks=weeks, month=f"{self.year}-{self.month:02d}",
            weekdays=[WEEKDAYS[n] for n in range(7)],
            previous=f"{previous:%Y-%m}", following=f"{following:%Y-%m}",
        )  # fmt: skip
        return context

    def get(self, request, *args, **kwargs):
        self.setup_page()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_page()
        form = self.form(request.POST)
        done = self.submit(
            form,
            lambda: operations.roster_set(actor=request.user, site=self.site, year=self.year, month=self.month,
                                          people=form.people()),
            _("The duty roster is saved."),
        )  # fmt: skip
        if done:
            return redirect(f"{reverse('websites_roster')}?site={self.site.pk}&month={self.year}-{self.month:02d}")
        return self.render_to_response(self.get_context_data(form=form))


class InspectionsView(StaffPage):
    """The daily inspections of the sites of the staff member's units, newest first."""

    template_name = "websites/admin/inspections.html"
    page_title = _("Daily inspections")
    header_icon = "tasks"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sites = selectors.editable_sites(self.request.user)
        inspections = operations.inspections_for(self.request.user)
        site = None
        if self.request.GET.get("site"):
            site = _chosen_site(sites, self.request.GET["site"])
            inspections = inspections.filter(site=site)
        page = Paginator(inspections.order_by("-day", "site__site_code"), self.per_page).get_page(
            self.request.GET.get("p")
        )
        context.update(sites=sites, site=site, page=page, query=f"site={site.pk}" if site else "")
        return context


class InspectionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in operations.MANUAL_CHECKS:
            self.fields[f"check_{key}"] = forms.ChoiceField(label=label, choices=VERDICTS, required=False,
                                                            widget=forms.RadioSelect)  # fmt: skip
            self.fields[f"note_{key}"] = forms.CharField(label=_("Note"), required=False,
                                                         max_length=operations.NOTE_MAX)  # fmt: skip

    def answers(self) -> dict:
        return {key: (self.cleaned_data[f"check_{key}"], self.cleaned_data[f"note_{key}"])
                for key in operations.MANUAL_KEYS}  # fmt: skip

    def rows(self):
        return [(self[f"check_{key}"], self[f"note_{key}"]) for key in operations.MANUAL_KEYS]


class InspectionView(StaffPage):
    """One day's inspection: the findings computed from the site's data and the manual checks of the person on duty."""

    template_name = "websites/admin/inspection.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Daily inspection")

    def inspection(self):
        return operations.inspection_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = kwargs.get("inspection") or self.inspection()
        may = operations.may_inspect(self.request.user, inspection)
        form = kwargs.get("form") or (InspectionForm() if may else None)
        context.update(inspection=inspection, form=form, rows=form.rows() if form else [])
        return context

    def post(self, request, *args, **kwargs):
        inspection = self.inspection()
        form = InspectionForm(request.POST)
        done = self.submit(
            form,
            lambda: operations.inspection_submit(actor=request.user, inspection=inspection, answers=form.answers()),
            _("The inspection is submitted."),
        )
        if done:
            return redirect(reverse("websites_inspection", args=[inspection.pk]))
        return self.render_to_response(self.get_context_data(inspection=inspection, form=form))


class ReportForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {site.pk: site for site in sites}
        self.fields["site"].choices = [(site.pk, site.name) for site in sites]


class YearReportsView(StaffPage):
    """The reports a site's unit generates on a finished year as a draft item: the list, and a form to generate one.
    A subclass names its reports (`reports_for`), how one is generated, and where the editor goes next."""

    header_icon = "doc-full"
    generated_message = ""

    def reports_for(self, user):
        raise NotImplementedError

    def generate(self, *, actor, site, year):
        raise NotImplementedError

    def next_url(self, report) -> str:
        raise NotImplementedError

    def sites(self):
        return selectors.editable_sites(self.request.user).filter(state=SiteState.RUNNING)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sites = list(self.sites())
        today = timezone.localdate()
        initial = {"year": today.year - 1}
        if self.request.GET.get("site", "").isdigit():
            initial["site"] = int(self.request.GET["site"])
        form = kwargs.get("form") or ReportForm(initial=initial, sites=sites)
        reports = self.reports_for(self.request.user).order_by("-year", "site__site_code")
        context.update(form=form, reports=reports, due=operations.report_due(today.year - 1), has_sites=bool(sites))
        return context

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST, sites=list(self.sites()))
        report = self.submit(
            form,
            lambda: self.generate(actor=request.user, site=form.sites[form.cleaned_data["site"]],
                                  year=form.cleaned_data["year"]),
            self.generated_message,
        )  # fmt: skip
        if report:
            return redirect(self.next_url(report))
        return self.render_to_response(self.get_context_data(form=form))


class AnnualReportsView(YearReportsView):
    """Generate a site's annual report (《政府网站工作年度报表》) as a draft item, then send it through review."""

    template_name = "websites/admin/annual_reports.html"
    page_title = _("Annual reports")
    generated_message = _("The annual report is generated as a draft. Check it, then submit it for review.")

    def reports_for(self, user):
        return operations.reports_for(user)

    def generate(self, *, actor, site, year):
        return operations.annual_report_generate(actor=actor, site=site, year=year)

    def next_url(self, report) -> str:
        return reverse("wagtailsnippets_websites_libraryitem:edit", args=[report.item_id])


class DisclosureReportsView(YearReportsView):
    """Generate the report on government information disclosure (政府信息公开工作年度报告) of a site's unit as a
    draft item; its screen then takes the editor's text before the draft is sent through review."""

    template_name = "websites/admin/disclosure_reports.html"
    page_title = _("Disclosure annual reports")
    generated_message = _("The report is generated as a draft. Complete its text, then submit it for review.")

    def reports_for(self, user):
        return disclosure_report.reports_for(user)

    def generate(self, *, actor, site, year):
        return disclosure_report.disclosure_report_generate(actor=actor, site=site, year=year)

    def next_url(self, report) -> str:
        return reverse("websites_disclosure_report", args=[report.pk])


def _section_field(label):
    return forms.CharField(
        label=label, required=False, max_length=disclosure_report.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Emptied, the section takes the sentences generated from the figures again."),
    )  # fmt: skip


class DisclosureTextsForm(forms.Form):
    """The prose sections of the report; the tables are the platform's."""

    overview = _section_field(_("1. Overall situation"))
    problems = _section_field(_("5. Main problems and improvements"))
    other = _section_field(_("6. Other matters to report"))


class DisclosureReportView(StaffPage):
    """One report: the draft as it will be published (its tables from the figures) and, until it is sent for review,
    the editor's text of its prose sections; saving counts the figures again."""

    template_name = "websites/admin/disclosure_report.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Annual report on government information disclosure")

    def report(self):
        return disclosure_report.report_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = kwargs.get("report") or self.report()
        editable = not report.item.live and not report.item.workflow_in_progress
        form = kwargs.get("form") or (
            DisclosureTextsForm(initial=disclosure_report.section_texts(report)) if editable else None
        )
        address = selectors.item_address(report.item, full=True) if report.item.live else None
        context.update(report=report, form=form, in_review=report.item.workflow_in_progress, address=address)
        return context

    def post(self, request, *args, **kwargs):
        report = self.report()
        form = DisclosureTextsForm(request.POST)
        done = self.submit(
            form,
            lambda: disclosure_report.disclosure_report_generate(
                actor=request.user, site=report.site, year=report.year, texts=form.cleaned_data
            ),
            _("The draft is saved with the figures counted again. Submit it for review when it is complete."),
        )
        if done:
            return redirect(reverse("websites_disclosure_report", args=[report.pk]))
        return self.render_to_response(self.get_context_data(report=report, form=form))


class ScorecardView(StaffPage):
    """The yearly performance scorecard (年度绩效评估): the platform operator ranks every running site; a unit sees
    its own. `?format=xlsx` downloads it."""

    template_name = "websites/admin/scorecard.html"
    page_title = _("Site performance scorecard")
    header_icon = "table"

    def year(self) -> int:
        value = self.request.GET.get("year", "")
        today = timezone.localdate()
        return int(value) if value.isdigit() and 2000 <= int(value) <= today.year else today.year

    def get(self, request, *args, **kwargs):
        if self.request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def headers(self):
        return [_("Rank"), _("Site"), _("Site ID code"), *operations.SCORE_LABELS.values(), _("Total score")]

    def export(self):
        year = self.year()
        scores = operations.scorecard(self.request.user, year)
        rows = [
            [s.rank, s.site.name, s.site.site_code, *(round(s.indicators[k], 1) for k in operations.SCORE_WEIGHTS),
             s.total]
            for s in scores
        ]  # fmt: skip
        data = spreadsheets.write_xlsx([str(h) for h in self.headers()], rows, title=str(_("Scorecard")))
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="scorecard-{year}.xlsx"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        scores = operations.scorecard(self.request.user, year)
        columns = [(key, label, operations.SCORE_WEIGHTS[key]) for key, label in operations.SCORE_LABELS.items()]
        rows = [(s, [(f"{s.indicators[key]:.0f}", s.details[key]) for key, _label, _weight in columns]) for s in scores]
        years = list(range(timezone.localdate().year, timezone.localdate().year - 5, -1))
        context.update(year=year, years=years, columns=columns, rows=rows)
        return context
