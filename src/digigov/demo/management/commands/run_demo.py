"""`make run`: the demo province with the server, the task worker and the scheduler beside it, stopped together.

Each of the three runs in its own process group, so Ctrl-C (or SIGTERM) reaches this supervisor, which then
sends SIGTERM to every group (runserver's and the worker's autoreloaders included) and waits for them. If one of them
dies, the others are stopped too: a server without its worker would leave jobs queued without a word. The demo
accounts and the addresses are printed last, once the server answers, not above the servers' start-up lines.
"""

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

MANAGE = Path(settings.BASE_DIR) / "manage.py"
STOP_GRACE_S = 10


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Load the demo province, then run the server, the task worker and the scheduler until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--skip-demo", action="store_true", help="Do not (re)load the demo province.")

    def handle(self, *args, **options):
        port = options["port"]
        accounts = io.StringIO()
        if not options["skip_demo"]:
            call_command("load_demo", stdout=accounts)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _interrupt)
        children: dict[str, subprocess.Popen] = {}
        try:
            children["task worker"] = self.start("run_worker", "-v", "0")
            children["scheduler"] = self.start("run_scheduler")
            children["server"] = self.start("runserver", f"127.0.0.1:{port}")
            self.wait_until_up(port, children)
            self.stdout.write(accounts.getvalue().rstrip())
            self.stdout.write(
                self.style.SUCCESS(f"\ndigigov runs at http://127.0.0.1:{port}/ with its task worker and scheduler.")
            )
            self.stdout.write(f"  Back office (staff):  http://127.0.0.1:{port}/admin/")
            self.stdout.write(f"  API documentation:    http://127.0.0.1:{port}/api/v1/docs")
            self.stdout.write("Press Ctrl-C to stop all three.")
            self.watch(children)
        except KeyboardInterrupt:
            self.stdout.write("\nstopping the server, the task worker and the scheduler …")
        finally:
            self.stop(children)

    def start(self, *command: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(MANAGE), *command], start_new_session=True)  # noqa: S603

    def wait_until_up(self, port: int, children: dict[str, subprocess.Popen]) -> None:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            self.check_alive(children)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise CommandError(f"the server did not answer on port {port} within 180 s")

    def watch(self, children: dict[str, subprocess.Popen]) -> None:
        while True:
            self.check_alive(children)
            time.sleep(1)

    def check_alive(self, children: dict[str, subprocess.Popen]) -> None:
        for name, child in children.items():
            if child.poll() is not None:
                raise CommandError(f"the {name} stopped (exit code {child.returncode}); stopping the others")

    def stop(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            self.signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.signal_group(child, signal.SIGKILL)
                child.wait()
            self.signal_group(child, signal.SIGKILL)  # an autoreloader's child left behind

    @staticmethod
    def signal_group(child: subprocess.Popen, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signum)
