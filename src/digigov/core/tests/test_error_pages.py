"""A refused or failed request shows the platform's Chinese page with its name and a way back, for the public pages
and the back office alike; the API keeps its one error shape (issue 8 B: Wagtail's bird and Django's English)."""

import pytest
from django.contrib.auth.models import Permission
from django.http import Http404
from django.test import Client
from django.urls import path

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


def gone(request):
    raise Http404


# The 500 page needs a view that fails: this module is the URL configuration of the test that asks for it.
urlpatterns = [path("boom/", boom), path("admin/boom/", boom), path("api/v1/boom/", boom), path("gone/", gone)]
handler404 = "digigov.core.views.page_not_found"
handler500 = "digigov.core.views.server_error"


def back_office(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def test_a_missing_public_page_is_the_chinese_404_with_the_platforms_name(client, settings):
    settings.WAGTAIL_SITE_NAME = "湖北省数字政府"
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>页面不存在 - 湖北省数字政府</title>" in page
    assert '<p class="code">错误代码 404</p>' in page and "<h1>页面不存在</h1>" in page
    assert '<a class="go" href="/">返回首页</a>' in page, "a way back"
    assert "Not Found" not in page and "requested resource" not in page


def test_a_missing_back_office_screen_is_the_same_page_leading_back_to_the_workbench(client):
    client.force_login(back_office(staff(Role.HANDLER)))
    response = client.get("/admin/no-such-screen/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in page
    assert '<a class="go" href="/admin/">返回工作台</a>' in page and '<a href="/">返回首页</a>' in page
    assert "page404" not in page and "Wagtail" not in page, "not Wagtail's bird"


def test_a_refused_staff_screen_is_the_chinese_403(client):
    """Another organisation's key screen: refused with status 403 and the page, not a bounce to the dashboard."""
    client.force_login(back_office(staff(Role.ORG_ADMIN)))
    response = client.get(f"/admin/signing/keys/{OrganisationFactory().pk}/generate/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>您无权打开此页面</h1>" in page and "本单位管理员" in page
    assert '<a class="go" href="/admin/">返回工作台</a>' in page


def test_an_expired_form_says_so_in_chinese():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "<h1>表单已过期</h1>" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_failure_is_the_chinese_500_page_and_the_api_keeps_its_error_shape(settings):
    settings.WAGTAIL_SITE_NAME = "湖北省数字政府"
    browser = Client(raise_request_exception=False)
    for url, back in (("/boom/", "/"), ("/admin/boom/", "/admin/")):
        response = browser.get(url)
        page = response.content.decode()
        assert response.status_code == 500
        assert "<title>系统出错了 - 湖北省数字政府</title>" in page and "运维人员" in page
        assert f'<a class="go" href="{back}">' in page
        assert "Server Error" not in page
    api = browser.get("/api/v1/boom/")
    assert api.status_code == 500 and api.json()["code"] == "server_error" and api.json()["errors"] == []
    assert browser.get("/gone/").status_code == 404


def test_an_address_no_api_route_answers_keeps_the_error_shape(client):
    response = client.get("/api/v1/no-such-route/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "该地址没有对应的接口。", "errors": []}
