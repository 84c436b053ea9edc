"""`/` is a portal home page from the first start: Wagtail's seeded page ("门户首页" after core 0005), a plain
`Page` nobody can give columns to, becomes a `PortalHomePage` in the same place of the tree (the way Wagtail's
project template replaces it). Opening the province portal (`services.site_create(default=True)`) later replaces
this unprofiled site."""

from django.conf import settings
from django.db import migrations


def to_portal_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    PortalHomePage = apps.get_model("websites.PortalHomePage")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    seeded = Page.objects.filter(depth=2, content_type=page_type, numchild=0).first() if page_type else None
    if seeded is None:
        return
    portal_type, _created = ContentType.objects.get_or_create(app_label="websites", model="portalhomepage")
    # The page row stays (its site keeps it); the portal's own row is added beside it: multi-table inheritance.
    PortalHomePage(page_ptr_id=seeded.pk, intro="").save_base(raw=True)
    Page.objects.filter(pk=seeded.pk).update(
        content_type=portal_type, title=settings.WAGTAIL_SITE_NAME, draft_title=settings.WAGTAIL_SITE_NAME
    )


class Migration(migrations.Migration):
    dependencies = [
        ("websites", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_portal_home, migrations.RunPython.noop)]
