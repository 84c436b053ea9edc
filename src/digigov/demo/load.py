"""`manage.py load_demo`: the demo province on an empty (or already demo) database, idempotent."""

import random

from django.db import transaction

from digigov.core import divisions
from digigov.demo import province, workbench

SEED = 20260101


@transaction.atomic
def load_demo() -> list[province.DemoAccount]:
    rng = random.Random(SEED)
    divisions.load_divisions()
    orgs = province.load_organisations(rng)
    accounts = province.load_staff(orgs)
    workbench.load_todos(orgs)
    return accounts
