from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberCounter(models.Model):
    """The last sequence number handed out for a case-number prefix on one day (see core/numbering.py)."""

    prefix = models.CharField(_("prefix"), max_length=16)
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="core_numbercounter_prefix_day")]

    def __str__(self) -> str:
        return f"{self.prefix}{self.day:%Y%m%d}: {self.last}"
