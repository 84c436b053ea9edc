"""The ticket's closed loop (R5.1): intake, answered at once, redirected, dispatch, hand back, reply, review, return
visit, reopen once, close — every step in the history and the ledger; another organisation cannot see or act."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.hotline import selectors, services
from digigov.hotline.models import Assignment, RoutingRule
from digigov.hotline.tests.factories import ID_NUMBER, housing_category, setting, ticket
from digigov.knowledge.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def actions(t):
    return [e.action for e in t.events.all()]


def test_intake_numbers_the_ticket_sets_its_due_date_and_records_it():
    s = setting()
    t = ticket(s, caller_phone="138-1234-5678", caller_id_number=ID_NUMBER.lower(), kind="help")
    assert t.number.startswith("RX" + timezone.localdate().strftime("%Y%m%d"))
    assert t.caller_phone == "13812345678" and t.caller_id_number == ID_NUMBER
    assert t.due_on is not None and t.due_on > timezone.localdate()
    assert t.centre == s.centre and t.taken_by == s.agent and t.status == "new"
    assert actions(t) == ["create"]
    assert t.events.get().actor_name == "张敏"
    assert LedgerEntry.objects.filter(action="hotline.ticket.created", object_id=str(t.pk)).exists()


def test_intake_reports_every_bad_field_at_once():
    s = setting()
    with pytest.raises(DomainError) as caught:
        ticket(s, caller_phone="12345", caller_id_number="420102199001011234", division_code="999999", content=" ",
               kind="gossip")  # fmt: skip
    assert set(caught.value.fields) == {"caller_phone", "caller_id_number", "division_code", "content", "kind"}


def test_a_landline_with_its_area_code_is_accepted():
    s = setting()
    assert ticket(s, caller_phone="027-8765 4321").caller_phone == "02787654321"


def test_only_centre_staff_take_calls():
    s = setting()
    with pytest.raises(PermissionDeniedError):
        services.ticket_create(
            actor=s.handler, kind="help", caller_name="某", caller_phone="13812345678",
            division_code=s.division_code, content="求助",
        )  # fmt: skip


def test_answered_at_once_keeps_the_article_and_closes():
    s = setting()
    article = ArticleFactory(title="公积金提取条件", answer="满足条件可提取。", category=housing_category())
    t = services.ticket_answer(actor=s.agent, ticket=ticket(s, kind="consultation"), article_id=article.pk)
    assert (t.status, t.resolution, t.article_id, t.answer) == ("closed", "answered", article.pk, "满足条件可提取。")
    assert t.category_id == article.category_id
    assert t.events.get(action="answer").article_id == article.pk
    article.refresh_from_db()
    assert article.used_count == 1  # the knowledge base counts the use
    with pytest.raises(ConflictError):
        services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)


def test_a_matter_not_taken_is_closed_with_the_standard_wording():
    s = setting()
    t = services.ticket_redirect(actor=s.agent, ticket=ticket(s, content="楼下着火了"), matter="emergency")
    assert t.status == "closed" and t.resolution == "redirected" and "119" in t.answer
    with pytest.raises(DomainError):
        services.ticket_redirect(actor=s.agent, ticket=ticket(s), matter="weather")


def test_the_whole_loop_with_a_hand_back_a_reopen_and_the_close():
    s = setting()
    other = OrganisationFactory(name="江岸区城管局")
    other_handler = staff("handler", other)
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=other.pk, instructions="请核实")
    services.ticket_hand_back(actor=other_handler, ticket=t, reason="不属于本单位职责")
    t.refresh_from_db()
    assert t.status == "handed_back"
    with pytest.raises(PermissionDeniedError):  # an agent is not a supervisor
        services.hand_back_decide(actor=s.agent, ticket=t, approve=True)
    services.hand_back_decide(actor=s.supervisor, ticket=t, approve=True, note="同意")
    t.refresh_from_db()
    assert t.status == "new"
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    with pytest.raises(PermissionDeniedError):  # the earlier department no longer handles it
        services.ticket_accept(actor=other_handler, ticket=t)
    services.ticket_accept(actor=s.handler, ticket=t)
    services.ticket_reply(actor=s.handler, ticket=t, reply="已联系物业安排维修。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=False, note="请写明维修完成时间")
    services.ticket_reply(actor=s.handler, ticket=t, reply="电梯已于今日修复。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    services.ticket_visit(actor=s.agent, ticket=t, satisfaction="unsatisfied", note="仍有异响")
    t.refresh_from_db()
    assert (t.status, t.answer) == ("unsatisfied", "电梯已于今日修复。")
    services.ticket_reopen(actor=s.agent, ticket=t, note="电梯仍有异响")
    t.refresh_from_db()
    assert t.status == "handling" and t.reopen_count == 1
    services.ticket_reply(actor=s.handler, ticket=t, reply="已更换部件。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    services.ticket_visit(actor=s.agent, ticket=t, satisfaction="unsatisfied")
    with pytest.raises(ConflictError):  # reopened once already (rule hotline.reopen_limit)
        services.ticket_reopen(actor=s.agent, ticket=t, note="再次")
    services.ticket_close(actor=s.agent, ticket=t, note="已解释")
    t.refresh_from_db()
    assert (t.status, t.resolution, t.satisfaction) == ("closed", "handled", "unsatisfied")
    assert actions(t) == [
        "create", "dispatch", "hand_back", "approve_hand_back", "dispatch", "accept", "reply", "return_reply",
        "reply", "approve_reply", "visit", "reopen", "reply", "approve_reply", "visit", "close",
    ]  # fmt: skip
    assert LedgerEntry.objects.filter(object_type="hotline.ticket", object_id=str(t.pk)).count() == 16
    assert set(Assignment.objects.filter(ticket=t).values_list("status", flat=True)) == {"ended"}


def test_a_satisfied_visit_closes():
    s = setting()
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t)
    services.ticket_reply(actor=s.handler, ticket=t, reply="已处理。")
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    t = services.ticket_visit(actor=s.agent, ticket=t, satisfaction="fairly")
    assert (t.status, t.satisfaction, t.resolution) == ("closed", "fairly", "handled")


def test_hand_back_after_the_window_is_refused_and_the_refusal_can_be_overruled():
    s = setting()
    t = ticket(s)
    assignment = services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    Assignment.objects.filter(pk=assignment.pk).update(hand_back_until=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ConflictError):
        services.ticket_hand_back(actor=s.handler, ticket=t, reason="非本单位")
    with pytest.raises(DomainError):
        services.ticket_hand_back(actor=s.handler, ticket=t, reason=" ")


def test_a_refused_hand_back_leaves_the_department_handling():
    s = setting()
    t = ticket(s)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    services.ticket_hand_back(actor=s.handler, ticket=t, reason="非本单位")
    with pytest.raises(DomainError):
        services.hand_back_decide(actor=s.supervisor, ticket=t, approve=False)
    t = services.hand_back_decide(actor=s.supervisor, ticket=t, approve=False, note="属住建职责")
    assert t.status == "handling"
    services.ticket_reply(actor=s.handler, ticket=t, reply="已处理。")


def test_another_organisation_cannot_see_or_act():
    s = setting()
    t = ticket(s)
    stranger = staff("org_admin", OrganisationFactory(name="外省热线"))
    assert not selectors.ticket_list(actor=stranger).exists()
    with pytest.raises(NotFoundError):
        selectors.ticket_get(actor=stranger, pk=t.pk)
    with pytest.raises(PermissionDeniedError):
        services.ticket_dispatch(actor=stranger, ticket=t, department_id=s.department.pk)
    assert selectors.ticket_get(actor=s.agent, pk=t.pk) == t
    assert not selectors.department_ticket_list(actor=s.handler).exists()
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    assert list(selectors.department_ticket_list(actor=s.handler)) == [t]
    assert selectors.ticket_get(actor=s.handler, number=t.number) == t


def test_caller_is_masked_except_for_the_agent_and_the_handler_and_full_reads_are_audited():
    s = setting()
    t = ticket(s, caller_id_number=ID_NUMBER)
    masked = services.caller_details(actor=s.supervisor, ticket=t)
    assert (masked.phone, masked.id_number, masked.masked) == ("138****5678", "1101**********002X", True)
    assert not LedgerEntry.objects.filter(action="hotline.caller.viewed").exists()
    full = services.caller_details(actor=s.agent, ticket=t)
    assert (full.phone, full.id_number, full.masked) == ("13812345678", ID_NUMBER, False)
    services.ticket_dispatch(actor=s.agent, ticket=t, department_id=s.department.pk)
    assert services.caller_details(actor=s.handler, ticket=t).masked  # not yet accepted
    services.ticket_accept(actor=s.handler, ticket=t)
    assert not services.caller_details(actor=s.handler, ticket=t).masked
    assert LedgerEntry.objects.filter(action="hotline.caller.viewed", object_id=str(t.pk)).count() == 2


def test_overdue_tickets_are_found_and_the_caller_history_by_phone():
    s = setting()
    late = ticket(s)
    late.due_on = timezone.localdate() - dt.timedelta(days=1)
    late.save()
    ticket(s, caller_phone="13900001111")
    assert list(selectors.ticket_list(actor=s.agent, overdue=True)) == [late]
    assert late.is_overdue()
    assert selectors.caller_history(actor=s.agent, phone="13812345678") == [late]


def test_routing_rules_suggest_the_most_specific_department():
    s = setting()
    housing = housing_category()
    from digigov.knowledge.tests.factories import category

    lifts = category("0501", "电梯", housing)
    city_housing = OrganisationFactory(name="市住建局")
    services.routing_rule_save(
        actor=s.supervisor, category_code="05", division_code="420100", department_id=city_housing.pk
    )
    services.routing_rule_save(
        actor=s.supervisor, category_code="0501", division_code="420102", department_id=s.department.pk
    )
    assert selectors.suggest_department(category_id=lifts.pk, division_code="420102") == s.department
    assert selectors.suggest_department(category_id=housing.pk, division_code="420102") == city_housing
    assert selectors.suggest_department(category_id=None, division_code="420102") is None
    with pytest.raises(PermissionDeniedError):
        services.routing_rule_save(
            actor=s.agent, category_code="05", division_code="420100", department_id=city_housing.pk
        )
    assert RoutingRule.objects.count() == 2
