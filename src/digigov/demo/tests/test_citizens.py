"""Demo citizens and legal persons: valid codes, loadable twice without duplicates."""

import random

import pytest
from django.contrib.auth import authenticate

from digigov.core.validators import validate_id_number, validate_uscc
from digigov.demo.citizens import load_citizens
from digigov.demo.province import DEMO_PASSWORD
from digigov.identity.models import CitizenProfile, LegalPersonProfile

pytestmark = pytest.mark.django_db


def test_demo_parties_are_valid_and_loading_twice_changes_nothing():
    parties = load_citizens(random.Random(7))
    assert [p.kind for p in parties].count("citizen") == 6 and [p.kind for p in parties].count("legal_person") == 3
    citizens = list(CitizenProfile.objects.values_list("id_number", flat=True))
    entities = list(LegalPersonProfile.objects.values_list("uscc", "representative_id_number"))
    assert all(validate_id_number(n) == n for n in citizens)
    assert all(validate_uscc(u) == u and validate_id_number(r) == r for u, r in entities)
    load_citizens(random.Random(7))
    assert (CitizenProfile.objects.count(), LegalPersonProfile.objects.count()) == (6, 3)
    assert authenticate(username=parties[0].username, password=DEMO_PASSWORD) is not None
