"""`manage.py backup` and `manage.py restore` on the real database, in separate processes (等级保护 三级 备份与恢复).

The backup runs while another process appends to the audit ledger and makes gateway calls; the restore goes into a
database of its own (SQLite: a new file; PostgreSQL: a second database, created and dropped here), which then must
hold exactly the rows the manifest counts, an intact ledger chain, the uploaded files, and serve a gateway call.
Keys stay out of the backup, and a restore under another key-encryption key is refused by the setting's name.
"""

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from digigov.core import ledger
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, setup
from digigov.signing.tests.factories import org_key

MANAGE = Path(django_settings.BASE_DIR) / "manage.py"
WORKER = Path(__file__).with_name("backup_worker.py")
KEK = "kek-for-the-backup-test-" + secrets.token_hex(8)
ZHANG = PEOPLE[0][0]
UPLOADS = {
    "exchange/error-reports/2026/户籍证明扫描件.pdf": b"%PDF-1.7\n" + secrets.token_bytes(3000),
    "jobs/7/需求清单.xlsx": b"PK\x03\x04" + secrets.token_bytes(5000),
}


def url_of(name: str) -> str:
    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
    host = f"{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}"
    return f"postgres://{quote(params['USER'])}{password}@{host}/{name}"


@pytest.fixture
def source(tmp_path, settings):
    """A DATABASE_URL other processes can use, holding what this test's database holds (see test_ledger.py).

    Signing keys are sealed under KEK, which the other processes get too.
    """
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = KEK
    ledger.ensure_head()
    org_key()

    def url() -> str:
        if connection.vendor == "postgresql":
            return url_of(connection.settings_dict["NAME"])
        path = tmp_path / "source.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
        return f"sqlite:///{path}"

    return url


@pytest.fixture
def target(tmp_path):
    """An empty database to restore into: a new SQLite file, or a second PostgreSQL database dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield url_of(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(url: str, var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="digigov.conf.test",
        DIGIGOV_VAR_DIR=str(var_dir),
        DIGIGOV_KEY_ENCRYPTION_KEY=KEK,
    )
    env.update(extra)
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *map(str, args)], env=env, capture_output=True, text=True, timeout=600
    )


def table_count(url: str, table: str) -> int:
    """Rows committed in the source database, read beside the writer."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def target_tables(url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return 0
        with sqlite3.connect(path) as db:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    name = url.rsplit("/", 1)[1]
    import psycopg

    with psycopg.connect(url_of(name), autocommit=True) as db:
        return db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


