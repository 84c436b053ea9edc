"""Wagtail's own migrations seed English data that staff see on its settings and reports screens (issue 8): the
groups "Editors" and "Moderators", the workflow and task "Moderators approval", the root page "Root", the site's
page "Welcome to your new Wagtail site!" and the root collection "Root". Renamed in Chinese where still untouched.

Wagtail's later migrations could look groups up by their English names; when upgrading Wagtail, check its new
migrations for "Editors" or "Moderators" (none after 0005 up to 8.0).
"""

from django.db import migrations

GROUPS = {"Editors": "编辑人员", "Moderators": "审核人员"}
WORKFLOWS = {"Moderators approval": "审核人员审批"}
PAGES = {"Root": "根页面", "Welcome to your new Wagtail site!": "门户首页"}
COLLECTIONS = {"Root": "根集合"}


RENAMES = (
    ("auth.Group", "name", GROUPS),
    ("wagtailcore.Workflow", "name", WORKFLOWS),
    ("wagtailcore.Task", "name", WORKFLOWS),
    ("wagtailcore.Collection", "name", COLLECTIONS),
    ("wagtailcore.Page", "title", PAGES),
)


def _rename(apps, *, back: bool) -> None:
    for model, field, mapping in RENAMES:
        for english, chinese in mapping.items():
            old, new = (chinese, english) if back else (english, chinese)
            changes = {field: new, "draft_title": new} if model == "wagtailcore.Page" else {field: new}
            apps.get_model(model).objects.filter(**{field: old}).update(**changes)


def to_chinese(apps, schema_editor):
    _rename(apps, back=False)


def to_english(apps, schema_editor):
    _rename(apps, back=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_number_counter"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
