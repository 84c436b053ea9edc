"""The three lists (R1.3): duties, demands with the provider's deadline in working days, Excel all-or-nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.catalog import selectors, services
from digigov.catalog.models import DemandEntry, ResponsibilityEntry
from digigov.catalog.tests.helpers import fields, item, operator_user, seeded
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, PermissionDeniedError
from digigov.core.models import InboxItem
from digigov.core.rules import rule
from digigov.core.spreadsheets import SpreadsheetFileError, cell_ref
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.files import xlsx

pytestmark = pytest.mark.django_db
DEMAND_HEADER = ["需求部门", "所需数据", "信息项", "用途", "依据", "预期提供部门"]


def test_cell_references_follow_spreadsheet_columns():
    assert (cell_ref(0, 2), cell_ref(2, 5), cell_ref(26, 10)) == ("A2", "C5", "AA10")


def test_demand_import_reports_every_bad_row_and_writes_nothing():
    civil, psb = OrganisationFactory(name="省民政厅"), OrganisationFactory(name="省公安厅")
    handler = staff(Role.HANDLER, civil)
    rows = [
        DEMAND_HEADER,
        ["省民政厅", "人口信息", "姓名、身份证号", "低保审核", "", "省公安厅"],
        ["省民政厅", "", "", "", "", "不存在厅"],
        ["省公安厅", "户籍", "", "核验", "", ""],
    ]
    with pytest.raises(services.ImportRejectedError) as caught:
        services.list_import(actor=handler, kind="demand", data=xlsx(rows))
    cells = [e.cell for e in caught.value.rows]
    assert cells == ["B3", "D3", "F3", "A4"]
    assert "不存在厅" in caught.value.rows[2].message and "无权" in caught.value.rows[3].message
    assert DemandEntry.objects.count() == 0
    assert services.list_import(actor=handler, kind="demand", data=xlsx(rows[:2])) == 1
    assert DemandEntry.objects.get().provider == psb


def test_import_checks_the_header_and_the_file():
    handler = staff(Role.HANDLER, OrganisationFactory(name="省民政厅"))
    with pytest.raises(services.ImportRejectedError) as caught:
        services.list_import(actor=handler, kind="demand", data=xlsx([["部门", *DEMAND_HEADER[1:]]]))
    assert [e.cell for e in caught.value.rows] == ["A1"]
    with pytest.raises(SpreadsheetFileError):
        services.list_import(actor=handler, kind="demand", data=b"%PDF-1.4 not a workbook")


def test_demand_asked_provider_answers_within_the_rule_in_working_days():
    psb, civil = OrganisationFactory(name="省公安厅"), OrganisationFactory(name="省民政厅")
    operator = operator_user()
    entry = services.demand_create(
        actor=staff(Role.HANDLER, civil), requester=civil, resource_name="人口信息", purpose="低保审核", provider=psb
    )
    with pytest.raises(PermissionDeniedError):
        services.demand_ask(actor=staff(Role.HANDLER, civil), entry=entry)
    services.demand_ask(actor=operator, entry=entry)
    entry.refresh_from_db()
    expected = add_working_days(timezone.localdate(), rule("catalog.demand_response_days"))
    assert entry.status == "asked" and entry.response_deadline == expected
    todo = InboxItem.objects.get(kind="catalog.demand.respond")
    assert (todo.assignee_org, todo.deadline) == (psb, expected)
    with pytest.raises(PermissionDeniedError):
        services.demand_respond(actor=staff(Role.HANDLER, civil), entry=entry, planned=True, response="x")
    services.demand_respond(actor=staff(Role.HANDLER, psb), entry=entry, planned=False, response="无此数据")
    todo.refresh_from_db()
    assert todo.done_at is not None
    with pytest.raises(ConflictError):
        services.demand_match(actor=operator, entry=entry, resource=None)


def test_responsibility_fulfilled_by_a_published_resource_and_overdue_otherwise():
    psb = OrganisationFactory(name="省公安厅")
    handler, operator = staff(Role.HANDLER, psb), operator_user()
    past = services.responsibility_create(
        actor=operator, organisation=psb, resource_name="出入境证件信息", due_date=dt.date(2020, 1, 1)
    )
    with pytest.raises(PermissionDeniedError):
        services.responsibility_create(
            actor=handler, organisation=psb, resource_name="其他", due_date=dt.date(2030, 1, 1)
        )
    assert selectors.responsibility_state(past) == "overdue"
    resource = services.resource_create(
        actor=handler, provider=psb, classification=seeded("101001"), items=[item()], **fields()
    )
    services.resource_submit(actor=handler, resource=resource)
    services.resource_review(actor=operator, resource=resource, approve=True)
    services.responsibility_fulfil(actor=handler, entry=past, resource=resource)
    assert selectors.responsibility_state(ResponsibilityEntry.objects.get()) == "fulfilled"
    with pytest.raises(PermissionDeniedError):
        services.responsibility_fulfil(actor=staff(Role.HANDLER), entry=past, resource=resource)
