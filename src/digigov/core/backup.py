"""Backup and restore of an installation (等级保护 2.0 三级: 数据备份与恢复; docs/backup.md).

A backup is one directory: the database (SQLite through its online backup API, PostgreSQL through
``pg_dump -Fc``), one tar per file storage (uploads, job results), and ``manifest.json`` with the version, the
time, the database vendor, the SHA-256 of every part and the row count of every table. The database and the
manifest's counts come from one snapshot while the server keeps writing:

- SQLite: ``sqlite3_backup_step(-1)`` copies every page in one step, inside one read transaction; in WAL mode
  writers go on meanwhile and the copy is the database as of the step's start. Counts are taken from the copy.
- PostgreSQL: a REPEATABLE READ transaction exports its snapshot; the counts are taken in it and ``pg_dump
  --snapshot`` dumps exactly that state.

The database is copied before the files, so every file the database names was on disk when the files were
packed (a file uploaded meanwhile is an unused extra; one deleted meanwhile is missing — the manifest counts them).

Keys are never in a backup: the key-encryption key of the signing keys and the OpenID Connect key live in the
secret store. An app whose data needs such a key registers it with `register_secret`; the backup records the
key's fingerprint (never the key), and `restore` refuses, before touching anything, to restore data under a
different key. Restore also checks every part's SHA-256 and refuses a non-empty database unless told to
replace it; it writes the database in one transaction (PostgreSQL) or through SQLite's backup API (never by copying
a file under a live WAL), then checks the row counts against the manifest and the ledger's hash chain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import DomainError

FORMAT = "digigov-backup/1"
MANIFEST = "manifest.json"
DATABASE_PART = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20
HEAD_TABLE = "core_ledgerhead"
FILE_BACKENDS = ("django.core.files.storage.FileSystemStorage", "django.core.files.storage.filesystem")


class BackupError(DomainError):
    code = "backup_refused"
    default_message = _("The backup or restore was refused.")


# --- keys kept out of the backup ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutsideSecret:
    """A key the data needs that is kept in the secret store, never in a backup (docs/backup.md).

    `recorded_sql` reads, from a table of the app (`table`), the fingerprint of the key the data was made under
    (one text value, or no row while nothing depends on the key yet); `configured()` is the fingerprint of the key
    this installation has now. A mismatch refuses the restore with `mismatch_message(recorded, configured)`.
    """

    name: str
    setting: str
    table: str
    recorded_sql: str
    configured: Callable[[], str]
    mismatch_message: Callable[[str, str], str]


SECRETS: dict[str, OutsideSecret] = {}


def register_secret(secret: OutsideSecret) -> None:
    """Called from an app's AppConfig.ready(); registering the same name again replaces it."""
    SECRETS[secret.name] = secret


# --- reading a snapshot ------------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _one(cursor, sql: str) -> tuple | None:
    cursor.execute(sql)
    return cursor.fetchone()


def snapshot_facts(cursor, vendor: str) -> dict[str, Any]:
    """What the manifest says about a database, read through `cursor` (one snapshot): every table's row count,
    the applied migrations, the ledger head and the recorded key fingerprints."""
    tables = _tables(cursor, vendor)
    counts = {table: _one(cursor, f"SELECT count(*) FROM {_quote(table)}")[0] for table in tables}  # noqa: S608
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    head = _one(cursor, f"SELECT seq, hash FROM {HEAD_TABLE} WHERE id = 1") if HEAD_TABLE in counts else None  # noqa: S608
    secrets = {}
    for secret in SECRETS.values():
        found = _one(cursor, secret.recorded_sql) if secret.table in counts else None
        secrets[secret.name] = {"setting": secret.setting, "fingerprint": found[0] if found else None}
    return {
        "counts": counts,
        "migrations": migrations,
        "ledger_head": {"seq": head[0], "hash": head[1]} if head else None,
        "secrets": secrets,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _part(path: Path, **extra) -> dict[str, Any]:
    return {"name": path.name, "sha256": _sha256(path), "bytes": path.stat().st_size, **extra}


# --- the database ------------------------------------------------------------------------------------------------


def _vendor() -> str:
    if connection.vendor not in DATABASE_PART:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor})
    return connection.vendor


