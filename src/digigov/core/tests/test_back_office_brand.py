"""A branded Chinese back office (issue 8, B6): the platform's emblem instead of Wagtail's bird, Chinese theme
settings, 页面/图片/文档 only for site editors, and rule values shown whole with their units."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from digigov.core.choices import Role
from digigov.core.tests.factories import staff

pytestmark = pytest.mark.django_db

EMBLEM = "/static/core/emblem.svg"
SITE_MENUS = ('"url": "/admin/pages/"', '"url": "/admin/images/"', '"url": "/admin/documents/"')


@pytest.fixture
def admin(django_user_model):
    user = staff(Role.PLATFORM_ADMIN)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def handler():
    user = staff(Role.HANDLER)
    group, _ = Group.objects.get_or_create(name="staff")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    return user


def page_for(client, user, url="/admin/") -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    return response.content.decode()


def test_sign_in_page_shows_the_platform_emblem_not_the_bird(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert f'<link rel="icon" href="{EMBLEM}" type="image/svg+xml">' in page
    assert f'<img class="platform-emblem" src="{EMBLEM}"' in page
    assert "wagtailadmin/images/favicon.ico" not in page
    assert "logo-bird" not in page and "wagtail-logo" not in page


def test_sidebar_carries_the_emblem_with_the_platform_name(client, admin, settings):
    settings.WAGTAIL_SITE_NAME = "湖北省数字政府"
    page = page_for(client, admin)
    assert (
        f'<template data-wagtail-sidebar-branding-logo><img class="platform-emblem" src="{EMBLEM}" '
        'alt="湖北省数字政府"' in page
    )


def test_pages_images_and_documents_are_for_site_editors_only(client, admin, handler):
    assert not [menu for menu in SITE_MENUS if menu in page_for(client, handler)]
    page = page_for(client, admin)
    assert not [menu for menu in SITE_MENUS if menu in page], "a superuser who edits no site sees none of them"
    assert "1 Page" not in page and "个页面" not in page, "nor Wagtail's counters"

    editors = Group.objects.create(name="网站编辑")
    GroupPagePermission.objects.create(
        group=editors, page=Page.objects.get(depth=1), permission=Permission.objects.get(codename="change_page")
    )
    admin.groups.add(editors)
    page = page_for(client, admin)
    assert all(menu in page for menu in SITE_MENUS)
    assert re.search(r"\d+ 个页面", page), "the counters, in Chinese"
    assert "Page <span" not in page


def test_account_theme_settings_are_in_chinese(client, handler):
    page = page_for(client, handler, "/admin/account/")
    for chinese in (
        "主题偏好",
        "后台主题",
        "对比度",
        "界面密度",
        "启用后台专用的键盘快捷键。",
        "使用服务器语言：简体中文",
    ):
        assert chinese in page
    for english in (
        "Theme preferences",
        "Admin theme",
        "Contrast",
        "Density",
        "specific to Wagtail",
        "server language",
    ):
        assert english not in page


def test_listings_sort_and_action_labels_are_in_chinese(client, admin):
    page = page_for(client, admin, "/admin/core_organisation/")
    assert "按“名称”升序排列。" in page
    assert "Sort by" not in page
    assert 'aria-label="Actions"' not in page


def test_rules_show_whole_values_and_a_unit_each(client, admin):
    page = page_for(client, admin, "/admin/platform/rules/")
    rows = re.findall(
        r'<input type="text" name="value" value="([^"]*)" class="rule-value" size="(\d+)"[^>]*>\s*'
        r'<span class="rule-unit">([^<]*)</span>',
        page,
    )
    assert len(rows) >= 20
    for value, size, unit in rows:
        assert int(size) > len(value), f"{value} fits its box"
        if re.fullmatch(r"-?\d+(\.\d+)?", value):  # a number names its unit; a text rule (a host list) has none
            assert unit.strip(), f"the rule set to {value} names its unit"
    assert ("180000000", "12", "张") in rows, "the largest value is shown whole"
