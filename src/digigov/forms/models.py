"""Forms defined as data (docs/adr/0003-eservices-workflow.md §3): a definition and its immutable versions, each a
form-js schema (schemaVersion 19) checked by `schema.validate` before it is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormDefinition(models.Model):
    """A form staff design (个人事项申请表, 出生登记 …); `owner` None = platform-wide, used by every organisation."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        "core.Organisation", verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current = models.ForeignKey(
        "FormVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class FormVersion(models.Model):
    """One saved schema of a form, never changed afterwards: what a person filled in names the version they saw."""

    definition = models.ForeignKey(
        FormDefinition, verbose_name=_("form"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("form schema"))
    schema_version = models.PositiveIntegerField(_("schema format version"), default=19)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="forms_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.definition} v{self.number}"