def _sqlite_path() -> Path:
    if connection.is_in_memory_db():
        raise BackupError(_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(connection.settings_dict["NAME"])


def _dump_sqlite(work: Path) -> tuple[dict, dict]:
    copy_path = work / DATABASE_PART["sqlite"]
    connection.ensure_connection()
    copy = sqlite3.connect(copy_path)
    try:
        # One step (pages=-1): one read transaction, so the copy is one moment of the database; WAL lets writers on.
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, not flagged for a WAL beside it
        facts = snapshot_facts(copy.cursor(), "sqlite")
        version = sqlite3.sqlite_version
    finally:
        copy.close()
    return _part(copy_path, kind="database"), {**facts, "server_version": version}


def postgres_env() -> dict[str, str]:
    """libpq's environment for pg_dump, pg_restore and psql: the same server, user and database as Django."""
    params = connection.settings_dict
    options = params.get("OPTIONS") or {}
    env = {**os.environ, "PGDATABASE": params["NAME"], "PGAPPNAME": "digigov-backup"}
    for variable, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGSSLMODE", options.get("sslmode")),
        ("PGSSLROOTCERT", options.get("sslrootcert")),
        ("PGSSLCERT", options.get("sslcert")),
        ("PGSSLKEY", options.get("sslkey")),
        ("PGPASSFILE", options.get("passfile")),
        ("PGSERVICE", options.get("service")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(tool)s is not installed on this machine; install the PostgreSQL client tools.") % {"tool": command[0]}
        )
    result = subprocess.run(command, capture_output=True, text=True, env=postgres_env(), check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": command[0], "error": result.stderr.strip()[-2000:]}
        )
    return result


def _dump_postgres(work: Path) -> tuple[dict, dict]:
    dump_path = work / DATABASE_PART["postgresql"]
    if connection.in_atomic_block:
        raise BackupError(_("Run the backup outside a transaction."))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        facts = snapshot_facts(cursor, "postgresql")
        # pg_dump reads the snapshot this transaction holds open: the dump and the counts are one moment.
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump_path}"])
    tool = _run(["pg_dump", "--version"]).stdout.strip()
    return _part(dump_path, kind="database"), {**facts, "server_version": version, "dump_tool": tool}


# --- files -------------------------------------------------------------------------------------------------------


def file_storages() -> list[tuple[str, Path]]:
    """(alias, directory) of every file-system storage in STORAGES except static files (rebuilt by collectstatic).

    A storage of another kind (an S3-compatible bucket) is left to that store's own versioning; docs/backup.md.
    """
    found = []
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles" or not config["BACKEND"].startswith(FILE_BACKENDS):
            continue
        location = (config.get("OPTIONS") or {}).get("location") or settings.MEDIA_ROOT
        found.append((alias, Path(location)))
    return found


def _storages_elsewhere() -> list[str]:
    return [
        alias
        for alias, config in settings.STORAGES.items()
        if alias != "staticfiles" and not config["BACKEND"].startswith(FILE_BACKENDS)
    ]


def _pack_files(work: Path, alias: str, directory: Path) -> dict:
    path = work / f"files-{alias}.tar"
    count = 0
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        if directory.is_dir():
            for file in sorted(p for p in directory.rglob("*") if p.is_file() and not p.is_symlink()):
                with contextlib.suppress(FileNotFoundError):  # deleted while we walked: the manifest counts what is in
                    archive.add(file, arcname=file.relative_to(directory).as_posix(), recursive=False)
                    count += 1
    return _part(path, kind="files", storage=alias, files=count)


def _directory_in_use(directory: Path) -> bool:
    return directory.is_dir() and any(directory.iterdir())


def _stage_files(source: Path, directory: Path, *, stamp: str) -> Path:
    """Unpack a storage's tar into a fresh directory beside its target (before the database is touched)."""
    fresh = directory.with_name(f"{directory.name}.restoring-{stamp}")
    fresh.mkdir(parents=True)
    with tarfile.open(source) as archive:
        archive.extractall(fresh, filter="data")  # no absolute paths, no "..", no devices or links out
    return fresh


def _swap_in(fresh: Path, directory: Path, *, stamp: str) -> Path | None:
    """Put the unpacked directory in place; a directory that had files is kept aside, never deleted."""
    kept = None
    if _directory_in_use(directory):
        kept = directory.with_name(f"{directory.name}.before-restore-{stamp}")
        directory.rename(kept)
    elif directory.exists():
        directory.rmdir()
    fresh.rename(directory)
    return kept


# --- backup ------------------------------------------------------------------------------------------------------


