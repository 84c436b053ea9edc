"""The designer in the back office over real HTTP: the menu, list, create, designer page (editor assets, schema in
a JSON script tag, no inline script), save → new version or Chinese errors by key, preview, versions, and
another organisation refused."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.forms import services
from digigov.forms.models import FormDefinition
from digigov.forms.schema import SUPPORTED
from digigov.forms.tests.factories import form, schema

pytestmark = pytest.mark.django_db


def back_office(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def test_list_shows_forms_and_the_menu(client):
    form()
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("forms_list")).content.decode()
    assert "个人事项申请表" in page and "全平台" in page and "新建表单" in page
    home = client.get("/admin/").content.decode()
    assert '"url": "/admin/forms/"' in home  # the sidebar's JSON: 流程与表单 › 表单


def test_create_then_design_page_carries_the_editor_and_the_schema(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("forms_create"), {"name": "出生登记", "key": "birth-reg", "owner": "platform"})
    definition = FormDefinition.objects.get(key="birth-reg")
    assert response.status_code == 302 and response.url == reverse("forms_design", args=[definition.pk])
    page = client.get(response.url).content.decode()
    assert "vendor/form-js/1.23.0/form-editor.umd.js" in page and "forms/designer.js" in page
    assert '<script id="form-schema" type="application/json">' in page
    assert "<script>" not in page.replace('<script id="form-schema" type="application/json">', "")
    config = json.loads(re.search(r'<script id="form-designer-config" type="application/json">(.*?)</script>', page)[1])
    assert config["labels"]["Text field"] == "单行文本" and config["labels"]["Input"] == "输入"
    assert config["supported"] == sorted(SUPPORTED) and "button" not in config["supported"]


def test_create_refuses_a_bad_key_in_chinese(client):
    client.force_login(UserFactory(is_superuser=True))
    page = client.post(reverse("forms_create"), {"name": "x", "key": "Bad Key", "owner": "platform"}).content.decode()
    assert "小写字母" in page


def test_save_makes_a_version_and_errors_come_back_by_key(client):
    definition = form()
    client.force_login(UserFactory(is_superuser=True))
    changed = schema()
    changed["components"][0]["text"] = "新说明"
    response = client.post(reverse("forms_design", args=[definition.pk]), {"schema": json.dumps(changed)})
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.current.number == 2
    bad = schema()
    bad["components"].append({"type": "textfield", "id": "F9", "key": "x", "label": "=now()"})
    refused = client.post(reverse("forms_design", args=[definition.pk]), {"schema": json.dumps(bad)})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "<code>x</code>" in page and "不支持表达式" in page
    assert "=now()" in page  # the posted schema is kept in the editor
    assert client.post(reverse("forms_design", args=[definition.pk]), {"schema": "{"}).status_code == 400
    versions = client.get(reverse("forms_versions", args=[definition.pk])).content.decode()
    assert "第 2 版" in versions and "第 1 版" in versions


def test_preview_draws_the_unsaved_schema_in_the_public_design(client):
    definition = form()
    client.force_login(UserFactory(is_superuser=True))
    changed = schema()
    changed["components"][0]["text"] = "未保存的说明"
    page = client.post(reverse("forms_preview", args=[definition.pk]), {"schema": json.dumps(changed)})
    html = page.content.decode()
    assert "public/public.css" in html and "未保存的说明" in html and 'class="panel letter"' in html
    checked = client.post(
        reverse("forms_preview", args=[definition.pk]), {"schema": json.dumps(changed), "check": "1", "f_name": ""}
    ).content.decode()
    assert "请填写“姓名”。" in checked
    saved = client.get(reverse("forms_preview", args=[definition.pk]) + "?version=1").content.decode()
    assert "请如实填写以下信息" in saved


def test_another_organisation_is_refused(client):
    own, other = OrganisationFactory(), OrganisationFactory()
    mine = services.definition_create(
        actor=staff(Role.ORG_ADMIN, own), key="mine", name="本单位", owner=own, schema=schema()
    )
    client.force_login(back_office(staff(Role.ORG_ADMIN, other)))
    assert client.get(reverse("forms_design", args=[mine.pk])).status_code == 404
    assert client.get(reverse("forms_versions", args=[mine.pk])).status_code == 404
    assert client.get(reverse("forms_preview", args=[mine.pk])).status_code == 404
    wide = form(key="wide")
    assert client.get(reverse("forms_design", args=[wide.pk])).status_code == 403
    assert client.post(reverse("forms_design", args=[wide.pk]), {"schema": "{}"}).status_code == 403
    assert client.get(reverse("forms_versions", args=[wide.pk])).status_code == 200
    page = client.post(reverse("forms_create"), {"name": "x", "key": "xx", "owner": str(own.pk)})
    assert page.status_code == 200 and not FormDefinition.objects.filter(key="xx").exists()
