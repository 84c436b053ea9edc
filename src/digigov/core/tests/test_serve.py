"""The application server as production starts it (`manage.py serve`: gunicorn with digigov.conf.gunicorn, conf.prod),
its master killed with -9 while a request is in flight (issue 9, items 4 and 15).

Plain gunicorn started again at that moment cannot bind (the orphaned workers still hold the socket), gives up
after five one-second retries, and once the orphans have left nothing listens. `serve` names the orphan and
either fails at once with what to do (--wait 0) or waits for it and then listens.
"""

import os
import signal
import socket
import time

import pytest

from digigov.core.listeners import port_holders
from digigov.core.tests.servers import HEALTH, answer, free_port, prod_env, serve, stop_group, wait_answering


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:  # noqa: PTH123
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:  # noqa: PTH123
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


@pytest.mark.slow
def test_a_second_start_after_kill_9_of_the_master_names_the_orphan_waits_for_it_and_then_listens(tmp_path):
    port = free_port()
    # The API schema needs no table; an orphan may finish its requests for up to 2 minutes.
    env = prod_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}", GUNICORN_GRACEFUL_TIMEOUT="120")
    log = tmp_path / "serve.log"
    first = serve(env, port, log=log)
    slow = second = third = None
    try:
        wait_answering(port, process=first)
        assert answer(port)[0] == 200
        workers = children(first.pid)
        assert len(workers) == 2, log.read_text()
        assert {h.pid for h in port_holders(port)} == {first.pid, *workers}

        # A request arriving slowly (a poor line) keeps a thread of one worker busy reading it.
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(f"GET {HEALTH} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        time.sleep(1.5)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        # The idle worker notices its master is gone within a second and leaves; the busy one finishes first.
        wait_for(lambda: sum(alive(w) for w in workers) == 1, 15, "one orphaned worker left")
        (orphan,) = [w for w in workers if alive(w)]

        second = serve(env, port, "--wait", "0", log=tmp_path / "second.log")
        assert second.wait(timeout=180) == 1
        said = (tmp_path / "second.log").read_text()
        assert f"端口 {port} 被以下进程占用：pid {orphan}（" in said and "主进程已不在的孤立工作进程" in said, said
        assert f"kill {orphan}" in said, said

        third = serve(env, port, "--wait", "90", log=log)
        wait_for(lambda: "等待" in log.read_text(), 120, "the third start says it waits")
        assert third.poll() is None
        slow.sendall(b"\r\n")  # the request completes; the orphan answers it and leaves
        assert slow.recv(100).startswith(b"HTTP/1.1 200")
        slow.close()
        wait_for(lambda: not alive(orphan), 40, "the orphan left")
        wait_answering(port, process=third)
        assert answer(port)[0] == 200
        assert third.pid in {h.pid for h in port_holders(port)}, "the new master (serve became gunicorn) listens"
        assert f"端口 {port} 已空闲，正在启动。" in log.read_text()
    finally:
        if slow is not None:
            slow.close()
        for process in (first, second, third):
            if process is not None:
                stop_group(process)
