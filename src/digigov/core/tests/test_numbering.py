"""Case numbers (prefix + day + sequence) stay unique and gap-free when many writers take them at once."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.db.utils import load_backend

from digigov.core.models import Notification, NumberCounter
from digigov.core.numbering import create_numbered, next_number
from digigov.core.tests.factories import UserFactory

DAY = dt.date(2026, 11, 23)


@pytest.mark.django_db
def test_numbers_count_up_per_prefix_and_start_again_each_day():
    assert [next_number("GX", day=DAY) for _ in range(3)] == ["GX202611230001", "GX202611230002", "GX202611230003"]
    assert next_number("JC", day=DAY) == "JC202611230001"
    assert next_number("GX", day=DAY + dt.timedelta(days=1)) == "GX202611240001"


@pytest.mark.django_db
def test_a_number_taken_in_a_rolled_back_transaction_is_given_again():
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("GX", day=DAY) == "GX202611230001"
        raise RuntimeError("the case was not saved")
    assert next_number("GX", day=DAY) == "GX202611230001"


@pytest.mark.django_db
def test_numbering_continues_after_numbers_stored_before_the_counter_existed():
    user = UserFactory()
    Notification.objects.create(recipient=user, title="TZ202611230007")
    made = create_numbered(Notification, "TZ", field="title", day=DAY, recipient=user)
    assert made.title == "TZ202611230008"
    assert NumberCounter.objects.get(prefix="TZ", day=DAY).last == 8


FILE_ALIAS = "numbering_file"


def _open_file_database(settings_dict) -> None:
    """This thread's connection to a SQLite database in a real file (the in-memory test database refuses, rather
    than queues, a second writer). Set per thread, as Django keeps one connection per thread and alias."""
    connections[FILE_ALIAS] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, FILE_ALIAS)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_number(tmp_path):
    """Eight threads take five numbers each, holding their transaction open a moment after taking one.

    Reading the highest number and adding one (the old way) hands the same number to two writers here. On SQLite
    the file database queues the writers; on PostgreSQL (DATABASE_URL=postgres://…) they really run together and
    the counter row's lock makes each wait for the one before it to commit.
    """
    using, file_settings = "default", None
    if connection.vendor == "sqlite":
        using, file_settings = FILE_ALIAS, {**connection.settings_dict, "NAME": str(tmp_path / "numbers.sqlite3")}
        _open_file_database(file_settings)
        with connections[using].schema_editor() as editor:
            editor.create_model(NumberCounter)
        connections[using].close()
    writers, each = 8, 5
    barrier = threading.Barrier(writers)
    taken, failures = [], []

    def take():
        try:
            if file_settings:
                _open_file_database(file_settings)
            barrier.wait()
            for _ in range(each):
                with transaction.atomic(using=using):
                    number = next_number("GX", day=DAY, using=using)
                    time.sleep(0.002)  # the rest of the case's transaction
                taken.append(number)
        except Exception as exc:  # noqa: BLE001  reported below, with the thread's error
            failures.append(exc)
        finally:
            connections[using].close()

    threads = [threading.Thread(target=take) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(taken) == [f"GX20261123{n:04d}" for n in range(1, writers * each + 1)]
