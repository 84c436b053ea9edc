"""Demo electronic seals (R7.1): each department gets a 公章 and a 电子证照专用章, made on the operator's approval
through the seals' services; internal units get none; loading again changes nothing."""

import pytest

from digigov.core.choices import OrganisationKind, Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.demo.seals import load_seals
from digigov.signing import api as signing
from digigov.signing.models import Seal

pytestmark = pytest.mark.django_db


def test_demo_seals_are_approved_requests_and_idempotent():
    operator = OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True)
    UserFactory(username="admin", is_superuser=True)
    leader = staff(Role.LEADER, operator)
    department = OrganisationFactory(name="湖北省民政厅")
    unit = OrganisationFactory(kind=OrganisationKind.INTERNAL_UNIT, parent=department, uscc=None, name="婚姻登记处")
    first = load_seals({"dept": department, "unit": unit})
    assert set(first) == {"dept"} and len(first["dept"]) == 2
    assert signing.seal_for(department).name == "湖北省民政厅电子证照专用章"
    assert signing.seal_for(department, kind="official").name == "湖北省民政厅"
    assert signing.seal_for(unit) == signing.seal_for(department)  # a unit uses its department's seal
    decided = LedgerEntry.objects.filter(action="signing.seal.request_decided", actor_id=leader.pk).count()
    assert decided == 2
    assert load_seals({"dept": department, "unit": unit}) == first
    assert Seal.objects.filter(organisation=department).count() == 2
