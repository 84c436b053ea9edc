"""`identity.api.applicant_profile`: the signed-in party's own real-name data, for forms that fill it in (R4.3)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import api
from digigov.identity.tests.factories import citizen_data, legal_person_data

pytestmark = pytest.mark.django_db


def test_a_citizen_gets_name_id_number_and_contact():
    data = citizen_data(real_name="王芳")
    user = api.citizen_register(**data).user
    user.email = "wangfang@example.cn"
    user.save()
    assert api.applicant_profile(user) == {
        "kind": "citizen",
        "name": "王芳",
        "id_number": data["id_number"],
        "phone": data["phone"],
        "email": "wangfang@example.cn",
        "assurance_level": "self_declared",
    }


def test_a_legal_person_gets_its_entity_data_and_nothing_empty():
    data = legal_person_data()
    user = api.legal_person_register(**data).user
    assert api.applicant_profile(user) == {
        "kind": "legal_person",
        "entity_name": data["entity_name"],
        "uscc": data["uscc"],
        "legal_representative": data["legal_representative"],
        "representative_id_number": data["representative_id_number"],
        "phone": data["phone"],
    }, "no e-mail address was given, so none is there"


def test_staff_and_anonymous_users_have_no_applicant_profile():
    assert api.applicant_profile(staff(Role.HANDLER, OrganisationFactory())) is None
    assert api.applicant_profile(AnonymousUser()) is None
    assert api.applicant_profile(None) is None
