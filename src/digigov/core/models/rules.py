from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleValue(models.Model):
    """The platform administrator's override of a registered rule parameter (see core/rules.py)."""

    key = models.CharField(_("rule"), max_length=100, primary_key=True)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
