"""Citizens' letters routed to the 12345 hotline (R5.1, R8.4; issue 13 acceptance 1): the site's unit transfers an
open letter from its letter screen (转12345热线) — a NEW ticket of channel 政府网站留言 in the centre's queue, the
letter marked with the ticket number, the unit's to-do done, both sides in the ledger; another unit cannot; with
the rule `websites.letters_to_hotline` every new letter of those kinds goes straight there. When the ticket's answer
is final (reply approved by the centre, or answered at once) the letter has it as its reply and shows as answered on
the site."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from digigov.core.errors import PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, RuleValue
from digigov.core.tests.factories import OrganisationFactory
from digigov.hotline import api as hotline
from digigov.hotline.tests.factories import setting
from digigov.knowledge.tests.factories import ArticleFactory
from digigov.websites import messages
from digigov.websites.tests.factories import editor, open_site

pytestmark = pytest.mark.django_db(transaction=True)  # the letter screen's reading has its own transaction

LETTER = {
    "kind": "complaint",
    "title": "小区附近工地夜间施工扰民",
    "body": "江岸区某工地连续一周在晚上十一点以后施工，噪音很大，影响居民休息，请有关部门处理。",
    "name": "陈先生",
    "phone": "13812345678",
    "public": True,
}


@pytest.fixture
def world():
    s = setting()
    site = open_site(name="武汉市江岸区人民政府")
    letter = messages.message_send(site=site, **LETTER)
    return s, site, letter


def transfer(client, user, letter):
    client.force_login(user)
    return client.post(reverse("websites_letter", args=[letter.pk]), {"action": "transfer"})


def test_the_unit_transfers_a_letter_and_the_approved_reply_comes_back_to_it(client, world):
    s, site, letter = world
    unit_editor = editor(site.organiser)
    client.force_login(unit_editor)
    page = client.get(reverse("websites_letter", args=[letter.pk])).content.decode()
    assert "转12345热线" in page
    response = transfer(client, unit_editor, letter)
    assert response.status_code == 302 and response.url == reverse("websites_letters")
    letter.refresh_from_db()
    ticket = hotline.Ticket.objects.get()
    assert (letter.state, letter.ticket_number) == ("transferred", ticket.number)
    assert (ticket.channel, ticket.status, ticket.kind) == ("website_message", "new", "complaint")
    assert ticket.centre == s.centre
    assert ticket.source_ref == f"websites.message:{letter.pk}" and ticket.caller_name == "陈先生"
    assert ticket.caller_phone == "13812345678" and "夜间施工" in ticket.content
    assert ticket.division_id == site.organiser.division_id
    assert InboxItem.objects.get(object_id=str(letter.pk), kind="websites.letter").done_at is not None
    transferred = LedgerEntry.objects.get(action="websites.message.transferred", object_id=str(letter.pk))
    assert transferred.actor_id == unit_editor.pk and ticket.number in transferred.summary
    assert LedgerEntry.objects.filter(action="hotline.ticket.created", object_id=str(ticket.pk)).exists()
    page = client.get(reverse("websites_letter", args=[letter.pk])).content.decode()
    assert ticket.number in page and 'value="transfer"' not in page and 'name="reply"' not in page
    with pytest.raises(Exception, match="热线"):
        messages.message_reply(actor=unit_editor, message=letter, reply="本单位自行答复的内容。")

    # the whole path at the hotline: dispatch, accept, reply, review
    hotline.ticket_dispatch(actor=s.agent, ticket=ticket, department_id=s.department.pk)
    hotline.ticket_accept(actor=s.handler, ticket=ticket)
    hotline.ticket_reply(actor=s.handler, ticket=ticket, reply="经核查，已责令该工地停止夜间施工并处罚款。")
    letter.refresh_from_db()
    assert letter.state == "transferred"  # not before the centre approves
    hotline.reply_review(actor=s.supervisor, ticket=ticket, approve=True)
    letter.refresh_from_db()
    assert (letter.state, letter.reply) == ("replied", "经核查，已责令该工地停止夜间施工并处罚款。")
    assert letter.replied_by == s.supervisor
    assert list(messages.public_messages(site)) == [letter]
    public_page = client.get(f"/messages/{letter.number}/", HTTP_HOST=site.site.hostname).content.decode()
    assert "已责令该工地停止夜间施工" in public_page and "陈先生" not in public_page
    assert LedgerEntry.objects.filter(action="websites.message.replied", object_id=str(letter.pk)).exists()


def test_a_ticket_answered_at_once_answers_the_letter(world):
    s, site, letter = world
    letter = messages.message_to_hotline(actor=editor(site.organiser), message=letter)
    ticket = hotline.Ticket.objects.get(number=letter.ticket_number)
    article = ArticleFactory(title="夜间施工投诉渠道", answer="夜间施工噪音可向城管部门投诉，城管部门依法查处。")
    hotline.ticket_answer(actor=s.agent, ticket=ticket, article_id=article.pk)
    letter.refresh_from_db()
    assert letter.state == "replied" and letter.reply == article.answer


def test_a_returned_reply_does_not_answer_the_letter(world):
    s, site, letter = world
    letter = messages.message_to_hotline(actor=editor(site.organiser), message=letter)
    ticket = hotline.Ticket.objects.get(number=letter.ticket_number)
    hotline.ticket_dispatch(actor=s.agent, ticket=ticket, department_id=s.department.pk)
    hotline.ticket_accept(actor=s.handler, ticket=ticket)
    hotline.ticket_reply(actor=s.handler, ticket=ticket, reply="已处理。请知悉，谢谢。")
    hotline.reply_review(actor=s.supervisor, ticket=ticket, approve=False, note="未说明处理结果")
    letter.refresh_from_db()
    assert letter.state == "transferred" and letter.reply == ""


def test_another_unit_cannot_transfer_the_letter(client, world):
    _s, _site, letter = world
    stranger = editor(OrganisationFactory(name="武汉市江汉区人民政府办公室"))
    assert transfer(client, stranger, letter).status_code == 404
    with pytest.raises(PermissionDeniedError):
        messages.message_to_hotline(actor=stranger, message=letter)
    letter.refresh_from_db()
    assert letter.state == "received" and not hotline.Ticket.objects.exists()


def test_with_the_rule_on_every_new_letter_goes_straight_to_the_hotline_but_not_an_error_report(world):
    s, site, _letter = world
    RuleValue.objects.update_or_create(key="websites.letters_to_hotline", defaults={"value": "1"})
    cache.clear()
    letter = messages.message_send(site=site, **{**LETTER, "kind": "suggestion", "title": "建议增设公交线路"})
    ticket = hotline.Ticket.objects.get(source_ref=f"websites.message:{letter.pk}")
    assert (letter.state, letter.ticket_number, ticket.kind) == ("transferred", ticket.number, "suggestion")
    entry = LedgerEntry.objects.get(action="websites.message.transferred", object_id=str(letter.pk))
    assert entry.actor_id is None
    assert InboxItem.objects.get(object_id=str(letter.pk), kind="websites.letter").done_at is not None
    report = messages.correction_send(site=site, category="typo", page_url="/news/", body="第二段有一个错别字。",
                                      name="陈先生", phone="13812345678")  # fmt: skip
    assert report.state == "received" and hotline.Ticket.objects.count() == 1
    assert s.centre == ticket.centre


def test_without_the_rule_a_new_letter_stays_with_the_unit(world):
    _s, _site, letter = world
    assert letter.state == "received" and not hotline.Ticket.objects.exists()


def test_with_the_rule_on_but_no_hotline_centre_the_letter_stays_with_the_unit():
    site = open_site(name="武汉市江岸区人民政府")
    RuleValue.objects.update_or_create(key="websites.letters_to_hotline", defaults={"value": "1"})
    cache.clear()
    letter = messages.message_send(site=site, **LETTER)
    assert letter.state == "received" and not hotline.Ticket.objects.exists()
    assert InboxItem.objects.get(object_id=str(letter.pk), kind="websites.letter").done_at is None


def test_a_letter_of_the_longest_kind_is_transferred_whole(world):
    _s, site, _letter = world
    body = "夜间施工噪音扰民。" * 222  # 1,998 characters, with its subject over the web form's 2,000
    letter = messages.message_send(site=site, **{**LETTER, "body": body})
    letter = messages.message_to_hotline(actor=editor(site.organiser), message=letter)
    assert hotline.Ticket.objects.get(number=letter.ticket_number).content == f"{LETTER['title']}\n{body}"


def test_a_portal_leads_to_the_hotlines_page_drawn_in_its_frame(client):
    portal = open_site(name="湖北省人民政府")
    home = client.get("/", HTTP_HOST=portal.site.hostname).content.decode()
    assert '<a href="/hotline/">12345网上诉求<span>' in home
    page = client.get("/hotline/new/", HTTP_HOST=portal.site.hostname).content.decode()
    assert f"网站标识码：{portal.site_code}" in page and "我要提诉求" in page
