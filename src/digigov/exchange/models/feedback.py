from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.core.private_files import private_storage
from digigov.exchange.choices import ErrorReportStatus


class ErrorReportQuerySet(OrgScopedQuerySet):
    org_field = "reporter"


class ErrorReport(models.Model):
    """纠错 (R1.7): a consumer doubts a value; the provider verifies and answers within the configured limit."""

    number = models.CharField(_("report number"), max_length=30, unique=True)
    reporter = models.ForeignKey(
        "core.Organisation", verbose_name=_("reporting department"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resource = models.ForeignKey("catalog.Resource", verbose_name=_("resource"), on_delete=models.PROTECT)
    record_key = models.CharField(_("record key"), max_length=100)
    item = models.ForeignKey(
        "catalog.InformationItem", verbose_name=_("information item"), on_delete=models.PROTECT, related_name="+"
    )
    claimed_value = models.CharField(_("value believed correct"), max_length=500)
    evidence = models.TextField(_("evidence"))
    # Evidence may show personal data: stored privately, served by /files/ to the report's parties only (R0.4).
    attachment = models.FileField(
        _("attachment"), upload_to="exchange/error-reports/%Y/", storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ErrorReportStatus.choices, default=ErrorReportStatus.SUBMITTED
    )
    deadline = models.DateField(_("answer due"))
    answer = models.TextField(_("provider's answer"), blank=True)
    corrected_value = models.CharField(_("corrected value"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number
