"""Fees paid online (网上缴费, 非税收入, R4.7): the department's payment order (缴款通知书) for a case of an item that
charges, the notices its payment provider sent (kept so a notice delivered twice changes nothing), and the
simulator's own book of checkouts (the demo's one provider, `paygate.SimulatorProvider`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.eservices.models.cases import Case


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Awaiting payment")  # 待缴费
    PAID = "paid", _("Paid")  # 已缴费
    CANCELLED = "cancelled", _("Cancelled")  # 已作废


class PaymentOrder(models.Model):
    """缴款通知书: what the applicant owes for a case (the item's fees), with the 20-digit payment code (缴款码) the
    payment provider is paid against, the due date, and once paid the provider's trade number and the e-receipt's
    number (票据号). A case has at most one unpaid order; a cancelled one keeps its reason."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="payment_orders")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("collecting department"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("payment order number"), max_length=30, unique=True)
    payment_code = models.CharField(_("payment code"), max_length=20, unique=True)
    payer_name = models.CharField(_("payer"), max_length=200)
    payer_code = models.CharField(_("payer's ID number or credit code"), max_length=18)
    lines = models.JSONField(_("fees"), default=list)  # [{"name", "basis", "amount_fen"}]
    amount_fen = models.PositiveIntegerField(_("amount in fen"))
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("pay by"))
    provider = models.CharField(_("payment provider"), max_length=30, blank=True)
    provider_ref = models.CharField(_("provider's checkout reference"), max_length=64, blank=True)
    trade_no = models.CharField(_("provider's trade number"), max_length=64, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    receipt_number = models.CharField(_("e-receipt number"), max_length=30, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["case_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="unpaid"), name="eservices_one_unpaid_order"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_yuan(self) -> str:
        return f"{self.amount_fen // 100}.{self.amount_fen % 100:02d}"


class PaymentNotice(models.Model):
    """A payment notice the provider sent and we accepted, by its own id: the same notice delivered again is
    answered as before and changes nothing. Refused notices (bad signature, stale, wrong amount) go to the ledger."""

    notice_id = models.CharField(_("notice id"), max_length=64, unique=True)
    provider = models.CharField(_("payment provider"), max_length=30)
    order = models.ForeignKey(
        PaymentOrder, verbose_name=_("payment order"), on_delete=models.CASCADE, related_name="notices"
    )
    outcome = models.CharField(_("outcome"), max_length=20)  # paid | already_paid | cancelled_by_payer
    amount_fen = models.PositiveIntegerField(_("amount in fen"))
    trade_no = models.CharField(_("provider's trade number"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment notice")
        verbose_name_plural = _("payment notices")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.notice_id


class SimulatedCheckout(models.Model):
    """The payment simulator's own book (模拟支付, demo only, no money moves): one checkout the citizen confirms or
    cancels on the simulator's page. A real provider keeps this on its side; we never read it outside `paygate`."""

    ref = models.CharField(_("checkout reference"), max_length=64, unique=True)
    payment_code = models.CharField(_("payment code"), max_length=20)
    amount_fen = models.PositiveIntegerField(_("amount in fen"))
    subject = models.CharField(_("subject"), max_length=200)
    payee = models.CharField(_("payee"), max_length=200)
    return_url = models.CharField(_("return address"), max_length=300)
    status = models.CharField(_("status"), max_length=20, default="pending")  # pending | paid | cancelled
    trade_no = models.CharField(_("trade number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("simulated checkout")
        verbose_name_plural = _("simulated checkouts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.ref
