"""主动推送 (R4.7): once a case of an item concludes with approval, its applicant is pointed to each published
related item by a notice and on the case page ("您可能还需要办理"), recorded in the ledger; a refusal pushes nothing."""

import pytest
from django.test import Client

from digigov.core.models import LedgerEntry, Notification
from digigov.eservices.choices import ItemStatus
from digigov.eservices.models import ItemLink
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world
from digigov.eservices.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def concluded(w, approved: bool = True):
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    case = cases.case_submit(actor=w.citizen, case=case, post=w.post())
    cases.case_accept(actor=w.handler, case=case)
    cases.case_review(actor=w.reviewer, case=case, agreed=approved, opinion="审查意见")
    return cases.case_decide(actor=w.leader, case=case, approved=approved, reason="" if approved else "不符合条件。")


def linked_world():
    w = world()
    related = ServiceItemFactory(name="社会保障卡申领")
    withdrawn = ServiceItemFactory(name="已撤销的事项", status=ItemStatus.WITHDRAWN)
    ItemLink.objects.create(item=w.item, related=related, reason="新生儿落户后，可为其申领社会保障卡。")
    ItemLink.objects.create(item=w.item, related=withdrawn, reason="不应出现")
    return w, related


def test_an_approved_conclusion_points_the_applicant_to_the_published_related_items():
    w, related = linked_world()
    case = concluded(w)
    notice = Notification.objects.get(recipient=w.citizen, title__contains="社会保障卡申领")
    assert notice.url == f"/zwfw/items/{related.implementation_code}/apply/"
    assert "新生儿落户后" in notice.body
    assert not Notification.objects.filter(title__contains="已撤销的事项").exists()
    entry = LedgerEntry.objects.get(action="eservices.case.related_pushed")
    assert "社会保障卡申领" in entry.summary and entry.object_id == str(case.pk)
    client = Client()
    client.force_login(w.citizen)
    page = client.get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "您可能还需要办理" in page and related.implementation_code in page


def test_a_refusal_pushes_nothing_and_a_running_case_offers_a_visit_instead():
    w, _related = linked_world()
    case = concluded(w, approved=False)
    assert not LedgerEntry.objects.filter(action="eservices.case.related_pushed").exists()
    client = Client()
    client.force_login(w.citizen)
    assert "您可能还需要办理" not in client.get(f"/zwfw/cases/{case.number}/").content.decode()
    running = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=running, material_id=w.materials[0].pk, filename="a.pdf", data=PDF)
    running = cases.case_submit(actor=w.citizen, case=running, post=w.post())
    page = client.get(f"/zwfw/cases/{running.number}/").content.decode()
    assert f"/book/?case={running.number}" in page
