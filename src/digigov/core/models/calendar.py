from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import CalendarSource, DayKind


class CalendarYear(models.Model):
    """Whether the official holiday schedule of a year is known (R0.3).

    A year without a row falls back to plain weekends and is flagged to the platform administrator.
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to the Monday-Friday week: a public holiday or a make-up workday (调休)."""

    date = models.DateField(_("date"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("festival"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()
