"""A request larger than the platform accepts is refused before Django reads it, in Chinese (issue 9, item 4):
a page for a person at a form, the one error shape for the API; never Django's bare "400 Bad Request"."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core.choices import Role
from digigov.core.tests.factories import staff

TOO_LARGE = "提交的内容超过平台单次接收的上限 1 MB，请换用较小的文件。"


@pytest.fixture
def one_mb(settings):
    settings.DIGIGOV_REQUEST_MAX_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024


@pytest.mark.django_db
def test_an_upload_over_the_request_limit_gets_a_chinese_page(client, one_mb):
    client.force_login(staff(Role.HANDLER))
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    response = client.post(
        "/admin/exchange/error-reports/new/",
        {"evidence": "见附件", "attachment": big},
        HTTP_REFERER="http://testserver/x",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>上传的内容太大</h1>" in page and TOO_LARGE in page
    assert 'href="http://testserver/x"' in page, "back to the form"


@pytest.mark.django_db
def test_the_api_gets_the_one_error_shape(client, one_mb):
    big = SimpleUploadedFile("p.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 1))
    response = client.post("/api/v1/exchange/services/upload", {"name": "x", "file": big})
    assert response.status_code == 413
    assert response.json() == {"code": "request_too_large", "message": TOO_LARGE, "errors": []}
    body = json.dumps({"data": "A" * (70 * 1024), "signature": "AA=="})
    response = client.post("/api/v1/signing/verify", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["message"] == "提交的内容超过平台单次接收的上限 0.1 MB，请换用较小的文件。"


@pytest.mark.django_db
def test_a_referer_of_another_site_is_not_offered_as_the_way_back(client, one_mb):
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    response = client.post("/accounts/login/", {"f": big}, HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 413 and 'href="/"' in response.content.decode()


@pytest.mark.django_db
def test_what_django_refuses_while_reading_is_said_in_chinese_too(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # the text fields of a form with a file, counted while parsing
    response = client.post("/accounts/login/", {"username": "x" * 2000, "f": SimpleUploadedFile("a.pdf", b"%PDF-")})
    assert response.status_code == 413 and "上传的内容太大" in response.content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    many = {f"field{n}": "1" for n in range(1001)}  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000
    response = client.post("/accounts/login/", many)
    assert response.status_code == 400
    assert "表单中的字段或文件数超过平台单次接收的上限。" in response.content.decode()
    client.force_login(staff(Role.HANDLER))
    response = client.post("/api/v1/exchange/services", many)
    assert response.status_code == 400 and response.json()["code"] == "too_many_fields", response.json()


@pytest.mark.django_db
def test_a_request_within_the_limits_is_untouched(client, one_mb):
    response = client.post(
        "/api/v1/signing/verify", json.dumps({"data": "AA==", "signature": "AA=="}), content_type="application/json"
    )
    assert response.status_code != 413


@pytest.mark.django_db
def test_nginx_shows_the_same_page_when_it_refuses_an_upload_itself(client, one_mb):
    response = client.get("/too-large/")  # error_page 413 /too-large/; (docs/deploy.md)
    assert response.status_code == 413 and TOO_LARGE in response.content.decode()
