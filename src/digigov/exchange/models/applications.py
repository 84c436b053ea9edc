"""Share applications and the grants they produce (共享申请 / 授权, R1.4, R1.5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import SharingStop
from digigov.core.permissions import OrgScopedQuerySet
from digigov.exchange.choices import ApplicationStatus


class ApplicationQuerySet(OrgScopedQuerySet):
    org_field = "consumer"


class ShareApplication(models.Model):
    """A consumer department's application to use a catalogue resource.

    Unconditional resources are granted at once; conditional ones pass the platform operator's check and then the
    provider's answer, due `exchange.conditional_reply_days` working days after forwarding (R1.5).
    """

    number = models.CharField(_("application number"), max_length=30, unique=True)
    consumer = models.ForeignKey(
        "core.Organisation", verbose_name=_("consumer"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resource = models.ForeignKey("catalog.Resource", verbose_name=_("resource"), on_delete=models.PROTECT)
    items = models.ManyToManyField("catalog.InformationItem", verbose_name=_("information items"), related_name="+")
    purpose = models.TextField(_("purpose"))
    legal_basis = models.TextField(_("legal basis"))
    period_start = models.DateField(_("use from"))
    period_end = models.DateField(_("use until"))
    system = models.ForeignKey(
        "identity.SystemClient",
        verbose_name=_("consuming system"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raw_values = models.BooleanField(
        _("raw sensitive values"), default=False, help_text=_("Ask for unmasked ID numbers, phones and addresses.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)
    deadline = models.DateField(_("answer due"), null=True, blank=True)
    urged_count = models.PositiveSmallIntegerField(_("times urged"), default=0)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("share application")
        verbose_name_plural = _("share applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.number


class GrantQuerySet(OrgScopedQuerySet):
    org_field = "consumer"


class Grant(models.Model):
    """授权: what a consumer system may read from a resource, which items, for how long, how much per day."""

    application = models.OneToOneField(
        ShareApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="grant"
    )
    consumer = models.ForeignKey(
        "core.Organisation", verbose_name=_("consumer"), on_delete=models.PROTECT, related_name="+"
    )
    system = models.ForeignKey(
        "identity.SystemClient", verbose_name=_("consuming system"), on_delete=models.PROTECT, related_name="+"
    )
    resource = models.ForeignKey("catalog.Resource", verbose_name=_("resource"), on_delete=models.PROTECT)
    items = models.ManyToManyField("catalog.InformationItem", verbose_name=_("information items"), related_name="+")
    raw_values = models.BooleanField(_("raw sensitive values"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    daily_quota = models.PositiveIntegerField(_("daily call quota"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Set when the catalogue stops sharing the resource (withdrawn, or published again as 不予共享, R1.2, R1.9): the
    # gateway refuses the grant from then on; revoking it later still records the provider's decision.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.CharField(
        _("why suspended"), max_length=20, choices=SharingStop.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["system", "resource", "is_active"])]

    def __str__(self) -> str:
        return f"{self.consumer} · {self.resource}"
