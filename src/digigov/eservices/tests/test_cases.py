"""Cases from the applicant's draft to 办结 (R4.2): numbering, the process moving people, the clock and its stop
for 补正, joint parts in parallel, and the departments' scopes."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.calendar import add_working_days, working_days_between
from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.eservices import case_selectors
from digigov.eservices.choices import CaseStatus, Decision, PartStatus, Provision
from digigov.eservices.models import Case, CaseMaterial
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world

pytestmark = pytest.mark.django_db


def submitted(w, **answers) -> Case:
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post(**answers))


def test_a_submitted_case_is_numbered_by_division_and_waits_for_acceptance_at_the_window():
    w = world()
    case = submitted(w)
    today = timezone.localdate()
    assert case.number.startswith(f"{w.item.division_id[:6]}{today:%Y%m%d}")
    assert case.status == CaseStatus.SUBMITTED
    assert case.data["mobile"] == "13812345678" and case.applicant_name == "张三"
    assert case.promised_days == w.item.promised_days
    todo = InboxItem.objects.get(assignee_org=w.item.organisation, assignee_role="handler")
    assert case.number in todo.title
    assert Notification.objects.filter(recipient=w.citizen, title__contains=case.number).exists()
    assert LedgerEntry.objects.filter(action="eservices.case.submitted", object_id=str(case.pk)).exists()


def test_submission_names_every_wrong_answer_and_missing_material_and_keeps_the_draft():
    w = world()
    case = cases.case_start(actor=w.citizen, item=w.item)
    with pytest.raises(DomainError) as refused:
        cases.case_submit(actor=w.citizen, case=case, post=w.post(mobile="123", kind=""))
    fields = refused.value.fields
    assert "mobile" in fields and "kind" in fields and f"material-{w.materials[0].pk}" in fields
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.number is None
    case = cases.case_save_draft(actor=w.citizen, case=case, post=w.post(mobile="123", kind=""))
    assert case.data["mobile"] == "123"  # a draft keeps what was typed, to be corrected later
    assert case.data["name"] == "张三"  # from the verified account


def test_a_material_the_platform_holds_is_not_asked_for_and_is_recorded_with_its_source():
    w = world()
    case = cases.case_start(actor=w.citizen, item=w.item)
    held = [cases.Held(w.materials[0].pk, Provision.SHARED, "公安厅 人口基础信息", "call-17")]
    case = cases.case_submit(actor=w.citizen, case=case, post=w.post(), held=held)
    row = CaseMaterial.objects.get(case=case)
    assert (row.provided, row.source, row.source_ref) == (Provision.SHARED, "公安厅 人口基础信息", "call-17")


def test_an_upload_that_is_not_what_it_claims_is_refused_at_its_material():
    w = world()
    case = cases.case_start(actor=w.citizen, item=w.item)
    with pytest.raises(DomainError) as refused:
        cases.material_attach(
            actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=b"MZ\x90\x00program"
        )
    assert f"material-{w.materials[0].pk}" in refused.value.fields
    assert not CaseMaterial.objects.exists()


def test_general_process_accept_review_decide_concludes_with_the_clock_from_acceptance():
    w = world()
    case = submitted(w)
    monday = dt.date(2026, 12, 7)
    case = cases.case_accept(actor=w.handler, case=case, today=monday)
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.due_on == add_working_days(monday, w.item.promised_days)
    with pytest.raises(PermissionDeniedError):  # the review is the reviewers' task, not the window's
        cases.case_review(actor=w.handler, case=case, agreed=True, opinion="")
    cases.case_review(actor=w.reviewer, case=case, agreed=True, opinion="材料齐全，符合条件。", today=monday)
    with pytest.raises(DomainError):  # a refusal needs its legal reason
        cases.case_decide(actor=w.leader, case=case, approved=False, reason=" ")
    case = cases.case_decide(actor=w.leader, case=case, approved=True, today=monday)
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.APPROVED
    assert case.concluded_on is not None
    assert set(case.parts.values_list("case_status", flat=True)) == {CaseStatus.CONCLUDED}
    assert (
        Notification.objects.filter(recipient=w.citizen, title__contains="办结").exists()
        or Notification.objects.filter(recipient=w.citizen, title__contains="concluded").exists()
    )
    with pytest.raises(ConflictError):
        cases.case_accept(actor=w.handler, case=case)


def test_not_accepted_needs_a_reason_and_ends_the_process():
    w = world()
    case = submitted(w)
    with pytest.raises(DomainError):
        cases.case_reject(actor=w.handler, case=case, reason="")
    case = cases.case_reject(actor=w.handler, case=case, reason="不属于本部门职责范围（《行政许可法》第三十二条）")
    assert case.status == CaseStatus.REJECTED
    assert case.instance.status == "completed"
    assert not case_selectors.part_queue(w.handler, status=CaseStatus.SUBMITTED).exists()


def test_a_supplement_after_acceptance_stops_the_clock_and_moves_the_due_day_and_the_todos():
    w = world()
    case = submitted(w)
    monday = dt.date(2026, 12, 7)
    case = cases.case_accept(actor=w.handler, case=case, today=monday)
    due = case.due_on
    cases.case_request_supplement(
        actor=w.reviewer,
        case=case,
        missing=[{"name": "身份证明", "reason": "扫描件不清晰"}, {"name": "补充说明", "reason": "缺少签名"}],
        today=monday,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPLEMENTING
    assert case_selectors.clock(case, monday) == case_selectors.Clock.STOPPED
    with pytest.raises(ConflictError):  # nothing is reviewed while the applicant supplements
        cases.case_review(actor=w.reviewer, case=case, agreed=True, opinion="")
    back = dt.date(2026, 12, 10)  # Thursday: three working days later
    case = cases.case_supplement(
        actor=w.citizen, case=case, reply="已重新上传", files=[(w.materials[0].pk, "id2.pdf", PDF)], today=back
    )
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.suspended_days == working_days_between(monday, back) == 3
    assert case.due_on == add_working_days(due, 3)
    todo = InboxItem.objects.get(assignee_org=w.item.organisation, assignee_role="reviewer", done_at__isnull=True)
    assert todo.deadline > add_working_days(monday, 5)
    assert case_selectors.days_used(case, back) == 0


def test_a_supplement_before_acceptance_leaves_the_clock_unstarted():
    w = world()
    case = submitted(w)
    cases.case_request_supplement(actor=w.handler, case=case, missing=[{"name": "身份证明", "reason": "缺页"}])
    case = cases.case_supplement(actor=w.citizen, case=case, reply="已补充")
    assert case.status == CaseStatus.SUBMITTED and case.suspended_days == 0 and case.due_on is None


def test_only_the_applicant_supplements_and_withdraws():
    w = world()
    case = submitted(w)
    cases.case_request_supplement(actor=w.handler, case=case, missing=[{"name": "身份证明", "reason": ""}])
    with pytest.raises(NotFoundError):
        cases.case_supplement(actor=w.handler, case=case, reply="x")
    case = cases.case_withdraw(actor=w.citizen, case=case, reason="不再需要")
    assert case.status == CaseStatus.WITHDRAWN
    case.instance.refresh_from_db()
    assert case.instance.status != "running"


def test_joint_parts_review_in_parallel_and_see_only_their_own_part():
    w = world(process="joint", parts=2)
    case = submitted(w, reason="想开一家旅馆")
    case = cases.case_accept(actor=w.handler, case=case)
    co1, co2 = w.co["co1"], w.co["co2"]
    rows = {p.part: p for p in case.parts.all()}
    assert rows["co1"].status == rows["co2"].status == PartStatus.WORKING
    assert rows["co1"].due_on == add_working_days(timezone.localdate(), 3)  # the part's own working days
    view = case_selectors.staff_case_get(co1, case.pk)
    assert not view.lead and [p.part for p in view.parts] == ["co1"]
    assert view.answers == {"kind": "first"}  # only the fields its part lists, not the reason
    assert [m.name for m in view.materials] == ["身份证明"]
    cases.case_review(actor=co1, case=case, agreed=True, opinion="同意")
    with pytest.raises(PermissionDeniedError):  # its task is done; the other part's is not its to do
        cases.case_review(actor=co1, case=case, agreed=True, opinion="again")
    with pytest.raises(ConflictError):
        cases.case_decide(actor=w.leader, case=case, approved=True)  # the join waits for the second part
    cases.case_review(actor=co2, case=case, agreed=False, opinion="消防条件不符合")
    view2 = case_selectors.staff_case_get(co2, case.pk)
    assert [p.opinion for p in view2.parts] == ["消防条件不符合"]  # never the other part's opinion
    lead = case_selectors.staff_case_get(w.leader, case.pk)
    assert {p.part: p.opinion for p in lead.parts}["co1"] == "同意"
    case = cases.case_decide(actor=w.leader, case=case, approved=False, reason="协办部门审查不同意（消防）")
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.REFUSED


def test_a_third_department_sees_nothing_of_a_joint_case():
    w = world(process="joint", parts=2)
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    with pytest.raises(NotFoundError):
        case_selectors.staff_case_get(w.outsider, case.pk)
    assert not case_selectors.part_queue(w.outsider).exists()
    with pytest.raises((PermissionDeniedError, ConflictError)):
        cases.case_review(actor=w.outsider, case=case, agreed=True, opinion="")
    row = CaseMaterial.objects.get(case=case)
    assert case_selectors.case_file_find(w.outsider, row.file.name) is None
    assert case_selectors.case_file_find(w.co["co1"], row.file.name) == row
    assert case_selectors.case_file_find(w.citizen, row.file.name) == row


def test_instant_item_concludes_on_acceptance():
    w = world(process="instant", promised_days=0)
    case = cases.case_accept(actor=w.handler, case=submitted(w), today=dt.date(2026, 12, 7))
    assert case.status == CaseStatus.CONCLUDED and case.decision == Decision.APPROVED
    assert case.due_on == case.accepted_on


def test_an_item_without_online_depth_or_form_cannot_be_applied_for_online():
    w = world(online_depth=2)
    with pytest.raises(DomainError):
        cases.case_start(actor=w.citizen, item=w.item)
    with pytest.raises(PermissionDeniedError):
        cases.case_start(actor=w.handler, item=world().item)  # staff are not applicants online


def test_clock_colours():
    w = world()
    case = cases.case_accept(actor=w.handler, case=submitted(w), today=dt.date(2026, 12, 7))
    assert case_selectors.clock(case, dt.date(2026, 12, 7)) == case_selectors.Clock.GREEN
    assert case_selectors.clock(case, case.due_on) == case_selectors.Clock.YELLOW
    assert case_selectors.clock(case, case.due_on + dt.timedelta(days=1)) == case_selectors.Clock.RED


def test_the_daily_check_warns_the_leaders_once_per_colour():
    from digigov.eservices.services.monitor import efficiency_check

    w = world()
    case = cases.case_accept(actor=w.handler, case=submitted(w), today=dt.date(2026, 12, 7))
    assert efficiency_check(today=dt.date(2026, 12, 7)) == {"yellow": 0, "red": 0}
    assert efficiency_check(today=case.due_on) == {"yellow": 1, "red": 0}
    assert efficiency_check(today=case.due_on) == {"yellow": 0, "red": 0}  # once
    late = case.due_on + dt.timedelta(days=1)
    assert efficiency_check(today=late) == {"yellow": 0, "red": 1}
    todos = InboxItem.objects.filter(
        assignee_org=w.item.organisation, assignee_role="leader", kind__startswith="eservices.clock"
    )
    assert todos.count() == 2 and case.number in todos.get(kind="eservices.clock_red").title


def test_progress_lookups_older_than_an_hour_are_forgotten():
    from digigov.eservices.models import ProgressLookup
    from digigov.eservices.services.monitor import lookups_forget

    now = timezone.now()
    ProgressLookup.objects.create(address="10.0.0.1", at=now - dt.timedelta(hours=2))
    recent = ProgressLookup.objects.create(address="10.0.0.2", at=now - dt.timedelta(minutes=5))
    assert lookups_forget(now=now) == 1
    assert list(ProgressLookup.objects.all()) == [recent]
