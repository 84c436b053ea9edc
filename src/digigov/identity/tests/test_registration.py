"""Sign-up of citizens (自然人) and legal persons (法人) through the services (R0.2)."""

import threading
import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import connection, transaction
from django.utils import translation

from digigov.core.errors import DomainError
from digigov.core.models import LedgerEntry
from digigov.core.validators import id_number_check_char, uscc_check_char
from digigov.identity import services
from digigov.identity.choices import AssuranceLevel
from digigov.identity.models import CitizenProfile, LegalPersonProfile
from digigov.identity.tests.factories import citizen_data, legal_person_data, wrong_check_digit


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def field_errors(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(DomainError) as exc:
        call(**kwargs)
    return exc.value.fields


def users() -> int:
    return get_user_model().objects.count()


@pytest.mark.django_db
def test_a_citizen_registers_and_can_sign_in_with_the_new_password():
    data = citizen_data()
    profile = services.citizen_register(**data)
    assert profile.real_name == "张三"
    assert profile.assurance_level == AssuranceLevel.SELF_DECLARED
    assert authenticate(username=data["username"], password=data["password"]) == profile.user
    entry = LedgerEntry.objects.get(action="identity.citizen.registered")
    assert entry.actor_id == profile.user.pk
    assert data["id_number"] not in entry.summary
    assert data["id_number"][:6] + "********" + data["id_number"][14:] in entry.summary


@pytest.mark.django_db
def test_a_wrong_check_digit_is_named_and_nothing_is_written():
    data = citizen_data()
    bad = wrong_check_digit(data["id_number"])
    before, ledger_before = users(), LedgerEntry.objects.count()
    errors = field_errors(services.citizen_register, **{**data, "id_number": bad})
    expected = id_number_check_char(bad[:17])
    assert errors == {
        "id_number": [f"The check digit of the ID number is wrong: expected {expected}, found {bad[-1]}."]
    }
    assert (users(), LedgerEntry.objects.count()) == (before, ledger_before)


@pytest.mark.django_db
def test_one_id_number_opens_one_account_even_with_a_lower_case_x():
    data = citizen_data()
    while not data["id_number"].endswith("X"):
        data = citizen_data()
    services.citizen_register(**data)
    again = citizen_data(id_number=data["id_number"].lower())
    errors = field_errors(services.citizen_register, **again)
    assert errors["id_number"] == [
        "An account with this ID number already exists; sign in with it or reset its password."
    ]
    assert CitizenProfile.objects.count() == 1
    assert not get_user_model().objects.filter(username=again["username"]).exists()


@pytest.mark.django_db
def test_every_bad_field_is_reported_at_once():
    errors = field_errors(
        services.citizen_register, username="bad name!", password="short", real_name=" ", id_number="123", phone="12"
    )
    assert set(errors) == {"username", "password", "real_name", "id_number", "phone"}
    assert errors["id_number"] == ["The ID number must have 18 characters; this one has 3."]
    assert errors["phone"] == ["Enter an 11-digit mobile number starting with 1, for example 13812345678."]
    assert "This password is too short. It must contain at least 10 characters." in errors["password"]
    assert users() == 0


@pytest.mark.django_db
def test_usernames_are_unique_regardless_of_case():
    first = services.citizen_register(**citizen_data(username="Zhang.San"))
    errors = field_errors(services.citizen_register, **citizen_data(username="zhang.san"))
    assert errors == {"username": ["This username is taken; choose another."]}
    assert users() == 1 and first.user.username == "Zhang.San"


@pytest.mark.django_db
def test_the_password_may_not_resemble_the_name():
    errors = field_errors(services.citizen_register, **citizen_data(username="wangwu1990", password="Wangwu1990!"))
    assert errors["password"] == ["The password is too similar to the username."]


@pytest.mark.django_db
def test_a_legal_person_registers_with_a_valid_credit_code():
    data = legal_person_data()
    profile = services.legal_person_register(**data)
    assert profile.uscc == data["uscc"]
    assert profile.user.get_full_name() == data["entity_name"]
    assert LedgerEntry.objects.filter(action="identity.legal_person.registered", actor_id=profile.user.pk).exists()


@pytest.mark.django_db
def test_a_wrong_credit_code_check_character_is_named_and_duplicates_are_refused():
    data = legal_person_data()
    bad = wrong_check_digit(data["uscc"])
    errors = field_errors(services.legal_person_register, **{**data, "uscc": bad})
    assert errors == {
        "uscc": [
            f"The check character of the credit code is wrong: expected {uscc_check_char(bad[:17])}, found {bad[-1]}."
        ]
    }
    services.legal_person_register(**data)
    errors = field_errors(services.legal_person_register, **legal_person_data(uscc=data["uscc"]))
    assert errors == {"uscc": ["This credit code is already registered; ask the entity's account holder."]}
    assert LegalPersonProfile.objects.count() == 1 and users() == 1


@pytest.mark.django_db
def test_a_legal_persons_representative_id_number_is_checked():
    data = legal_person_data()
    errors = field_errors(services.legal_person_register, **{**data, "representative_id_number": "42010219900101123"})
    assert errors == {"representative_id_number": ["The ID number must have 18 characters; this one has 17."]}


@pytest.mark.django_db(transaction=True)
def test_a_lost_race_for_an_id_number_leaves_no_account_behind():
    """Another sign-up with the same ID number commits while this one is between its check and its insert.

    On PostgreSQL the insert waits for the other transaction and then fails on the unique index; the whole
    sign-up rolls back and says why. SQLite serialises writers, so there the check itself sees the other row.
    """
    data = citizen_data()
    other = get_user_model().objects.create_user("other", password="x")
    outcome = {}

    def register():
        try:
            with translation.override("en"):
                services.citizen_register(**data)
        except DomainError as exc:
            outcome["errors"] = exc.fields
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        with transaction.atomic():
            CitizenProfile.objects.create(
                user=other, real_name="李四", id_number=data["id_number"], phone="13800000000"
            )
            thread = threading.Thread(target=register)
            thread.start()
            time.sleep(0.5)  # the thread has passed its duplicate check and waits on the unique index
        thread.join()
    else:
        CitizenProfile.objects.create(user=other, real_name="李四", id_number=data["id_number"], phone="13800000000")
        register()
    assert outcome["errors"] == {
        "id_number": ["An account with this ID number already exists; sign in with it or reset its password."]
    }
    assert not get_user_model().objects.filter(username=data["username"]).exists()
    assert not LedgerEntry.objects.filter(action="identity.citizen.registered").exists()
