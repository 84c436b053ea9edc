"""`manage.py load_demo`: the demo province on an empty (or already demo) database, idempotent."""

import random
from dataclasses import dataclass

from django.db import transaction

from digigov.core import divisions
from digigov.demo import citizens, keys, province, workbench

SEED = 20260101


@dataclass(frozen=True)
class DemoResult:
    staff: list[province.DemoAccount]
    parties: list[citizens.DemoParty]


@transaction.atomic
def load_demo() -> DemoResult:
    rng = random.Random(SEED)
    divisions.load_divisions()
    orgs = province.load_organisations(rng)
    staff = province.load_staff(orgs)
    parties = citizens.load_citizens(rng)
    keys.load_keys(orgs)
    workbench.load_todos(orgs)
    return DemoResult(staff, parties)
