"""Ledger head row, append-only triggers on the ledger, and the official calendar from chinese-calendar."""

from django.db import migrations

SQLITE_TRIGGERS = [
    """CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only'); END""",
    """CREATE TRIGGER core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'audit ledger is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER core_ledgerentry_no_update", "DROP TRIGGER core_ledgerentry_no_delete"]

PG_TRIGGERS = [
    """CREATE FUNCTION core_ledgerentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit ledger is append-only'; END $$""",
    """CREATE TRIGGER core_ledgerentry_append_only BEFORE UPDATE OR DELETE ON core_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION core_ledgerentry_append_only()""",
]
PG_DROP = [
    "DROP TRIGGER core_ledgerentry_append_only ON core_ledgerentry",
    "DROP FUNCTION core_ledgerentry_append_only()",
]


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": PG_TRIGGERS}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(vendor, []):
        schema_editor.execute(sql)


def create_head(apps, schema_editor):
    apps.get_model("core", "LedgerHead").objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


def seed_calendar(apps, schema_editor):
    from chinese_calendar import constants

    from digigov.core.calendar import FESTIVAL_NAMES

    day_model = apps.get_model("core", "CalendarDay")
    year_model = apps.get_model("core", "CalendarYear")
    days = [
        day_model(date=d, kind="holiday", name=FESTIVAL_NAMES.get(n, n)) for d, n in constants.holidays.items()
    ] + [day_model(date=d, kind="makeup_workday", name=FESTIVAL_NAMES.get(n, n)) for d, n in constants.workdays.items()]
    day_model.objects.bulk_create(days, ignore_conflicts=True)
    years = {d.date.year for d in days}
    year_model.objects.bulk_create(
        [year_model(year=y, source="chinese_calendar") for y in sorted(years)], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
    ]
