"""Citizens' letters (R8.4): a letter sent from a site's form reaches the site's unit with a number and an answer
date in working days; one address may send only a few an hour; the unit's staff (not another unit's) read it, which
the ledger records, and answer it; an answered letter whose writer agreed is listed with 受理日期, 答复日期, 答复部门
and 答复内容, never with the writer's name or number, and always as text."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule
from digigov.websites import messages
from digigov.websites.models import Message
from digigov.websites.tests.factories import editor, open_site

pytestmark = pytest.mark.django_db(transaction=True)  # the reading's ledger entry needs its own transaction

LETTER = {
    "kind": "consultation",
    "title": "灵活就业人员如何缴纳社保",
    "body": "我是灵活就业人员，想咨询在武汉如何办理养老保险参保缴费，需要带哪些材料？",
    "name": "张三",
    "phone": "13812345678",
    "public": "on",
}


@pytest.fixture
def site():
    return open_site(name="湖北省人力资源和社会保障厅")


def send(client, site, **changes):
    return client.post("/messages/write/", {**LETTER, **changes}, HTTP_HOST=site.site.hostname)


def test_a_letter_gets_a_number_and_an_answer_date_in_working_days(client, site):
    page = send(client, site).content.decode()
    letter = Message.objects.get()
    assert letter.unit == site.organiser and letter.phone == "13812345678" and letter.public
    assert letter.due_on == add_working_days(
        timezone.localdate(letter.received_at), rule("websites.message_reply_days")
    )
    assert f"信件编号为 {letter.number}" in page and letter.due_on.strftime("%Y-%m-%d") in page
    assert LedgerEntry.objects.filter(action="websites.message.received", object_id=str(letter.pk)).exists()
    todo = InboxItem.objects.get(object_id=str(letter.pk), kind="websites.letter")
    assert todo.assignee_org == site.organiser and todo.deadline == letter.due_on and letter.number in todo.title


def test_bad_input_is_refused_at_its_fields_and_nothing_is_kept(client, site):
    response = send(client, site, phone="1234", body="太短", title="")
    page = response.content.decode()
    assert response.status_code == 400 and not Message.objects.exists()
    assert "请输入以 1 开头的 11 位手机号码" in page or "11 位手机号码" in page
    assert "请填写信件主题" in page and "至少写 10 个字" in page


def test_one_address_may_send_only_a_few_letters_an_hour(client, site):
    for n in range(rule("websites.message_hourly_limit")):
        assert send(client, site, title=f"第{n}封来信").status_code == 200
    refused = send(client, site, title="再一封")
    assert refused.status_code == 429 and "请稍后再试" in refused.content.decode()
    assert Message.objects.count() == rule("websites.message_hourly_limit")
    Message.objects.update(received_at=timezone.now() - dt.timedelta(hours=2))
    assert send(client, site, title="一小时以后").status_code == 200


def test_only_the_sites_unit_reads_and_answers_and_the_reading_is_in_the_ledger(client, site):
    send(client, site)
    letter = Message.objects.get()
    other = open_site(name="武汉市人民政府")
    client.force_login(editor(other.organiser))
    assert "灵活就业人员如何缴纳社保" not in client.get("/admin/websites/letters/").content.decode()
    assert client.get(f"/admin/websites/letters/{letter.pk}/").status_code == 404
    assert client.post(f"/admin/websites/letters/{letter.pk}/", {"reply": "我们不该能答复这封信。"}).status_code == 404

    handler = editor(site.organiser, Role.HANDLER)
    client.force_login(handler)
    assert "灵活就业人员如何缴纳社保" in client.get("/admin/websites/letters/").content.decode()
    screen = client.get(f"/admin/websites/letters/{letter.pk}/").content.decode()
    assert "张三" in screen and "13812345678" in screen
    viewed = LedgerEntry.objects.get(action="websites.message.viewed")
    assert viewed.actor_id == handler.pk

    assert "灵活就业人员如何缴纳社保" in client.get("/admin/").content.decode(), "a to-do on the unit's workbench"
    short = client.post(f"/admin/websites/letters/{letter.pk}/", {"reply": "好"}).content.decode()
    assert "请填写答复内容" in short
    reply = "您好！灵活就业人员可持身份证到户籍地或居住地社保经办机构办理参保登记，也可通过“鄂汇办”线上办理。"
    assert client.post(f"/admin/websites/letters/{letter.pk}/", {"reply": reply}).status_code == 302
    letter.refresh_from_db()
    assert letter.state == "replied" and letter.replied_by == handler
    assert InboxItem.objects.get(object_id=str(letter.pk), kind="websites.letter").done_at is not None
    assert "灵活就业人员如何缴纳社保" not in client.get("/admin/").content.decode(), "off the workbench once answered"
    assert LedgerEntry.objects.filter(action="websites.message.replied", actor_id=handler.pk).exists()


def test_an_answered_letter_is_listed_with_its_dates_unit_and_reply_but_never_its_writer(client, site):
    send(client, site, body="<script>alert(1)</script>我想咨询养老保险参保缴费的办理材料。")
    send(client, site, title="不同意公开的来信", public="")
    handler = editor(site.organiser)
    for letter in Message.objects.all():
        messages.message_reply(
            actor=handler, message=letter, reply="您好，您反映的问题已收悉，答复如下：请携带身份证办理。"
        )
    host = site.site.hostname
    listing = client.get("/messages/", HTTP_HOST=host).content.decode()
    assert "灵活就业人员如何缴纳社保" in listing and "不同意公开的来信" not in listing
    assert f"答复部门：{site.organiser.name}" in listing and "受理日期：" in listing and "答复日期：" in listing
    public = Message.objects.get(public=True)
    page = client.get(f"/messages/{public.number}/", HTTP_HOST=host).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page, "a citizen's text is shown as text"
    assert "张三" not in page and "13812345678" not in page
    assert "请携带身份证办理" in page
    api = client.get(f"/api/v1/websites/sites/{site.site_id}/messages").json()
    assert api["count"] == 1 and api["items"][0]["unit"] == site.organiser.name
    assert "张三" not in str(api) and "13812345678" not in str(api)
    hidden = Message.objects.get(public=False)
    assert client.get(f"/messages/{hidden.number}/", HTTP_HOST=host).status_code == 404


def test_a_letter_is_answered_once(site):
    letter = messages.message_send(site=site, kind="complaint", title="噪音扰民", body="夜间施工噪音严重，影响休息。",
                                   name="李四", phone="13912345678", public=False)  # fmt: skip
    handler = editor(site.organiser)
    messages.message_reply(actor=handler, message=letter, reply="已责成施工单位整改，夜间停止施工。")
    with pytest.raises(messages.DomainError):
        messages.message_reply(actor=handler, message=letter, reply="第二次答复不应被接受。")


def test_the_letters_list_pages_keep_the_filter_and_one_page_number(client, site):
    for n in range(31):
        messages.message_send(
            site=site, kind="suggestion", title=f"建议第{n}号", body="建议增加社区公交班次，方便出行。",
            name="赵女士", phone="13712345678", public=False,
        )  # fmt: skip
    client.force_login(editor(site.organiser))
    second = client.get("/admin/websites/letters/", {"state": "received", "p": 2}).content.decode()
    assert 'href="?state=received&amp;p=1"' in second and "第 2 页，共 2 页" in second
    assert "p=2&amp;p=" not in second
