"""What the case pages show of fees (缴费) and result mailing (证照寄送, R4.7), each page's in one function: the
staff case screen (`staff_extras`, its section in `_case_payments.html`) and the applicant's hall page
(`hall_extras`, in `_hall_case_payment.html` and `_hall_case_delivery.html`). The forms they post are here too."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.models import Division
from digigov.eservices import paygate
from digigov.eservices.choices import CaseStatus, Decision
from digigov.eservices.models import Carrier, Case, Delivery, DeliveryMethod, PaymentStatus
from digigov.eservices.services import delivery as deliveries
from digigov.eservices.services import payments

COUNTIES_MAX = 600


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)


class SendForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=Carrier.choices)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=30, required=False)


def staff_extras(request, view, bound: dict) -> dict:
    """The payment orders and the delivery of the case, for its lead department (a joint part sees neither). Reading
    a mailing address is recorded."""
    case = view.case
    if not view.lead:
        return {}
    delivery = Delivery.objects.filter(case=case).first()
    if delivery is not None and delivery.method == DeliveryMethod.MAIL:
        deliveries.delivery_address_read(actor=request.user, case=case, organisation_id=view.parts[0].organisation_id)
    orders = list(case.payment_orders.select_related("issued_by", "cancelled_by").order_by("-pk"))
    fees = payments.case_fees(case)
    live = [o for o in orders if o.status != PaymentStatus.CANCELLED]
    return {
        "pay": {
            "fees": fees,
            "total_yuan": _yuan(sum(int(f.get("amount_fen", 0)) for f in fees)),
            "orders": orders,
            "can_issue": bool(fees) and not live and case.status == CaseStatus.IN_PROGRESS,
            "unpaid": next((o for o in orders if o.status == PaymentStatus.UNPAID), None),
            "cancel_form": bound.get("cancel_form") or CancelForm(),
        },
        "mail": {
            "delivery": delivery,
            "can_send": delivery is not None
            and delivery.method == DeliveryMethod.MAIL
            and delivery.sent_at is None
            and case.status == CaseStatus.CONCLUDED
            and case.decision == Decision.APPROVED,
            "send_form": bound.get("send_form") or SendForm(),
        },
    }


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def counties() -> list[tuple[str, str]]:
    """The counties and districts an address may be in, with their city: 武汉市 江岸区."""
    rows = Division.objects.filter(level="county").select_related("parent").order_by("code")[:COUNTIES_MAX]
    return [(d.code, f"{d.parent.name if d.parent else ''} {d.name}".strip()) for d in rows]


def hall_extras(case: Case, *, errors: dict | None = None, values: dict | None = None) -> dict:
    """The applicant's fees (待缴费 / 已缴费 with the e-receipt) and their choice of receiving the result."""
    orders = list(case.payment_orders.exclude(status=PaymentStatus.CANCELLED).order_by("-pk"))
    delivery = Delivery.objects.filter(case=case).first()
    offered = deliveries.mailing_offered(case)
    choosable = (
        case.status in deliveries.CHOOSABLE
        and case.decision != Decision.REFUSED
        and (delivery is None or delivery.sent_at is None)
    )
    if values is None and delivery is not None:
        values = {
            "method": delivery.method,
            "recipient": delivery.recipient,
            "mobile": delivery.mobile,
            "division": delivery.division,
            "address": delivery.address,
        }
    return {
        "pay": {
            "orders": orders,
            "provider": paygate.provider().label,
            "url": reverse("eservices_hall_pay", args=[case.number]),
        },
        "mail": {
            "offered": offered,
            "delivery": delivery,
            "choosable": choosable,
            "errors": errors or {},
            "values": values or {"method": DeliveryMethod.PICKUP},
            "counties": counties() if offered and choosable else [],
            "url": reverse("eservices_hall_delivery", args=[case.number]),
            "methods": DeliveryMethod.choices,
        },
    }
