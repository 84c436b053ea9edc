"""The audit ledger is tamper-evident (R0.4): every change is chained by SM3, and any edit shows (R0.5)."""

import datetime as dt
import io
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from digigov.core import audit_actions, context, ledger
from digigov.core.models import LedgerEntry, LedgerHead
from digigov.core.tests.databases import share_database
from digigov.core.tests.factories import OrganisationFactory, staff

WRITER = Path(__file__).with_name("ledger_writer.py")
AUDIT_DOC = Path(__file__).resolve().parents[4] / "docs" / "audit.md"
TRIGGERS_OFF = {
    "sqlite": ["DROP TRIGGER core_ledgerentry_no_update", "DROP TRIGGER core_ledgerentry_no_delete"],
    "postgresql": ["ALTER TABLE core_ledgerentry DISABLE TRIGGER core_ledgerentry_append_only"],
}


TEST_ACTIONS = ("test.thing.created", "test.thing.changed")


@pytest.fixture(autouse=True)
def _test_actions():
    """The chain is tested with actions of its own, named like any app's (core/audit_actions.py)."""
    for key in TEST_ACTIONS:
        audit_actions.register(key, key)
    yield
    for key in TEST_ACTIONS:
        audit_actions.unregister(key)


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def switch_triggers_off() -> None:
    for statement in TRIGGERS_OFF[connection.vendor]:
        sql(statement)


@pytest.fixture
def chain(db):
    """Five entries recorded the normal way."""
    with transaction.atomic():
        return [
            ledger.record(action="test.thing.changed", object_type="test.thing", object_id=n, after={"n": n})
            for n in range(1, 6)
        ]


@pytest.fixture
def attacker(chain):
    """Someone with the database owner's rights switches the append-only triggers off.

    DDL is transactional on SQLite and PostgreSQL, so the test's rollback switches them back on
    (test_switching_the_triggers_off_is_undone_by_a_rollback proves it).
    """
    switch_triggers_off()


class Rollback(Exception):
    pass


# --- writing ---------------------------------------------------------------------------------------------------


def test_an_entry_recorded_in_a_transaction_that_rolls_back_leaves_no_trace(db):
    head = LedgerHead.objects.get(pk=1)
    with pytest.raises(Rollback), transaction.atomic():
        ledger.record(action="test.thing.created", object_type="test.thing", object_id=1)
        raise Rollback
    assert not LedgerEntry.objects.filter(action="test.thing.created").exists()
    assert LedgerHead.objects.values_list("seq", "hash").get(pk=1) == (head.seq, head.hash)


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(ledger.LedgerError):
        ledger.record(action="test.thing.created")
    assert not LedgerEntry.objects.exists()


def test_each_entry_links_to_the_one_before_and_the_head_to_the_last(chain):
    assert chain[0].prev_hash == ledger.GENESIS_HASH
    for previous, entry in zip(chain, chain[1:], strict=False):
        assert entry.seq == previous.seq + 1
        assert entry.prev_hash == previous.hash
    assert LedgerHead.objects.values_list("seq", "hash").get(pk=1) == (chain[-1].seq, chain[-1].hash)


def test_an_entry_records_who_where_what_and_the_change(db, tmp_path):
    organisation = OrganisationFactory(name="省大数据局")
    actor = staff(organisation=organisation, username="zhang.wei")
    token = context.bind(context.RequestContext(ip="10.1.2.3"))
    try:
        with transaction.atomic():
            entry = ledger.record(
                action="core.organisation.changed",
                actor=actor,
                organisation=organisation,
                obj=organisation,
                before={"name": "大数据中心"},
                after={"name": "省大数据局"},
            )
    finally:
        context.unbind(token)
    stored = LedgerEntry.objects.get(seq=entry.seq)
    lines = ledger.entry_content(stored).split("\n")
    assert lines == [
        str(stored.seq),
        stored.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        str(actor.pk),
        "zhang.wei",
        str(organisation.pk),
        "core.organisation.changed",
        "core.organisation",
        str(organisation.pk),
        '{"after": {"name": "省大数据局"}, "before": {"name": "大数据中心"}}',
        "10.1.2.3",
        stored.prev_hash,
    ]


