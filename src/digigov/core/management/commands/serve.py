"""`manage.py serve`: the application server (gunicorn with digigov.conf.gunicorn), started only on a free port.

A second start while the port is taken, for example by the orphaned workers of a master killed with -9, does not
fail after gunicorn's five one-second retries and leave nothing listening once the orphans are gone: it names who
holds the port, waits for it (--wait seconds; orphaned workers leave within graceful_timeout), then starts, or
says why it cannot. gunicorn replaces this process (exec), so systemd's main PID is gunicorn's master.
"""

import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digigov.core.listeners import port_free, port_holders

POLL_S = 0.5
CONFIG = Path(__file__).resolve().parents[3] / "conf" / "gunicorn.py"


class Command(BaseCommand):
    help = "Run the application server (gunicorn, digigov.conf.gunicorn) once its port is free."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DIGIGOV_BIND", "127.0.0.1:8000"), help="host:port")
        parser.add_argument(
            "--wait",
            type=float,
            default=35.0,
            help="Seconds to wait for the port to be released (orphaned workers finish their requests first).",
        )

    def handle(self, *args, bind: str, wait: float, **options):
        host, _sep, port_text = bind.rpartition(":")
        host = host.strip("[]") or "0.0.0.0"  # noqa: S104  (what the operator asked for)
        port = int(port_text)
        deadline = time.monotonic() + wait
        told = False
        while not port_free(host, port):
            holders = port_holders(port)
            if time.monotonic() >= deadline:
                raise CommandError(self.describe(port, holders) + " " + self.advice(holders))
            if not told:
                self.stderr.write(
                    self.describe(port, holders) + " " + _("Waiting up to %(s)s s for it …") % {"s": f"{wait:g}"}
                )
                told = True
            time.sleep(POLL_S)
        if told:
            self.stderr.write(_("Port %(port)s is free again; starting.") % {"port": port})
        argv = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "--bind", bind]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, argv)  # noqa: S606  (our own interpreter and arguments)

    @staticmethod
    def describe(port: int, holders) -> str:
        if not holders:
            return _("Port %(port)s is taken by a process this user cannot see (check with: ss -ltnp).") % {
                "port": port
            }
        named = "; ".join(
            _("pid %(pid)s (%(command)s%(orphan)s)")
            % {
                "pid": h.pid,
                "command": h.command[:80],
                "orphan": _("; a worker whose master is gone") if h.orphaned else "",
            }
            for h in holders
        )
        return _("Port %(port)s is held by %(holders)s.") % {"port": port, "holders": named}

    @staticmethod
    def advice(holders) -> str:
        if holders and all(h.orphaned for h in holders):
            pids = " ".join(str(h.pid) for h in holders)
            return _(
                "Orphaned workers leave once their requests finish; wait longer (--wait) or stop them: kill %(pids)s"
            ) % {"pids": pids}
        return _("Stop that process or choose another port (--bind).")
