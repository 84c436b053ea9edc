"""Fees paid online (网上缴费, 非税收入, R4.7).

Practice followed (非税收入 collection by the collecting department, 执收单位): once a case of an item that charges is
accepted and its fee confirmed (核定), the lead department issues a payment order (缴款通知书): its number, a
20-digit payment code (缴款码), the payer, the fees and the amount, due within `eservices.payment_due_days` working
days. The applicant pays it from their case page through the payment provider (`paygate`); the provider's signed
notice marks it paid and gives it an e-receipt number (票据号). The case cannot conclude (办结: the approving
decision that ends the process, or the window's conclusion step) while an issued order is unpaid. The department may
cancel an unpaid order with its reason (a fee waived, a wrong amount: then it issues a new one); a refusal cancels
it. Issuing is the department's act: an item that charges but whose department issued no order (paid at the
counter's terminal, waived) concludes as before.

**Numbers (ours, to check against the finance department's 非税 rules before real money moves):** the order number
is `JK` + yyyymmdd + 4 digits (`core.numbering`); the payment code is the department's 6-digit division code, the
date (yyyymmdd), the order's sequence in 5 digits and a Luhn check digit (20 digits); the e-receipt number is
`PJ` + yyyymmdd + 4 digits until the finance e-receipt platform (财政电子票据) issues real ones.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.numbering import next_number
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.rules import rule
from digigov.eservices import paygate
from digigov.eservices.choices import LEAD_PART, CaseStatus, Decision
from digigov.eservices.models import Case, PaymentNotice, PaymentOrder, PaymentStatus
from digigov.eservices.selectors import version_get
from digigov.eservices.services.cases import applicant_url, lock, staff_url

REASON_MAX = 300


def luhn_digit(digits: str) -> str:
    """The Luhn (mod 10) check digit of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def payment_code_valid(code: str) -> bool:
    return len(code) == 20 and code.isdigit() and luhn_digit(code[:-1]) == code[-1]


def _payment_code(division: str, number: str) -> str:
    """Division (6) + date (8) + sequence (5) + check digit: 20 digits, from the order number JKyyyymmddNNNN."""
    body = f"{division[:6]:0>6}{number[2:10]}{int(number[10:]):05d}"
    return body + luhn_digit(body)


def case_fees(case: Case) -> list[dict]:
    """The fees of the item as the case applied under it (the published version's guide)."""
    return list(version_get(case.item, case.item_version).snapshot.get("fields", {}).get("fee") or [])


def _lead_staff(actor, case: Case) -> None:
    if is_platform_admin(actor):
        return
    if not case.parts.filter(part=LEAD_PART, organisation_id__in=organisation_ids(actor)).exists():
        raise PermissionDeniedError()


def _record(action: str, actor, order: PaymentOrder, **after) -> None:
    ledger.record(
        action=action,
        actor=actor,
        organisation=order.organisation_id,
        obj=order,
        after={"number": order.case.number or "", "order": order.number, **after},
    )


def _tell(case: Case, title) -> None:
    if case.applicant_id is not None:
        inbox.notify(recipient=case.applicant, title=title, url=applicant_url(case))


@transaction.atomic
def order_issue(*, actor, case: Case, today: dt.date | None = None) -> PaymentOrder:
    """缴款通知书 for an accepted case of an item that charges, by its lead department."""
    today = today or timezone.localdate()
    case = lock(case.pk)
    _lead_staff(actor, case)
    if case.status != CaseStatus.IN_PROGRESS:
        raise ConflictError(_("A payment order is issued for a case being handled, after its acceptance."))
    fees = case_fees(case)
    if not fees:
        raise ConflictError(_("This item charges no fee."))
    if case.payment_orders.exclude(status=PaymentStatus.CANCELLED).exists():
        raise ConflictError(_("This case already has a payment order; cancel it before issuing a new one."))
    number = next_number("JK", day=today, model=PaymentOrder)
    order = PaymentOrder.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        number=number,
        payment_code=_payment_code(case.organisation.division_id, number),
        payer_name=case.applicant_name,
        payer_code=case.applicant_code,
        lines=[{"name": f["name"], "basis": f.get("basis", ""), "amount_fen": int(f["amount_fen"])} for f in fees],
        amount_fen=sum(int(f["amount_fen"]) for f in fees),
        issued_at=timezone.now(),
        issued_by=actor,
        due_on=add_working_days(today, rule("eservices.payment_due_days")),
    )
    _record("eservices.payment.issued", actor, order, amount_fen=order.amount_fen, due_on=order.due_on.isoformat())
    _tell(
        case,
        lazy_text(
            gettext_lazy("Please pay %(amount)s yuan for application %(no)s by %(due)s"),
            amount=order.amount_yuan,
            no=case.number,
            due=order.due_on.isoformat(),
        ),
    )
    return order


