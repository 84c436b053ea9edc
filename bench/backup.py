"""Benchmark `manage.py backup` and `manage.py restore` on the demo province against a plain copy of the same data.

Run from the repository root: ``python bench/backup.py [--rounds 3] [--files 0] [--source-url URL]``. It makes a
temporary database (SQLite file by default; with DATABASE_URL=postgres://.../name a temporary database
``<name>_bench_<pid>`` on that server, dropped afterwards), migrates it and loads the demo province
(``manage.py load_demo``), optionally with ``--files`` uploads of ``--file-kb`` KB in MEDIA_ROOT. ``--source-url``
uses an existing demo database instead (each backup adds its one ledger entry there). Then, in each round:

- backup: ``core.backup.create`` in a process of its own (Django start-up excluded; the whole process's wall time
  is printed too): snapshot, counts of every table, SHA-256 of every part, manifest;
- baseline: SQLite ``shutil.copyfile`` of the database file (not a safe backup of a live WAL database: the floor),
  PostgreSQL a plain ``pg_dump -Fc`` of the same database; the media directory copied with ``shutil.copytree``;
- restore: ``core.backup.restore`` into a new database (new file / new PostgreSQL database), which checks the
  hashes first and the row counts and the ledger chain afterwards;
- check: ``core.backup.check`` once more, warm (manifest and SHA-256 of every part: what ``restore --check`` does);
- baseline: the file copied back / a plain ``pg_restore`` into a new database, and ``copytree`` of the media.

Times are seconds of wall time, best of the rounds. The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MANAGE = ROOT / "manage.py"
sys.path.insert(0, str(ROOT / "src"))


def pg_admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(statement)


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def pg_env(url: str) -> dict:
    parts = urlsplit(url)
    env = {**os.environ, "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432)}
    env["PGUSER"] = parts.username or "postgres"
    if parts.password:
        env["PGPASSWORD"] = parts.password
    env["PGDATABASE"] = parts.path.lstrip("/")
    return env


def child_env(url: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="digigov.conf.test", DIGIGOV_VAR_DIR=str(var_dir))
    return env


def manage(*args, url: str, var_dir: Path) -> None:
    subprocess.run([sys.executable, MANAGE, *args], env=child_env(url, var_dir), check=True, stdout=subprocess.DEVNULL)


def child(mode: str, url: str, path: Path, var_dir: Path) -> dict:
    """Run one timed step in a process of its own, as the command would; returns its JSON and its wall time."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        env=child_env(url, var_dir),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "process_s": time.perf_counter() - started}


def run_child(mode: str, path: Path) -> None:
    import django

    django.setup()
    from digigov.core import backup

    if mode == "backup":
        started = time.perf_counter()
        manifest = backup.create(path)
        seconds = time.perf_counter() - started
        parts = [manifest["database"], *manifest["files"]]
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "bytes": sum(p["bytes"] for p in parts),
                    "database_bytes": manifest["database"]["bytes"],
                    "rows": sum(manifest["counts"].values()),
                    "tables": len(manifest["counts"]),
                    "ledger_entries": manifest["counts"].get("core_ledgerentry", 0),
                    "files": sum(p["files"] for p in manifest["files"]),
                }
            )
        )
        return
    started = time.perf_counter()
    restored = backup.restore(path)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    backup.check(path, replace=True)  # again, warm: what the SHA-256 of every part costs
    check_s = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "check_s": check_s, "ok": restored.ledger.ok}))


