"""Fees paid online (网上缴费, 非税收入, R4.7): the payment order and its numbers, the conclusion held while it is
unpaid, the citizen paying through the simulator from the case page, and the provider's notice endpoint: signature,
replay, amount and a notice delivered twice."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from digigov.core.calendar import add_working_days
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry, Notification
from digigov.core.rules import rule
from digigov.eservices import paygate
from digigov.eservices.choices import CaseStatus, Decision
from digigov.eservices.models import PaymentNotice, PaymentOrder, PaymentStatus, SimulatedCheckout
from digigov.eservices.services import cases, payments
from digigov.eservices.tests.case_setup import world
from digigov.eservices.tests.payment_setup import MONDAY, fee_world, reviewed, submitted

pytestmark = pytest.mark.django_db

NOTIFY = "/api/v1/eservices/payments/notify"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notice_body(order: PaymentOrder, **changes) -> bytes:
    data = {
        "notice_id": "n-1",
        "payment_code": order.payment_code,
        "amount_fen": order.amount_fen,
        "status": "paid",
        "trade_no": "T20261207000001",
        "sent_at": timezone.now().isoformat(),
    } | changes
    return json.dumps(data).encode()


def notify(body: bytes, signature: str | None = None):
    signature = paygate.sign(body) if signature is None else signature
    provider = Client(enforce_csrf_checks=True)  # a provider has no cookie and no CSRF token
    return provider.post(NOTIFY, body, content_type="application/json", headers={paygate.SIGNATURE_HEADER: signature})


def test_the_payment_order_has_its_numbers_due_date_and_tells_the_applicant():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case, today=MONDAY)
    assert order.number.startswith("JK20261207") and len(order.number) == 14
    assert len(order.payment_code) == 20 and payments.payment_code_valid(order.payment_code)
    assert order.payment_code.startswith(case.organisation.division_id[:6] + "20261207")
    assert order.amount_fen == 12000 and order.amount_yuan == "120.00"
    assert order.payer_name == case.applicant_name and order.lines[0]["name"] == "普通护照工本费"
    assert order.due_on == add_working_days(MONDAY, rule("eservices.payment_due_days"))
    assert LedgerEntry.objects.filter(action="eservices.payment.issued", object_id=str(order.pk)).exists()
    assert Notification.objects.filter(recipient=w.citizen, title__contains="120.00").exists()
    with pytest.raises(ConflictError):  # one order at a time
        payments.order_issue(actor=w.handler, case=case)
    with pytest.raises(PermissionDeniedError):
        payments.order_issue(actor=w.outsider, case=case)


def test_an_item_without_fees_or_a_case_not_accepted_gets_no_order():
    w = fee_world(fee=[])
    with pytest.raises(ConflictError):
        payments.order_issue(actor=w.handler, case=reviewed(w))


def test_the_case_cannot_conclude_while_the_order_is_unpaid_then_concludes_once_paid():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case, today=MONDAY)
    with pytest.raises(ConflictError) as refused:
        cases.case_decide(actor=w.leader, case=case, approved=True, today=MONDAY)
    assert order.number in str(refused.value.message) and "120.00" in str(refused.value.message)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.decision == ""  # the whole step rolled back
    assert notify(notice_body(order)).status_code == 200
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID and order.receipt_number.startswith("PJ")
    assert order.trade_no == "T20261207000001"
    case = cases.case_decide(actor=w.leader, case=case, approved=True, today=MONDAY)
    assert case.status == CaseStatus.CONCLUDED


def test_the_staff_screen_says_why_the_case_cannot_conclude():
    w = fee_world()
    case = reviewed(w)
    client = signed_in(w.leader)
    page = client.get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    assert "开具缴款通知书" in page
    response = signed_in(w.handler).post(f"/admin/eservices/cases/{case.pk}/payment/", {"step": "issue"})
    assert response.status_code == 302
    order = PaymentOrder.objects.get(case=case)
    page = client.get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    assert order.number in page and order.payment_code in page and "待缴费" in page
    response = client.post(f"/admin/eservices/cases/{case.pk}/", {"step": "decision", "approved": "1", "reason": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "申请人尚未缴纳缴款通知书" in text and order.number in text
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_a_refusal_cancels_the_unpaid_order_and_staff_cancel_with_a_reason():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case)
    with pytest.raises(DomainError) as missing:
        payments.order_cancel(actor=w.handler, order=order, reason=" ")
    assert "cancel_reason" in missing.value.fields
    response = signed_in(w.handler).post(
        f"/admin/eservices/cases/{case.pk}/payment/", {"step": "cancel", "order": order.pk, "cancel_reason": ""}
    )
    assert response.status_code == 200 and "请填写作废缴款通知书的原因" in response.content.decode()
    with pytest.raises(PermissionDeniedError):
        payments.order_cancel(actor=w.outsider, order=order, reason="x")
    payments.order_cancel(actor=w.handler, order=order, reason="依规减免")
    order.refresh_from_db()
    assert order.status == PaymentStatus.CANCELLED and order.cancel_reason == "依规减免"
    second = payments.order_issue(actor=w.handler, case=case)
    case = cases.case_decide(actor=w.leader, case=case, approved=False, reason="不符合《护照法》第十三条")
    second.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.REFUSED
    assert second.status == PaymentStatus.CANCELLED


def test_a_citizen_pays_through_the_simulator_from_the_case_page():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case)
    client = signed_in(w.citizen)
    page = client.get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "待缴费" in page and order.payment_code in page and "¥120.00" in page
    assert "模拟支付（演示用，不产生真实扣款）" in page
    response = client.post(f"/zwfw/cases/{case.number}/pay/")
    assert response.status_code == 302 and response["Location"].startswith("/zwfw/paysim/")
    simulator = client.get(response["Location"]).content.decode()
    assert "模拟支付（演示用，不产生真实扣款）" in simulator and "¥120.00" in simulator and "不会扣款" in simulator
    response = client.post(response["Location"], {"choice": "pay"})
    assert response["Location"] == f"/zwfw/cases/{case.number}/"
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID
    page = client.get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "已缴费" in page and order.receipt_number in page
    assert LedgerEntry.objects.filter(action="eservices.payment.paid").count() == 1
    assert Notification.objects.filter(recipient=w.citizen, title__contains=order.receipt_number).exists()


def test_cancelling_at_the_simulator_leaves_the_order_unpaid_and_payable():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case)
    client = signed_in(w.citizen)
    checkout = client.post(f"/zwfw/cases/{case.number}/pay/")["Location"]
    client.post(checkout, {"choice": "cancel"})
    order.refresh_from_db()
    assert order.status == PaymentStatus.UNPAID
    assert client.get(checkout).status_code == 404  # a finished checkout is closed
    assert paygate.provider().query(ref=order.provider_ref).status == "cancelled"
    assert client.post(f"/zwfw/cases/{case.number}/pay/").status_code == 302


def test_another_citizen_cannot_pay_or_see_and_another_department_cannot_read_the_orders():
    w = fee_world()
    case = reviewed(w)
    payments.order_issue(actor=w.handler, case=case)
    other = world().citizen
    assert signed_in(other).post(f"/zwfw/cases/{case.number}/pay/").status_code == 404
    assert signed_in(other).get(f"/zwfw/cases/{case.number}/").status_code == 404
    assert Client().get("/zwfw/paysim/no-such-checkout/").status_code == 404
    api = f"/api/v1/eservices/cases/{case.pk}/payments"
    rows = signed_in(w.handler).get(api).json()
    assert rows[0]["amount_fen"] == 12000 and rows[0]["status"] == "unpaid"
    assert signed_in(w.outsider).get(api).status_code == 404
    assert signed_in(w.outsider).get(f"/admin/eservices/cases/{case.pk}/").status_code == 404
    assert (
        signed_in(w.outsider).post(f"/admin/eservices/cases/{case.pk}/payment/", {"step": "issue"}).status_code == 404
    )


def test_a_notice_with_a_bad_signature_is_refused_and_recorded():
    w = fee_world()
    order = payments.order_issue(actor=w.handler, case=reviewed(w))
    body = notice_body(order)
    for signature in ("", "sha256=" + "0" * 64, paygate.sign(body, key=b"someone else's key")):
        response = notify(body, signature)
        assert response.status_code == 403 and response.json()["code"] == "bad_signature"
        assert response.json()["message"] == "支付结果通知的签名无效。"
    tampered = body.replace(b"12000", b"1")  # the signature of the real body, over a changed amount
    assert notify(tampered, paygate.sign(body)).status_code == 403
    order.refresh_from_db()
    assert order.status == PaymentStatus.UNPAID
    assert LedgerEntry.objects.filter(action="eservices.payment.notice_refused").count() == 4


def test_a_notice_delivered_twice_changes_nothing_the_second_time():
    w = fee_world()
    order = payments.order_issue(actor=w.handler, case=reviewed(w))
    body = notice_body(order)
    first, second = notify(body), notify(body)
    assert first.json() == {"code": "ok", "duplicate": False}
    assert second.status_code == 200 and second.json() == {"code": "ok", "duplicate": True}
    other = notify(notice_body(order, notice_id="n-2", trade_no="T2"))  # another notice for a paid order
    assert other.json()["duplicate"] is True
    order.refresh_from_db()
    assert order.trade_no == "T20261207000001"
    assert LedgerEntry.objects.filter(action="eservices.payment.paid").count() == 1
    assert PaymentNotice.objects.count() == 2


def test_a_notice_with_another_amount_an_old_one_or_an_unknown_code_is_refused():
    w = fee_world()
    order = payments.order_issue(actor=w.handler, case=reviewed(w))
    wrong = notify(notice_body(order, amount_fen=1))
    assert wrong.status_code == 400 and wrong.json()["code"] == "amount_mismatch"
    old = (timezone.now() - dt.timedelta(minutes=rule("eservices.payment_notice_max_age") + 1)).isoformat()
    stale = notify(notice_body(order, notice_id="n-3", sent_at=old))
    assert stale.status_code == 400 and stale.json()["code"] == "stale_notice"
    unknown = notify(notice_body(order, notice_id="n-4", payment_code="1" * 20))
    assert unknown.json()["code"] == "unknown_order"
    garbage = notify(b"not json")
    assert garbage.status_code == 400 and garbage.json()["code"] == "bad_notice"
    order.refresh_from_db()
    assert order.status == PaymentStatus.UNPAID
    refused = LedgerEntry.objects.filter(action="eservices.payment.notice_refused")
    assert refused.count() == 4 and refused.filter(object_id=str(order.pk)).count() == 1
    assert not SimulatedCheckout.objects.exists()


def test_a_notice_for_a_cancelled_order_is_refused():
    w = fee_world()
    order = payments.order_issue(actor=w.handler, case=reviewed(w))
    payments.order_cancel(actor=w.handler, order=order, reason="金额有误")
    response = notify(notice_body(order))
    assert response.status_code == 400 and response.json()["code"] == "order_cancelled"


@given(st.text(alphabet="0123456789", min_size=19, max_size=19))
def test_a_payment_code_check_digit_catches_any_single_changed_digit(body):
    code = body + payments.luhn_digit(body)
    assert payments.payment_code_valid(code)
    for i in range(20):
        changed = code[:i] + str((int(code[i]) + 1) % 10) + code[i + 1 :]
        assert not payments.payment_code_valid(changed)


def test_a_joint_part_sees_neither_the_orders_nor_the_address_and_cannot_issue():
    w = fee_world(process="joint", parts=2)
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    payments.order_issue(actor=w.handler, case=case)
    co = w.co["co1"]
    assert signed_in(co).get(f"/api/v1/eservices/cases/{case.pk}/payments").status_code == 404
    page = signed_in(co).get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    assert "缴款通知书" not in page and "领取方式" not in page
    assert signed_in(co).post(f"/admin/eservices/cases/{case.pk}/payment/", {"step": "issue"}).status_code == 404
    with pytest.raises(PermissionDeniedError):
        payments.order_issue(actor=co, case=case)


def test_a_lost_notice_is_made_good_by_asking_the_provider():
    w = fee_world()
    case = reviewed(w)
    order = payments.order_issue(actor=w.handler, case=case)
    client = signed_in(w.citizen)
    assert "查询支付结果" not in client.get(f"/zwfw/cases/{case.number}/").content.decode()
    client.post(f"/zwfw/cases/{case.number}/pay/")
    order.refresh_from_db()
    response = client.post(f"/zwfw/cases/{case.number}/pay/", {"action": "check"}, follow=True)
    assert "支付机构暂无您的支付结果" in response.content.decode()  # not paid yet
    gate = paygate.SimulatorProvider()
    gate.finish(gate.checkout_get(order.provider_ref), paid=True)  # paid; its notice never arrives
    order.refresh_from_db()
    assert order.status == PaymentStatus.UNPAID
    page = client.post(f"/zwfw/cases/{case.number}/pay/", {"action": "check"}, follow=True).content.decode()
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID and order.receipt_number in page and "已缴费" in page
    assert other_citizen_cannot_check(case)


def other_citizen_cannot_check(case) -> bool:
    return signed_in(world().citizen).post(f"/zwfw/cases/{case.number}/pay/", {"action": "check"}).status_code == 404
