from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.websites.choices import WordSeverity


class SensitiveWord(models.Model):
    """错敏词: a word the platform keeps off government sites (R8.7), with its correction. A severe word (a wrong
    official name, a forbidden expression) blocks publishing; the others are shown to the editor as warnings."""

    word = models.CharField(_("word"), max_length=50, unique=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=WordSeverity.choices, default=WordSeverity.WARNING
    )
    correction = models.CharField(_("correction"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("date changed"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive or wrong word")
        verbose_name_plural = _("sensitive and wrong words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
