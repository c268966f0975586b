"""Who holds a project file open: named in the one line a writer prints when it could
not get the write lock in time.

SQLite does not say which process holds its lock, so the other processes that have the
file open are listed instead (on Linux, from ``/proc/PID/fd``; elsewhere the list is
empty and the message says "another program"). Reading ``/proc`` changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_COMMAND = 80
"""Characters of a holder's command line shown."""


def lock_holders(path: str | os.PathLike[str]) -> list[str]:
    """``pid N (command line)`` for each other process with the file open."""
    target = os.path.realpath(path)
    holders = []
    for entry in Path("/proc").glob("[0-9]*"):
        if int(entry.name) == os.getpid():
            continue
        try:
            if not any(os.readlink(fd) == target for fd in (entry / "fd").iterdir()):
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # gone, or not ours to look at
            continue
        if len(command) > MAX_COMMAND:
            command = command[: MAX_COMMAND - 1] + "…"
        holders.append(f"pid {entry.name} ({command})")
    return holders
