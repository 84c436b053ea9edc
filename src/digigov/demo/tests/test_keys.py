"""Demo signing keys (R0.5): one per department or institution, none for internal units, idempotent."""

import pytest

from digigov.core.choices import OrganisationKind
from digigov.core.tests.factories import OrganisationFactory
from digigov.demo.keys import load_keys
from digigov.signing.models import OrgKeyPair

pytestmark = pytest.mark.django_db


def test_demo_keys_are_one_per_department_and_idempotent():
    department = OrganisationFactory()
    unit = OrganisationFactory(kind=OrganisationKind.INTERNAL_UNIT, parent=department, uscc=None)
    first = load_keys({"dept": department, "unit": unit})
    assert set(first) == {"dept"}
    assert load_keys({"dept": department, "unit": unit}) == first
    assert OrgKeyPair.objects.filter(organisation__in=[department, unit]).count() == 1