def add_files(media: Path, count: int, kb: int) -> None:
    for n in range(count):
        path = media / "bench" / f"{n // 100:03d}" / f"upload-{n:05d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(kb * 1024))


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=0, help="uploads to add to MEDIA_ROOT")
    parser.add_argument("--file-kb", type=int, default=64)
    parser.add_argument("--source-url", default="", help="an existing demo database to back up (only read)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory(prefix="digigov-backup-bench-") as tmp:
        run(args, Path(tmp))


def run(args, tmp: Path) -> None:
    base = os.environ.get("DATABASE_URL", "")
    postgres = (args.source_url or base).startswith("postgres")
    admin = base if base.startswith("postgres") else args.source_url  # where CREATE/DROP DATABASE are sent
    made: list[str] = []  # PostgreSQL databases this run creates and drops
    prefix = f"{urlsplit(admin).path.lstrip('/') or 'digigov'}_bench_{os.getpid()}" if postgres else ""
    source_var = tmp / "source-var"
    try:
        if args.source_url:
            source = args.source_url
        elif postgres:
            made.append(prefix)
            pg_admin(admin, f'CREATE DATABASE "{prefix}"')
            source = with_name(base, prefix)
        else:
            source = f"sqlite:///{tmp / 'source.sqlite3'}"
        if not args.source_url:
            started = time.perf_counter()
            manage("migrate", "-v", "0", url=source, var_dir=source_var)
            manage("load_demo", url=source, var_dir=source_var)
            print(f"migrated and loaded the demo province in {time.perf_counter() - started:.0f} s")
        add_files(source_var / "media", args.files, args.file_kb)

        rounds = []
        for n in range(args.rounds):
            out = tmp / f"backup-{n}"
            made_backup = child("backup", source, out, source_var)
            baseline = tmp / f"baseline-{n}"
            baseline.mkdir()
            if postgres:
                dump = baseline / "plain.pgdump"
                copy_s = timed(
                    lambda dump=dump: subprocess.run(
                        ["pg_dump", "-Fc", f"--file={dump}"], env=pg_env(source), check=True
                    )
                )
            else:
                copy_s = timed(
                    lambda baseline=baseline: shutil.copyfile(
                        urlsplit(source).path.removeprefix("/"), baseline / "plain.sqlite3"
                    )
                )
            if (source_var / "media").exists():
                copy_s += timed(lambda b=baseline: shutil.copytree(source_var / "media", b / "media"))

            target_var = tmp / f"target-var-{n}"
            if postgres:
                target_name, plain_name = f"{prefix}_r{n}", f"{prefix}_p{n}"
                for name in (target_name, plain_name):
                    made.append(name)
                    pg_admin(admin, f'CREATE DATABASE "{name}"')
                target = with_name(source, target_name)
            else:
                target = f"sqlite:///{tmp / f'restored-{n}.sqlite3'}"
            restored = child("restore", target, out, target_var)
            if postgres:
                copy_back_s = timed(
                    lambda plain_name=plain_name, dump=dump: subprocess.run(
                        ["pg_restore", "--no-owner", "--dbname", plain_name, str(dump)],
                        env=pg_env(source),
                        check=True,
                    )
                )
            else:
                copy_back_s = timed(
                    lambda n=n, baseline=baseline: shutil.copyfile(
                        baseline / "plain.sqlite3", tmp / f"plain-restored-{n}.sqlite3"
                    )
                )
            if (baseline / "media").exists():
                copy_back_s += timed(lambda b=baseline, n=n: shutil.copytree(b / "media", tmp / f"plain-media-{n}"))
            rounds.append(
                {
                    "backup": made_backup,
                    "restore": restored,
                    "baseline_backup_s": copy_s,
                    "baseline_restore_s": copy_back_s,
                }
            )
            print(
                f"round {n + 1}: backup {made_backup['seconds']:.2f} s (process {made_backup['process_s']:.1f} s), "
                f"baseline {copy_s:.2f} s; restore {restored['seconds']:.2f} s "
                f"(process {restored['process_s']:.1f} s), baseline {copy_back_s:.2f} s; "
                f"check again {restored['check_s']:.2f} s"
            )
    finally:
        for name in made:
            pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    first = rounds[0]["backup"]
    best = {
        "backup_s": min(r["backup"]["seconds"] for r in rounds),
        "backup_process_s": min(r["backup"]["process_s"] for r in rounds),
        "baseline_backup_s": min(r["baseline_backup_s"] for r in rounds),
        "check_s": min(r["restore"]["check_s"] for r in rounds),
        "restore_s": min(r["restore"]["seconds"] for r in rounds),
        "restore_process_s": min(r["restore"]["process_s"] for r in rounds),
        "baseline_restore_s": min(r["baseline_restore_s"] for r in rounds),
    }
    result = {
        "bench": "backup",
        "database": "postgresql" if postgres else "sqlite",
        "rounds": len(rounds),
        "rows": first["rows"],
        "tables": first["tables"],
        "ledger_entries": first["ledger_entries"],
        "files": first["files"],
        "backup_bytes": first["bytes"],
        "database_bytes": first["database_bytes"],
        **{k: round(v, 3) for k, v in best.items()},
        "restores_verified": all(r["restore"]["ok"] for r in rounds),
    }
    print(
        f"{result['database']}: {result['rows']:,} rows in {result['tables']} tables, backup "
        f"{result['backup_bytes'] / 1e6:.1f} MB; best of {len(rounds)}: backup {best['backup_s']:.2f} s "
        f"(plain copy {best['baseline_backup_s']:.2f} s), restore {best['restore_s']:.2f} s "
        f"(plain {best['baseline_restore_s']:.2f} s); restore --check {best['check_s']:.2f} s"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
