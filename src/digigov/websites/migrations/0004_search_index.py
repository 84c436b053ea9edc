"""The full-text index behind websites.search (R8.2), in each backend's own dialect, filled from published items.

No model state: the table is raw SQL that only websites.search reads and writes. Its statements are written out
here, not taken from the code, so that this migration means the same thing whatever the code becomes.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

STATEMENTS = {
    "sqlite": ["CREATE VIRTUAL TABLE websites_item_search USING fts5(title, number, summary, issuer, body, tags)"],
    "postgresql": [
        "CREATE TABLE websites_item_search "
        "(item_id bigint PRIMARY KEY, document tsvector NOT NULL, tags text NOT NULL DEFAULT '')",
        "CREATE INDEX websites_item_search_document ON websites_item_search USING gin (document)",
    ],
}


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise ImproperlyConfigured(f"site search supports SQLite and PostgreSQL, not {vendor}")
    for sql in STATEMENTS[vendor]:
        schema_editor.execute(sql)
    LibraryItem = apps.get_model("websites", "LibraryItem")
    if LibraryItem.objects.using(schema_editor.connection.alias).filter(live=True).exists():
        from digigov.websites import search

        search.reindex_all()


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS websites_item_search")


class Migration(migrations.Migration):
    dependencies = [("websites", "0003_review_and_sensitive_words")]

    operations = [migrations.RunPython(create_index, drop_index)]