def test_the_hash_is_sm3_of_the_canonical_content_as_openssl_computes_it(chain, tmp_path):
    for entry in LedgerEntry.objects.filter(seq__in=[e.seq for e in chain]):
        content = tmp_path / f"{entry.seq}.txt"
        content.write_bytes(ledger.entry_content(entry).encode("utf-8"))
        openssl = subprocess.run(["openssl", "dgst", "-sm3", "-r", content], capture_output=True, text=True)
        assert openssl.stdout.split()[0] == entry.hash


def test_a_line_break_in_a_field_cannot_forge_the_canonical_form(db):
    with transaction.atomic():
        entry = ledger.record(action="test.thing.changed", object_type="test\nthing", object_id="1\r\n2")
    assert ledger.entry_content(entry).count("\n") == 10
    assert ledger.verify().ok


def test_times_are_hashed_in_utc_with_microseconds_whatever_the_database_stores(db):
    """The database formats `at` for verify(); it must agree with format_at, also for a whole second."""
    shanghai = dt.datetime(2025, 3, 1, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert ledger.format_at(shanghai) == "2025-03-01T08:00:00.000000Z"
    head = LedgerHead.objects.get(pk=1)
    entry = LedgerEntry(seq=head.seq + 1, at=shanghai, action="test.thing.created", prev_hash=head.hash)
    entry.hash = ledger.content_hash(ledger.entry_content(entry))
    entry.save()
    LedgerHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    with transaction.atomic():
        ledger.record(action="test.thing.changed")
    (page,) = ledger._pages(entry.seq, entry.seq + 1)
    assert page[0][1] == "2025-03-01T08:00:00.000000Z"
    assert page[1][1] == ledger.format_at(LedgerEntry.objects.get(seq=entry.seq + 1).at)
    assert ledger.verify().ok


# --- the database refuses changes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda seq: LedgerEntry.objects.filter(seq=seq).update(summary="nothing happened"),
        lambda seq: LedgerEntry.objects.filter(seq=seq).delete(),
        lambda seq: sql("UPDATE core_ledgerentry SET hash = prev_hash WHERE seq = %s", [seq]),
        lambda seq: sql("DELETE FROM core_ledgerentry WHERE seq = %s", [seq]),
    ],
    ids=["orm-update", "orm-delete", "sql-update", "sql-delete"],
)
def test_the_database_refuses_to_change_or_delete_an_entry(chain, change):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change(chain[2].seq)
    assert LedgerEntry.objects.get(seq=chain[2].seq).hash == chain[2].hash
    assert ledger.verify().ok


def test_switching_the_triggers_off_is_undone_by_a_rollback(chain):
    with pytest.raises(Rollback), transaction.atomic():
        switch_triggers_off()
        sql("UPDATE core_ledgerentry SET summary = 'x' WHERE seq = %s", [chain[0].seq])
        raise Rollback
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("UPDATE core_ledgerentry SET summary = 'x' WHERE seq = %s", [chain[0].seq])
    assert ledger.verify().ok


# --- verify() finds what an attacker with the owner's rights did ------------------------------------------------


def test_an_empty_ledger_verifies(db):
    result = ledger.verify(workers=4, min_segment=1)
    assert (result.ok, result.checked, result.head_seq) == (True, 0, 0)


def test_an_intact_chain_verifies(chain):
    result = ledger.verify()
    assert result.ok
    assert (result.checked, result.head_seq, result.head_hash) == (chain[-1].seq, chain[-1].seq, chain[-1].hash)


def test_a_changed_entry_is_reported_at_its_sequence_number(chain, attacker):
    sql("UPDATE core_ledgerentry SET summary = %s WHERE seq = %s", ['{"after": {"n": 99}}', chain[2].seq])
    result = ledger.verify()
    assert result.first_break == ledger.Break(chain[2].seq, "content")
    assert result.checked == chain[1].seq


def test_a_deleted_entry_is_reported_missing(chain, attacker):
    sql("DELETE FROM core_ledgerentry WHERE seq = %s", [chain[2].seq])
    assert ledger.verify().first_break == ledger.Break(chain[2].seq, "missing")


@pytest.mark.parametrize("a,b", [(1, 3), (1, 2), (3, 4)], ids=["apart", "neighbours", "the-last-two"])
def test_swapped_entries_are_reported_reordered(chain, attacker, a, b):
    first, second = chain[a].seq, chain[b].seq
    sql("UPDATE core_ledgerentry SET seq = -1 WHERE seq = %s", [first])
    sql("UPDATE core_ledgerentry SET seq = %s WHERE seq = %s", [first, second])
    sql("UPDATE core_ledgerentry SET seq = %s WHERE seq = -1", [second])
    assert ledger.verify().first_break == ledger.Break(first, "reordered")


