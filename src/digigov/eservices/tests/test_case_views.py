"""The departments' case screens: the queue, the case with the steps of the person looking, refusals."""

import pytest
from django.urls import reverse

from digigov.core.models import LedgerEntry
from digigov.eservices.choices import CaseStatus
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world

pytestmark = pytest.mark.django_db


def submitted(w):
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post())


def test_the_window_sees_the_case_in_its_queue_and_accepts_it(client):
    w = world()
    case = submitted(w)
    client.force_login(w.handler)
    listing = client.get(reverse("eservices_cases"), {"status": "submitted"})
    assert case.number in listing.content.decode()
    url = reverse("eservices_case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "受理" in page and "不予受理" in page and "张三" in page
    assert LedgerEntry.objects.filter(action="eservices.case.viewed", object_id=str(case.pk)).count() == 1
    response = client.post(url, {"step": "acceptance", "action": "accept"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_not_accepting_without_a_reason_is_refused_at_the_field_and_nothing_changes(client):
    w = world()
    case = submitted(w)
    client.force_login(w.handler)
    url = reverse("eservices_case_detail", args=[case.pk])
    page = client.post(url, {"step": "acceptance", "action": "reject", "reason": ""}).content.decode()
    assert "请填写理由及法律依据" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_supplement_notice_lists_every_line(client):
    w = world()
    case = submitted(w)
    client.force_login(w.handler)
    url = reverse("eservices_case_detail", args=[case.pk])
    client.post(url, {"step": "supplement", "missing": "身份证明：扫描件不清晰\n户口簿：缺少本人页", "note": ""})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPLEMENTING
    assert [m["name"] for m in case.suspensions.get().notice] == ["身份证明", "户口簿"]


def test_a_third_department_gets_404_and_an_empty_queue(client):
    w = world(process="joint", parts=2)
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    client.force_login(w.outsider)
    assert client.get(reverse("eservices_case_detail", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("eservices_cases")).content.decode()
    client.force_login(w.co["co1"])
    page = client.get(reverse("eservices_case_detail", args=[case.pk])).content.decode()
    assert "协办部门1审查" in page and "协办部门2审查" not in page
    assert w.citizen.username not in page and "13812345678" not in page  # no contact details for a part
    response = client.post(reverse("eservices_case_detail", args=[case.pk]), {"step": "review", "agreed": "1"})
    assert response.status_code == 302


def test_a_citizen_is_not_let_into_the_back_office(client):
    w = world()
    case = submitted(w)
    client.force_login(w.citizen)
    assert client.get(reverse("eservices_case_detail", args=[case.pk])).status_code in (302, 403)


def test_the_monitor_lists_an_overdue_case_with_its_reason_to_its_department_only(client):
    import datetime as dt

    w = world()
    case = cases.case_accept(actor=w.handler, case=submitted(w), today=dt.date(2026, 9, 1))
    cases.overdue_reason_set(actor=w.handler, case=case, reason="需现场核查")
    client.force_login(w.leader)
    page = client.get(reverse("eservices_monitor")).content.decode()
    assert case.number in page and "需现场核查" in page and "超期办件" in page
    client.force_login(w.outsider)
    assert case.number not in client.get(reverse("eservices_monitor")).content.decode()


def test_the_queue_pages_through_the_kernels_pager_keeping_its_filters(client):
    w = world()
    for _ in range(21):
        submitted(w)
    client.force_login(w.handler)
    page = client.get(reverse("eservices_cases"), {"status": "submitted"}).content.decode()
    assert "status=submitted&amp;page=2" in page and "共 21 件" in page
    second = client.get(reverse("eservices_cases"), {"status": "submitted", "page": "2"}).content.decode()
    assert second.count('data-testid="case-table"') == 1 and "status=submitted&amp;page=1" in second