def _version() -> str:
    try:
        return importlib.metadata.version("digigov")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def create(destination: Path) -> dict[str, Any]:
    """Write a backup into `destination` (a new directory) and return its manifest; see the module docstring.

    The parts are written into ``<destination>.partial`` and renamed when the manifest is complete, so a
    directory with the final name is always a whole backup.
    """
    vendor = _vendor()
    destination = destination.resolve()
    if destination.exists():
        raise BackupError(_("%(path)s already exists; back up into a new directory.") % {"path": destination})
    work = destination.with_name(destination.name + ".partial")
    if work.exists():
        raise BackupError(_("%(path)s is left from a backup that did not finish; delete it first.") % {"path": work})
    work.mkdir(parents=True)
    try:
        started = timezone.now()
        database, facts = _dump_sqlite(work) if vendor == "sqlite" else _dump_postgres(work)
        files = [_pack_files(work, alias, directory) for alias, directory in file_storages()]
        manifest = {
            "format": FORMAT,
            "digigov_version": _version(),
            "django_version": django.get_version(),
            "created_at": started.astimezone(dt.UTC).isoformat(),
            "finished_at": timezone.now().astimezone(dt.UTC).isoformat(),
            "database": {"vendor": vendor, "server_version": facts.pop("server_version"), **database},
            "files": files,
            "storages_not_included": _storages_elsewhere(),
            **facts,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        work.rename(destination)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    with transaction.atomic():
        ledger.record(
            action="core.backup.created",
            object_type="core.backup",
            object_id=destination.name,
            after={
                "path": str(destination),
                "ledger_seq": (manifest["ledger_head"] or {}).get("seq"),
                "rows": sum(manifest["counts"].values()),
                "files": sum(part["files"] for part in files),
            },
        )
    return manifest


# --- restore -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A backup whose parts match its manifest, and what restoring it here would replace."""

    source: Path
    manifest: dict[str, Any]
    database_tables: int
    storages_in_use: list[str]
    warnings: list[str]


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(_("%(path)s is not a backup: it has no manifest.json.") % {"path": source}) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(_("The manifest %(path)s is damaged.") % {"path": path}) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s has format %(format)r; this version restores %(expected)s.")
            % {"path": path, "format": manifest.get("format"), "expected": FORMAT}
        )
    return manifest


def _check_parts(source: Path, manifest: dict) -> None:
    for part in [manifest["database"], *manifest["files"]]:
        path = source / part["name"]
        if not path.is_file():
            raise BackupError(_("The backup lacks %(name)s, which its manifest lists.") % {"name": part["name"]})
        if path.stat().st_size != part["bytes"] or _sha256(path) != part["sha256"]:
            raise BackupError(
                _("%(name)s does not match the SHA-256 in the manifest: the backup is damaged or was altered.")
                % {"name": part["name"]}
            )


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names)
    unknown = [m for m in unknown if tuple(m.split(".", 1)) not in known]
    if unknown:
        raise BackupError(
            _("The backup was made by a newer version (migrations %(names)s are unknown here); install that version.")
            % {"names": ", ".join(unknown[:5])}
        )


def _check_secrets(manifest: dict, *, skip: bool) -> list[str]:
    warnings = []
    for name, recorded in manifest.get("secrets", {}).items():
        secret = SECRETS.get(name)
        if secret is None or not recorded.get("fingerprint"):
            continue
        configured = secret.configured()
        if configured == recorded["fingerprint"]:
            continue
        message = secret.mismatch_message(recorded["fingerprint"], configured)
        if not skip:
            raise BackupError(message, code="key_mismatch")
        warnings.append(message)
    return warnings


def _target_tables(vendor: str) -> int:
    if vendor == "sqlite":
        path = _sqlite_path()
        if not path.exists():
            return 0
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as target:
            return len(_tables(target.cursor(), "sqlite"))
    with connection.cursor() as cursor:
        return len(_tables(cursor, "postgresql"))


def check(source: Path, *, replace: bool = False, skip_key_check: bool = False) -> Checked:
    """Everything restore verifies before it touches anything: manifest, SHA-256 of every part, database vendor,
    migrations known to this code, keys, and that the database and file directories are empty unless `replace`."""
    source = source.resolve()
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _("The backup holds a %(backup)s database; DATABASE_URL names a %(here)s one.")
            % {"backup": manifest["database"]["vendor"], "here": vendor}
        )
    _check_parts(source, manifest)
    _check_migrations(manifest)
    warnings = _check_secrets(manifest, skip=skip_key_check)
    try:
        tables = _target_tables(vendor)
    except (DatabaseError, sqlite3.Error) as error:
        raise BackupError(
            _("Cannot open the database DATABASE_URL names (%(error)s); create it first.") % {"error": error}
        ) from None
    directories = dict(file_storages())
    unknown = [part["storage"] for part in manifest["files"] if part["storage"] not in directories]
    if unknown:
        raise BackupError(
            _("The backup has files of storage %(names)s, which STORAGES does not configure here.")
            % {"names": ", ".join(unknown)}
        )
    in_use = [part["storage"] for part in manifest["files"] if _directory_in_use(directories[part["storage"]])]
    if not replace and (tables or in_use):
        what = [_("the database has %(n)d tables") % {"n": tables}] if tables else []
        what += [_("%(path)s is not empty") % {"path": directories[alias]} for alias in in_use]
        raise BackupError(
            _("Refusing to overwrite: %(what)s. Restore into an empty database, or pass --replace.")
            % {"what": "; ".join(what)},
            code="target_not_empty",
        )
    return Checked(source, manifest, tables, in_use, warnings)


