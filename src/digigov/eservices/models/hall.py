"""What the online service hall keeps of its own (R4.2): the public progress query's lookups, for the per-address
hourly limit only."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressLookup(models.Model):
    """One public progress query (`/zwfw/progress/`): the address and the time, not the number looked for. Rows older
    than the hour the limit looks at are of no use and may be deleted."""

    address = models.GenericIPAddressField(_("looked up from"))
    at = models.DateTimeField(_("looked up"))

    class Meta:
        verbose_name = _("progress lookup")
        verbose_name_plural = _("progress lookups")
        indexes = [
            models.Index(fields=["address", "at"], name="eservices_lookup_address"),
            models.Index(fields=["at"], name="eservices_lookup_at"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"
