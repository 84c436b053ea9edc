"""Result mailing (证照寄送, R4.7): how the applicant receives the result of a case, collected at the office or
mailed to an address they give, and, once the department sends it, the carrier and its tracking number."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.eservices.models.cases import Case


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("Collect at the office")  # 自取
    MAIL = "mail", _("Mail it to me")  # 邮寄


class Carrier(models.TextChoices):
    """The carriers a department sends results with; each has its tracking-number format (services.delivery)."""

    EMS = "ems", _("China Post EMS")  # 中国邮政EMS
    SF = "sf", _("SF Express")  # 顺丰速运
    JD = "jd", _("JD Logistics")  # 京东物流


class Delivery(models.Model):
    """证照寄送: the applicant's choice for one case and, for mailing, the address (personal data: reading it on the
    staff screen is recorded), then the carrier and tracking number the department recorded when it sent it."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="delivery")
    method = models.CharField(_("how the result is received"), max_length=10, choices=DeliveryMethod.choices)
    recipient = models.CharField(_("recipient"), max_length=50, blank=True)
    mobile = models.CharField(_("recipient's mobile"), max_length=11, blank=True)
    division = models.CharField(_("division code"), max_length=12, blank=True)
    division_name = models.CharField(_("division"), max_length=200, blank=True)
    address = models.CharField(_("detailed address"), max_length=200, blank=True)
    chosen_at = models.DateTimeField(_("chosen at"))
    carrier = models.CharField(_("carrier"), max_length=10, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=30, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("result delivery")
        verbose_name_plural = _("result deliveries")

    def __str__(self) -> str:
        return f"{self.case} {self.get_method_display()}"