def _lock_order(pk) -> PaymentOrder:
    order = PaymentOrder.objects.select_for_update(of=("self",)).select_related("case").filter(pk=pk).first()
    if order is None:
        raise NotFoundError()
    return order


@transaction.atomic
def order_cancel(*, actor, order: PaymentOrder, reason: str) -> PaymentOrder:
    """作废 an unpaid order, with its reason (a fee waived, a wrong amount)."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors.one("cancel_reason", _("Give the reason for cancelling the payment order."))
    if len(reason) > REASON_MAX:
        raise FieldErrors.one("cancel_reason", _("At most %(n)s characters.") % {"n": REASON_MAX})
    case = lock(order.case_id)
    _lead_staff(actor, case)
    order = _lock_order(order.pk)
    if order.status != PaymentStatus.UNPAID:
        raise ConflictError(_("Only an unpaid payment order can be cancelled."))
    _cancel(actor, order, reason)
    return order


def _cancel(actor, order: PaymentOrder, reason: str) -> None:
    order.status = PaymentStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.cancelled_by = actor
    order.cancel_reason = reason[:REASON_MAX]
    order.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    _record("eservices.payment.cancelled", actor, order, reason=order.cancel_reason)
    _tell(order.case, lazy_text(gettext_lazy("Payment order %(order)s is cancelled"), order=order.number))


def before_conclusion(case: Case) -> None:
    """Called as the case's process ends: an approved case waits for its unpaid order; a refused one cancels it."""
    unpaid = case.payment_orders.filter(status=PaymentStatus.UNPAID).first()
    if unpaid is None:
        return
    if case.decision == Decision.REFUSED:
        _cancel(None, unpaid, str(gettext_lazy("The application was refused: nothing is to be paid.")))
        return
    raise ConflictError(
        _(
            "The applicant has not yet paid payment order %(order)s (%(amount)s yuan): the case can be concluded "
            "once it is paid, or after the order is cancelled."
        )
        % {"order": unpaid.number, "amount": unpaid.amount_yuan}
    )


@transaction.atomic
def payment_start(*, actor, case: Case, return_url: str) -> str:
    """The applicant goes to pay their unpaid order: the provider opens a checkout; its address is returned."""
    case = lock(case.pk)
    if actor is None or case.applicant_id != actor.pk:
        raise NotFoundError()
    order = case.payment_orders.filter(status=PaymentStatus.UNPAID).first()
    if order is None:
        raise ConflictError(_("There is nothing to pay for this application."))
    order = _lock_order(order.pk)
    gate = paygate.provider()
    checkout = gate.create(
        payment_code=order.payment_code,
        amount_fen=order.amount_fen,
        subject=f"{case.item.name} {order.number}",
        payee=case.organisation.name,
        return_url=return_url,
    )
    order.provider, order.provider_ref = gate.code, checkout.ref
    order.save(update_fields=["provider", "provider_ref"])
    _record("eservices.payment.started", actor, order, provider=gate.code)
    return checkout.url


@dataclass(frozen=True)
class NoticeResult:
    accepted: bool
    code: str  # "ok" or why it was refused
    message: str = ""
    duplicate: bool = False


class _Refused(Exception):
    def __init__(self, code: str, message, order: PaymentOrder | None = None):
        super().__init__(code)
        self.code, self.message, self.order = code, message, order


