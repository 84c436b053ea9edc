"""Settings come from the environment; production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(settings.BASE_DIR)
RSA_PEM = subprocess.run(
    ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    capture_output=True,
    text=True,
    check=True,
).stdout


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=120
    )


def production_env(tmp_path) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DIGIGOV_ENV": "prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "zwfw.hubei.gov.cn",
        "DIGIGOV_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "DIGIGOV_API_KEY_SECRET": secrets.token_urlsafe(32),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DIGIGOV_VAR_DIR": str(tmp_path),
        "OIDC_RSA_PRIVATE_KEY": RSA_PEM.replace("\n", "\\n"),  # as a secret store often hands it over
    }


def test_production_settings_pass_check_deploy(tmp_path):
    env = production_env(tmp_path)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE_DOCS = """
from django.test import Client
client = Client(HTTP_HOST="zwfw.hubei.gov.cn")
for path in ("/api/v1/openapi.json", "/api/v1/docs"):
    response = client.get(path, secure=True)
    print(path, response.status_code, response.get("Location", ""), response["Content-Security-Policy"].split(";")[0])
"""


def test_production_keeps_the_api_documentation_for_signed_in_staff(tmp_path):
    """Issue 9, item 10: under conf.prod an anonymous caller gets no OpenAPI document and is sent to sign in for the
    docs page; DIGIGOV_API_DOCS_ACCESS=public opens them again (a deployment's own choice, docs/deploy.md)."""
    env = production_env(tmp_path)
    result = manage("shell", "--no-imports", "-c", PROBE_DOCS, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "/api/v1/openapi.json 401  default-src 'self'",
        "/api/v1/docs 302 /admin/login/?next=/api/v1/docs default-src 'self'",
    ]
    probe = PROBE_DOCS.replace(', "/api/v1/docs"', ",")
    opened = manage("shell", "--no-imports", "-c", probe, env=env | {"DIGIGOV_API_DOCS_ACCESS": "public"})
    assert opened.stdout.startswith("/api/v1/openapi.json 200 "), opened.stdout + opened.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "OIDC_RSA_PRIVATE_KEY", "DIGIGOV_API_KEY_SECRET"])
def test_production_refuses_to_start_without_a_required_secret(tmp_path, missing):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(
        DIGIGOV_ENV="prod",
        ALLOWED_HOSTS="x.gov.cn",
        DIGIGOV_VAR_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        DIGIGOV_KEY_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DIGIGOV_API_KEY_SECRET=secrets.token_urlsafe(32),
        OIDC_RSA_PRIVATE_KEY=RSA_PEM,
    )
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required" in result.stderr
    assert not (tmp_path / "oidc.key").exists(), "production never writes a signing key of its own"


def test_sqlite_runs_in_wal_mode(db):
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    # The in-memory test database reports "memory"; a file database (make run) reports "wal".
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
