"""Loading the division tree (R0.1) from the data file in the repo (GB/T 2260 and statistical codes)."""

import csv
from pathlib import Path

from django.db import transaction

from digigov.core import ledger
from digigov.core.models import Division
from digigov.core.validators import division_level_of, validate_division_code

DEFAULT_FILE = Path(__file__).parent / "data" / "divisions.csv"


@transaction.atomic
def load_divisions(path: Path = DEFAULT_FILE, *, actor=None) -> int:
    """Insert or update every row of a `code,name,level,parent_code` file; returns rows created.

    Rows are applied parents first (shorter significant prefix first), whatever their order in the file.
    """
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    order = ["province", "city", "county", "township", "village"]
    rows.sort(key=lambda r: (order.index(r["level"]), r["code"]))
    existing = dict(Division.objects.values_list("code", "name"))
    created = 0
    for row in rows:
        code = validate_division_code(row["code"])
        if division_level_of(code) != row["level"]:
            raise ValueError(f"{path}: {code} is marked {row['level']} but its code says {division_level_of(code)}")
        if code in existing and existing[code] == row["name"]:
            continue
        Division.objects.update_or_create(
            code=code,
            defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent_code"] or None},
        )
        created += code not in existing
    if created:
        ledger.record(
            action="core.divisions.loaded",
            actor=actor,
            object_type="core.division",
            after={"file": path.name, "created": created},
        )
    return created


def installation_division() -> Division | None:
    """The division this installation serves — the one top-level division loaded (湖北省 in the demo) — for titles
    such as the annual reports'; None when there are several (a national installation) or none."""
    roots = list(Division.objects.filter(parent__isnull=True).order_by("code")[:2])
    return roots[0] if len(roots) == 1 else None
