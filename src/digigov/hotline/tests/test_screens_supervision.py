"""The ticket page's 协办, 延期 and 督办 steps through the test client: the buttons each person is offered, the refusals
(another organisation 404, an agent pressing 督办 403, out-of-range days at their field), and the lists' marks."""

import pytest
from django.urls import reverse

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory
from digigov.hotline import services
from digigov.hotline.tests.factories import officer, setting, ticket

pytestmark = pytest.mark.django_db


def step(client, t, action, **data):
    return client.post(reverse("hotline_ticket", args=[t.pk]), {"action": action, **data})


def test_each_person_is_offered_their_own_steps_and_refused_the_others(client):
    s = setting()
    co = OrganisationFactory(name="江岸区城市管理执法局")
    co_handler = officer(Role.HANDLER, co)
    t = ticket(s)
    client.force_login(s.agent)
    dispatched = step(client, t, "dispatch", department=s.department.pk, co_department_ids=[co.pk], note="")
    assert dispatched.status_code == 302
    page = client.get(reverse("hotline_ticket", args=[t.pk])).content.decode()
    assert "do-urge" not in page
    assert step(client, t, "urge", note="请尽快").status_code == 403

    client.force_login(co_handler)
    page = client.get(reverse("hotline_ticket", args=[t.pk])).content.decode()
    assert "do-co_accept" in page and "do-co_hand_back" in page and 'do-accept"' not in page
    assert "138****5678" in page
    assert t.number in client.get(reverse("hotline_department")).content.decode()

    client.force_login(s.handler)
    step(client, t, "accept")
    refused = step(client, t, "request_extension", days=11, reason="需核查", note="")
    assert refused.status_code == 200 and "请申请1至10个工作日" in refused.content.decode()
    assert step(client, t, "request_extension", days=2, reason="需核查", note="").status_code == 302

    client.force_login(s.supervisor)
    page = client.get(reverse("hotline_ticket", args=[t.pk])).content.decode()
    assert all(f"do-{a}" in page for a in ("urge", "approve_extension", "refuse_extension"))
    assert step(client, t, "urge", note="请今日内联系来电人").status_code == 302
    listed = client.get(reverse("hotline_tickets")).content.decode()
    assert 'data-testid="urged">1<' in listed

    client.force_login(officer(Role.LEADER, OrganisationFactory(name="外市热线")))
    assert client.get(reverse("hotline_ticket", args=[t.pk])).status_code == 404
    assert step(client, t, "urge", note="请尽快").status_code == 404


def test_the_department_list_marks_a_ticket_due_soon(client):
    s = setting()
    t = ticket(s, kind="consultation")  # due in one working day
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    client.force_login(s.handler)
    page = client.get(reverse("hotline_department")).content.decode()
    assert t.number in page and 'data-testid="due-soon"' in page
