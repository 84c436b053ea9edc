"""12345 网上诉求 through the test client (R5.1; issue 13 acceptance 1): a request sent on the public page becomes a
NEW web ticket in the centre's intake queue with its receipt; bad input gets Chinese messages at its fields and
nothing is kept; one address is limited per hour (429 page); a signed-in citizen's ticket carries the account and
its own name and mobile; the caller follows the ticket by number and mobile — a wrong mobile reads exactly as an
unknown number — sees the answer once approved, never a staff member's name or an internal note, and rates it (the
return visit)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from digigov.core.models import InboxItem, LedgerEntry, RuleValue
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory
from digigov.hotline import services
from digigov.hotline.models import Ticket
from digigov.hotline.services import public
from digigov.hotline.tests.factories import ID_NUMBER, make_centre, setting
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data

pytestmark = pytest.mark.django_db

NEW = reverse("hotline_public_new")
TRACK = reverse("hotline_public_track")


def request_data(s, **extra):
    return {
        "kind": "help",
        "content": "我家楼下的路灯坏了一个多月，晚上很黑，老人出行不便，请尽快修好。",
        "division_code": s.division_code,
        "address": "江岸区沿江大道100号",
        "caller_name": "刘女士",
        "caller_phone": "13912345678",
        "caller_id_number": "",
        "consent": "on",
        **extra,
    }


def same_page(response) -> str:
    """The page without its CSRF token (a new one per response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def set_rule(key, value):
    RuleValue.objects.update_or_create(key=key, defaults={"value": str(value)})
    cache.clear()


def test_a_request_on_the_page_is_a_new_web_ticket_in_the_centres_queue_with_a_receipt(client):
    s = setting()
    page = client.get(NEW).content.decode()
    assert "咨询" in page and "求助" in page and "表扬" in page and "江岸区" in page and "12345" in page
    response = client.post(NEW, request_data(s))
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response.url == reverse("hotline_public_receipt", args=[ticket.number])
    assert (ticket.channel, ticket.status, ticket.centre, ticket.kind) == ("web", "new", s.centre, "help")
    assert ticket.caller_name == "刘女士" and ticket.caller_phone == "13912345678" and ticket.taken_by is None
    assert ticket.citizen is None and ticket.division_id == "420102"
    todo = InboxItem.objects.get(kind="hotline.intake", object_id=str(ticket.pk), done_at__isnull=True)
    assert todo.assignee_org == s.centre and ticket.number in todo.title  # the agents find it on their workbench
    entry = LedgerEntry.objects.get(action="hotline.ticket.created", object_id=str(ticket.pk))
    assert entry.organisation_id == s.centre.pk and "公众" in entry.actor_name
    receipt = client.get(response.url).content.decode()
    assert ticket.number in receipt and ticket.due_on.strftime("%Y-%m-%d") in receipt and "3 个工作日" in receipt
    assert "查询办理进度" in receipt
    # another browser cannot open the receipt by guessing the address
    assert client.__class__().get(response.url).status_code == 404
    services.ticket_dispatch(actor=s.agent, ticket=ticket, department_id=s.department.pk)
    todo.refresh_from_db()
    assert todo.done_at is not None  # routed: the agents' to-do is done


def test_bad_input_gets_chinese_messages_at_the_fields_and_nothing_is_created(client):
    s = setting()
    response = client.post(
        NEW, request_data(s, caller_phone="1391234", caller_id_number="420102199001011234", content="", consent="")
    )
    page = response.content.decode()
    assert response.status_code == 400 and not Ticket.objects.exists()
    assert "手机号码" in page and "身份证" in page and "至少 10 个字" in page and "同意" in page
    assert 'aria-invalid="true"' in page
    assert "刘女士" in page  # what was typed is kept


def test_a_division_must_be_chosen_from_the_list(client):
    s = setting()
    page = client.post(NEW, request_data(s, division_code="999999")).content.decode()
    assert "请选择事发的市或县" in page and not Ticket.objects.exists()


def test_one_address_sends_at_most_the_rules_number_an_hour(client):
    s = setting()
    set_rule("hotline.web_hourly_limit", 1)
    assert client.post(NEW, request_data(s)).status_code == 302
    response = client.post(NEW, request_data(s, content="第二件事：小区门口的井盖缺失，很危险，请处理。"))
    assert response.status_code == 429 and Ticket.objects.count() == 1
    page = response.content.decode()
    assert "请稍后再试" in page and "12345" in page


def test_a_signed_in_citizens_request_carries_the_account_and_its_name_and_mobile(client):
    s = setting()
    user = identity.citizen_register(**citizen_data(real_name="王五", phone="13700001111")).user
    client.force_login(user)
    page = client.get(NEW).content.decode()
    assert "王五" in page and "13700001111" in page and 'name="caller_phone"' not in page
    data = request_data(s, caller_name="别人", caller_phone="13900000000", caller_id_number=ID_NUMBER)
    assert client.post(NEW, data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.citizen == user and ticket.caller_name == "王五" and ticket.caller_phone == "13700001111"
    assert ticket.caller_id_number == ID_NUMBER
    mine = client.get(reverse("hotline_public_mine")).content.decode()
    assert ticket.number in mine and "正在分派" in mine
    assert client.get(reverse("hotline_public_ticket", args=[ticket.number])).status_code == 200


def test_my_requests_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("hotline_public_mine"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_caller_follows_the_ticket_by_number_and_mobile_and_a_wrong_mobile_reads_as_an_unknown_number(client):
    s = setting()
    client.post(NEW, request_data(s))
    ticket = Ticket.objects.get()
    other = client.__class__()
    wrong = other.post(TRACK, {"number": ticket.number, "phone": "13900000000"})
    unknown = other.post(TRACK, {"number": "RX202001010001", "phone": "13912345678"})
    assert wrong.status_code == unknown.status_code == 404
    assert "没有与该手机号码对应的工单" in wrong.content.decode()
    assert same_page(wrong).replace(ticket.number, "RX202001010001") == same_page(unknown)
    assert other.get(reverse("hotline_public_ticket", args=[ticket.number])).url == TRACK  # not proved: the form
    found = other.post(TRACK, {"number": ticket.number.lower(), "phone": "139 1234 5678"})
    assert found.status_code == 302 and found.url == reverse("hotline_public_ticket", args=[ticket.number])
    page = other.get(found.url).content.decode()
    assert "已受理，正在分派" in page and "路灯" in page
    assert LedgerEntry.objects.filter(action="hotline.caller.followed", object_id=str(ticket.pk)).exists()


def test_look_ups_are_limited_per_address(client):
    set_rule("hotline.web_lookup_hourly_limit", 2)
    for _ in range(2):
        assert client.post(TRACK, {"number": "RX1", "phone": "13912345678"}).status_code == 404
    assert client.post(TRACK, {"number": "RX1", "phone": "13912345678"}).status_code == 429


def test_the_answer_shows_once_approved_with_the_department_never_a_person_and_the_caller_rates_it(client):
    s = setting()
    client.post(NEW, request_data(s))
    ticket = Ticket.objects.get()
    services.ticket_dispatch(actor=s.agent, ticket=ticket, department_id=s.department.pk, instructions="内部：先核实")
    services.ticket_accept(actor=s.handler, ticket=ticket)
    services.ticket_reply(actor=s.handler, ticket=ticket, reply="已安排维修，路灯已于今日修复。")
    url = reverse("hotline_public_ticket", args=[ticket.number])
    page = client.get(url).content.decode()
    assert "答复审核中" in page and s.department.name in page and "已安排维修" not in page
    services.reply_review(actor=s.supervisor, ticket=ticket, approve=True, note="内部审核意见")
    page = client.get(url).content.decode()
    assert "已安排维修，路灯已于今日修复。" in page and "满意" in page and "基本满意" in page
    for hidden in ("内部：先核实", "内部审核意见", "王芳", "张敏", "李强"):
        assert hidden not in page
    response = client.post(url, {"satisfaction": "fairly"})
    ticket.refresh_from_db()
    assert response.status_code == 200 and "评价已记录" in response.content.decode()
    assert (ticket.status, ticket.satisfaction) == ("closed", "fairly")
    visit = ticket.events.get(action="visit")
    assert visit.actor is None and "网上" in visit.note
    assert LedgerEntry.objects.filter(action="hotline.ticket.visited", object_id=str(ticket.pk)).exists()
    again = client.post(url, {"satisfaction": "unsatisfied"})
    assert again.status_code == 400  # closed: no second rating
    ticket.refresh_from_db()
    assert ticket.satisfaction == "fairly"


def test_a_caller_cannot_rate_a_ticket_they_did_not_prove_nor_before_the_answer(client):
    s = setting()
    client.post(NEW, request_data(s))
    ticket = Ticket.objects.get()
    stranger = client.__class__()
    response = stranger.post(reverse("hotline_public_ticket", args=[ticket.number]), {"satisfaction": "satisfied"})
    assert response.status_code == 302 and response.url == TRACK
    answer = client.post(reverse("hotline_public_ticket", args=[ticket.number]), {"satisfaction": "satisfied"})
    assert answer.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == "new" and ticket.satisfaction == ""


def test_with_several_centres_a_request_goes_to_the_centre_of_its_division():
    s = setting()
    hubei = DivisionFactory()
    yichang = DivisionFactory(code="420500", name="宜昌市", level="city", parent=hubei)
    DivisionFactory(code="420502", name="西陵区", level="county", parent=yichang)
    city_centre = make_centre("宜昌市12345热线中心")
    city_centre.division = yichang
    city_centre.save()
    s.centre.division = hubei
    s.centre.save()
    values = {"kind": "consultation", "content": "请问宜昌市公积金提取需要什么材料？", "caller_name": "赵先生",
              "caller_phone": "13612345678"}  # fmt: skip
    there = public.ticket_submit(division_code="420502", **values)
    here = public.ticket_submit(division_code="420102", **values)
    assert there.centre == city_centre and here.centre == s.centre
    other = OrganisationFactory(name="某区民政局")
    assert other.pk not in {there.centre_id, here.centre_id}
