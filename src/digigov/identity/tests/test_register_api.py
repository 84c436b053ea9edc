"""POST /api/v1/identity/citizens and /legal-persons: public, in the one error shape (R0.2)."""

import pytest
from django.contrib.auth import get_user_model

from digigov.core.validators import id_number_check_char
from digigov.identity.models import CitizenProfile
from digigov.identity.tests.factories import citizen_data, legal_person_data, wrong_check_digit

pytestmark = pytest.mark.django_db
CITIZENS = "/api/v1/identity/citizens"
LEGAL_PERSONS = "/api/v1/identity/legal-persons"


@pytest.fixture
def api(client):
    def post(url, body):
        return client.post(url, body, content_type="application/json", headers={"accept-language": "en"})

    return post


def test_an_anonymous_caller_registers_a_citizen(api):
    data = citizen_data()
    response = api(CITIZENS, data)
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == data["username"] and body["name"] == "张三" and body["account_kind"] == "citizen"
    assert "id_number" not in body and "password" not in body


def test_a_bad_check_digit_gets_400_naming_the_digit(api):
    data = citizen_data()
    bad = wrong_check_digit(data["id_number"])
    response = api(CITIZENS, {**data, "id_number": bad})
    assert response.status_code == 400
    message = f"The check digit of the ID number is wrong: expected {id_number_check_char(bad[:17])}, found {bad[-1]}."
    assert response.json() == {
        "code": "invalid",
        "message": message,
        "errors": [{"field": "id_number", "message": message}],
    }
    assert get_user_model().objects.count() == 0


def test_a_second_account_for_the_same_id_number_is_refused(api):
    data = citizen_data()
    assert api(CITIZENS, data).status_code == 201
    response = api(CITIZENS, citizen_data(id_number=data["id_number"]))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "id_number",
            "message": "An account with this ID number already exists; sign in with it or reset its password.",
        }
    ]
    assert CitizenProfile.objects.count() == 1 and get_user_model().objects.count() == 1


def test_a_missing_field_is_named(api):
    data = citizen_data()
    del data["phone"]
    response = api(CITIZENS, data)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "phone"


def test_an_anonymous_caller_registers_a_legal_person(api):
    response = api(LEGAL_PERSONS, legal_person_data())
    assert response.status_code == 201
    assert response.json()["account_kind"] == "legal_person"


def test_the_openapi_document_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {CITIZENS, LEGAL_PERSONS} <= set(paths)
