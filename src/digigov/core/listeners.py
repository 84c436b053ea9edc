"""Who listens on a TCP port (Linux /proc): what `manage.py serve` says when it cannot take its port.

After `kill -9` of a gunicorn master its workers are orphans still holding the listening socket; a new master
then fails to bind ("Address already in use", five retries, exit) and, once the orphans leave, nothing listens at
all. Naming the holders (and whether they are orphaned workers, which leave by themselves) lets the start wait for
them or fail with a sentence an operator can act on.
"""

import os
import socket
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"  # TCP state in /proc/net/tcp


@dataclass(frozen=True)
class Holder:
    pid: int
    command: str
    parent: int
    orphaned: bool  # a worker whose master is gone (its parent is init or does not run the same command)


def port_free(host: str, port: int) -> bool:
    """Whether a server could bind host:port now (with SO_REUSEADDR, as gunicorn binds)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == LISTEN and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def _command(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces


def port_holders(port: int) -> list[Holder]:
    """The processes holding a listening socket on `port` (only those this user may inspect)."""
    inodes = _listening_inodes(port)
    holders = []
    for entry in PROC.iterdir() if inodes else ():
        if not entry.name.isdigit():
            continue
        try:
            sockets = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if any(s.startswith("socket:[") and s[8:-1] in inodes for s in sockets):
            pid = int(entry.name)
            command, parent = _command(pid), _parent(pid)
            orphaned = parent <= 1 or _command(parent) != command
            holders.append(Holder(pid, command, parent, orphaned and "gunicorn" in command))
    return sorted(holders, key=lambda h: h.pid)
