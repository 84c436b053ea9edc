"""The full-text index behind catalog.search (R1.1), in each backend's own dialect, filled from existing rows.

No model state: the table is raw SQL that only catalog.search reads and writes.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

STATEMENTS = {
    "sqlite": [
        # Columns in catalog.search.COLUMNS order; the values are jieba tokens joined by spaces, which the
        # unicode61 tokenizer splits back on whitespace (it treats CJK characters as token characters).
        "CREATE VIRTUAL TABLE catalog_resource_search USING fts5(name, code, items, provider, classification, summary)",
    ],
    "postgresql": [
        "CREATE TABLE catalog_resource_search (resource_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        "CREATE INDEX catalog_resource_search_document ON catalog_resource_search USING gin (document)",
    ],
}


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise ImproperlyConfigured(f"catalogue search supports SQLite and PostgreSQL, not {vendor}")
    for sql in STATEMENTS[vendor]:
        schema_editor.execute(sql)
    Resource = apps.get_model("catalog", "Resource")
    if Resource.objects.using(schema_editor.connection.alias).exists():
        from digigov.catalog import search

        search.reindex_all(resource_model=Resource, using=schema_editor.connection.alias)


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS catalog_resource_search")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
