"""Government information disclosure (R8.8): the 政府信息公开目录 lists the site unit's published items with the core
metadata; an application for disclosure (依申请公开) gets a number and a reply date 20 working days on, may be
extended once by a reviewer or leader, sent back once for correction (the clock restarts from the correction, which
must come within 15 working days, or the daily job closes the application as deemed withdrawn), and ends in one
formal reply, a PDF the applicant downloads with number and mobile number. Only the site's unit sees and acts; the
applicant's query shows nothing personal, to a few lookups an hour per address."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from digigov.core import periodic
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule, rule_set
from digigov.core.tests.factories import UserFactory
from digigov.websites import disclosure
from digigov.websites.choices import ColumnType, ItemKind, Topic
from digigov.websites.models import DisclosureApplication, DisclosureLookup
from digigov.websites.tests.factories import LibraryItemFactory, column, editor, open_site, place

pytestmark = pytest.mark.django_db(transaction=True)  # the readings' ledger entries need their own transaction

ID_NUMBER = "11010519491231002X"  # GB 11643's own example
USCC = "91350100M000100Y43"
FORM = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_number": ID_NUMBER,
    "uscc": "",
    "phone": "13812345678",
    "postal_address": "湖北省武汉市洪山区珞喻路1号",
    "email": "",
    "description": "请公开2025年度本市城市道路维修工程的招标文件和中标结果。",
    "delivery_form": "electronic",
    "receipt_way": "post",
}


@pytest.fixture
def site():
    return open_site(name="湖北省住房和城乡建设厅")


def apply(client, site, **changes):
    return client.post("/xxgk/apply/", {**FORM, **changes}, HTTP_HOST=site.site.hostname)


def submit(site, **changes) -> DisclosureApplication:
    return disclosure.application_submit(site=site, **{**FORM, **changes})


def test_an_application_gets_a_number_and_a_reply_date_20_working_days_on(client, site):
    page = apply(client, site).content.decode()
    application = DisclosureApplication.objects.get()
    today = timezone.localdate(application.received_at)
    assert (
        application.due_on
        == add_working_days(today, 20)
        == add_working_days(today, rule("websites.disclosure_reply_days"))
    )
    assert f"申请编号为 {application.number}" in page and application.due_on.strftime("%Y-%m-%d") in page
    todo = InboxItem.objects.get(object_id=str(application.pk), kind=disclosure.INBOX_KIND)
    assert todo.assignee_org == site.organiser and todo.deadline == application.due_on
    assert LedgerEntry.objects.filter(action="websites.disclosure.received", object_id=str(application.pk)).exists()


def test_every_bad_field_is_refused_at_once_in_chinese_and_nothing_is_kept(client, site):
    response = apply(
        client,
        site,
        id_number="110105194912310021",
        phone="1234",
        description="文件",
        postal_address="",
        email="不是邮箱",
    )
    page = response.content.decode()
    assert response.status_code == 400 and not DisclosureApplication.objects.exists()
    assert "校验码" in page and "11 位手机号码" in page
    assert "请描述所需信息" in page and "请填写邮寄答复的通信地址" in page and "不是有效的电子邮箱" in page
    long_email = apply(client, site, email="a" * 96 + "@x.cn").content.decode()
    assert "“电子邮箱”最多 100 个字符" in long_email and not DisclosureApplication.objects.exists()
    organisation = apply(client, site, applicant_kind="organisation", uscc="91350100M000100Y4X").content.decode()
    assert "统一社会信用代码" in organisation and not DisclosureApplication.objects.exists()
    assert apply(client, site, applicant_kind="organisation", uscc=USCC, name="武汉某建设有限公司").status_code == 200
    assert DisclosureApplication.objects.get().uscc == USCC


def test_one_address_may_send_only_a_few_applications_an_hour(client, site):
    for _n in range(rule("websites.disclosure_hourly_limit")):
        assert apply(client, site).status_code == 200
    refused = apply(client, site)
    assert refused.status_code == 429 and "请稍后再试" in refused.content.decode()
    DisclosureApplication.objects.update(received_at=timezone.now() - dt.timedelta(hours=2))
    assert apply(client, site).status_code == 200


def test_a_submission_that_fails_half_way_leaves_no_trace_not_even_its_number(site):
    first = submit(site)
    taken = f"{first.number[:6]}{int(first.number[6:]) + 1:06d}"
    DisclosureApplication.objects.filter(pk=first.pk).update(number=taken)  # the next number is already used
    ledger, todos = LedgerEntry.objects.count(), InboxItem.objects.count()
    with pytest.raises(IntegrityError):
        submit(site)
    assert DisclosureApplication.objects.count() == 1
    assert LedgerEntry.objects.count() == ledger and InboxItem.objects.count() == todos
    DisclosureApplication.objects.filter(pk=first.pk).update(number=first.number)
    assert submit(site).number == taken, "the counter went back with the failed step"


def test_the_limit_is_extended_once_by_a_reviewer_or_leader_and_the_to_do_moves(site):
    application = submit(site)
    with pytest.raises(PermissionDeniedError):
        disclosure.application_extend(
            actor=editor(site.organiser, Role.HANDLER),
            application=application,
            days=20,
            reason="涉及多个部门，需要会商。",
        )
    leader = editor(site.organiser, Role.LEADER)
    with pytest.raises(DomainError) as too_long:
        disclosure.application_extend(actor=leader, application=application, days=21, reason="涉及多个部门，需要会商。")
    assert "1 至 20 个工作日" in str(too_long.value.fields["days"][0])
    disclosure.application_extend(actor=leader, application=application, days=20, reason="涉及多个部门，需要会商。")
    application.refresh_from_db()
    first_due = add_working_days(timezone.localdate(application.received_at), 20)
    assert application.due_on == add_working_days(first_due, 20) and application.extension_days == 20
    assert InboxItem.objects.get(object_id=str(application.pk)).deadline == application.due_on
    with pytest.raises(ConflictError, match="已延长过一次"):
        disclosure.application_extend(
            actor=editor(site.organiser, Role.REVIEWER),
            application=application,
            days=5,
            reason="再次延期的理由写在这里。",
        )


def test_a_correction_stops_the_clock_which_restarts_from_the_applicants_answer(client, site):
    application = submit(site)
    handler = editor(site.organiser, Role.HANDLER)
    disclosure.application_request_correction(
        actor=handler, application=application, missing="请说明所需招标文件对应的具体路段名称。"
    )
    assert InboxItem.objects.get(object_id=str(application.pk)).done_at is not None, "the unit waits"
    application.refresh_from_db()
    asked = timezone.localdate(application.correction_requested_at)
    assert (
        application.correction_due_on
        == add_working_days(asked, 15)
        == add_working_days(asked, rule("websites.disclosure_correction_days"))
    )
    # 15 working days are at least 19 calendar days (20 from a Saturday, 21 from a weekday), never 15
    assert (application.correction_due_on - asked).days >= 19, "working days on the official calendar"
    with pytest.raises(ConflictError):
        disclosure.application_request_correction(actor=handler, application=application, missing="第二次补正不可以。")
    host = site.site.hostname
    page = client.post("/xxgk/query/", {"number": application.number, "phone": "13812345678"}, HTTP_HOST=host)
    assert "请说明所需招标文件对应的具体路段名称" in page.content.decode()
    assert f"请于{application.correction_due_on:%Y-%m-%d}（含当日）前补正" in page.content.decode()
    corrected = client.post(
        "/xxgk/query/",
        {
            "number": application.number,
            "phone": "13812345678",
            "action": "correct",
            "correction": "珞喻路（卓刀泉至关山段）2025年维修工程。",
        },
        HTTP_HOST=host,
    )
    assert corrected.status_code == 200
    application.refresh_from_db()
    assert application.state == "received" and application.correction.startswith("珞喻路")
    assert application.due_on == add_working_days(timezone.localdate(application.corrected_at), 20)
    todo = InboxItem.objects.get(object_id=str(application.pk), done_at__isnull=True)
    assert todo.deadline == application.due_on
    assert LedgerEntry.objects.filter(action="websites.disclosure.corrected").exists()


def test_each_reply_type_needs_what_it_names_and_closes_the_to_do(site):
    handler = editor(site.organiser, Role.HANDLER)
    refused = submit(site)
    with pytest.raises(DomainError) as missing:
        disclosure.application_reply(
            actor=handler, application=refused, reply_type="refused", reply_text="经审查，您申请的信息不予公开。"
        )
    assert "法律依据" in str(missing.value.fields["reply_basis"][0])
    refused.refresh_from_db()
    assert refused.state == "received" and not LedgerEntry.objects.filter(action="websites.disclosure.replied").exists()
    assert InboxItem.objects.get(object_id=str(refused.pk)).done_at is None, "a refused reply changes nothing"
    with pytest.raises(DomainError) as no_body:
        disclosure.application_reply(
            actor=handler, application=submit(site), reply_type="not_ours", reply_text="该信息不属于本机关负责公开。"
        )
    assert "负责公开" in str(no_body.value.fields["responsible_body"][0])
    cases = {
        "disclosed": {"reply_text": "您申请的信息已在本网站公开：/xxgk/，请查阅。"},
        "partly": {"reply_text": "招标文件予以公开，投标人报价部分不予公开。", "reply_basis": "trade_secret"},
        "refused": {"reply_text": "经审查，您申请的信息不予公开。", "reply_basis": "process"},
        "not_exist": {"reply_text": "经检索，本机关未制作或获取该信息。"},
        "not_ours": {
            "reply_text": "该信息由其他机关负责公开，请向其申请。",
            "responsible_body": "武汉市城市管理执法委员会",
        },
        "unclear": {"reply_text": "您的申请内容不明确，经补正后仍无法确定所需信息。"},
    }
    for reply_type, fields in cases.items():
        application = submit(site)
        disclosure.application_reply(actor=handler, application=application, reply_type=reply_type, **fields)
        application.refresh_from_db()
        assert application.state == "replied" and application.reply_type == reply_type
        assert InboxItem.objects.get(object_id=str(application.pk)).done_at is not None
    with pytest.raises(ConflictError):
        disclosure.application_reply(
            actor=handler, application=application, reply_type="disclosed", reply_text="第二次答复不应被接受。"
        )


def test_the_applicants_query_shows_the_state_and_dates_only_and_gives_the_reply_pdf(client, site):
    application = submit(site, description="<script>alert(1)</script>请公开道路维修工程的招标文件。")
    host = site.site.hostname
    wrong = client.post("/xxgk/query/", {"number": application.number, "phone": "13900000000"}, HTTP_HOST=host)
    assert wrong.status_code == 404 and "没有找到" in wrong.content.decode()
    page = client.post("/xxgk/query/", {"number": application.number, "phone": "138 1234 5678"}, HTTP_HOST=host)
    text = page.content.decode()
    assert "办理中" in text and application.due_on.strftime("%Y-%m-%d") in text
    for personal in ("张三", ID_NUMBER, "珞喻路", "道路维修", "alert(1)"):
        assert personal not in text, personal
    disclosure.application_reply(
        actor=editor(site.organiser),
        application=application,
        reply_type="refused",
        reply_basis="state_secret",
        reply_text="经审查，该信息属于国家秘密，不予公开。",
    )
    pdf = client.post(
        "/xxgk/query/", {"number": application.number, "phone": "13812345678", "action": "notice"}, HTTP_HOST=host
    )
    assert pdf["Content-Type"] == "application/pdf"
    notice = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    for expected in (site.organiser.name, application.number, "张三", "不予公开", "国家秘密", "答复告知书"):
        assert expected in notice, expected
    assert "<script>alert(1)</script>请公开" in notice, "the applicant's text is printed as text"


def test_another_organisations_staff_cannot_see_or_act(client, site):
    application = submit(site)
    client.force_login(editor(open_site(name="武汉市人民政府").organiser, Role.LEADER))
    assert application.number not in client.get("/admin/websites/disclosure/").content.decode()
    url = f"/admin/websites/disclosure/{application.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"do": "extend", "days": 5, "reason": "不该能延期这件申请。"}).status_code == 404
    assert client.get(f"{url}notice.pdf").status_code == 404
    assert client.get("/api/v1/websites/disclosure-applications").json()["count"] == 0
    assert not LedgerEntry.objects.filter(action="websites.disclosure.viewed").exists()

    handler = editor(site.organiser, Role.HANDLER)
    client.force_login(handler)
    screen = client.get(url).content.decode()
    assert "张三" in screen and ID_NUMBER in screen and "延长答复期限" not in screen, (
        "a handler is offered no extension"
    )
    assert LedgerEntry.objects.get(action="websites.disclosure.viewed").actor_id == handler.pk
    refused = client.post(url, {"do": "extend", "days": 5, "reason": "办事员不能延期。"})
    assert refused.status_code == 403
    reply = {"do": "reply", "reply_type": "not_exist", "reply_text": "经检索，本机关未制作或获取该信息。"}
    assert client.post(url, reply).status_code == 302
    assert client.get(f"{url}notice.pdf")["Content-Type"] == "application/pdf"


def test_the_catalogue_lists_the_units_placed_items_with_their_metadata_by_topic_and_year(client, site):
    policies = column(site, ColumnType.POLICIES)
    policy = LibraryItemFactory(
        kind=ItemKind.POLICY,
        title="关于加强城市道路维修管理的通知",
        owner=site.organiser,
        document_number="鄂建文〔2025〕8号",
        issuer="湖北省住房和城乡建设厅",
        written_on=dt.date(2025, 3, 2),
        topic=Topic.CONSTRUCTION,
    )
    place(policy, policies)
    for n in range(21):
        place(LibraryItemFactory(title=f"住建动态第{n}期", owner=site.organiser), column(site, ColumnType.NEWS))
    place(LibraryItemFactory(title="别的单位的文件"), policies)  # another unit's repost: not this unit's catalogue
    LibraryItemFactory(title="未放入栏目的信息", owner=site.organiser)
    host = site.site.hostname
    page = client.get("/xxgk/", HTTP_HOST=host).content.decode()
    assert "政府信息公开指南" in page and 'href="/xxgk/apply/"' in page and "共 22 条" in page
    assert "别的单位的文件" not in page and "未放入栏目的信息" not in page
    filtered = client.get("/xxgk/", {"topic": "construction", "year": 2025}, HTTP_HOST=host).content.decode()
    assert "共 1 条" in filtered and f'href="/disclosure/policies/{policy.pk}/"' in filtered
    for value in (
        policy.index_number,
        "湖北省住房和城乡建设厅",
        "2025-03-02",
        "鄂建文〔2025〕8号",
        "城乡建设、环境保护",
        "主动公开",
    ):
        assert value in filtered, value
    second = client.get("/xxgk/", {"page": 2}, HTTP_HOST=host).content.decode()
    assert "第 2 页，共 2 页" in second
    odd = client.get("/xxgk/", {"topic": "construction", "year": "abc", "page": "x"}, HTTP_HOST=host)
    assert odd.status_code == 200 and "共 1 条" in odd.content.decode(), "a value that does not fit is ignored alone"


def test_the_api_takes_an_application_answers_its_progress_and_lists_for_staff(client, site):
    url = f"/api/v1/websites/sites/{site.site_id}/disclosure-applications"
    bad = client.post(url, {**FORM, "phone": "12"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "phone"
    made = client.post(url, FORM, content_type="application/json")
    assert made.status_code == 201 and made.json()["number"].startswith("GK")
    number = made.json()["number"]
    progress = client.post(
        "/api/v1/websites/disclosure-applications/progress",
        {"number": number, "phone": "13812345678"},
        content_type="application/json",
    )
    assert progress.json()["state"] == "received" and "张三" not in progress.content.decode()
    assert (
        client.post(
            "/api/v1/websites/disclosure-applications/progress",
            {"number": number, "phone": "13900000000"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/websites/disclosure-applications").status_code == 401
    client.force_login(editor(site.organiser))
    listing = client.get("/api/v1/websites/disclosure-applications").json()
    assert listing["count"] == 1 and listing["items"][0]["number"] == number


def query(client, site, application, **data):
    return client.post(
        "/xxgk/query/", {"number": application.number, "phone": "13812345678", **data}, HTTP_HOST=site.site.hostname
    )


def test_the_daily_job_closes_only_corrections_overdue_as_deemed_withdrawn(client, site):
    handler = editor(site.organiser, Role.HANDLER)
    overdue, due_today, answered = submit(site), submit(site), submit(site)
    for application in (overdue, due_today, answered):
        disclosure.application_request_correction(
            actor=handler, application=application, missing="请写明所需文件的名称、文号或发布时间。"
        )
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    DisclosureApplication.objects.filter(pk=overdue.pk).update(correction_due_on=yesterday)
    DisclosureApplication.objects.filter(pk=due_today.pk).update(correction_due_on=today)  # the last day still counts
    disclosure.application_correct(application=answered, correction="2025年度城市道路维修工程的招标文件。")

    job = periodic.REGISTRY["websites.close_abandoned_disclosures"].task
    assert job.call() == 1 and job.call() == 0
    states = dict(DisclosureApplication.objects.values_list("pk", "state"))
    assert states == {overdue.pk: "abandoned", due_today.pk: "correction", answered.pk: "received"}
    entry = LedgerEntry.objects.get(action="websites.disclosure.abandoned")
    assert entry.object_id == str(overdue.pk) and entry.actor_id is None and f"{yesterday:%Y-%m-%d}" in entry.summary
    assert not InboxItem.objects.filter(object_id=str(overdue.pk), done_at__isnull=True).exists()
    assert "abandon" not in disclosure.APPLICATION.actions_for(editor(site.organiser, Role.LEADER), due_today)

    page = query(client, site, overdue).content.decode()
    assert "视为放弃申请" in page and "第三十条" in page and f"{yesterday:%Y-%m-%d}" in page
    assert 'href="/xxgk/apply/"' in page and "id_correction" not in page
    progress = client.post(
        "/api/v1/websites/disclosure-applications/progress",
        {"number": overdue.number, "phone": "13812345678"},
        content_type="application/json",
    ).json()
    assert progress["state"] == "abandoned" and progress["due_on"] is None
    assert progress["correction_due_on"] == f"{yesterday:%Y-%m-%d}"

    # A correction the day after its deadline, before the night's job, is refused and changes nothing.
    DisclosureApplication.objects.filter(pk__in=[due_today.pk, answered.pk]).update(correction_due_on=yesterday)
    assert "视为放弃" not in query(client, site, answered).content.decode(), "corrected in time"
    late = query(client, site, due_today, action="correct", correction="珞喻路（卓刀泉至关山段）维修工程。")
    assert late.status_code == 409 and "补正期限已于" in late.content.decode()
    assert DisclosureApplication.objects.get(pk=due_today.pk).state == "correction"

    client.force_login(handler)
    listing = client.get("/admin/websites/disclosure/").content.decode()
    assert "视为放弃申请" in listing
    assert listing.index(answered.number) < listing.index(overdue.number), "open ones before closed ones"


def test_progress_lookups_are_limited_per_address_on_the_page_and_in_the_api(client, site):
    rule_set(actor=UserFactory(is_superuser=True), key="websites.disclosure_lookup_hourly_limit", value=2)
    application = submit(site)
    assert query(client, site, application, phone="13900000000").status_code == 404, "a miss counts too"
    assert query(client, site, application).status_code == 200
    refused = query(client, site, application)
    text = refused.content.decode()
    assert refused.status_code == 429 and "查询次数过多，请稍后再试" in text and "办理中" not in text
    api = client.post(
        "/api/v1/websites/disclosure-applications/progress",
        {"number": application.number, "phone": "13812345678"},
        content_type="application/json",
    )
    assert api.status_code == 429
    message = "您所在的网络一小时内查询次数过多，请稍后再试。"
    assert api.json() == {"code": "rate_limited", "message": message, "errors": []}
    assert query(Client(REMOTE_ADDR="10.1.2.3"), site, application).status_code == 200, "another address"

    DisclosureLookup.objects.update(looked_up_at=timezone.now() - dt.timedelta(minutes=61))
    assert periodic.REGISTRY["websites.forget_disclosure_lookups"].task.call() == 3
    assert query(client, site, application).status_code == 200
