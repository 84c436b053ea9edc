"""Sizes are written one way everywhere (issue 8 B): MB on the rules screen, under upload fields and in the
refusals, never 兆字节 on one screen and MB on the next."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from digigov.catalog.tests.helpers import operator_user
from digigov.core import rules
from digigov.core.choices import Role
from digigov.core.tests.factories import staff

pytestmark = pytest.mark.django_db
SOURCE = Path(settings.BASE_DIR) / "src" / "digigov"
OTHER_WORDINGS = ("兆字节", "千字节", "兆比特", "megabyte")


def back_office(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def size_rules() -> list[rules.Rule]:
    return [r for r in rules.REGISTRY.values() if r.key.endswith("_mb")]


def test_every_size_rule_is_in_mb_and_no_catalogue_says_it_another_way():
    assert len(size_rules()) >= 4, "import, hosted table, attachment, unpacked workbook"
    with translation.override("zh-hans"):
        assert {str(r.unit) for r in size_rules()} == {"MB"}
    for po in SOURCE.rglob("*.po"):
        text = po.read_text(encoding="utf-8")
        assert not [w for w in OTHER_WORDINGS if w in text], po


def test_rules_screen_upload_fields_and_refusals_all_say_mb(client):
    admin = back_office(staff(Role.PLATFORM_ADMIN))
    client.force_login(admin)
    page = client.get("/admin/platform/rules/").content.decode()
    for r in size_rules():
        row = page.split(f"<code>{r.key}</code>")[1].split("</tr>")[0]
        assert f"{r.default} MB" in row and '<span class="rule-unit">MB</span>' in row, r.key
    assert "兆" not in page

    rules.rule_set(actor=admin, key="catalog.import_max_mb", value=1)
    client.force_login(back_office(operator_user()))
    lists = client.get("/admin/catalog/lists/demand/").content.decode()
    assert "文件不超过 1 MB" in lists
    too_big = SimpleUploadedFile("需求清单.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 10))
    refused = client.post("/admin/catalog/lists/demand/", {"file": too_big}, follow=True).content.decode()
    assert "文件超过 1 MB。" in refused

    client.force_login(back_office(staff(Role.HANDLER)))
    assert "不超过 20 MB。" in client.get("/admin/exchange/services/new/").content.decode()
