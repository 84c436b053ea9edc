"""The inputs of the 12345 数据分析 screen and the weekly report (R5.1): a period (this month, last month, the last
twelve months or chosen dates), optional filters, and a week. They only collect and check input."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import DivisionLevel
from digigov.core.models import Division
from digigov.hotline.choices import TicketKind
from digigov.hotline.figures import Filters, Period
from digigov.knowledge.api import category_list

LONGEST_DAYS = 3 * 366  # a custom period of at most about three years


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _top_categories():
    return [("", _("All"))] + [(c.code, c.name) for c in category_list() if len(c.code) == 2]


def _cities():
    rows = Division.objects.filter(level__in=[DivisionLevel.CITY]).order_by("code").values_list("code", "name")
    return [("", _("All"))] + list(rows[:200])


def this_month(today: dt.date) -> Period:
    return Period(today.replace(day=1), today)


def last_month(today: dt.date) -> Period:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return Period(end.replace(day=1), end)


def last_twelve_months(today: dt.date) -> Period:
    first = today.replace(day=1)
    for _n in range(11):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return Period(first, today)


class AnalysisForm(forms.Form):
    PERIODS = [
        ("month", _("This month")),
        ("last_month", _("Last month")),
        ("year", _("Last 12 months")),
        ("custom", _("Chosen dates")),
    ]
    period = forms.ChoiceField(label=_("Statistical period"), choices=PERIODS, initial="month", required=False)
    start = forms.DateField(label=_("From"), required=False, widget=_date_input())
    end = forms.DateField(label=_("To"), required=False, widget=_date_input())
    kind = forms.ChoiceField(label=_("Kind of request"), required=False)
    category = forms.ChoiceField(label=_("Subject category"), required=False)
    division = forms.ChoiceField(label=_("City or prefecture"), required=False)

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["kind"].choices = [("", _("All"))] + TicketKind.choices
        self.fields["category"].choices = _top_categories()
        self.fields["division"].choices = _cities()

    def clean(self):
        data = super().clean()
        choice = data.get("period") or "month"
        start, end = data.get("start"), data.get("end")
        if choice == "custom":
            if not start:
                self.add_error("start", _("Give the first day of the period."))
            if not end:
                self.add_error("end", _("Give the last day of the period."))
            if start and end:
                if end < start:
                    self.add_error("end", _("The last day is before the first day."))
                elif end > self.today:
                    self.add_error("end", _("The period cannot end after today."))
                elif (end - start).days >= LONGEST_DAYS:
                    self.add_error("end", _("Choose a period of at most three years."))
        return data

    def chosen(self) -> tuple[Period, Filters]:
        """The period and filters of a valid form (this month without filters otherwise)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        choice = data.get("period") or "month"
        if choice == "custom":
            period = Period(data["start"], data["end"])
        elif choice == "last_month":
            period = last_month(self.today)
        elif choice == "year":
            period = last_twelve_months(self.today)
        else:
            period = this_month(self.today)
        filters = Filters(
            kind=data.get("kind", ""), category_code=data.get("category", ""), division_code=data.get("division", "")
        )
        return period, filters


class WeekForm(forms.Form):
    """周报: any day of the week (Monday to Sunday) the report covers; the week must have ended."""

    week = forms.DateField(label=_("A day of the week"), widget=_date_input())
    format = forms.ChoiceField(choices=[("xlsx", "Excel"), ("pdf", "PDF")], initial="xlsx")

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_week(self):
        day = self.cleaned_data["week"]
        monday = day - dt.timedelta(days=day.weekday())
        if monday > self.today:
            raise forms.ValidationError(_("The week has not started yet."))
        return monday

    def period(self) -> Period:
        monday = self.cleaned_data["week"]
        return Period(monday, monday + dt.timedelta(days=6))


def last_week(today: dt.date) -> dt.date:
    """The Monday of the last whole week."""
    return today - dt.timedelta(days=today.weekday() + 7)
