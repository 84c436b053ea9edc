"""docs/deploy.md stays true: its systemd units pass `systemd-analyze verify`, and the numbers it gives nginx and
gunicorn are the ones the code uses (issue 9, items 4 and 15)."""

import re
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DOC = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text()
GUNICORN = runpy.run_path(str(Path(settings.BASE_DIR) / "src" / "digigov" / "conf" / "gunicorn.py"))


def units() -> dict[str, str]:
    found = {}
    for block in re.findall(r"```ini\n(.*?)```", DOC, re.S):
        found[re.search(r"/etc/systemd/system/(\S+)", block)[1]] = block
    return found


def test_the_doc_has_units_for_the_server_the_worker_and_the_scheduler_that_restart():
    assert set(units()) == {"digigov-web.service", "digigov-worker@.service", "digigov-scheduler.service"}
    for name, text in units().items():
        assert "Restart=always" in text, name
    web = units()["digigov-web.service"]
    assert "manage.py serve" in web and "Type=notify" in web and "KillMode=control-group" in web


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    env = tmp_path / "env"
    env.write_text("DIGIGOV_ENV=prod\n")
    paths = []
    for name, text in units().items():
        text = (
            text.replace("/opt/digigov/.venv/bin/python", sys.executable)
            .replace("WorkingDirectory=/opt/digigov", f"WorkingDirectory={settings.BASE_DIR}")
            .replace("/etc/digigov/env", str(env))
            .replace("User=digigov", "User=root")
        )
        path = tmp_path / name.replace("@.service", "@1.service")
        path.write_text(text)
        paths.append(str(path))
    result = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True, timeout=60)  # noqa: S607
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_nginx_gunicorn_and_the_settings_agree():
    assert f"client_max_body_size {settings.DIGIGOV_REQUEST_MAX_MB}m;" in DOC
    assert GUNICORN["worker_class"] == "gthread" and "`gthread`, 2 workers per core, 4 threads each" in DOC
    assert (GUNICORN["timeout"], GUNICORN["graceful_timeout"], GUNICORN["threads"]) == (30, 30, 4)
    assert GUNICORN["control_socket_disable"] is True, "no shared $HOME control socket unless one is given"
    assert "error_page 413 /too-large/;" in DOC
