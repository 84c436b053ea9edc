"""Staff see the installation's name and Chinese in the back office's frame, not Wagtail's English branding."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from digigov.core.choices import Role
from digigov.core.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    user = staff(Role.HANDLER)
    group, _ = Group.objects.get_or_create(name="staff")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    return user


def test_sign_in_page_names_the_platform_in_chinese(client, settings):
    settings.WAGTAIL_SITE_NAME = "湖北省数字政府"
    page = client.get("/admin/login/").content.decode()
    assert "<title>登录 - 湖北省数字政府</title>" in page
    assert "登录湖北省数字政府" in page
    assert re.search(r'for="id_password"[^>]*>\s*密码', page), "the password label is translated"
    assert "Password" not in page
    assert "Wagtail" not in page.split("<body")[1].split("<script")[0], "no Wagtail heading or logo"


def test_workbench_frame_is_chinese_and_points_nowhere_outside(client, handler):
    client.force_login(handler)
    page = client.get("/admin/").content.decode()
    assert "搜索资源、共享申请、待办" in page, "the search box is Chinese and leads to the workbench search"
    assert "editor guide" not in page
    assert "wagtail.org" not in page
    assert "- Wagtail</title>" not in page
