"""What the open-data portal keeps of its own (S3): every download and API call of a dataset."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.opendata.choices import UseKind


class DatasetUse(models.Model):
    """One download or API call of an open dataset (R3.1): the counts on the dataset's page, and the per-address
    limit of anonymous use. The data itself is public, so only the address and time are kept, no person."""

    resource = models.ForeignKey(
        "catalog.Resource", verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=UseKind.choices)
    address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("dataset use")
        verbose_name_plural = _("dataset uses")
        indexes = [
            models.Index(fields=["resource", "kind"], name="opendata_use_resource_idx"),
            models.Index(fields=["address", "at"], name="opendata_use_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
