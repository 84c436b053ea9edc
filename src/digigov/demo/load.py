"""`manage.py load_demo`: the demo province on an empty (or already demo) database, idempotent."""

import random
from dataclasses import dataclass

from django.db import transaction

from digigov.core import divisions
from digigov.demo import cases as demo_cases
from digigov.demo import (
    citizens,
    eservices,
    forms,
    hotline,
    keys,
    licences,
    lists,
    oidc,
    opendata,
    province,
    seals,
    sharing,
    websites,
    workbench,
)

SEED = 20260101
LICENCES = 100_000  # the demo's licences (DIGIGOV_DEMO_LICENCES, `load_demo --licences`)


@dataclass(frozen=True)
class DemoResult:
    staff: list[province.DemoAccount]
    parties: list[citizens.DemoParty]
    sharing: sharing.SharingResult | None


@transaction.atomic
def load_demo(
    *,
    with_sharing: bool = True,
    cases: int = demo_cases.TARGET,
    licence_count: int = LICENCES,
    hotline_tickets: int | None = None,
) -> DemoResult:
    rng = random.Random(SEED)
    divisions.load_divisions()
    orgs = province.load_organisations(rng)
    staff = province.load_staff(orgs)
    parties = citizens.load_citizens(rng)
    keys.load_keys(orgs)
    seals.load_seals(orgs)  # every department's 公章 and 电子证照专用章, made on the operator's approval
    oidc.load_oidc_client()
    workbench.load_todos(orgs)
    hotline_staff = hotline.load_hotline(random.Random(SEED + 60), orgs, target=hotline_tickets)  # 12345 (issue 13)
    websites.load_websites(random.Random(SEED + 10), orgs)  # its own generator: the rest of the demo is unchanged
    # The catalogue and exchange demo takes most of the load time; tests of other modules leave it out.
    shared = sharing.load_sharing(rng, orgs, more_people=licence_count // 5) if with_sharing else None
    made_forms = forms.load_forms(orgs)  # after sharing: a resident's address is prefilled from its population resource
    if with_sharing:
        lists.load_lists(orgs)
        opendata.load_open_data(random.Random(SEED + 20), orgs)  # its own generator, as the websites have
        # Service items name catalogue resources as the data that replaces a material, and their forms: after both.
        eservices.load_eservices(random.Random(SEED + 30), orgs, {f.key: f for f in made_forms})
    # The same people as the population and legal-entity tables; before the cases, which use them (R6.2).
    licences.load_licences(
        random.Random(SEED + 50),
        orgs,
        people=shared.people if shared else [],
        entities=shared.entities if shared else [],
        target=licence_count,
    )
    if with_sharing:
        demo_cases.load_cases(random.Random(SEED + 40), target=cases)
    return DemoResult(staff + hotline_staff, parties, shared)