def _restore_sqlite(path: Path) -> None:
    target = _sqlite_path()
    connection.close()
    if not target.exists():
        for stale in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            stale.unlink(missing_ok=True)  # a WAL without its database would be replayed into the new one
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    database = sqlite3.connect(target, timeout=20)
    try:
        backup.backup(database, pages=-1)  # every page through SQLite: the target's WAL stays consistent
    finally:
        database.close()
        backup.close()


def _restore_postgres(path: Path, *, replace: bool) -> None:
    """pg_restore writes the dump as SQL into psql, which runs it in one transaction: all of it or nothing."""
    connection.close()
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise BackupError(
                _("%(tool)s is not installed on this machine; install the PostgreSQL client tools.") % {"tool": tool}
            )
    env = postgres_env()
    restore = subprocess.Popen(  # noqa: S603
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)],  # noqa: S607
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    psql = subprocess.Popen(  # noqa: S603
        ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--file=-"],  # noqa: S607
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert restore.stdout is not None and psql.stdin is not None  # noqa: S101 - both are pipes
    try:
        if replace:
            psql.stdin.write(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        shutil.copyfileobj(restore.stdout, psql.stdin, CHUNK)
    except BrokenPipeError:
        pass  # psql stopped at an error; its message is read below
    finally:
        psql.stdin.close()
    restore_error = restore.stderr.read().decode(errors="replace") if restore.stderr else ""
    psql_error = psql.stderr.read().decode(errors="replace") if psql.stderr else ""
    if restore.wait() != 0 or psql.wait() != 0:
        raise BackupError(
            _("The database was not restored (nothing was changed): %(error)s")
            % {"error": (psql_error or restore_error).strip()[-2000:]}
        )


def _stamp() -> str:
    return timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    ledger: ledger.VerifyResult
    kept_aside: list[Path]
    warnings: list[str]


def _differences(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    return [
        f"{table}: {expected.get(table)} → {found.get(table)}"
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    ]


def restore(source: Path, *, replace: bool = False, skip_key_check: bool = False) -> Restored:
    """Restore the backup in `source` into DATABASES["default"] and the file storages (docs/backup.md).

    Nothing is touched until `check` has passed. Afterwards the restored database must hold exactly the rows the
    manifest counts and an intact ledger chain ending at the manifest's head; the restore is then recorded in the
    ledger and the cache (which held the replaced data) is cleared.
    """
    checked = check(source, replace=replace, skip_key_check=skip_key_check)
    manifest, vendor = checked.manifest, manifest_vendor(checked.manifest)
    stamp = _stamp()
    directories = dict(file_storages())
    staged = [
        (_stage_files(checked.source / part["name"], directories[part["storage"]], stamp=stamp), part["storage"])
        for part in manifest["files"]
    ]
    database = checked.source / manifest["database"]["name"]
    try:
        if vendor == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgres(database, replace=replace)
    except BaseException:
        for fresh, _alias in staged:
            shutil.rmtree(fresh, ignore_errors=True)
        raise
    kept = [path for fresh, alias in staged if (path := _swap_in(fresh, directories[alias], stamp=stamp))]
    with connection.cursor() as cursor:
        found = snapshot_facts(cursor, vendor)
    wrong = _differences(manifest["counts"], found["counts"])
    if wrong:
        raise BackupError(
            _("The restored database does not hold the rows the manifest counts: %(tables)s")
            % {"tables": "; ".join(wrong[:10])}
        )
    chain = ledger.verify()
    head = manifest["ledger_head"]
    if not chain.ok or (head and (chain.head_seq, chain.head_hash) != (head["seq"], head["hash"])):
        raise BackupError(
            _("The restored audit ledger is not the one backed up, or its chain is broken; run verify_ledger.")
        )
    with transaction.atomic():
        ledger.record(
            action="core.backup.restored",
            object_type="core.backup",
            object_id=checked.source.name,
            after={
                "path": str(checked.source),
                "created_at": manifest["created_at"],
                "ledger_seq": head["seq"] if head else None,
                "replaced": bool(checked.database_tables or checked.storages_in_use),
            },
        )
    cache.clear()
    return Restored(manifest, chain, kept, checked.warnings)


def manifest_vendor(manifest: dict[str, Any]) -> str:
    return manifest["database"]["vendor"]