def test_deleting_the_last_entries_is_reported_as_truncation(chain, attacker):
    sql("DELETE FROM core_ledgerentry WHERE seq >= %s", [chain[3].seq])
    assert ledger.verify().first_break == ledger.Break(chain[3].seq, "truncated")


def forge(entry: LedgerEntry, summary: str) -> None:
    """Rewrite an entry and its hash, as someone who knows the algorithm would."""
    entry.summary = summary
    entry.hash = ledger.content_hash(ledger.entry_content(entry))
    sql("UPDATE core_ledgerentry SET summary = %s, hash = %s WHERE seq = %s", [summary, entry.hash, entry.seq])


def test_a_rewritten_and_rehashed_entry_breaks_the_next_link(chain, attacker):
    forge(chain[2], '{"after": {"n": 99}}')
    assert ledger.verify().first_break == ledger.Break(chain[3].seq, "previous_hash")


def test_a_rewritten_last_entry_no_longer_matches_the_head(chain, attacker):
    forge(chain[-1], '{"after": {"n": 99}}')
    assert ledger.verify().first_break == ledger.Break(chain[-1].seq, "head_mismatch")


def test_a_deleted_head_is_reported(chain):
    LedgerHead.objects.all().delete()
    assert ledger.verify().first_break == ledger.Break(0, "head_missing")
    with pytest.raises(ledger.LedgerError), transaction.atomic():
        ledger.record(action="test.thing.changed")


def test_verify_from_an_entry_checks_only_the_rest(chain, attacker):
    sql("UPDATE core_ledgerentry SET summary = 'x' WHERE seq = %s", [chain[0].seq])
    result = ledger.verify(chain[2].seq)
    assert (result.ok, result.checked) == (True, 3)
    assert ledger.verify(chain[0].seq).first_break == ledger.Break(chain[0].seq, "content")


@pytest.mark.parametrize(
    "tamper,expected",
    [
        (lambda seqs: sql("DELETE FROM core_ledgerentry WHERE seq = %s", [seqs[3]]), (3, "missing", 3)),
        (lambda seqs: sql("UPDATE core_ledgerentry SET ip = '1.1.1.1' WHERE seq = %s", [seqs[7]]), (7, "content", 7)),
        (lambda seqs: sql("DELETE FROM core_ledgerentry WHERE seq >= %s", [seqs[3]]), (3, "truncated", 3)),
        (lambda seqs: None, None),
    ],
    ids=["missing-at-a-seam", "content-in-the-last-segment", "truncated-at-a-seam", "intact"],
)
def test_segments_checked_apart_prove_the_same_as_one_walk(db, tamper, expected):
    """verify(workers=...) splits the chain (here into 1-3, 4-6, 7-9); the seams must not hide a break."""
    with transaction.atomic():
        seqs = [ledger.record(action="test.thing.changed", object_id=n).seq for n in range(9)]
    switch_triggers_off()
    tamper(seqs)
    result = ledger.verify(workers=3, min_segment=2)
    assert result == ledger.verify()
    if expected is None:
        assert (result.ok, result.checked) == (True, 9)
    else:
        index, reason, checked = expected
        assert (result.first_break, result.checked) == (ledger.Break(seqs[index], reason), checked)


# --- manage.py verify_ledger and export_ledger ------------------------------------------------------------------


def test_verify_ledger_prints_the_count_the_rate_and_ok(chain):
    out = io.StringIO()
    with translation.override("en"):
        call_command("verify_ledger", stdout=out)
    assert re.search(r"Checked 5 entries in [\d.]+ s \([\d,]+ entries/s\); ledger head #5 [0-9a-f]{64}", out.getvalue())
    assert "OK: the chain is intact." in out.getvalue()


def test_verify_ledger_prints_the_first_break_and_exits_with_1(chain, attacker):
    sql("DELETE FROM core_ledgerentry WHERE seq = %s", [chain[1].seq])
    sql("UPDATE core_ledgerentry SET summary = 'x' WHERE seq = %s", [chain[3].seq])
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as broken:
        call_command("verify_ledger", "--from", "1", stdout=out)
    assert broken.value.returncode == 1
    assert "Checked 1 entries" in out.getvalue()
    assert "BROKEN at entry #2 (missing): the entry with this sequence number is missing (deleted)" in out.getvalue()


