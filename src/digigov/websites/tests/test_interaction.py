"""Interaction beyond letters (R8.4, R8.6): 网民纠错 from any page's footer, answered within its own working days;
an opinion solicitation taking opinions only during its period, read by its unit alone, with its published summary;
a survey answered anonymously, limited per address, counted once it closes; an interview's transcript; the
interaction column listing all three."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule
from digigov.websites.choices import ColumnType, MessageKind
from digigov.websites.models import InterviewPage, Message, SolicitationComment, SurveyPage, SurveySubmission
from digigov.websites.tests.factories import column, editor, open_site, publish, solicitation, survey

pytestmark = pytest.mark.django_db(transaction=True)  # readings and receipts are ledger entries in their own commit

OPINION = {"body": "建议将灵活就业人员纳入补贴范围，并简化申领材料。", "name": "李四", "phone": "13912345678"}


@pytest.fixture
def site():
    return open_site(name="湖北省人力资源和社会保障厅")


def answer(client, page, **by_label):
    """Post answers given by question label (Wagtail names the fields from the labels)."""
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    form = {names[label]: value for label, value in {"您对办事效率是否满意": "满意", **by_label}.items()}
    return client.post(page.url, form, HTTP_HOST=page.get_site().hostname)


# -- 网民纠错 -------------------------------------------------------------------------------------------------------


def test_every_page_offers_a_correction_that_reaches_the_unit_within_its_own_days(client, site):
    host = {"HTTP_HOST": site.site.hostname}
    news = column(site, ColumnType.NEWS).get_url_parts()[2]
    listing = client.get(news, **host).content.decode()
    assert f'href="/correction/?page={news}"' in listing and "我要纠错" in listing
    form = client.get(f"/correction/?page={news}", **host).content.decode()
    assert f'value="{news}"' in form and "网民纠错" in form

    sent = client.post("/correction/", {"page_url": news, "category": "typo", "body": "第二条“就叶”应为“就业”。",
                                        "name": "王五", "phone": "13712345678"}, **host)  # fmt: skip
    report = Message.objects.get()
    assert sent.status_code == 200 and "纠错已收到" in sent.content.decode()
    assert report.kind == MessageKind.CORRECTION and report.page_url == news and report.title == "错别字或漏字"
    assert report.due_on == add_working_days(timezone.localdate(), rule("websites.error_report_reply_days"))
    assert report.due_on < add_working_days(timezone.localdate(), rule("websites.message_reply_days"))
    todo = InboxItem.objects.get(object_id=str(report.pk), kind="websites.letter")
    assert todo.assignee_org == site.organiser and todo.title.startswith("答复网民纠错")

    client.force_login(editor(site.organiser))
    detail = client.get(f"/admin/websites/letters/{report.pk}/").content.decode()
    assert f'<a href="{site.site.root_url}{news}"' in detail and "网民纠错" in detail
    listed = client.get("/admin/websites/letters/?kind=correction").content.decode()
    assert report.number in listed


def test_a_correction_names_a_real_page_address_and_is_never_published(client, site):
    host = {"HTTP_HOST": site.site.hostname}
    refused = client.post("/correction/", {"page_url": "javascript:alert(1)", "category": "typo", "body": "短",
                                           "name": "王五", "phone": "13712345678"}, **host)  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 400 and not Message.objects.exists()
    assert "请填写浏览器中显示的页面地址" in page and "至少写 10 个字" in page
    client.post("/correction/", {"page_url": "https://www.hubei.gov.cn/zfwj/", "category": "link",
                                 "body": "政策文件栏目第3页的附件下载链接打不开。", "name": "王五",
                                 "phone": "13712345678"}, **host)  # fmt: skip
    report = Message.objects.get()
    report.state, report.reply, report.public, report.replied_at = "replied", "已修复，谢谢。" * 3, True, timezone.now()
    report.save()
    assert report.number not in client.get("/messages/", **host).content.decode()


# -- 意见征集 -------------------------------------------------------------------------------------------------------


def test_opinions_are_taken_during_the_period_only_and_reach_the_unit(client, site):
    page = solicitation(site)
    host = {"HTTP_HOST": site.site.hostname}
    shown = client.get(page.url, **host).content.decode()
    assert "正在征集" in shown and "发表意见" in shown and 'name="csrfmiddlewaretoken"' in shown

    sent = client.post(page.url, {**OPINION, "body": "<script>alert(1)</script>应当扩大补贴范围。"}, **host)
    assert sent.status_code == 200 and "意见已收到" in sent.content.decode()
    comment = SolicitationComment.objects.get()
    assert comment.solicitation_id == page.pk and comment.phone == "13912345678"
    assert LedgerEntry.objects.filter(action="websites.opinion.received", organisation_id=site.organiser_id).exists()

    bad = client.post(page.url, {**OPINION, "phone": "123", "body": "短"}, **host)
    assert bad.status_code == 400 and SolicitationComment.objects.count() == 1
    assert "至少写 10 个字" in bad.content.decode()

    own = editor(site.organiser)
    client.force_login(own)
    listing = client.get("/admin/websites/solicitations/").content.decode()
    assert page.title in listing
    opinions = client.get(f"/admin/websites/solicitations/{page.pk}/").content.decode()
    assert "13912345678" in opinions and "&lt;script&gt;" in opinions and "<script>alert" not in opinions
    assert LedgerEntry.objects.filter(action="websites.opinion.viewed", actor_id=own.pk).count() == 1

    other = open_site(name="武汉市人民政府")
    client.force_login(editor(other.organiser))
    assert page.title not in client.get("/admin/websites/solicitations/").content.decode()
    assert client.get(f"/admin/websites/solicitations/{page.pk}/").status_code == 404


def test_a_closed_solicitation_refuses_opinions_and_shows_its_summary(client, site):
    page = solicitation(site, days_left=-1, summary="<p>共收到意见 12 条，采纳 5 条。</p>")
    host = {"HTTP_HOST": site.site.hostname}
    refused = client.post(page.url, OPINION, **host)
    assert refused.status_code == 409 and "已于" in refused.content.decode()
    assert not SolicitationComment.objects.exists()
    shown = client.get(page.url, **host).content.decode()
    assert "意见反馈情况" in shown and "采纳 5 条" in shown and 'name="body"' not in shown


# -- 网上调查 -------------------------------------------------------------------------------------------------------


def test_a_survey_is_answered_anonymously_a_few_times_per_address_and_counted_when_closed(client, site):
    page = survey(site)
    shown = client.get(page.url, HTTP_HOST=site.site.hostname).content.decode()
    assert "您对办事效率是否满意" in shown and "（必答）" in shown and "票数" not in shown

    missing = client.post(page.url, {}, HTTP_HOST=site.site.hostname)
    assert missing.status_code == 400 and not SurveySubmission.objects.exists()
    for _n in range(rule("websites.opinion_hourly_limit")):
        assert answer(client, page, **{"您用过哪些办事渠道": ["网上办", "掌上办"]}).status_code == 200
    assert answer(client, page).status_code == 429
    assert SurveySubmission.objects.filter(page=page).count() == rule("websites.opinion_hourly_limit")

    SurveySubmission.objects.filter(page=page).update(address="10.0.0.9")
    answer(client, page, **{"您对办事效率是否满意": "不满意"})
    SurveyPage.objects.filter(pk=page.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    results = client.get(page.url, HTTP_HOST=site.site.hostname).content.decode()
    total = rule("websites.opinion_hourly_limit") + 1
    assert f"目前共收到答卷 {total} 份" in results and "csrfmiddlewaretoken" not in results
    assert f"<td>满意</td><td>{total - 1}</td>" in results and "<td>不满意</td><td>1</td>" in results
    assert f"<td>网上办</td><td>{total - 1}</td>" in results and "<td>窗口办</td><td>0</td>" in results
    assert answer(client, page).status_code == 409


def test_the_interaction_column_lists_the_pages_and_an_interview_shows_its_transcript(client, site):
    solicitation(site)
    survey(site, closed=True)
    interview = publish(
        column(site, ColumnType.INTERACTION),
        InterviewPage(
            title="解读我省稳就业新政",
            slug="ft",
            guests="省人社厅副厅长 张某",
            held_at=timezone.now(),
            transcript=[("speech", {"speaker": "主持人", "words": "各位网友好！"}),
                        ("speech", {"speaker": "张某", "words": "今年我省将新增就业岗位……"})],
        ),
    )  # fmt: skip
    host = {"HTTP_HOST": site.site.hostname}
    listing = client.get(column(site, ColumnType.INTERACTION).url, **host).content.decode()
    for title, kind in (("公开征求意见", "意见征集"), ("满意度调查", "网上调查"), ("稳就业新政", "在线访谈")):
        assert title in listing and kind in listing
    page = client.get(interview.url, **host).content.decode()
    assert "文字实录" in page and "主持人" in page and "今年我省将新增就业岗位" in page and "省人社厅副厅长" in page
