"""Sign-in lockout (R0.2): N failures in a row lock the username for M minutes, shown on the real sign-in pages."""

import contextlib
import datetime as dt
import threading

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.test import Client
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory, staff
from digigov.identity import services
from digigov.identity.models import LoginFailure
from digigov.identity.tests.factories import PASSWORD

LOGIN = "/admin/login/"
LOCKED_TEXT = "This account is locked after too many failed sign-ins; try again after"
WRONG_TEXT = "didn&#x27;t match"


@pytest.fixture
def browser():
    return Client(headers={"accept-language": "en"})


def sign_in(client, username, password, url=LOGIN):
    return client.post(url, {"username": username, "password": password})


def actions(username):
    return list(LedgerEntry.objects.filter(object_id=username).values_list("action", flat=True))


@pytest.mark.django_db
def test_five_failures_lock_the_account_and_even_the_right_password_is_refused(browser):
    user = UserFactory()
    for _ in range(4):
        page = sign_in(browser, user.username, "wrong-password")
        assert page.status_code == 200
        assert WRONG_TEXT in page.content.decode()
    fifth = sign_in(browser, user.username, "wrong-password").content.decode()
    until = timezone.localtime(LoginFailure.objects.get(username=user.username).locked_until)
    assert f"{LOCKED_TEXT} {until:%H:%M}." in fifth
    assert WRONG_TEXT not in fifth

    right = sign_in(browser, user.username, PASSWORD)
    assert right.status_code == 200
    assert LOCKED_TEXT in right.content.decode()
    assert "_auth_user_id" not in browser.session
    assert dt.timedelta(minutes=29) < until - timezone.now() <= dt.timedelta(minutes=30)
    assert actions(user.username) == ["identity.signin.failed"] * 5 + ["identity.account.locked"] + [
        "identity.signin.failed"
    ]


@pytest.mark.django_db
def test_after_the_lock_runs_out_the_right_password_works_and_resets_the_count(browser):
    user = UserFactory()
    for _ in range(5):
        sign_in(browser, user.username, "wrong-password")
    LoginFailure.objects.filter(username=user.username).update(locked_until=timezone.now() - dt.timedelta(seconds=1))

    response = sign_in(browser, user.username, PASSWORD)
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)
    assert not LoginFailure.objects.filter(username=user.username).exists()
    assert LedgerEntry.objects.filter(action="identity.signin.succeeded", actor_id=user.pk).count() == 1


@pytest.mark.django_db
def test_a_success_resets_the_count_so_only_failures_in_a_row_lock(browser):
    user = UserFactory()
    for _ in range(4):
        sign_in(browser, user.username, "wrong-password")
    assert sign_in(browser, user.username, PASSWORD).status_code == 302
    browser.logout()
    for _ in range(4):
        page = sign_in(browser, user.username, "wrong-password")
    assert LOCKED_TEXT not in page.content.decode()
    assert sign_in(browser, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_administrator_sets_attempts_and_minutes(browser):
    admin = staff(Role.PLATFORM_ADMIN)
    rule_set(actor=admin, key="identity.lockout_attempts", value=2)
    rule_set(actor=admin, key="identity.lockout_minutes", value=5)
    user = UserFactory()
    sign_in(browser, user.username, "wrong-password")
    page = sign_in(browser, user.username, "wrong-password")
    assert LOCKED_TEXT in page.content.decode()
    until = LoginFailure.objects.get(username=user.username).locked_until
    assert dt.timedelta(minutes=4) < until - timezone.now() <= dt.timedelta(minutes=5)


@pytest.mark.django_db
def test_unknown_usernames_lock_the_same_way_so_the_page_reveals_no_accounts(browser):
    for _ in range(5):
        page = sign_in(browser, "nobody-here", "whatever")
    assert LOCKED_TEXT in page.content.decode()


@pytest.mark.django_db
def test_the_public_sign_in_page_shows_the_lock_too(browser):
    user = UserFactory()
    for _ in range(5):
        page = sign_in(browser, user.username, "wrong-password", url="/accounts/login/")
    assert page.status_code == 200
    assert LOCKED_TEXT in page.content.decode()
    assert sign_in(browser, user.username, PASSWORD, url="/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_the_platform_administrator_can_lift_a_lock(browser):
    admin, user = staff(Role.PLATFORM_ADMIN), UserFactory()
    for _ in range(5):
        sign_in(browser, user.username, "wrong-password")
    services.account_unlock(actor=admin, username=user.username)
    assert sign_in(browser, user.username, PASSWORD).status_code == 302
    assert "identity.account.unlocked" in actions(user.username)


@pytest.mark.django_db
def test_a_handler_cannot_lift_a_lock():
    from digigov.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.account_unlock(actor=staff(Role.HANDLER), username="someone")


@pytest.mark.django_db(transaction=True)
def test_parallel_guessing_cannot_outrun_the_limit():
    """Eight guesses at once: the row lock counts them one by one, so exactly one lock and eight failures.

    SQLite's in-memory test database is shared between threads through a cache that refuses, rather than queues,
    a second writer; there the threads take turns (the deployed file database queues them itself).
    """
    user = UserFactory()
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def guess():
        try:
            barrier.wait()
            with turns:
                authenticate(username=user.username, password="wrong-password")
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert actions(user.username).count("identity.signin.failed") == threads_n
    assert actions(user.username).count("identity.account.locked") == 1
    assert authenticate(username=user.username, password=PASSWORD) is None
