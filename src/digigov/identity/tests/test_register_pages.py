"""The public sign-up pages (/accounts/register/...) and the account page, as a person on a phone uses them."""

import pytest
from django.test import Client

from digigov.core.validators import id_number_check_char, uscc_check_char
from digigov.identity.models import CitizenProfile, LegalPersonProfile
from digigov.identity.tests.factories import citizen_data, legal_person_data, wrong_check_digit

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(headers={"accept-language": "en"})


def citizen_form(data: dict) -> dict:
    form = {k: v for k, v in data.items() if k != "password"}
    return {**form, "password1": data["password"], "password2": data["password"]}


def test_the_citizen_page_is_a_self_contained_mobile_page(browser):
    page = browser.get("/accounts/register/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    for name in ("real_name", "id_number", "phone", "username", "password1", "password2"):
        assert f'name="{name}"' in html
    assert "<script" not in html and 'rel="stylesheet"' not in html


def test_a_wrong_check_digit_is_shown_next_to_the_id_number_field(browser):
    data = citizen_data()
    bad = wrong_check_digit(data["id_number"])
    page = browser.post("/accounts/register/", citizen_form({**data, "id_number": bad}))
    html = page.content.decode()
    assert page.status_code == 400
    expected = id_number_check_char(bad[:17])
    assert (
        f'<p class="error" id="id_id_number_error">The check digit of the ID number is wrong: '
        f"expected {expected}, found {bad[-1]}.</p>" in html
    )
    assert f'value="{bad}"' in html  # what was typed stays in the form
    assert not CitizenProfile.objects.exists()


def test_mismatched_passwords_are_caught_before_anything_is_written(browser):
    form = {**citizen_form(citizen_data()), "password2": "Something#Else2026"}
    page = browser.post("/accounts/register/", form)
    assert page.status_code == 400
    assert "The two passwords do not match." in page.content.decode()
    assert not CitizenProfile.objects.exists()


def test_a_weak_password_is_shown_on_the_password_field(browser):
    form = citizen_form(citizen_data(password="qzkdmwrt2026"))
    html = browser.post("/accounts/register/", form).content.decode()
    assert 'id="id_password1_error">Your password must mix at least three of' in html


def test_a_citizen_signs_up_is_signed_in_and_sees_the_account(browser):
    data = citizen_data()
    response = browser.post("/accounts/register/", citizen_form(data))
    assert response.status_code == 302 and response.url == "/accounts/"
    page = browser.get("/accounts/").content.decode()
    assert "Your account has been created and you are signed in." in page
    assert "张三" in page and "Citizen" in page and data["id_number"] not in page


def test_after_sign_up_the_person_goes_back_where_they_came_from_but_never_off_site(browser):
    data = citizen_data()
    form = {**citizen_form(data), "next": "/oidc/authorize/?client_id=x"}
    assert browser.post("/accounts/register/?next=x", form).url == "/oidc/authorize/?client_id=x"
    other = Client()
    form = {**citizen_form(citizen_data()), "next": "https://evil.example/"}
    assert other.post("/accounts/register/", form).url == "/accounts/"


def test_a_legal_person_signs_up_and_a_bad_credit_code_is_named(browser):
    data = legal_person_data()
    form = citizen_form(data)
    bad = wrong_check_digit(data["uscc"])
    html = browser.post("/accounts/register/legal-person/", {**form, "uscc": bad}).content.decode()
    assert f"expected {uscc_check_char(bad[:17])}, found {bad[-1]}." in html
    response = browser.post("/accounts/register/legal-person/", form)
    assert response.status_code == 302
    assert LegalPersonProfile.objects.get().uscc == data["uscc"]
    assert data["uscc"] in browser.get("/accounts/").content.decode()


def test_the_account_page_asks_strangers_to_sign_in(browser):
    response = browser.get("/accounts/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
