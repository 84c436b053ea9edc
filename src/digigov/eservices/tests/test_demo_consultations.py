"""The demo's 网上咨询 and 预约 (R4.7, issue #11 acceptance 10): answered questions with FAQs on the guide, waiting
and overdue ones in a department's queue, visits booked on the next working days, and 出生登记 → 社会保障卡申领."""

import pytest
from django.utils import timezone

from digigov.eservices.choices import AppointmentStatus, ConsultationStatus
from digigov.eservices.models import Appointment, Consultation, ItemLink

pytestmark = pytest.mark.django_db


def test_demo_has_answered_faqs_waiting_and_overdue_questions_and_booked_visits(demo_province, client):
    today = timezone.localdate()
    assert Consultation.objects.filter(status=ConsultationStatus.ANSWERED, faq_published=True).count() >= 3
    waiting = Consultation.objects.filter(status=ConsultationStatus.WAITING)
    assert waiting.filter(due_on__lt=today).exists() and waiting.filter(due_on__gte=today).exists()
    booked = Appointment.objects.filter(status=AppointmentStatus.BOOKED, day__gt=today)
    assert booked.count() >= 3
    assert ItemLink.objects.filter(item__name="出生登记", related__name="社会保障卡申领").exists()
    faq = Consultation.objects.filter(faq_published=True).select_related("item").first()
    guide = client.get(f"/zwfw/items/{faq.item.implementation_code}/").content.decode()
    assert faq.faq_question in guide