def backup_text(directory: Path) -> bytes:
    """Every byte of a backup as stored, and a PostgreSQL dump also as the SQL it expands to (it is compressed)."""
    blobs = [path.read_bytes() for path in sorted(directory.iterdir())]
    dump = directory / "database.pgdump"
    if dump.exists():
        blobs.append(subprocess.run(["pg_restore", "--file=-", dump], capture_output=True, check=True).stdout)
    return b"\n".join(blobs)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_the_server_writes_restores_whole_and_serves_the_gateway(source, target, tmp_path):
    s = setup()
    source_url, source_var, target_var = source(), tmp_path / "source-var", tmp_path / "target-var"
    for name, content in UPLOADS.items():
        (source_var / "media" / name).parent.mkdir(parents=True, exist_ok=True)
        (source_var / "media" / name).write_bytes(content)
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    ledger_before = table_count(source_url, "core_ledgerentry")

    writer = subprocess.Popen(
        [sys.executable, WORKER, source_url, "write", stop, ready, s.key, s.url, ZHANG],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: ready.exists() or writer.poll() is not None, "the writer did not start")
        assert writer.poll() is None, writer.communicate()
        made = manage("backup", tmp_path / "backup", env=env_for(source_url, source_var))
        assert made.returncode == 0, made.stdout + made.stderr
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        counts = manifest["counts"]
        # The writer goes on after the backup: the source grows past what the backup holds.
        wait_for(
            lambda: table_count(source_url, "exchange_gatewaycall") > counts["exchange_gatewaycall"] + 2,
            "the writer stopped writing",
        )
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    written = json.loads(out)

    # The backup holds the writes made before it and not those after it.
    assert ledger_before < counts["core_ledgerentry"] < ledger_before + written["ledger"]
    assert 0 < counts["exchange_gatewaycall"] < written["calls"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert [part["files"] for part in manifest["files"]] == [len(UPLOADS)]
    assert manifest["secrets"]["signing.key_encryption_key"]["setting"] == "DIGIGOV_KEY_ENCRYPTION_KEY"
    stored = backup_text(tmp_path / "backup")
    oidc_key = (source_var / "oidc.key").read_text().splitlines()[5].encode()  # a line of the PEM's body
    assert KEK.encode() not in stored and oidc_key not in stored, "keys never go into a backup"

    restored = manage("restore", tmp_path / "backup", env=env_for(target, target_var))
    assert restored.returncode == 0, restored.stdout + restored.stderr

    probe = subprocess.run(
        [sys.executable, WORKER, target, "probe", s.key, s.url, ZHANG], capture_output=True, text=True, timeout=300
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    # Every model's table holds the rows the manifest counted; the ledger one more: the restore itself.
    expected = {table: n for table, n in counts.items() if table in found["counts"]}
    expected["core_ledgerentry"] += 1
    assert {table: found["counts"][table] for table in expected} == expected
    for table in (
        "core_ledgerentry",
        "exchange_gatewaycall",
        "exchange_hostedrow",
        "signing_orgkeypair",
        "core_organisation",
    ):
        assert table in expected and expected[table] > 0
    assert found["verify"] == {
        "ok": True,
        "checked": counts["core_ledgerentry"] + 1,
        "head_seq": expected["core_ledgerentry"],
    }
    assert found["last_entry"]["action"] == "core.backup.restored"
    assert found["gateway"]["status"] == 200, found["gateway"]
    assert found["gateway"]["body"]["records"] == [
        {"sfzh": "420102********1236", "xm": "张*", "sjhm": "138****5678", "zz": "湖北省武汉市江岸区********"}
    ]
    assert found["gateway_calls_after"] == counts["exchange_gatewaycall"] + 1
    for name, content in UPLOADS.items():
        assert (target_var / "media" / name).read_bytes() == content


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_checks_hashes_keys_and_emptiness_before_it_touches_anything(source, target, tmp_path):
    source_url = source()
    made = manage("backup", tmp_path / "backup", env=env_for(source_url, tmp_path / "source-var"))
    assert made.returncode == 0, made.stderr
    target_var = tmp_path / "target-var"
    right = env_for(target, target_var)

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for part in (tmp_path / "backup").iterdir():
        (damaged / part.name).write_bytes(part.read_bytes())
    database_part = next(damaged.glob("database.*"))
    data = bytearray(database_part.read_bytes())
    data[len(data) // 2] ^= 0x01
    database_part.write_bytes(bytes(data))
    refused = manage("restore", damaged, env=right)
    assert refused.returncode != 0
    assert f"{database_part.name} 与清单中的 SHA-256 不符" in refused.stderr, refused.stderr
    assert target_tables(target) == 0

    wrong_key = env_for(target, target_var, DIGIGOV_KEY_ENCRYPTION_KEY="another-key-encryption-key")
    refused = manage("restore", tmp_path / "backup", env=wrong_key)
    assert refused.returncode != 0
    assert "密钥加密密钥不符" in refused.stderr and "DIGIGOV_KEY_ENCRYPTION_KEY" in refused.stderr, refused.stderr
    assert "The key-encryption key does not match" in refused.stderr
    assert target_tables(target) == 0

    checked = manage("restore", "--check", tmp_path / "backup", env=right)
    assert checked.returncode == 0, checked.stderr
    assert target_tables(target) == 0

    anyway = manage("restore", "--skip-key-check", tmp_path / "backup", env=wrong_key)
    assert anyway.returncode != 0, "restored, but the start-up check names the key"
    assert "signing.E001" in anyway.stderr and "DIGIGOV_KEY_ENCRYPTION_KEY" in anyway.stderr, anyway.stderr
    assert target_tables(target) > 0

    (target_var / "media").mkdir(parents=True, exist_ok=True)
    (target_var / "media" / "uploaded-after-the-backup.txt").write_text("a file the backup does not have")
    again = manage("restore", tmp_path / "backup", env=right)
    assert again.returncode != 0
    assert "数据库中已有" in again.stderr and "不是空目录" in again.stderr and "--replace" in again.stderr

    replaced = manage("restore", "--replace", tmp_path / "backup", env=right)
    assert replaced.returncode == 0, replaced.stderr
    assert not (target_var / "media" / "uploaded-after-the-backup.txt").exists()
    [kept] = target_var.glob("media.before-restore-*")
    assert (kept / "uploaded-after-the-backup.txt").read_text() == "a file the backup does not have"
    assert manage("check", "--database", "default", env=right).returncode == 0
