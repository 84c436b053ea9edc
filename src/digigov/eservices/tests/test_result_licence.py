"""A case concluded with approval issues its item's licence (R6.1): by the lead department, to the applicant,
numbered with the case number, shown on the case's page. If it cannot be issued the conclusion still stands and
the department's handlers get a to-do."""

import datetime as dt

import pytest

from digigov.core.models import InboxItem, LedgerEntry
from digigov.eservices.choices import CaseStatus, Decision
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world
from digigov.licenses.choices import IssueSource, ItemKind
from digigov.licenses.tests.factories import LicenceTypeFactory, all_licences, give_seal

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 12, 7)


def concluded(w):
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    case = cases.case_submit(actor=w.citizen, case=case, post=w.post(kind="first"))
    return cases.case_accept(actor=w.handler, case=case, today=MONDAY)


def licensed_world(*, sealed=True, code=None):
    w = world(process="instant", promised_days=0)
    org = w.item.organisation
    if sealed:
        give_seal(org)
    licence_type = LicenceTypeFactory(
        issuer=org,
        name="准予许可决定书",
        validity_years=None,
        items=[{"key": "kind", "label": "申请类别", "kind": ItemKind.TEXT, "required": True}],
    )
    w.item.result_licence_type = code or licence_type.code
    w.item.save(update_fields=["result_licence_type"])
    return w, licence_type


def test_an_approved_case_issues_its_licence_to_the_applicant_and_shows_it(client):
    w, licence_type = licensed_world()
    case = concluded(w)
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.APPROVED
    licence = all_licences().get()
    assert (licence.source, licence.source_ref, licence.number) == (IssueSource.CASE, case.number, case.number)
    assert (licence.holder_name, licence.holder_code) == (case.applicant_name, case.applicant_code)
    assert licence.licence_type == licence_type and licence.data == {"kind": "first"}
    assert licence.valid_until is None
    entry = LedgerEntry.objects.get(action="licenses.issued")
    assert entry.actor_name.startswith("系统：办件办结自动签发")
    client.force_login(w.handler)
    page = client.get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    assert licence.number in page and "准予许可决定书" in page


@pytest.mark.parametrize("problem", ["no seal", "unknown type"])
def test_a_licence_that_cannot_be_issued_leaves_the_conclusion_and_a_todo_for_the_handlers(problem):
    w, _licence_type = licensed_world(
        sealed=problem != "no seal", code="91420100MA0000000X999" if problem == "unknown type" else None
    )
    case = concluded(w)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.concluded_on == MONDAY or case.concluded_on is not None
    assert not all_licences().exists()
    todo = InboxItem.objects.get(kind="licenses.case_issue")
    assert todo.assignee_org == w.item.organisation and todo.assignee_role == "handler"
    assert case.number in todo.title
    assert LedgerEntry.objects.filter(action="licenses.case_issue_failed").exists()
    assert LedgerEntry.objects.filter(action="eservices.case.concluded", object_id=str(case.pk)).exists()


def test_the_item_screen_sets_the_result_licence_type_and_refuses_an_unknown_code():
    from digigov.eservices.services import items

    w, licence_type = licensed_world()
    with pytest.raises(Exception) as refused:
        items.item_update(actor=w.handler, item=w.item, result_licence_type="91420100MA0000000X999")
    assert "result_licence_type" in getattr(refused.value, "fields", {})
    item = items.item_update(actor=w.handler, item=w.item, result_licence_type=licence_type.code.lower())
    assert item.revision["fields"]["result_licence_type"] == licence_type.code