def auditor_script(marker: str) -> str:
    """The shell snippet docs/audit.md shows under `<!-- marker -->`, so the doc cannot drift from the test."""
    found = re.search(rf"<!-- {marker} -->\s*```(?:bash|sh)\n(.*?)```", AUDIT_DOC.read_text(encoding="utf-8"), re.S)
    assert found, f"docs/audit.md has no block marked {marker}"
    return found.group(1)


def run_auditor(tmp_path: Path, marker: str, export: Path) -> subprocess.CompletedProcess:
    script = tmp_path / f"{marker}.sh"
    script.write_text(auditor_script(marker), encoding="utf-8")
    return subprocess.run(["bash", script, export], capture_output=True, text=True, timeout=60)


def test_an_auditor_checks_an_export_with_openssl_alone(chain, tmp_path):
    with transaction.atomic():
        ledger.record(action="test.thing.changed", after={"名称": "人口基础信息", "ok": True})
    export = tmp_path / "export"
    call_command("export_ledger", "--output", export, "--from", "2", stdout=io.StringIO())
    assert (export / "PREV").read_text().strip() == chain[0].hash
    assert (export / "entries" / "000000000006.txt").read_bytes() == ledger.entry_content(
        LedgerEntry.objects.get(seq=6)
    ).encode("utf-8")
    checked = run_auditor(tmp_path, "check-ledger.sh", export)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().splitlines()[-1] == "OK: 5 entries, #2 to #6, hashes and links match"
    fast = run_auditor(tmp_path, "check-hashes.sh", export)
    assert fast.returncode == 0, fast.stdout + fast.stderr
    assert LedgerEntry.objects.filter(action="core.ledger.exported", summary__contains='"to": 6').exists()


def test_an_auditor_sees_an_entry_changed_in_the_database(chain, attacker, tmp_path):
    sql("UPDATE core_ledgerentry SET actor_name = 'nobody' WHERE seq = %s", [chain[2].seq])
    export = tmp_path / "export"
    call_command("export_ledger", "--output", export, stdout=io.StringIO())
    checked = run_auditor(tmp_path, "check-ledger.sh", export)
    assert checked.returncode == 1
    assert "BROKEN at entries/000000000003.txt: content does not match its SM3 hash" in checked.stdout
    assert run_auditor(tmp_path, "check-hashes.sh", export).returncode == 1


def test_an_auditor_sees_a_deleted_entry_in_the_export(chain, tmp_path):
    export = tmp_path / "export"
    call_command("export_ledger", "--output", export, "--to", "4", stdout=io.StringIO())
    (export / "entries" / "000000000002.txt").unlink()
    lines = (export / "SM3SUMS").read_text().splitlines()
    (export / "SM3SUMS").write_text("\n".join(lines[:1] + lines[2:]) + "\n")
    checked = run_auditor(tmp_path, "check-ledger.sh", export)
    assert checked.returncode == 1
    assert "BROKEN at entries/000000000003.txt: expected entry 2" in checked.stdout


# --- two processes appending at once ----------------------------------------------------------------------------


@pytest.fixture
def shared_database(tmp_path):
    return share_database(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_two_processes_appending_at_once_never_fork_the_chain(shared_database, tmp_path):
    base = LedgerHead.objects.get(pk=1).seq
    go, written, labels = tmp_path / "go", tmp_path / "written", ("a", "b")

    def start(*args) -> subprocess.Popen:
        command = [sys.executable, WRITER, shared_database, *args]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    writers = [start("write", label, "300", tmp_path / f"ready-{label}", go) for label in labels]
    checker = start("check", written)  # starts up while the others write; checks once they are done
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{label}").exists() for label in labels):
        assert all(writer.poll() is None for writer in writers), [writer.communicate() for writer in writers]
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.01)
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    written.touch()
    out, err = checker.communicate(timeout=120)
    assert checker.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])

    rows = [row for row in report["rows"] if row[0] > base]
    assert [row[0] for row in rows] == list(range(base + 1, base + 601))
    assert all(row[1] == previous[2] for previous, row in zip(report["rows"], report["rows"][1:], strict=False))
    assert Counter(row[3] for row in rows) == {"test.writer.a": 300, "test.writer.b": 300}
    assert report["verify"] == [True, base + 600]
    assert report["verify_two_workers"] == [True, base + 600]
    assert report["command_returncode"] == 0
    assert f"#{base + 600} " in report["command_output"]
