"""Three lists beside the catalogue (三清单一目录, R1.3): responsibility, demand and negative lists."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import DemandStatus, LegalBasisKind
from digigov.core.permissions import OrgScopedQuerySet


class ResponsibilityQuerySet(OrgScopedQuerySet):
    org_field = "organisation"


class ResponsibilityEntry(models.Model):
    """共享责任清单: a resource a department must provide, by when; fulfilled by a published resource."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="+"
    )
    resource_name = models.CharField(_("resource to provide"), max_length=200)
    items = models.TextField(_("information items"), blank=True, help_text=_("One per line or separated by 、"))
    duty_basis = models.CharField(_("basis of the duty"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"))
    resource = models.ForeignKey(
        "catalog.Resource",
        verbose_name=_("fulfilled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsibilities",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility list entry")
        verbose_name_plural = _("responsibility list")
        ordering = ["organisation_id", "due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "resource_name"], name="catalog_resp_unique_name"),
        ]

    def __str__(self) -> str:
        return self.resource_name


class DemandQuerySet(OrgScopedQuerySet):
    org_field = "requester"


class DemandEntry(models.Model):
    """需求清单: data a department needs; matched to a catalogue resource, or the provider is asked to respond."""

    requester = models.ForeignKey(
        "core.Organisation", verbose_name=_("requesting department"), on_delete=models.PROTECT, related_name="+"
    )
    resource_name = models.CharField(_("data needed"), max_length=200)
    items = models.TextField(_("information items"), blank=True)
    purpose = models.TextField(_("purpose"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    provider = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("expected provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resource = models.ForeignKey(
        "catalog.Resource",
        verbose_name=_("matched resource"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    status = models.CharField(_("status"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.OPEN)
    response = models.TextField(_("provider's response"), blank=True)
    response_deadline = models.DateField(_("response deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand list entry")
        verbose_name_plural = _("demand list")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.resource_name


class NegativeQuerySet(OrgScopedQuerySet):
    org_field = "organisation"


class NegativeEntry(models.Model):
    """负面清单: data a department will not share, each with its legal basis (R1.2, R1.3).

    Entries come from not-shared catalogue resources (kept in step by the catalogue's services) or are declared
    before the resource is catalogued, e.g. by an Excel import.
    """

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    resource_name = models.CharField(_("resource"), max_length=200)
    items = models.TextField(_("information items"), blank=True)
    legal_basis_kind = models.CharField(_("kind of legal basis"), max_length=20, choices=LegalBasisKind.choices)
    legal_basis = models.TextField(_("legal basis"))
    resource = models.OneToOneField(
        "catalog.Resource",
        verbose_name=_("catalogue resource"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="negative_entry",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NegativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("negative list entry")
        verbose_name_plural = _("negative list")
        ordering = ["organisation_id", "resource_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "resource_name"], name="catalog_negative_unique_name"),
        ]

    def __str__(self) -> str:
        return self.resource_name
