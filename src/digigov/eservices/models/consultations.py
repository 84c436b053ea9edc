"""网上咨询 (R4.7): a signed-in person's question about a published item, answered by the item's department within
`eservices.consultation_answer_days` working days; an answer may be published as a FAQ (常见问题) in a public
wording the department writes, which holds no personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.eservices.choices import ConsultationStatus
from digigov.eservices.models.items import ServiceItem


class Consultation(models.Model):
    """One question and its answer. Only the asker and the item's department see the question itself; the FAQ
    fields are what the guide page shows once `faq_published`."""

    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("answering department"), on_delete=models.PROTECT, related_name="+"
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"))
    address = models.GenericIPAddressField(_("asked from"), null=True, blank=True)
    asked_at = models.DateTimeField(_("asked at"))
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.WAITING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    faq_question = models.CharField(_("public wording of the question"), max_length=300, blank=True)
    faq_answer = models.TextField(_("public wording of the answer"), blank=True)
    faq_published = models.BooleanField(_("published as a FAQ"), default=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="eservices_consult_queue"),
            models.Index(fields=["asker", "-asked_at"], name="eservices_consult_asker"),
            models.Index(fields=["address", "asked_at"], name="eservices_consult_address"),
            models.Index(fields=["item"], name="eservices_consult_faq", condition=models.Q(faq_published=True)),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.asked_at:%Y-%m-%d}"
