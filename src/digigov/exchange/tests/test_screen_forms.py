"""The exchange's screens take input through Django forms: errors at the field in Chinese, nothing typed is lost;
comments reach the history; the picker is searchable; error reports check their key and lists mask it."""

import datetime as dt

import pytest

from digigov.core.models import InboxItem
from digigov.exchange import services
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.models import ErrorReport
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
D = dt.date
NEW = "/admin/exchange/applications/new/"


def test_comments_typed_when_forwarding_and_granting_are_kept_in_the_history(client, world, today):
    application = apply(world)
    url = f"/admin/exchange/applications/{application.pk}/"
    client.force_login(world.op_handler)
    client.post(url, {"op": "forward", "reason": "用途明确，请公安厅尽快答复"})
    client.force_login(world.prov_reviewer)
    client.post(url, {"op": "grant", "reason": "同意，限核验使用"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    client.force_login(world.cons_handler)
    page = client.get(url).content.decode()
    assert "意见：用途明确，请公安厅尽快答复" in page and "意见：同意，限核验使用" in page


def test_return_and_refuse_reasons_are_in_the_history(client, world, today):
    returned, refused = apply(world), apply(world)
    client.force_login(world.op_handler)
    client.post(f"/admin/exchange/applications/{returned.pk}/", {"op": "return", "reason": "法律依据不充分"})
    client.post(f"/admin/exchange/applications/{refused.pk}/", {"op": "forward", "reason": ""})
    client.force_login(world.prov_reviewer)
    client.post(f"/admin/exchange/applications/{refused.pk}/", {"op": "refuse", "reason": "涉及侦查秘密"})
    client.force_login(world.cons_handler)
    assert "理由：法律依据不充分" in client.get(f"/admin/exchange/applications/{returned.pk}/").content.decode()
    assert "理由：涉及侦查秘密" in client.get(f"/admin/exchange/applications/{refused.pk}/").content.decode()


def test_a_refusal_without_reason_shows_at_the_field_and_keeps_the_state(client, world, today):
    application = apply(world)
    services.application_forward(actor=world.op_handler, application=application)
    client.force_login(world.prov_reviewer)
    response = client.post(f"/admin/exchange/applications/{application.pk}/", {"op": "refuse", "reason": "  "})
    page = response.content.decode()
    application.refresh_from_db()
    assert response.status_code == 200 and application.status == ApplicationStatus.PROVIDER_REVIEW
    assert 'class="error-message"' in page and "此项为必填项。" in page


def test_an_application_with_errors_is_shown_again_with_what_was_typed(client, world, today):
    client.force_login(world.cons_handler)
    response = client.post(
        NEW,
        {
            "resource": world.resource.pk,
            "items": [i.pk for i in world.items()],
            "purpose": "",
            "legal_basis": "《优化营商环境条例》第十九条",
            "period_start": "2026-09-01",  # in the past: the service says so
            "period_end": "不是日期",
            "system": world.system.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "《优化营商环境条例》第十九条</textarea>" in page
    assert page.count('class="error-message"') >= 2 and "此项为必填项。" in page and "有效的日期" in page
    response = client.post(
        NEW,
        {
            "resource": world.resource.pk,
            "items": [world.items()[0].pk],
            "purpose": "核验",
            "legal_basis": "依据",
            "period_start": "2026-09-01",
            "period_end": "2027-09-01",
            "system": world.system.pk,
        },
    )
    assert 'class="error-message"> 使用期限不能早于今天开始。' in " ".join(response.content.decode().split())


def test_the_resource_picker_filters_by_name_or_code_without_javascript(client, world):
    client.force_login(world.cons_handler)
    everything = client.get(NEW).content.decode()
    assert world.resource.name in everything and world.open_resource.name in everything
    by_name = client.get(NEW, {"q": "户籍"}).content.decode()
    assert world.open_resource.name in by_name and world.resource.name not in by_name
    by_code = client.get(NEW, {"q": world.resource.code}).content.decode()
    assert f'<option value="{world.resource.pk}">' in by_code and world.open_resource.name not in by_code
    assert world.closed_resource.name not in client.get(NEW, {"q": "在逃"}).content.decode()  # not shared
    assert 'src="/static/exchange/resource_picker.js"' in everything  # served by us, no outside host


def test_the_application_form_opens_with_the_resource_chosen(client, world):
    client.force_login(world.cons_handler)
    page = client.get(NEW, {"resource": world.resource.pk}).content.decode()
    assert world.resource.name in page and 'name="purpose"' in page and world.system.name in page


def _report(client, world, key):
    return client.post(
        "/admin/exchange/error-reports/new/",
        {
            "resource": world.resource.pk,
            "record_key": key,
            "item": world.items()[1].pk,
            "claimed_value": "张叁",
            "evidence": "户口簿",
        },
    )


def test_a_nonsense_key_is_refused_on_the_form_and_nothing_is_sent(client, world, today):
    client.force_login(world.cons_handler)
    response = _report(client, world, "abc")
    page = response.content.decode()
    assert response.status_code == 200 and not ErrorReport.objects.exists()
    assert "“abc”不是有效的公民身份号码" in page and 'class="error-message"' in page
    assert 'value="张叁"' in page and "户口簿</textarea>" in page  # what was typed stays
    assert not InboxItem.objects.filter(kind="exchange.error_report.answer").exists()


def test_error_report_lists_mask_id_numbers_as_the_todos_do(client, world, today):
    client.force_login(world.cons_handler)
    assert _report(client, world, "420102199001011236").status_code == 302
    for who in (world.cons_handler, world.prov_handler):
        client.force_login(who)
        page = client.get("/admin/exchange/error-reports/").content.decode()
        assert "420102********1236" in page and "420102199001011236" not in page
