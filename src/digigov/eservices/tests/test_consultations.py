"""网上咨询 with FAQ (R4.7): a citizen asks on the guide page, the guide's own answers come first, the item's
department answers within the rule's working days from its queue, may publish a FAQ free of personal data, and the
asker reads the answer in 我的咨询; another department and another citizen see nothing (404)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.core.ratelimit import RateLimited
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.eservices.choices import ConsultationStatus
from digigov.eservices.models import Consultation
from digigov.eservices.services import consultations
from digigov.eservices.tests.case_setup import world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data

pytestmark = pytest.mark.django_db
QUESTION = "孩子的出生医学证明丢了，还能办理吗？"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def asked(w, question: str = QUESTION) -> Consultation:
    return consultations.consultation_ask(actor=w.citizen, item=w.item, question=question, address="10.0.0.1")


def test_a_question_is_a_to_do_of_the_department_due_in_the_rules_working_days():
    w = world()
    consultation = asked(w)
    due = add_working_days(timezone.localdate(), 3)
    assert consultation.due_on == due and consultation.status == ConsultationStatus.WAITING
    todo = InboxItem.objects.get(object_type="eservices.consultation", object_id=str(consultation.pk))
    assert (todo.assignee_org_id, todo.assignee_role, todo.deadline) == (w.item.organisation_id, "handler", due)
    assert LedgerEntry.objects.filter(action="eservices.consultation.asked", object_id=str(consultation.pk)).exists()


def test_a_question_too_short_or_too_long_is_refused_at_its_field():
    w = world()
    for text in ("好", "问" * 501):
        with pytest.raises(DomainError) as refused:
            asked(w, text)
        assert "question" in refused.value.fields
    assert not Consultation.objects.exists()


def test_questions_are_limited_per_person_and_per_address_by_the_rule():
    w = world()
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.consultation_hourly_limit", value=2)
    asked(w)
    asked(w)
    with pytest.raises(RateLimited):
        consultations.consultation_ask(actor=w.citizen, item=w.item, question=QUESTION, address="10.9.9.9")
    other = identity.citizen_register(**citizen_data(real_name="李四")).user
    with pytest.raises(RateLimited):  # same address, another person
        consultations.consultation_ask(actor=other, item=w.item, question=QUESTION, address="10.0.0.1")
    consultations.consultation_ask(actor=other, item=w.item, question=QUESTION, address="10.0.0.2")


def test_staff_cannot_ask_and_an_anonymous_visitor_is_sent_to_sign_in():
    w = world()
    with pytest.raises(PermissionDeniedError):
        consultations.consultation_ask(actor=w.handler, item=w.item, question=QUESTION)
    response = Client().get(f"/zwfw/items/{w.item.implementation_code}/ask/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_guide_answers_first_then_the_question_is_sent_and_listed_in_my_questions():
    w = world()
    client = signed_in(w.citizen)
    url = f"/zwfw/items/{w.item.implementation_code}/ask/"
    page = client.post(url, {"question": "需要哪些申请材料？身份证明要原件吗", "action": "check"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "指南中可能已有答案" in text and "身份证明" in text  # the materials section of the guide
    assert not Consultation.objects.exists()
    response = client.post(url, {"question": "需要哪些申请材料？身份证明要原件吗", "action": "ask"})
    assert response.status_code == 302 and response["Location"] == "/zwfw/consultations/"
    mine = client.get("/zwfw/consultations/").content.decode()
    assert "身份证明要原件吗" in mine and "等待答复" in mine


def test_a_question_the_guide_does_not_answer_is_sent_at_once():
    w = world()
    response = signed_in(w.citizen).post(f"/zwfw/items/{w.item.implementation_code}/ask/", {"question": QUESTION})
    assert response.status_code == 302
    assert Consultation.objects.get().question == QUESTION


def test_the_department_answers_publishes_a_faq_and_the_asker_is_notified():
    w = world()
    consultation = asked(w)
    client = signed_in(w.handler)
    queue = client.get("/admin/eservices/consultations/")
    assert QUESTION[:10] in queue.content.decode()
    page = client.get(f"/admin/eservices/consultations/{consultation.pk}/")
    assert page.status_code == 200 and "张三" in page.content.decode()
    assert LedgerEntry.objects.filter(action="eservices.consultation.viewed").exists()
    refused = client.post(
        f"/admin/eservices/consultations/{consultation.pk}/",
        {
            "answer": "可以，请先补办出生医学证明。",
            "publish": "on",
            "faq_question": "张三的证明丢了怎么办",
            "faq_answer": "先补办。",
        },
    )
    assert refused.status_code == 200 and "不得含有个人信息" in refused.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.WAITING  # nothing kept from the refused step
    done = client.post(
        f"/admin/eservices/consultations/{consultation.pk}/",
        {
            "answer": "可以，请先补办出生医学证明。",
            "publish": "on",
            "faq_question": "出生医学证明丢失了还能办理吗？",
            "faq_answer": "可以，请先到出生医院补办出生医学证明。",
        },
    )
    assert done.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED and consultation.faq_published
    assert not InboxItem.objects.filter(object_id=str(consultation.pk), done_at__isnull=True).exists()
    notice = Notification.objects.get(recipient=w.citizen, url="/zwfw/consultations/")
    assert w.item.name in notice.title
    assert "请先补办出生医学证明" in signed_in(w.citizen).get("/zwfw/consultations/").content.decode()
    guide = Client().get(f"/zwfw/items/{w.item.implementation_code}/").content.decode()
    assert "常见问题" in guide and "出生医学证明丢失了还能办理吗？" in guide
    assert "张三" not in guide
    assert LedgerEntry.objects.filter(action="eservices.consultation.faq_published").exists()


def test_another_department_and_another_citizen_cannot_see_or_answer():
    w = world()
    consultation = asked(w)
    outsider = signed_in(w.outsider)
    assert outsider.get(f"/admin/eservices/consultations/{consultation.pk}/").status_code == 404
    assert outsider.post(f"/admin/eservices/consultations/{consultation.pk}/", {"answer": "x"}).status_code == 404
    assert QUESTION[:10] not in outsider.get("/admin/eservices/consultations/").content.decode()
    assert outsider.get(f"/api/v1/eservices/consultations/{consultation.pk}").status_code == 404
    response = outsider.post(
        f"/api/v1/eservices/consultations/{consultation.pk}/answer", {"answer": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDeniedError):
        consultations.consultation_answer(actor=w.outsider, consultation=consultation, answer="x")
    other = signed_in(identity.citizen_register(**citizen_data(real_name="李四")).user)
    assert QUESTION not in other.get("/zwfw/consultations/").content.decode()
    assert other.get(f"/api/v1/eservices/consultations/{consultation.pk}").status_code == 404
    assert other.get("/api/v1/eservices/consultations").json() == []


def test_the_api_asks_lists_and_answers():
    w = world()
    citizen = signed_in(w.citizen)
    created = citizen.post(
        "/api/v1/eservices/consultations",
        {"item": w.item.implementation_code, "question": QUESTION},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    short = citizen.post(
        "/api/v1/eservices/consultations", {"item": w.item.implementation_code, "question": "好"},
        content_type="application/json",
    )  # fmt: skip
    assert short.status_code == 400
    handler = signed_in(w.handler)
    assert [c["id"] for c in handler.get("/api/v1/eservices/consultations").json()] == [pk]
    answered = handler.post(
        f"/api/v1/eservices/consultations/{pk}/answer", {"answer": "可以办理。"}, content_type="application/json"
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    again = handler.post(
        f"/api/v1/eservices/consultations/{pk}/answer", {"answer": "可以办理。"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert citizen.get(f"/api/v1/eservices/consultations/{pk}").json()["answer"] == "可以办理。"


def test_an_overdue_question_is_marked_in_the_queue():
    w = world()
    consultation = asked(w)
    Consultation.objects.filter(pk=consultation.pk).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    page = signed_in(w.handler).get("/admin/eservices/consultations/").content.decode()
    assert "已逾期" in page
