"""A separate process for test_backup.py (not collected by pytest): it writes like a busy server, or probes.

python backup_worker.py DATABASE_URL write STOP_FILE READY_FILE API_KEY PATH QUERY_KEY
    until STOP_FILE appears: append an audit ledger entry (its own transaction) and make one gateway call through
    the Django test client (one GatewayCall row each); touch READY_FILE once both kinds were written; then print
    {"ledger": entries appended, "calls": gateway calls answered 200}.
python backup_worker.py DATABASE_URL probe API_KEY PATH QUERY_KEY
    print one JSON object: the row count of every model's table (through the ORM), verify() of the ledger and its
    last action, then one gateway call (status and body) and the GatewayCall count after it.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PURPOSE = "备份期间的社保资格核验"


def gateway_call(client, api_key: str, path: str, key: str):
    return client.get(path, {"key": key, "purpose": PURPOSE}, headers={"x-api-key": api_key})


def write(stop: Path, ready: Path, api_key: str, path: str, key: str) -> None:
    from django.db import transaction
    from django.test import Client

    from digigov.core import audit_actions, ledger

    audit_actions.register("test.backup.written", "written while a backup runs")
    client = Client(HTTP_HOST="127.0.0.1")
    entries = calls = 0
    while not stop.exists():
        with transaction.atomic():
            ledger.record(
                action="test.backup.written", object_type="test.item", object_id=entries, after={"n": entries}
            )
        entries += 1
        response = gateway_call(client, api_key, path, key)
        if response.status_code != 200:
            raise SystemExit(f"gateway answered {response.status_code}: {response.content[:300]!r}")
        calls += 1
        if calls == 1:
            ready.touch()
    print(json.dumps({"ledger": entries, "calls": calls}))


def probe(api_key: str, path: str, key: str) -> None:
    from django.apps import apps
    from django.test import Client

    from digigov.core import ledger
    from digigov.core.models import LedgerEntry
    from digigov.exchange.models import GatewayCall

    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._default_manager.count()
    chain = ledger.verify()
    last = LedgerEntry.objects.order_by("-seq").values("seq", "action", "summary").first()
    response = gateway_call(Client(HTTP_HOST="127.0.0.1"), api_key, path, key)
    print(
        json.dumps(
            {
                "counts": counts,
                "verify": {"ok": chain.ok, "checked": chain.checked, "head_seq": chain.head_seq},
                "last_entry": last,
                "gateway": {"status": response.status_code, "body": response.json()},
                "gateway_calls_after": GatewayCall.objects.count(),
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "digigov.conf.test"
    import django

    django.setup()
    if sys.argv[2] == "write":
        write(Path(sys.argv[3]), Path(sys.argv[4]), *sys.argv[5:8])
    else:
        probe(*sys.argv[3:6])


if __name__ == "__main__":
    main()
