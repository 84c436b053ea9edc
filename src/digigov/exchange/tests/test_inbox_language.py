"""What the exchange puts in other people's inboxes reads in Chinese, whatever language the person acting used: a
consumer whose browser asks for English submits an application, and the operator's to-do is still 审核共享申请…
(core.inbox stores to-dos and notices in the installation's language)."""

import pytest
from django.utils import translation

from digigov.core.models import InboxItem, Notification
from digigov.exchange import services
from digigov.exchange.services.applications import KIND_CHECK
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}  # what an English Chromium sends


def test_a_to_do_made_by_an_english_speaking_applicant_shows_its_chinese_title_on_the_to_do_screen(
    client, world, today
):
    client.force_login(world.cons_handler)
    response = client.post(
        "/admin/exchange/applications/new/",
        {
            "resource": world.resource.pk,
            "items": [i.pk for i in world.items()[:2]],
            "purpose": "核验法定代表人身份",
            "legal_basis": "《优化营商环境条例》第十九条",
            "period_start": "2026-10-08",
            "period_end": "2027-10-07",
            "system": world.system.pk,
        },
        follow=True,
        **ENGLISH,
    )
    assert "The application was submitted." in response.content.decode()  # the applicant did read English
    todo = InboxItem.objects.get(kind=KIND_CHECK)
    title = "审核共享申请 GX202609280001：省市场监督管理局 申请“人口基本信息”"
    client.force_login(world.op_handler)
    assert title in client.get("/admin/").content.decode()  # the workbench's to-do list
    assert title in client.get(f"/admin/workbench/todos/{todo.pk}/").content.decode()  # the to-do itself


def test_notices_to_the_applicant_are_chinese_when_the_operator_and_provider_work_in_english(client, world, today):
    application = apply(world)
    url = f"/admin/exchange/applications/{application.pk}/"
    client.force_login(world.op_handler)
    client.post(url, {"op": "forward", "reason": "请尽快答复"}, **ENGLISH)
    client.force_login(world.prov_reviewer)
    client.post(url, {"op": "refuse", "reason": "涉及侦查秘密"}, **ENGLISH)
    review = InboxItem.objects.get(kind="exchange.application.review")
    assert review.title == "答复共享申请 GX202609280001：省市场监督管理局 申请“人口基本信息”"
    assert list(Notification.objects.filter(recipient=world.cons_handler).order_by("pk").values_list("title")) == [
        ("申请 GX202609280001 已转提供方",),
        ("申请 GX202609280001 被提供方不予同意",),
    ]


def test_error_report_notices_name_the_outcome_in_chinese(world, today):
    report = services.error_report_submit(
        actor=world.cons_handler,
        reporter=world.consumer,
        resource_id=world.resource.pk,
        record_key="420102199001011236",
        item_id=world.items()[1].pk,
        claimed_value="张叁",
        evidence="户口簿",
    )
    with translation.override("en"):
        services.error_report_answer(actor=world.prov_handler, report=report, corrected=True, corrected_value="张叁")
    notice = Notification.objects.get(recipient=world.cons_handler)
    assert notice.title == "数据纠错 JC202609280001 已答复：已核实更正"
