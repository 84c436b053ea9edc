"""The call log screen (调用日志, R1.8): the platform operator sees every gateway call, a provider department the calls
to its own resources; filters, pages, and an Excel export with personal data masked — at once when small, as a
background job when large — recorded in the ledger."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from digigov.core.choices import Role
from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange import gateway
from digigov.exchange.choices import CallStatus
from digigov.exchange.models import GatewayCall
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, setup

pytestmark = pytest.mark.django_db
SCREEN = "/admin/exchange/calls/"
ZHANG_ID, ZHANG_PHONE = PEOPLE[0][0], PEOPLE[0][2]
# Masked as the gateway, the to-dos and exchange/masking.py's docstring say: first 6 and last 4; 3 and 4.
ZHANG_ID_MASKED, ZHANG_PHONE_MASKED = "420102********1236", "138****5678"


@pytest.fixture(autouse=True)
def fresh_metadata():
    gateway._metadata_cache.clear()


def back_office(client, user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    return client


def call(client, s, **query):
    return client.get(s.url, query, headers={"x-api-key": s.key})


@pytest.fixture
def log(client):
    """Real calls through the gateway: three to one provider's resource, one to another provider's."""
    ours, theirs = setup(), setup()
    assert call(client, ours, key=ZHANG_ID, purpose="社保待遇资格认证").status_code == 200
    assert call(client, ours, key=ZHANG_ID).status_code == 400  # no purpose: refused, still logged
    assert call(client, ours, page="1", size="5", purpose=f"回访申请人{ZHANG_PHONE}").status_code == 200
    assert call(client, theirs, key=PEOPLE[1][0], purpose="就业登记").status_code == 200
    assert GatewayCall.objects.count() == 4
    return ours, theirs


def screen(client, **params) -> str:
    response = client.get(SCREEN, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_provider_sees_the_calls_to_its_resources_only_with_personal_data_masked(client, log):
    ours, theirs = log
    page = screen(back_office(client, staff(Role.HANDLER, ours.resource.provider)))
    assert "3 次调用" in page
    assert ZHANG_ID_MASKED in page and ZHANG_ID not in page, "record keys and queries are masked"
    assert f"回访申请人{ZHANG_PHONE_MASKED}" in page and ZHANG_PHONE not in page, "a phone typed in a purpose too"
    assert "purpose_required" in page and "市人社局" in page
    assert theirs.resource.code not in page and "就业登记" not in page, "another provider's calls stay hidden"


def test_the_operator_sees_every_call_and_another_department_none(client, log):
    operator = OrganisationFactory(is_platform_operator=True)
    assert "4 次调用" in screen(back_office(client, staff(Role.HANDLER, operator)))
    assert "0 次调用" in screen(back_office(client, staff(Role.LEADER, OrganisationFactory())))


def test_filters_by_consumer_resource_status_and_time(client, log):
    ours, theirs = log
    client = back_office(client, staff(Role.HANDLER, OrganisationFactory(is_platform_operator=True)))
    assert "1 次调用" in screen(client, status=CallStatus.REFUSED, since="")
    assert "3 次调用" in screen(client, resource=ours.resource.pk, since="")
    assert "1 次调用" in screen(client, consumer=theirs.system.organisation_id, since="")
    yesterday = timezone.now() - dt.timedelta(days=1)
    GatewayCall.objects.filter(resource=theirs.resource).update(at=yesterday)
    today = timezone.localtime().replace(hour=0, minute=0).strftime("%Y-%m-%dT%H:%M")
    assert "3 次调用" in screen(client, since=today)
    until = timezone.localtime(yesterday).strftime("%Y-%m-%dT%H:%M")
    assert "1 次调用" in screen(client, since="", until=until), "until includes its own minute"


def test_the_screen_opens_on_the_last_days_by_rule(client, log):
    ours, _theirs = log
    GatewayCall.objects.filter(status=CallStatus.REFUSED).update(at=timezone.now() - dt.timedelta(days=8))
    client = back_office(client, staff(Role.HANDLER, ours.resource.provider))
    assert "2 次调用" in screen(client), "7 days by default: the refused call of 8 days ago is not shown"
    rule_set(actor=staff(Role.PLATFORM_ADMIN), key="exchange.call_log_default_days", value=10)
    assert "3 次调用" in screen(client)


def test_bad_filters_are_told_in_chinese_not_a_500(client, log):
    client = back_office(client, staff(Role.HANDLER, log[0].resource.provider))
    page = screen(client, since="昨天", until="2026-01-01T00:00", status="lost")
    assert "输入一个有效的日期/时间。" in page and "选择一个有效的选项" in page
    page = screen(client, since="2026-02-01T00:00", until="2026-01-01T00:00")
    assert "结束时间早于开始时间。" in page


def test_the_log_is_paged(client, log):
    ours, _theirs = log
    now = timezone.now()
    GatewayCall.objects.bulk_create(
        GatewayCall(
            at=now - dt.timedelta(seconds=n + 1),
            consumer=ours.system.organisation,
            system=ours.system,
            resource=ours.resource,
            status=CallStatus.OK,
            latency_ms=1.0,
            query=f"key={ZHANG_ID}",
        )
        for n in range(60)
    )
    client = back_office(client, staff(Role.HANDLER, ours.resource.provider))
    first = screen(client)
    assert "63 次调用" in first and "第 1 页，共 2 页" in first
    second = screen(client, since="", page=2)
    assert "第 2 页，共 2 页" in second and second.count('data-testid="call-row"') == 13


def test_a_small_export_downloads_at_once_masked_and_is_recorded(client, log):
    ours, _theirs = log
    user = staff(Role.HANDLER, ours.resource.provider)
    client = back_office(client, user)
    response = client.post(SCREEN, {"consumer": "", "resource": "", "status": "", "since": "", "until": ""})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''%E8%B0%83%E7%94%A8%E6%97%A5%E5%BF%97" in response["Content-Disposition"]  # 调用日志
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("时间", "使用方", "系统") and len(body) == 3
    text = "\n".join(str(cell) for row in body for cell in row)
    assert ZHANG_ID not in text and ZHANG_PHONE not in text
    assert ZHANG_ID_MASKED in text and ZHANG_PHONE_MASKED in text
    entry = LedgerEntry.objects.get(action="exchange.call_log.exported")
    assert entry.actor_id == user.pk and '"rows": 3' in entry.summary


def test_a_large_export_runs_as_a_background_job(client, log, django_capture_on_commit_callbacks):
    ours, _theirs = log
    rule_set(actor=staff(Role.PLATFORM_ADMIN), key="exchange.call_log_export_inline_rows", value=2)
    user = staff(Role.HANDLER, ours.resource.provider)
    client = back_office(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SCREEN, {"since": "", "until": "", "status": "", "consumer": "", "resource": ""})
    job = BackgroundJob.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/admin/jobs/{job.pk}/"
    assert job.status == "done" and job.message == "已导出 3 条调用。"
    download = client.get(f"/admin/jobs/{job.pk}/file")
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    text = "\n".join(str(cell) for row in rows for cell in row)
    assert len(rows) == 4 and ZHANG_ID not in text and ZHANG_ID_MASKED in text
    assert LedgerEntry.objects.filter(action="exchange.call_log.exported", actor_id=user.pk).count() == 1


def test_an_export_over_the_limit_is_refused_with_a_reason(client, log):
    ours, _theirs = log
    rule_set(actor=staff(Role.PLATFORM_ADMIN), key="exchange.call_log_export_max_rows", value=2)
    client = back_office(client, staff(Role.HANDLER, ours.resource.provider))
    response = client.post(SCREEN, {"since": "", "until": "", "status": "", "consumer": "", "resource": ""})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "符合条件的调用有 3 条，一次最多导出 2 条。" in page
    assert not LedgerEntry.objects.filter(action="exchange.call_log.exported").exists()
