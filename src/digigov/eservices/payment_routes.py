"""Fees and mailing in the JSON API (R4.7): a case's payment orders and its delivery for the lead department, the
record of a mailed result, and the payment provider's notice endpoint (no session, no API key: the HMAC signature
of the raw body in `X-Payment-Signature` is the proof; see `paygate`)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from digigov.core.api_inputs import Id
from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.eservices import case_selectors, paygate
from digigov.eservices.models import Delivery
from digigov.eservices.services import delivery as deliveries
from digigov.eservices.services import payments

router = Router(tags=["eservices"])


class PaymentOrderOut(Schema):
    id: int
    number: str
    payment_code: str
    payer_name: str
    lines: list[dict]
    amount_fen: int
    status: str
    issued_at: dt.datetime
    due_on: dt.date
    paid_at: dt.datetime | None
    trade_no: str
    receipt_number: str
    cancel_reason: str


class DeliveryIn(Schema):
    carrier: str
    tracking_number: str


class DeliveryOut(Schema):
    method: str
    carrier: str
    tracking_number: str
    sent_at: dt.datetime | None


class PaymentNoticeOut(Schema):
    code: str
    duplicate: bool


def _lead_case(request, case_id: int):
    view = case_selectors.staff_case_get(request.user, case_id)
    if not view.lead:
        raise NotFoundError()  # a joint part sees nothing of the fees or the address
    return view.case


@router.get(
    "/cases/{case_id}/payments",
    response=list[PaymentOrderOut],
    summary=_("A case's payment orders (缴款通知书), for its lead department"),
)
def case_payments(request, case_id: Id):
    return list(_lead_case(request, case_id).payment_orders.order_by("pk"))


@router.post(
    "/cases/{case_id}/delivery",
    response=DeliveryOut,
    summary=_("Record that the result was mailed: carrier and tracking number"),
)
def case_delivery_send(request, case_id: Id, body: DeliveryIn):
    case = _lead_case(request, case_id)
    deliveries.delivery_send(actor=request.user, case=case, carrier=body.carrier, tracking_number=body.tracking_number)
    return Delivery.objects.get(case=case)


@router.post(
    "/payments/notify",
    auth=None,
    response={200: PaymentNoticeOut},
    summary=_("The payment provider's notice of a payment (signed with HMAC-SHA256)"),
)
def payment_notify(request):
    result = payments.notice_receive(body=request.body, signature=request.headers.get(paygate.SIGNATURE_HEADER, ""))
    if result.accepted:
        return {"code": "ok", "duplicate": result.duplicate}
    if result.code == "bad_signature":
        raise PermissionDeniedError(result.message, code=result.code)
    raise DomainError(result.message, code=result.code)  # refused (and recorded); the one error shape
