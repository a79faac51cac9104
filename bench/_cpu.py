"""CPU seconds spent by processes on this machine, read from /proc (Linux), for benchmarks that must show
where a run's time went when client, server and database share the same cores."""

from __future__ import annotations

import os
import time
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, user + system CPU seconds) of every live process."""
    found: dict[int, tuple[int, str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        found[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / _TICK)
    return found


def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and every live process descended from it (a server and its workers)."""
    table = _processes()
    total, wanted = 0.0, {root}
    grew = True
    while grew:
        grew = False
        for pid, (parent, _name, _cpu) in table.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                grew = True
    for pid in wanted:
        if pid in table:
            total += table[pid][2]
    return total


def named_cpu(name: str) -> float:
    """CPU seconds of every live process with this command name (e.g. "postgres")."""
    return sum(cpu for _parent, comm, cpu in _processes().values() if comm == name)


def snapshot(server_pid: int) -> tuple[float, float, float]:
    """CPU seconds so far of this process (the clients), the server's process tree and PostgreSQL."""
    return time.process_time(), tree_cpu(server_pid), named_cpu("postgres")


def spent(before: tuple[float, float, float], after: tuple[float, float, float]) -> dict[str, float]:
    clients, server, database = (b - a for a, b in zip(before, after, strict=True))
    return {"clients": clients, "server": server, "database": database}
