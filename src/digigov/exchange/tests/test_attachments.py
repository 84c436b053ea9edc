"""An error report's evidence (issue 9, item 8; R0.4, R1.7): stored privately, downloaded by the report's parties
through a permission-checked address, every download in the ledger; never a public /media/ file. And every upload
path of the exchange refuses the 2.9 MB files that inflate to 300 MB (issue 9, item 4), quickly.

The last test runs the platform as production does: gunicorn through `manage.py serve` with conf.prod, where the
provider's link used to answer 404.
"""

import time
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.core.tests.files import dense_bomb, docx
from digigov.core.tests.servers import (
    answer,
    database_for_subprocess,
    free_port,
    prod_env,
    serve,
    stop_group,
    wait_answering,
)
from digigov.exchange import services
from digigov.exchange.models import DataService, ErrorReport

EVIDENCE = docx("户口簿第 3 页：联系电话 13900000009")


@pytest.fixture
def private_root(settings, tmp_path):
    settings.DIGIGOV_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.DIGIGOV_PRIVATE_ROOT


def report_with_evidence(world) -> ErrorReport:
    return services.error_report_submit(
        actor=world.cons_handler,
        reporter=world.consumer,
        resource_id=world.resource.pk,
        record_key="420102199001011236",
        item_id=world.items()[2].pk,
        claimed_value="13900000009",
        evidence="户口簿所载电话已变更",
        attachment=SimpleUploadedFile("户口簿.docx", EVIDENCE),
    )


