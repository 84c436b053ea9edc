"""`/` is the installation's Chinese front door with the ways in, not Wagtail's welcome page (issue 8, B10)."""

import pytest

pytestmark = pytest.mark.django_db


def test_front_door_names_the_installation_and_the_ways_in(client, settings):
    settings.WAGTAIL_SITE_NAME = "湖北省数字政府"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>湖北省数字政府</title>" in page
    assert "Welcome to your new Wagtail site" not in page
    assert '<a class="go" href="/accounts/login/">个人和法人登录</a>' in page
    assert '<a class="go" href="/admin/">工作人员登录</a>' in page
    assert '<a class="go" href="/api/v1/docs">接口文档</a>' in page
    assert 'href="/accounts/register/"' in page
    assert 'href="/accounts/register/legal-person/"' in page


def test_large_type_is_switched_by_a_link_and_remembered(client):
    assert 'class="large"' not in client.get("/").content.decode()

    switched = client.get("/?display=large")
    assert switched.status_code == 302 and switched.url == "/"
    assert switched.cookies["digigov_display"]["max-age"] == 365 * 24 * 3600
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans" class="large">' in page
    assert '<a class="type" href="?display=standard">标准字号</a>' in page

    client.get("/?display=standard")
    assert 'class="large"' not in client.get("/").content.decode()


def test_an_unknown_display_value_changes_nothing(client):
    response = client.get("/?display=<script>")
    assert response.status_code == 200
    assert "digigov_display" not in response.cookies
