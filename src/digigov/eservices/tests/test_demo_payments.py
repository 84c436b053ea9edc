"""The demo shows fees paid online and results mailed on first start (R4.7, issue #11 acceptance 10)."""

import pytest

from digigov.eservices.choices import CaseStatus
from digigov.eservices.models import Delivery, PaymentOrder, PaymentStatus
from digigov.eservices.services import payments


@pytest.mark.django_db
def test_demo_has_paid_and_awaiting_payment_orders_and_mailed_results(demo_province):
    paid = PaymentOrder.objects.filter(status=PaymentStatus.PAID).select_related("case")
    assert paid.count() >= 2
    assert all(o.receipt_number and o.case.status == CaseStatus.CONCLUDED for o in paid)
    awaiting = PaymentOrder.objects.filter(status=PaymentStatus.UNPAID).select_related("case")
    assert awaiting.count() == 1 and awaiting[0].case.status == CaseStatus.IN_PROGRESS
    assert all(payments.payment_code_valid(o.payment_code) for o in PaymentOrder.objects.all())
    mailed = Delivery.objects.filter(sent_at__isnull=False)
    assert mailed.count() >= 2 and {d.carrier for d in mailed} >= {"ems"}
    assert Delivery.objects.filter(method="mail", sent_at__isnull=True, case__status=CaseStatus.IN_PROGRESS).exists()
