"""Staff see the installation's name and Chinese in the back office's frame, not Wagtail's English branding."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Site, Task, Workflow

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


class VisibleText(HTMLParser):
    """The text a person sees on a page: no script, style, code, hidden or screen-reader-only element."""

    SKIPPED = {"script", "style", "template", "svg", "noscript", "code"}
    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.skipping:
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        if tag in self.SKIPPED or "hidden" in attrs or {"w-sr-only", "visuallyhidden"} & set(classes):
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        if attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


# Not words of a sentence: file formats, the address and time standards, the language's own name in the language
# menu, and the data of the demo (the host name of Wagtail's default site).
NOT_ENGLISH = {"CSV", "XLSX", "TSV", "URL", "UTC", "API", "English", "localhost"}


def english_words(html: str, allowed: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = re.sub(r"\b\w+(\.\w+)+\b", " ", " ".join(parser.parts))  # dotted identifiers: wagtailcore.page
    words = re.findall(r"[A-Za-z][\w']*", text, re.ASCII)  # user names (user12) count as one word
    return {word for word in words if len(word) > 2 and word not in allowed}


def sidebar_menus(html: str) -> dict[str, list[dict]]:
    """The sidebar's entries (Wagtail sends them as telepath JSON): each top entry's label -> its submenu entries."""
    props = json.loads(
        re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    menus = {}
    for item in main["_args"][0]:
        definition, *children = item["_args"]
        menus[definition["label"]] = [child["_args"][0] for child in (children[0] if children else [])]
    return menus


def test_the_operators_wagtail_screens_show_no_english(client):
    """Issue 8 B: groups, workflows, sites and the 报告 and 设置 menus were half English (Wagtail's catalogue lacks
    348 strings, its column headers and seeded data are English); locale_wagtail, the column-header template and
    core's migration 0005 make them Chinese. Each screen is fetched as the platform operator and read as text."""
    operator = staff(Role.PLATFORM_ADMIN, is_superuser=True, is_staff=True)
    client.force_login(operator)
    menus = sidebar_menus(client.get("/admin/").content.decode())
    assert {"报告", "设置"} <= set(menus), "the two menus of Wagtail's own screens"
    menu_urls = [entry["url"] for label in ("报告", "设置") for entry in menus[label]]
    assert len(menu_urls) >= 10
    group = Group.objects.get(name="审核人员")  # Wagtail's seeded "Moderators", renamed by core 0005
    screens = [
        *menu_urls,
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
        "/admin/workflows/add/",
        f"/admin/workflows/edit/{Workflow.objects.get().pk}/",
        f"/admin/workflows/tasks/edit/{Task.objects.get().pk}/",
        "/admin/sites/new/",
        f"/admin/sites/edit/{Site.objects.get().pk}/",
        "/admin/users/new/",
        f"/admin/users/edit/{operator.pk}/",
        "/admin/collections/add/",
        "/admin/redirects/add/",
        "/admin/redirects/import/",
    ]
    allowed = NOT_ENGLISH | {u.username for u in get_user_model().objects.all()}
    labels = [*menus, *(entry["label"] for entries in menus.values() for entry in entries)]
    found = {f"menu {label}": english_words(f"<p>{label}</p>", allowed) for label in labels}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = english_words(response.content.decode(), allowed)
    left = {where: sorted(words) for where, words in found.items() if words}
    assert not left, f"English left on the operator's screens: {left}"
