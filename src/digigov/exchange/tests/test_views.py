"""Back-office screens: the to-do links open them, the right buttons show for each role, actions work."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core.models import BackgroundJob, InboxItem
from digigov.exchange import services
from digigov.exchange.choices import ApplicationStatus, ServiceStatus
from digigov.exchange.models import Mount
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
D = dt.date


def test_operator_opens_the_check_todo_and_forwards(client, world, today):
    application = apply(world)
    todo = InboxItem.objects.get(kind="exchange.application.check")
    client.force_login(world.op_handler)
    page = client.get(todo.url).content.decode()
    assert application.number in page and "转提供方" in page and "提交申请" in page
    assert "exchange.application.submitted" not in page  # the history names the step, it does not show its key
    assert "授权</button>" not in page  # the provider's buttons are not the operator's
    client.post(todo.url, {"op": "forward"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROVIDER_REVIEW
    inbox = client.get("/admin/exchange/applications/?tab=operator").content.decode()
    assert application.number in inbox


def test_provider_grants_from_the_screen_and_others_get_404(client, world, today):
    application = apply(world)
    services.application_forward(actor=world.op_handler, application=application)
    url = f"/admin/exchange/applications/{application.pk}/"
    client.force_login(world.other_handler)
    assert client.get(url).status_code == 404
    client.force_login(world.prov_reviewer)
    page = client.get(url).content.decode()
    assert "不予同意" in page and "2026-10-16" in page
    page = client.post(url, {"op": "refuse", "reason": ""}, follow=True).content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROVIDER_REVIEW  # the missing reason was shown as an error
    assert "转到第一处错误" in page and "Go to the first error" not in page
    client.post(url, {"op": "grant"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    assert application.number in client.get("/admin/exchange/grants/").content.decode()
    # The history reads as sentences: item names, the validity as a span, yes/no; no identifiers or Python lists.
    names = "、".join(item.name for item in application.items.order_by("identifier"))
    page = client.get(url).content.decode()
    assert f"信息项：{names}" in page or f"信息项：{'、'.join(reversed(names.split('、')))}" in page
    assert "有效期：2026-10-08 至 2027-10-07" in page and "未脱敏的敏感值：否" in page
    assert "['" not in page and "raw_values" not in page


def test_consumer_applies_through_the_form(client, world, today):
    client.force_login(world.cons_handler)
    form = client.get(f"/admin/exchange/applications/new/?resource={world.resource.pk}").content.decode()
    assert world.system.name in form and "公民身份号码" in form
    response = client.post(
        "/admin/exchange/applications/new/",
        {
            "resource": world.resource.pk,
            "items": [i.pk for i in world.items()],
            "purpose": "核验",
            "legal_basis": "依据",
            "period_start": "2026-10-08",
            "period_end": "2027-10-07",
            "system": world.system.pk,
        },
    )
    assert response.status_code == 302
    assert "GX20260928" in client.get(response.url).content.decode()


def test_interrupted_service_is_red_in_the_list(client, world, upstream):
    service = services.service_register_upstream(
        actor=world.prov_handler, provider=world.provider, name="人口接口", endpoint=upstream.url
    )
    upstream.failing = True
    for _ in range(3):
        services.probe_service(service)
    service.refresh_from_db()
    assert service.status == ServiceStatus.INTERRUPTED
    client.force_login(world.prov_handler)
    page = client.get("/admin/exchange/services/").content.decode()
    assert 'data-status="interrupted"' in page and "中断" in page
    client.force_login(world.op_handler)
    todo = InboxItem.objects.get(kind="exchange.service.interrupted")
    assert "人口接口" in client.get(todo.url).content.decode()
    client.force_login(world.other_handler)
    assert client.get(todo.url).status_code == 404


def test_upload_and_mount_through_the_screens(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.prov_handler)
    csv = "身份证号,姓名\n420102199001011234,张三\n".encode()
    with django_capture_on_commit_callbacks(execute=True):  # the job runs when the upload's request commits
        response = client.post(
            "/admin/exchange/services/new/",
            {
                "name": "人口库表",
                "kind": "hosted_table",
                "key_column": "身份证号",
                "file": SimpleUploadedFile("p.csv", csv),
            },
        )
    assert response.status_code == 302 and response.url.startswith("/admin/jobs/")
    job = client.get(response.url).content.decode()
    assert "已完成" in job and "1 行数据已托管为数据服务“人口库表”。" in job
    service_url = BackgroundJob.objects.get().result_url
    page = client.get(f"{service_url}?resource={world.resource.pk}").content.decode()
    assert 'name="map:sfzh"' in page
    client.post(service_url, {"op": "mount", "resource": world.resource.pk, "map:sfzh": "身份证号", "map:xm": "姓名"})
    assert world.resource.code in client.get("/admin/exchange/services/").content.decode()


def test_a_mount_with_errors_is_shown_again_at_its_fields_with_the_mapping_kept(client, world):
    client.force_login(world.prov_handler)
    csv = "身份证号,姓名,电话\n420102199001011234,张三,13800000001\n".encode()
    table = {"name": "人口库表", "kind": "hosted_table", "key_column": "身份证号"}
    service = services.service_register_table(
        actor=world.prov_handler, provider=world.provider, name=table["name"], filename="p.csv", content=csv,
        key_column=table["key_column"],
    )  # fmt: skip
    url = f"/admin/exchange/services/{service.pk}/"
    mount = {"op": "mount", "resource": world.resource.pk, "map:sfzh": "", "map:xm": "姓名"}
    page = " ".join(client.post(url, {**mount, "map:dh": "手机"}).content.decode().split())
    assert "手机 不在可用的选项中" in page  # not a column of the table: said at that item's select
    assert '<option value="姓名" selected>姓名</option>' in page and world.resource.name in page
    page = " ".join(client.post(url, {**mount, "map:dh": "电话"}).content.decode().split())
    assert "查询主键信息项“公民身份号码”必须映射。" in page  # the service's rule, above the table
    assert '<option value="电话" selected>电话</option>' in page
    assert not Mount.objects.exists()
    response = client.post(url, {**mount, "map:sfzh": "身份证号", "map:dh": "电话"})
    assert response.status_code == 302
    assert "sfzh → 身份证号" in " ".join(client.get(url).content.decode().split())


def test_error_report_screens(client, world, today):
    client.force_login(world.cons_handler)
    response = client.post(
        "/admin/exchange/error-reports/new/",
        {
            "resource": world.resource.pk,
            "record_key": "420102199001011236",
            "item": world.items()[1].pk,
            "claimed_value": "张叁",
            "evidence": "户口簿",
        },
    )
    assert response.status_code == 302
    todo = InboxItem.objects.get(kind="exchange.error_report.answer")
    client.force_login(world.prov_handler)
    assert "发送答复" in client.get(todo.url).content.decode()
    client.post(todo.url, {"outcome": "confirmed_correct", "answer": "经核对无误"})
    client.force_login(world.cons_handler)
    assert "经核实数据无误" in client.get(todo.url).content.decode()


def test_forms_offer_published_resources_to_choose_instead_of_asking_for_an_id(client, world, loopback_allowed):
    from digigov.catalog.tests.factories import ResourceFactory

    stranger_resource = ResourceFactory(provider=world.other, name="教育统计信息")
    client.force_login(world.cons_handler)
    page = client.get("/admin/exchange/applications/new/").content.decode()
    assert f'<option value="{world.resource.pk}">' in page and f'<option value="{world.open_resource.pk}">' in page
    assert f'<option value="{world.closed_resource.pk}">' not in page, "not-shared resources cannot be applied for"
    service = services.service_register_upstream(
        actor=world.prov_handler, provider=world.provider, name="人口接口", endpoint="http://127.0.0.1:9/api"
    )
    client.force_login(world.prov_handler)
    page = client.get(f"/admin/exchange/services/{service.pk}/").content.decode()
    assert f'<option value="{world.open_resource.pk}">' in page
    assert f'<option value="{stranger_resource.pk}">' not in page, "a provider mounts only its own resources"