def payment_check(*, actor, case: Case) -> NoticeResult | None:
    """The applicant asks how their payment stands (a notice may be lost): the provider is queried for the
    unpaid order's checkout and its answer applied as its notice would be. None while nothing is finished."""
    if actor is None or case.applicant_id != actor.pk:
        raise NotFoundError()
    order = case.payment_orders.filter(status=PaymentStatus.UNPAID).exclude(provider_ref="").first()
    gate = paygate.provider()
    notice = gate.query(ref=order.provider_ref) if order is not None and order.provider == gate.code else None
    if notice is None:
        return None
    try:
        return _apply(gate.code, notice)
    except _Refused as error:
        _refused(gate.code, error.code, error.order, notice)
        return NoticeResult(False, error.code, str(error.message))


def notice_receive(*, body: bytes, signature: str) -> NoticeResult:
    """A payment provider's notice (the notify endpoint, and the simulator in process). A notice that is not signed
    with our key, is stale, names an unknown order, the wrong amount or a cancelled order is refused and recorded;
    one delivered again, or another one for a paid order, is answered "ok" and changes nothing."""
    gate = paygate.provider()
    notice: paygate.Notice | None = None
    try:
        notice = gate.verify(body=body, signature=signature)
        return _apply(gate.code, notice)
    except paygate.NoticeError as error:
        _refused(gate.code, error.code, None, None)
        return NoticeResult(False, error.code, str(error.message))
    except _Refused as error:
        _refused(gate.code, error.code, error.order, notice)
        return NoticeResult(False, error.code, str(error.message))


@transaction.atomic
def _refused(provider: str, code: str, order: PaymentOrder | None, notice: paygate.Notice | None) -> None:
    ledger.record(
        action="eservices.payment.notice_refused",
        organisation=order.organisation_id if order else None,
        obj=order,
        object_type="" if order else "eservices.paymentnotice",
        after={
            "number": order.case.number if order else "",
            "order": order.number if order else "",
            "reason": code,
            "provider": provider,
            "amount_fen": notice.amount_fen if notice else None,
        },
    )


@transaction.atomic
def _apply(provider: str, notice: paygate.Notice) -> NoticeResult:
    found = PaymentOrder.objects.filter(payment_code=notice.payment_code).values_list("pk", flat=True).first()
    if found is None:
        raise _Refused("unknown_order", gettext_lazy("No payment order has this payment code."))
    order = _lock_order(found)
    if PaymentNotice.objects.filter(notice_id=notice.notice_id).exists():
        return NoticeResult(True, "ok", duplicate=True)
    if notice.amount_fen != order.amount_fen:
        raise _Refused("amount_mismatch", gettext_lazy("The amount paid is not the amount of the order."), order)

    def keep(outcome: str) -> None:
        PaymentNotice.objects.create(
            notice_id=notice.notice_id,
            provider=provider,
            order=order,
            outcome=outcome,
            amount_fen=notice.amount_fen,
            trade_no=notice.trade_no,
        )

    if notice.status == paygate.CANCELLED:
        keep("cancelled_by_payer")
        return NoticeResult(True, "ok")
    if order.status == PaymentStatus.PAID:
        keep("already_paid")
        return NoticeResult(True, "ok", duplicate=True)
    if order.status == PaymentStatus.CANCELLED:
        raise _Refused("order_cancelled", gettext_lazy("The payment order was cancelled; refund the payer."), order)
    keep("paid")
    order.status = PaymentStatus.PAID
    order.paid_at = timezone.now()
    order.trade_no = notice.trade_no
    order.receipt_number = next_number("PJ", model=PaymentOrder, field="receipt_number")
    order.save(update_fields=["status", "paid_at", "trade_no", "receipt_number"])
    _record("eservices.payment.paid", None, order, receipt=order.receipt_number, trade_no=order.trade_no)
    case = order.case
    _tell(
        case,
        lazy_text(
            gettext_lazy("Fee for application %(no)s received; e-receipt %(receipt)s"),
            no=case.number,
            receipt=order.receipt_number,
        ),
    )
    inbox.notify_role(
        case.organisation,
        [Role.HANDLER],
        title=lazy_text(gettext_lazy("Case %(no)s: the fee is paid"), no=case.number),
        url=staff_url(case),
    )
    return NoticeResult(True, "ok")
