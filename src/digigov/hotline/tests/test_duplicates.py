"""Duplicates and merging (acceptance 6): the same caller within the rule's days, or a near-duplicate request at the
same place, is suggested; a merged ticket is handled once and every caller gets the answer and their own visit;
refusals in Chinese; another centre cannot see or merge; the intake screen and the API show the suggestions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, UserFactory
from digigov.hotline import services
from digigov.hotline.duplicates import duplicate_candidates
from digigov.hotline.figures import hotspot_counts
from digigov.hotline.models import Ticket
from digigov.hotline.tests.factories import housing_category, make_centre, officer, setting, ticket
from digigov.knowledge.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/hotline"
LIFT = "沿江大道100号小区电梯停运一周无人维修。"
LIFT_AGAIN = "沿江大道100号小区电梯坏了一周，没人维修。"  # another caller, other words: 80% alike


def candidates(s, **overrides):
    values = {
        "centre_id": s.centre.pk,
        "caller_phone": "13900002222",
        "division_code": s.division_code,
        "category_id": None,
        "content": LIFT_AGAIN,
    } | overrides
    return duplicate_candidates(**values)


def aged(t, days):
    Ticket.objects.filter(pk=t.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_the_same_caller_within_the_days_is_suggested_whatever_the_words():
    s = setting()
    earlier = ticket(s, content="楼下餐馆油烟扰民。")
    aged(earlier, 3)
    found = candidates(s, caller_phone="138-1234-5678", content=LIFT)
    assert [(d.ticket.number, d.reason_label) for d in found] == [(earlier.number, "同一来电人")]
    assert found[0].score < 0.5 and found[0].can_merge


def test_the_same_caller_outside_the_days_or_closed_is_not_suggested():
    s = setting()
    old = ticket(s)
    aged(old, 8)  # rule hotline.duplicate_days: 7
    assert candidates(s, caller_phone="13812345678", content="另一件事") == []
    rule_set(actor=UserFactory(is_superuser=True), key="hotline.duplicate_days", value="10")
    assert [d.ticket for d in candidates(s, caller_phone="13812345678", content="另一件事")] == [old]
    article = ArticleFactory(title="电梯报修", answer="联系物业。", category=housing_category())
    services.ticket_answer(actor=s.agent, ticket=old, article_id=article.pk)
    assert candidates(s, caller_phone="13812345678", content="另一件事") == []


def test_a_near_duplicate_at_the_same_place_is_suggested_and_a_different_matter_is_not():
    s = setting()
    DivisionFactory(code="420102002000", name="大智街道", level="township", parent_id="420102")
    lift = ticket(s, content=LIFT, division_code="420102002000")  # the street, within the same district
    ticket(s, content="沿江大道100号门前路灯不亮已三天。", caller_phone="13700001111")
    found = candidates(s)
    assert [(d.ticket, d.reason_label) for d in found] == [(lift, "同一地点相近诉求")]
    assert 0.6 <= found[0].score < 1 and found[0].percent == round(found[0].score * 100)
    rule_set(actor=UserFactory(is_superuser=True), key="hotline.duplicate_similarity", value="90")
    assert candidates(s) == []


def test_the_same_words_in_another_district_or_centre_are_not_suggested():
    s = setting()
    DivisionFactory(code="420103", name="江汉区", level="county", parent_id="420100")
    ticket(s, content=LIFT, division_code="420103")
    assert candidates(s) == []
    other_centre = make_centre("黄石市12345热线")
    assert candidates(s, centre_id=other_centre.pk, division_code="420103") == []


def test_merge_rules_are_refused_in_chinese():
    s = setting()
    main, repeat, third = ticket(s, content=LIFT), ticket(s, content=LIFT_AGAIN), ticket(s, content="路灯不亮")
    with pytest.raises(DomainError) as caught:
        services.ticket_merge(actor=s.agent, ticket=main, into=main)
    assert "不能并入自身" in str(caught.value.fields["into"][0])
    with pytest.raises(PermissionDeniedError):  # a department does not merge
        services.ticket_merge(actor=s.handler, ticket=repeat, into=main)
    services.ticket_merge(actor=s.agent, ticket=repeat, into=main, note="同一电梯")
    with pytest.raises(DomainError) as caught:
        services.ticket_merge(actor=s.agent, ticket=third, into=repeat)
    assert f"已并入{main.number}" in str(caught.value.fields["into"][0])
    with pytest.raises(ConflictError):  # already merged: not again, and not dispatched on its own
        services.ticket_merge(actor=s.agent, ticket=repeat, into=third)
    with pytest.raises(ConflictError):
        services.ticket_dispatch(actor=s.agent, ticket=repeat, department_id=s.department.pk)
    article = ArticleFactory(title="路灯报修", answer="已转路灯所。", category=housing_category())
    services.ticket_answer(actor=s.agent, ticket=third, article_id=article.pk)
    with pytest.raises(DomainError) as caught:
        services.ticket_merge(actor=s.agent, ticket=ticket(s), into=third)
    assert "已答复或已办结" in str(caught.value.fields["into"][0])
    other = make_centre("黄石市12345热线")
    foreign = services.ticket_create(
        actor=officer("handler", other), kind="help", caller_name="某", caller_phone="13700001111",
        division_code=s.division_code, content=LIFT,
    )  # fmt: skip
    with pytest.raises(DomainError):
        services.ticket_merge(actor=s.agent, ticket=ticket(s), into=foreign)
    repeat.refresh_from_db()
    assert (repeat.status, repeat.merged_into) == ("merged", main)
    assert LedgerEntry.objects.filter(action="hotline.ticket.merged", object_id=str(repeat.pk)).count() == 1


def test_merged_callers_get_the_approved_reply_and_each_their_own_visit():
    s = setting()
    main = ticket(s, content=LIFT)
    first = ticket(s, content=LIFT_AGAIN, caller_phone="13900002222", caller_name="陈女士")
    second = ticket(s, content="小区电梯停运一周，物业不维修。", caller_phone="13700003333", caller_name="王先生")
    services.ticket_merge(actor=s.agent, ticket=second, into=first)
    services.ticket_merge(actor=s.agent, ticket=first, into=main)  # `second` follows `first` to the main ticket
    assert set(main.merged.values_list("number", flat=True)) == {first.number, second.number}
    services.ticket_dispatch(actor=s.agent, ticket=main, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=main)
    services.ticket_reply(actor=s.handler, ticket=main, reply="电梯已于今日修复。")
    services.reply_review(actor=s.supervisor, ticket=main, approve=True)
    for t in (first, second):
        t.refresh_from_db()
        assert (t.status, t.answer) == ("visiting", "电梯已于今日修复。")
        assert [e.action for e in t.events.all()] == ["create", "merge", "answer_from_merge"]
        assert LedgerEntry.objects.filter(action="hotline.ticket.answered_from_merge", object_id=str(t.pk)).exists()
    services.ticket_visit(actor=s.agent, ticket=first, satisfaction="satisfied")
    services.ticket_visit(actor=s.agent, ticket=second, satisfaction="unsatisfied")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.resolution, second.status) == ("closed", "handled", "unsatisfied")


def test_an_answer_at_once_closes_every_merged_ticket():
    s = setting()
    main, repeat = ticket(s, kind="consultation"), ticket(s, kind="consultation", caller_phone="13900002222")
    services.ticket_dispatch(actor=s.agent, ticket=repeat, department_id=s.department.pk)
    services.ticket_merge(actor=s.agent, ticket=repeat, into=main)
    assert repeat.assignments.get().status == "ended"  # the department no longer has it to handle
    article = ArticleFactory(title="电梯报修", answer="请联系物业维修。", category=housing_category())
    services.ticket_answer(actor=s.agent, ticket=main, article_id=article.pk)
    repeat.refresh_from_db()
    assert (repeat.status, repeat.resolution, repeat.answer, repeat.article_id) == (
        "closed", "answered", "请联系物业维修。", article.pk,
    )  # fmt: skip


def test_the_hotspot_counts_a_month_by_category_and_division():
    s = setting()
    category = housing_category()
    ticket(s, category_code=category.code), ticket(s, category_code=category.code), ticket(s)
    start = timezone.localdate().replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rows = hotspot_counts(centre_ids=[s.centre.pk], month_start=start, month_end=end)
    assert rows == {(category.pk, s.division_code): 2, (None, s.division_code): 1}
    assert hotspot_counts(centre_ids=[OrganisationFactory().pk], month_start=start, month_end=end) == {}


def post(client, path, data=None, **headers):
    return client.post(f"{API}{path}", data or {}, content_type="application/json", **headers)


def test_the_api_returns_duplicates_on_create_and_merges(client):
    s = setting()
    main = ticket(s, content=LIFT)
    client.force_login(s.agent)
    body = {"kind": "complaint", "caller_name": "陈女士", "caller_phone": "13900002222", "content": LIFT_AGAIN,
            "division_code": s.division_code}  # fmt: skip
    created = post(client, "/tickets", body)
    assert created.status_code == 201
    [duplicate] = created.json()["duplicates"]
    assert duplicate["number"] == main.number and duplicate["reason"] == "same_place" and duplicate["score"] >= 0.6
    number = created.json()["number"]
    assert post(client, f"/tickets/{number}/merge", {"into": "RX000"}).status_code == 400
    merged = post(client, f"/tickets/{number}/merge", {"into": main.number.lower()})
    assert merged.status_code == 200 and merged.json()["status"] == "merged"
    assert merged.json()["merged_into"] == main.number
    assert post(client, f"/tickets/{number}/merge", {"into": main.number}).status_code == 409
    client.force_login(officer("handler", make_centre("黄石市12345热线")))
    assert post(client, f"/tickets/{number}/merge", {"into": main.number}).status_code == 404


def test_the_intake_screen_shows_duplicates_first_and_registers_merged(client):
    s = setting()
    main = ticket(s, content=LIFT)
    client.force_login(s.agent)
    url = reverse("hotline_intake")
    data = {"caller_phone": "13900002222", "caller_name": "陈女士", "kind": "complaint", "urgency": "normal",
            "division_code": s.division_code, "content": LIFT_AGAIN}  # fmt: skip
    page = client.post(url, data)
    text = page.content.decode()
    assert page.status_code == 200 and "疑似重复" in text and main.number in text and "同一地点相近诉求" in text
    assert Ticket.objects.count() == 1  # nothing registered before the agent saw them
    response = client.post(url, data | {"merge_into": str(main.pk)})
    created = Ticket.objects.exclude(pk=main.pk).get()
    assert response.status_code == 302 and (created.status, created.merged_into) == ("merged", main)
    detail = client.get(reverse("hotline_ticket", args=[created.pk])).content.decode()
    assert f"已并入 {main.number}" in detail
    main_page = client.get(reverse("hotline_ticket", args=[main.pk])).content.decode()
    assert created.number in main_page and "陈女士" in main_page and "登记时间" in main_page  # 登记, not 注册
    listing = client.get(reverse("hotline_tickets")).content.decode()
    assert "已并案" in listing
    again = client.post(url, data | {"seen": str(main.pk) + "," + str(created.pk)})
    assert again.status_code == 302  # seen and judged not a duplicate: registered on its own


def test_the_ticket_page_merges_by_typed_number_and_refuses_a_foreign_one(client):
    s = setting()
    main, repeat = ticket(s, content=LIFT), ticket(s, content=LIFT_AGAIN, caller_phone="13900002222")
    client.force_login(s.agent)
    url = reverse("hotline_ticket", args=[repeat.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="merge-form"' in page and main.number in page
    refused = client.post(url, {"action": "merge", "into": "RX20990101"}).content.decode()
    assert "本中心没有这个编号的工单" in refused
    assert client.post(url, {"action": "merge", "into": ["", main.number]}).status_code == 302
    repeat.refresh_from_db()
    assert repeat.merged_into == main
    assert 'data-testid="merge-form"' not in client.get(url).content.decode()


def test_a_redirected_main_ticket_tells_every_merged_caller_the_same():
    s = setting()
    main, repeat = ticket(s, content="楼下着火了"), ticket(s, content="楼下着火了，快来人", caller_phone="13900002222")
    services.ticket_merge(actor=s.agent, ticket=repeat, into=main)
    services.ticket_redirect(actor=s.agent, ticket=main, matter="emergency")
    repeat.refresh_from_db()
    assert (repeat.status, repeat.resolution, repeat.not_taken) == ("closed", "redirected", "emergency")
    assert "119" in repeat.answer


def test_a_ticket_registered_before_words_were_stored_is_still_compared():
    s = setting()
    lift = ticket(s, content=LIFT)
    Ticket.objects.filter(pk=lift.pk).update(content_words="")
    assert [d.ticket for d in candidates(s)] == [lift]


def test_a_merged_caller_not_satisfied_is_reopened_with_the_department_that_answered_and_each_visit_is_a_to_do():
    s = setting()
    main = ticket(s, content=LIFT)
    repeat = ticket(s, content=LIFT_AGAIN, caller_phone="13900002222", caller_name="陈女士")
    services.ticket_merge(actor=s.agent, ticket=repeat, into=main)
    services.ticket_dispatch(actor=s.agent, ticket=main, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=main)
    services.ticket_reply(actor=s.handler, ticket=main, reply="电梯已于今日修复。")
    services.reply_review(actor=s.supervisor, ticket=main, approve=True)
    visits = InboxItem.objects.filter(kind="hotline.visit", done_at__isnull=True)
    assert set(visits.values_list("object_id", flat=True)) == {str(main.pk), str(repeat.pk)}
    services.ticket_visit(actor=s.agent, ticket=repeat, satisfaction="unsatisfied")
    services.ticket_reopen(actor=s.agent, ticket=repeat, note="陈女士说电梯又坏了。")
    repeat.refresh_from_db()
    part = repeat.assignments.get()
    assert (repeat.status, repeat.reopen_count, part.department, part.lead) == ("handling", 1, s.department, True)
    assert InboxItem.objects.filter(kind="hotline.assignment", object_id=str(part.pk), done_at__isnull=True).exists()
    services.ticket_reply(actor=s.handler, ticket=repeat, reply="已再次维修并加强巡检。")
    repeat.refresh_from_db()
    assert repeat.status == "replied"
