"""The back-office screens through the test client (R5.1): intake with its look-up, the lists, a ticket's page and
its step buttons; another organisation gets 404/403."""

import pytest
from django.urls import reverse

from digigov.core.tests.factories import OrganisationFactory
from digigov.hotline import services
from digigov.hotline.models import Ticket
from digigov.hotline.tests.factories import ID_NUMBER, housing_category, officer, setting, ticket
from digigov.knowledge.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def intake_data(s, **extra):
    return {
        "caller_phone": "13812345678",
        "caller_name": "刘先生",
        "caller_id_number": "",
        "kind": "consultation",
        "urgency": "normal",
        "division_code": s.division_code,
        "address": "沿江大道100号",
        "category_code": "",
        "content": "公积金 提取 需要什么材料",
        "search": "",
        **extra,
    }


def test_intake_looks_up_without_registering_then_registers(client):
    s = setting()
    ArticleFactory(title="公积金提取材料", keywords="公积金 提取")
    earlier = ticket(s)
    client.force_login(s.agent)
    url = reverse("hotline_intake")
    assert client.get(url).status_code == 200
    page = client.post(url, intake_data(s, lookup="1", search="公积金 提取")).content.decode()
    assert "公积金提取材料" in page and earlier.number in page
    assert Ticket.objects.count() == 1
    response = client.post(url, intake_data(s, seen=str(earlier.pk)))  # the look-up showed the caller's open ticket
    created = Ticket.objects.exclude(pk=earlier.pk).get()
    assert response.status_code == 302 and response.url == reverse("hotline_ticket", args=[created.pk])


def test_intake_shows_precise_chinese_messages(client):
    s = setting()
    client.force_login(s.agent)
    page = client.post(reverse("hotline_intake"), intake_data(s, caller_phone="123", caller_id_number="1234"))
    text = page.content.decode()
    assert page.status_code == 200 and "区号" in text and "身份证" in text
    assert not Ticket.objects.exists()


def test_intake_is_refused_to_a_department(client):
    s = setting()
    client.force_login(s.handler)
    assert client.get(reverse("hotline_intake")).status_code == 403


def test_the_list_filters_and_the_detail_walks_the_steps(client):
    s = setting()
    t = ticket(s, caller_id_number=ID_NUMBER)
    client.force_login(s.supervisor)
    listing = client.get(reverse("hotline_tickets"), {"status": "new", "kind": "complaint"}).content.decode()
    assert t.number in listing
    assert t.number not in client.get(reverse("hotline_tickets"), {"overdue": "on"}).content.decode()
    detail = client.get(reverse("hotline_ticket", args=[t.pk])).content.decode()
    assert "138****5678" in detail and ID_NUMBER not in detail  # a colleague sees the caller masked
    client.force_login(s.agent)
    url = reverse("hotline_ticket", args=[t.pk])
    assert ID_NUMBER in client.get(url).content.decode()
    response = client.post(url, {"action": "dispatch", "department": s.department.pk, "note": "请处理"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.status == "dispatched"
    client.force_login(s.handler)
    assert t.number in client.get(reverse("hotline_department")).content.decode()
    assert 'data-testid="do-accept"' in client.get(url).content.decode()
    client.post(url, {"action": "accept"})
    page = client.post(url, {"action": "reply", "reply": ""}).content.decode()
    assert "答复" in page
    client.post(url, {"action": "reply", "reply": "已修复。"})
    t.refresh_from_db()
    assert t.status == "replied"


def test_another_organisation_gets_404_and_a_wrong_step_403(client):
    s = setting()
    t = ticket(s)
    client.force_login(officer("handler", OrganisationFactory(name="外市热线")))
    assert client.get(reverse("hotline_ticket", args=[t.pk])).status_code == 404
    client.force_login(s.supervisor)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    assert client.post(reverse("hotline_ticket", args=[t.pk]), {"action": "accept"}).status_code == 403


def test_a_supervisor_keeps_routing_rules_and_the_ticket_page_suggests_the_department(client):
    s = setting()
    housing_category()
    client.force_login(s.agent)
    assert client.get(reverse("hotline_routing")).status_code == 403
    client.force_login(s.supervisor)
    url = reverse("hotline_routing")
    assert client.get(url).status_code == 200
    data = {"category_code": "05", "division_code": "420100", "department": s.department.pk}
    assert client.post(url, data).status_code == 302
    assert s.department.name in client.get(url).content.decode()
    t = ticket(s, category_code="05")
    page = client.get(reverse("hotline_ticket", args=[t.pk])).content.decode()
    assert "按派单规则建议" in page and s.department.name in page


def test_the_agent_answers_at_once_by_choosing_a_matched_article_or_typing_another(client):
    s = setting()
    matched = ArticleFactory(title="公积金提取材料清单", keywords="公积金 提取")
    other = ArticleFactory(title="住房公积金缴存基数调整", keywords="缴存 基数")
    first, second, third = (ticket(s, kind="consultation", content="公积金 提取 需要什么材料") for _ in range(3))
    client.force_login(s.agent)
    url = reverse("hotline_ticket", args=[first.pk])
    page = client.get(url).content.decode()
    assert f'type="radio" name="article_id" value="{matched.pk}"' in page  # the request's match, to choose
    assert client.post(url, {"action": "answer", "article_id": str(matched.pk)}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.article_id) == ("closed", matched.pk)

    url = reverse("hotline_ticket", args=[second.pk])
    typed = {"action": "answer", "article_id": [str(matched.pk), f"#{other.pk}"]}  # a typed number wins
    assert client.post(url, typed).status_code == 302
    second.refresh_from_db()
    assert second.article_id == other.pk

    url = reverse("hotline_ticket", args=[third.pk])
    page = client.post(url, {"action": "answer", "article_id": ["", "一二八"]})
    assert page.status_code == 200 and "请输入知识条目编号" in page.content.decode()
    third.refresh_from_db()
    assert third.status == "new" and third.article_id is None
