"""A separate process for test_ledger.py's concurrency test (not collected by pytest).

python ledger_writer.py DATABASE_URL write LABEL COUNT READY_FILE GO_FILE
    touch READY_FILE, wait for GO_FILE, then append COUNT entries, one transaction each;
python ledger_writer.py DATABASE_URL check GO_FILE
    wait for GO_FILE (so its start-up overlaps the writers'), then print one JSON object: every entry's
    (seq, prev_hash, hash, action), verify() with one and with two worker processes, and what
    `manage.py verify_ledger` printed and returned.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def wait_for(go: Path) -> None:
    deadline = time.monotonic() + 120
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{go} never appeared")
        time.sleep(0.002)


def write(label: str, count: int, ready: Path, go: Path) -> None:
    from django.db import transaction

    from digigov.core import audit_actions, ledger

    audit_actions.register(f"test.writer.{label}", label)  # a writer of its own kind, named like any app's action
    ready.touch()
    wait_for(go)  # both writers start together, so their transactions really interleave
    for number in range(count):
        with transaction.atomic():
            ledger.record(action=f"test.writer.{label}", object_type="test.item", object_id=number, after={"n": number})


def check(go: Path) -> None:
    from django.core.management import CommandError, call_command

    from digigov.core import ledger
    from digigov.core.models import LedgerEntry

    wait_for(go)
    rows = list(LedgerEntry.objects.order_by("seq").values_list("seq", "prev_hash", "hash", "action"))
    single, parallel = ledger.verify(), ledger.verify(workers=2, min_segment=100)
    out, code = io.StringIO(), 0
    try:
        call_command("verify_ledger", "--workers", "2", stdout=out)
    except CommandError as exc:
        code = exc.returncode
    print(
        json.dumps(
            {
                "rows": rows,
                "verify": [single.ok, single.checked],
                "verify_two_workers": [parallel.ok, parallel.checked],
                "command_output": out.getvalue(),
                "command_returncode": code,
            }
        )
    )


def main() -> None:
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "digigov.conf.test"
    import django

    django.setup()
    if sys.argv[2] == "write":
        write(sys.argv[3], int(sys.argv[4]), Path(sys.argv[5]), Path(sys.argv[6]))
    else:
        check(Path(sys.argv[3]))


if __name__ == "__main__":
    main()
