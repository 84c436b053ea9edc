"""协办, 延期, 督办, time-limit notices and the workbench to-dos (issue 13 items 3 and 4): co-handling departments act
on their own part and the lead's reply answers; an extension moves every due date by working days once the centre
agrees; urging notifies the department; the daily job warns once; each person who must act finds a to-do and it goes
away when they acted; another organisation cannot act; a refused step leaves nothing behind."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from digigov.core import periodic
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification, RuleValue
from digigov.core.selectors import inbox_for
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.hotline import selectors, services
from digigov.hotline.models import Assignment, ExtensionRequest, Ticket
from digigov.hotline.tests.factories import officer, setting, ticket

pytestmark = pytest.mark.django_db


def actions(t):
    return [e.action for e in t.events.all()]


def todos(user):
    return [(i.kind, i.title) for i in inbox_for(user).filter(source="hotline")]


@pytest.fixture
def s():
    return setting()


@pytest.fixture
def co(s):
    """A second department that co-handles, with a handler and a leader."""
    department = OrganisationFactory(name="江岸区城市管理执法局")
    return (
        department,
        officer(Role.HANDLER, department, first_name="伟", last_name="赵"),
        officer(Role.LEADER, department, first_name="军", last_name="孙"),
    )


def test_co_handling_from_dispatch_to_the_lead_reply(s, co):
    department, co_handler, _leader = co
    t = ticket(s)
    services.ticket_dispatch(
        actor=s.agent, ticket=t, department_id=s.department.pk, instructions="请联合处理",
        co_department_ids=[department.pk, department.pk, s.department.pk],
    )  # fmt: skip
    parts = list(Assignment.objects.filter(ticket=t).order_by("-lead"))
    assert [(p.department, p.lead) for p in parts] == [(s.department, True), (department, False)]
    assert ("hotline.assignment", f"协办热线工单{t.number}") in todos(co_handler)
    assert todos(s.handler) == [("hotline.assignment", f"办理热线工单{t.number}")]
    # the co-handler sees the ticket among its department's, reads it masked, and cannot act for the lead
    assert list(selectors.department_ticket_list(actor=co_handler)) == [t]
    with pytest.raises(PermissionDeniedError):
        services.ticket_accept(actor=co_handler, ticket=t)
    with pytest.raises(PermissionDeniedError):  # its part is not accepted yet
        services.ticket_co_reply(actor=co_handler, ticket=t, reply="已配合")
    services.co_accept(actor=co_handler, ticket=t)
    assert services.caller_details(actor=co_handler, ticket=t).masked
    services.ticket_accept(actor=s.handler, ticket=t)
    with pytest.raises(DomainError):
        services.ticket_co_reply(actor=co_handler, ticket=t, reply="  ")
    services.ticket_co_reply(actor=co_handler, ticket=t, reply="已对占道经营进行清理。")
    assert todos(co_handler) == []
    t.refresh_from_db()
    assert t.status == "handling"  # the co-handler's contribution does not answer the caller
    services.ticket_reply(actor=s.handler, ticket=t, reply="电梯已修复，占道已清理。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    t.refresh_from_db()
    assert t.answer == "电梯已修复，占道已清理。"
    assert actions(t) == ["create", "dispatch", "co_accept", "accept", "co_reply", "reply", "approve_reply"]
    co_reply = t.events.get(action="co_reply")
    assert (co_reply.department, co_reply.note) == (department, "已对占道经营进行清理。")
    assert LedgerEntry.objects.filter(action="hotline.ticket.co_handling", object_id=str(t.pk)).count() == 2
    dispatched = LedgerEntry.objects.get(action="hotline.ticket.dispatched", object_id=str(t.pk))
    assert json.loads(dispatched.summary)["after"]["co_departments"] == ["江岸区城市管理执法局"]


def test_a_co_handler_hands_back_its_part_and_a_redispatch_ends_the_old_parts(s, co):
    department, co_handler, _leader = co
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk, co_department_ids=[department.pk])
    with pytest.raises(DomainError):
        services.co_hand_back(actor=co_handler, ticket=t, reason="")
    services.co_hand_back(actor=co_handler, ticket=t, reason="不属于城管职责")
    t.refresh_from_db()
    assert t.status == "dispatched"  # the lead still answers for it
    assert Assignment.objects.get(ticket=t, lead=False).status == "handed_back"
    assert todos(co_handler) == []
    assert not selectors.department_ticket_list(actor=co_handler).exists()
    # the lead hands back, the centre agrees, and dispatches again with the same co-handler
    services.ticket_hand_back(actor=s.handler, ticket=t, reason="非本单位")
    assert todos(s.supervisor) == [("hotline.hand_back", f"审定热线工单{t.number}的退单")]
    services.hand_back_decide(actor=s.supervisor, ticket=t, approve=True)
    assert todos(s.supervisor) == []
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=department.pk, co_department_ids=[s.department.pk])
    assert set(Assignment.objects.filter(ticket=t).values_list("department__name", "lead", "status")) == {
        ("武汉市住房和城市更新局", True, "ended"),
        ("江岸区城市管理执法局", False, "handed_back"),
        ("江岸区城市管理执法局", True, "pending"),
        ("武汉市住房和城市更新局", False, "pending"),
    }
    assert todos(s.handler) == [("hotline.assignment", f"协办热线工单{t.number}")]


def test_a_co_handler_hands_back_only_within_the_hours(s, co):
    department, co_handler, _leader = co
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk, co_department_ids=[department.pk])
    Assignment.objects.filter(ticket=t, lead=False).update(hand_back_until=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ConflictError):
        services.co_hand_back(actor=co_handler, ticket=t, reason="不属于城管职责")
    assert Assignment.objects.get(ticket=t, lead=False).status == "pending"


def test_a_bad_co_department_leaves_nothing_dispatched(s):
    t = ticket(s)
    with pytest.raises(DomainError) as caught:
        services.ticket_dispatch(
            actor=s.agent, ticket=t, department_id=s.department.pk, co_department_ids=[s.centre.pk]
        )
    assert "co_department_ids" in caught.value.fields
    t.refresh_from_db()
    assert t.status == "new" and not t.assignments.exists() and not InboxItem.objects.exists()
    assert actions(t) == ["create"]


def test_another_organisation_cannot_co_handle_urge_or_extend(s, co):
    department, co_handler, _leader = co
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    stranger = staff(Role.ORG_ADMIN, OrganisationFactory(name="外省热线"))
    for call in (
        lambda a: services.co_accept(actor=a, ticket=t),
        lambda a: services.ticket_co_reply(actor=a, ticket=t, reply="已办"),
        lambda a: services.ticket_urge(actor=a, ticket=t, note="请尽快"),
        lambda a: services.extension_request(actor=a, ticket=t, days=3, reason="需现场核查"),
        lambda a: services.extension_decide(actor=a, ticket=t, approve=True),
    ):
        for actor in (stranger, co_handler):  # the co department was not dispatched this ticket
            with pytest.raises(PermissionDeniedError):
                call(actor)
    assert actions(t) == ["create", "dispatch"]


def test_an_extension_moves_the_due_dates_by_working_days_once(s, co):
    department, co_handler, _leader = co
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk, co_department_ids=[department.pk])
    with pytest.raises(ConflictError):  # not accepted yet: nothing to extend
        services.extension_request(actor=s.handler, ticket=t, days=3, reason="需现场核查")
    services.ticket_accept(actor=s.handler, ticket=t)
    with pytest.raises(DomainError) as caught:
        services.extension_request(actor=s.handler, ticket=t, days=11, reason=" ")
    assert set(caught.value.fields) == {"days", "reason"}
    assert "1至10个工作日" in str(caught.value.fields["days"][0])
    with pytest.raises(PermissionDeniedError):  # a co-handler does not ask for the lead
        services.extension_request(actor=co_handler, ticket=t, days=3, reason="需现场核查")
    due = t.due_on
    services.extension_request(actor=s.handler, ticket=t, days=3, reason="需现场核查")
    with pytest.raises(ConflictError):  # one pending at a time
        services.extension_request(actor=s.handler, ticket=t, days=2, reason="再延")
    assert todos(s.supervisor) == [("hotline.extension", f"审批热线工单{t.number}的延期申请")]
    with pytest.raises(PermissionDeniedError):  # an agent is not a supervisor
        services.extension_decide(actor=s.agent, ticket=t, approve=True)
    with pytest.raises(DomainError):  # a refusal says why
        services.extension_decide(actor=s.supervisor, ticket=t, approve=False)
    services.extension_decide(actor=s.supervisor, ticket=t, approve=True, note="同意")
    t.refresh_from_db()
    assert t.due_on == add_working_days(due, 3)
    assert set(Assignment.objects.filter(ticket=t).values_list("due_on", flat=True)) == {t.due_on}
    assert set(InboxItem.objects.filter(kind="hotline.assignment").values_list("deadline", flat=True)) == {t.due_on}
    request = ExtensionRequest.objects.get(ticket=t)
    assert (request.status, request.due_before, request.due_after) == ("approved", due, t.due_on)
    assert todos(s.supervisor) == []
    with pytest.raises(ConflictError):  # rule hotline.extension_limit: one approved extension
        services.extension_request(actor=s.handler, ticket=t, days=2, reason="再延")
    assert actions(t)[-2:] == ["request_extension", "approve_extension"]
    decided = LedgerEntry.objects.get(action="hotline.ticket.extension_decided", object_id=str(t.pk))
    assert json.loads(decided.summary)["after"]["due_on"] == t.due_on.isoformat()


def test_a_refused_extension_keeps_the_date_and_another_may_be_asked(s):
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t)
    due = t.due_on
    services.extension_request(actor=s.handler, ticket=t, days=5, reason="需协调")
    services.extension_decide(actor=s.supervisor, ticket=t, approve=False, note="时限内可办结")
    t.refresh_from_db()
    assert t.due_on == due and ExtensionRequest.objects.get().status == "refused"
    with pytest.raises(ConflictError):  # nothing pending to decide
        services.extension_decide(actor=s.supervisor, ticket=t, approve=True)
    services.extension_request(actor=s.handler, ticket=t, days=2, reason="现场需二次核查")
    assert ExtensionRequest.objects.filter(status="pending").count() == 1


def test_urging_notifies_the_department_and_counts(s, co):
    _department, _co_handler, _leader = co
    leader = officer(Role.LEADER, s.department, first_name="红", last_name="周")
    t = ticket(s)
    with pytest.raises(ConflictError):  # not dispatched yet
        services.ticket_urge(actor=s.supervisor, ticket=t, note="请尽快办理")
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    with pytest.raises(PermissionDeniedError):
        services.ticket_urge(actor=s.agent, ticket=t, note="请尽快办理")
    with pytest.raises(DomainError):
        services.ticket_urge(actor=s.supervisor, ticket=t, note=" ")
    services.ticket_urge(actor=s.supervisor, ticket=t, note="请今日内联系来电人")
    services.ticket_urge(actor=s.supervisor, ticket=t, note="再次督办")
    t.refresh_from_db()
    assert t.urge_count == 2
    notices = Notification.objects.filter(title=f"热线中心督办工单{t.number}")
    assert {n.recipient for n in notices} == {s.handler, leader}
    assert notices.count() == 4 and notices.filter(body="请今日内联系来电人").count() == 2
    assert LedgerEntry.objects.filter(action="hotline.ticket.urged", object_id=str(t.pk)).count() == 2
    assert list(selectors.ticket_list(actor=s.agent))[0].urge_count == 2


def test_the_daily_job_warns_once_before_the_due_date_and_once_when_overdue(s, co):
    department, co_handler, leader = co
    job = periodic.REGISTRY["hotline.deadline_notices"]
    assert isinstance(job.schedule, periodic.Daily)
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk, co_department_ids=[department.pk])
    due = t.due_on
    assert services.deadline_notices(today=timezone.localdate()) == {"due_soon": 0, "overdue": 0}  # 13 days ahead
    the_day_before = due - dt.timedelta(days=1)
    while add_working_days(the_day_before, 1) != due:  # the working day before the due date
        the_day_before -= dt.timedelta(days=1)
    assert services.deadline_notices(today=the_day_before) == {"due_soon": 2, "overdue": 0}
    assert services.deadline_notices(today=the_day_before) == {"due_soon": 0, "overdue": 0}
    after = due + dt.timedelta(days=1)
    assert services.deadline_notices(today=after) == {"due_soon": 0, "overdue": 2}
    assert services.deadline_notices(today=after) == {"due_soon": 0, "overdue": 0}
    assert Notification.objects.filter(recipient=s.handler).count() == 2
    assert {n.recipient for n in Notification.objects.filter(title__contains="已超期")} == {s.handler, co_handler,
                                                                                           leader}  # fmt: skip
    assert LedgerEntry.objects.filter(action="hotline.deadline.noticed").count() == 4
    # a replied part is the centre's to review, not the department's to be warned of
    services.ticket_accept(actor=s.handler, ticket=t)
    services.ticket_reply(actor=s.handler, ticket=t, reply="已处理。")
    Assignment.objects.filter(ticket=t).update(warned_on=None, overdue_noticed_on=None)
    assert services.deadline_notices(today=after) == {"due_soon": 0, "overdue": 1}  # the co-handler only


def test_an_approved_extension_lets_the_warnings_come_again(s):
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t)
    after = t.due_on + dt.timedelta(days=1)
    assert services.deadline_notices(today=after)["overdue"] == 1
    services.extension_request(actor=s.handler, ticket=t, days=10, reason="需协调多部门")
    services.extension_decide(actor=s.supervisor, ticket=t, approve=True)
    part = Assignment.objects.get(ticket=t)
    assert part.overdue_noticed_on is None and part.warned_on is None
    assert services.deadline_notices(today=part.due_on + dt.timedelta(days=1))["overdue"] == 1


def test_the_centre_finds_its_reviews_and_visits_among_its_to_dos(s):
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    item = InboxItem.objects.get(kind="hotline.assignment")
    assert (item.assignee_org, item.deadline, item.url) == (s.department, t.due_on, f"/admin/hotline/tickets/{t.pk}/")
    services.ticket_accept(actor=s.handler, ticket=t)
    services.ticket_reply(actor=s.handler, ticket=t, reply="已处理。")
    assert todos(s.handler) == []
    assert todos(s.supervisor) == [("hotline.review", f"审核热线工单{t.number}的答复")]
    services.reply_review(actor=s.supervisor, ticket=t, approve=False, note="请写明时间")
    assert todos(s.handler) == [("hotline.assignment", f"办理热线工单{t.number}")]
    services.ticket_reply(actor=s.handler, ticket=t, reply="已于今日修复。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    assert (f"回访热线工单{t.number}") in [title for _kind, title in todos(s.agent)]
    services.ticket_visit(actor=s.agent, ticket=t, satisfaction="satisfied")
    assert not InboxItem.objects.filter(source="hotline", done_at__isnull=True).exists()


def test_rules_set_the_limits(s):
    RuleValue.objects.update_or_create(key="hotline.extension_max_days", defaults={"value": "2"})
    RuleValue.objects.update_or_create(key="hotline.extension_limit", defaults={"value": "0"})
    from django.core.cache import cache

    cache.clear()
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t)
    with pytest.raises(DomainError) as caught:
        services.extension_request(actor=s.handler, ticket=t, days=3, reason="需核查")
    assert "1至2个工作日" in str(caught.value.fields["days"][0])
    with pytest.raises(ConflictError):
        services.extension_request(actor=s.handler, ticket=t, days=2, reason="需核查")
    assert not ExtensionRequest.objects.exists()
    assert Ticket.objects.get(pk=t.pk).events.count() == 3