@pytest.mark.django_db
def test_the_providers_link_downloads_the_evidence_and_the_download_is_recorded(client, world, today, private_root):
    report = report_with_evidence(world)
    assert (private_root / report.attachment.name).read_bytes() == EVIDENCE
    assert not (private_root.parent / "media").exists(), "nothing under the public media folder"
    client.force_login(world.prov_handler)
    page = client.get(reverse("exchange_error_report_detail", args=[report.pk])).content.decode()
    link = f'href="/files/{quote(report.attachment.name)}"'  # e.g. /files/exchange/error-reports/2026/%E6%88%B7…
    assert link in page
    response = client.get(f"/files/{report.attachment.name}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == EVIDENCE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    read = LedgerEntry.objects.get(action="exchange.error_report.attachment_read")
    assert (read.actor_id, read.object_id, read.organisation_id) == (
        world.prov_handler.pk,
        str(report.pk),
        world.provider.pk,
    )
    assert report.attachment.name in read.summary


@pytest.mark.django_db
def test_only_the_reports_parties_and_the_platform_administrator_get_it(client, world, today, private_root):
    report = report_with_evidence(world)
    url = f"/files/{report.attachment.name}"
    for who in (world.cons_handler, world.prov_reviewer, staff(Role.PLATFORM_ADMIN)):
        client.force_login(who)
        assert client.get(url).status_code == 200, who
    client.force_login(world.other_handler)  # another department: as if the file did not exist
    assert client.get(url).status_code == 404
    assert client.get("/files/exchange/error-reports/2026/none.docx").status_code == 404
    assert client.get("/files/../conf/prod.py").status_code == 404
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/?next=/files/")
    assert client.get(f"/media/{report.attachment.name}").status_code == 404
    assert LedgerEntry.objects.filter(action="exchange.error_report.attachment_read").count() == 3


@pytest.mark.django_db
def test_behind_nginx_the_sending_is_handed_over_after_the_same_check(client, world, today, private_root, settings):
    settings.DIGIGOV_PRIVATE_FILES_ACCEL = "/_private/"
    report = report_with_evidence(world)
    client.force_login(world.prov_handler)
    response = client.get(f"/files/{report.attachment.name}")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"].startswith("/_private/exchange/error-reports/")
    assert response["X-Accel-Redirect"].endswith(".docx") and "%" in response["X-Accel-Redirect"]  # quoted 户口簿
    client.force_login(world.other_handler)
    assert "X-Accel-Redirect" not in client.get(f"/files/{report.attachment.name}")
    assert client.get(f"/files/{report.attachment.name}").status_code == 404


@pytest.mark.django_db
def test_the_api_gives_the_same_checked_address(client, world, today, private_root):
    report = report_with_evidence(world)
    client.force_login(world.prov_handler)
    (listed,) = client.get("/api/v1/exchange/error-reports").json()
    assert listed["has_attachment"] and listed["attachment_url"] == f"/files/{quote(report.attachment.name)}"


# --- the bombs, through every upload path of the exchange ----------------------------------------------------------


@pytest.mark.django_db
def test_the_evidence_form_refuses_a_docx_bomb_at_the_field(client, world, today, private_root):
    bomb = dense_bomb("docx")
    client.force_login(world.cons_handler)
    started = time.monotonic()
    response = client.post(
        f"{reverse('exchange_error_report_create')}?resource={world.resource.pk}",
        {
            "resource": world.resource.pk,
            "record_key": "420102199001011236",
            "item": world.items()[2].pk,
            "claimed_value": "13900000009",
            "evidence": "见附件",
            "attachment": SimpleUploadedFile("情况说明.docx", bomb),
        },
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"] == [
        "文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。"
    ]
    assert not ErrorReport.objects.exists()
    assert elapsed < 5, f"{elapsed:.1f} s"


@pytest.mark.django_db
def test_a_zip_holding_a_program_named_docx_is_refused_by_the_api(client, world, today, private_root):
    from digigov.core.tests.files import program, zip_of

    client.force_login(world.cons_handler)
    response = client.post(
        "/api/v1/exchange/error-reports",
        {
            "resource_id": world.resource.pk,
            "record_key": "420102199001011236",
            "item_id": world.items()[2].pk,
            "claimed_value": "13900000009",
            "evidence": "见附件",
            "attachment": SimpleUploadedFile("情况说明.docx", zip_of({"情况说明.exe": program()})),
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "attachment", "message": "文件中含有可执行程序（情况说明.exe），不能上传程序。"}
    ]


@pytest.mark.django_db
def test_the_hosted_table_form_and_api_refuse_a_sharedstrings_bomb(client, world, private_root):
    bomb = dense_bomb("xlsx")
    client.force_login(world.prov_handler)
    started = time.monotonic()
    response = client.post(
        reverse("exchange_service_create"),
        {
            "name": "人口库表",
            "kind": "hosted_table",
            "key_column": "姓名",
            "file": SimpleUploadedFile("人口.xlsx", bomb),
        },
    )
    assert time.monotonic() - started < 5
    assert response.context["form"].errors["file"] == ["文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。"]
    api = client.post(
        "/api/v1/exchange/services/upload",
        {"name": "人口库表", "key_column": "姓名", "file": SimpleUploadedFile("人口.xlsx", bomb)},
    )
    assert api.status_code == 400 and api.json()["errors"][0]["field"] == "file"
    assert not DataService.objects.exists()


# --- production: gunicorn, conf.prod --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_under_production_settings_the_provider_downloads_the_evidence_and_a_stranger_cannot(world, tmp_path, settings):
    settings.DIGIGOV_PRIVATE_ROOT = tmp_path / "private"  # where the server looks: DIGIGOV_VAR_DIR/private
    port = free_port()
    with database_for_subprocess(tmp_path) as database_url:
        report = report_with_evidence(world)
        cookies = {}
        for who in ("prov_handler", "other_handler"):
            browser = Client()
            browser.force_login(getattr(world, who))
            cookies[who] = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
        # The sessions were signed with this test's key; the server must share it, as every app server does.
        server = serve(prod_env(tmp_path, database_url, SECRET_KEY=settings.SECRET_KEY), port, log=tmp_path / "log")
        try:
            wait_answering(port, process=server)
            url = quote(f"/files/{report.attachment.name}")
            status, headers, body = answer(port, url, headers={"Cookie": cookies["prov_handler"]})
            assert (status, body) == (200, EVIDENCE), (tmp_path / "log").read_text()[-3000:]
            assert headers["Content-Disposition"].startswith("attachment;")
            assert answer(port, url, headers={"Cookie": cookies["other_handler"]})[0] == 404
            status, headers, _body = answer(port, url)
            assert status == 302 and headers["Location"].startswith("/accounts/login/")
            assert answer(port, quote(f"/media/{report.attachment.name}"))[0] == 404
            reads = LedgerEntry.objects.filter(action="exchange.error_report.attachment_read")
            assert [r.actor_id for r in reads] == [world.prov_handler.pk]
        finally:
            stop_group(server)
