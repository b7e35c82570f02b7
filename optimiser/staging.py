"""Staging folders and the processes that own them.

A run folder is written into `.partial-<host>-<pid>-<random>` beside its final place and renamed
when whole (optimiser.report.run_files). A process killed outright (kill -9, a power cut) cannot
remove its staging folder; the next run writing to the same output root does, once the owner is
gone: `tidy` removes the staging folders of this host whose process no longer exists.
`alive` is also what the ledger asks before it marks a `running` entry `killed`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
from pathlib import Path

PREFIX = ".partial-"
OLD_AFTER = 24 * 3600  # a staging folder of an older version (no pid in its name) is stale after
_NAME = re.compile(r"^\.partial-(?P<host>.+)-(?P<pid>\d+)-[^-]+$")


def host() -> str:
    """This computer's name, as staging folders and ledger entries record it."""
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) or "localhost"


def prefix() -> str:
    """The name a staging folder of this process starts with."""
    return f"{PREFIX}{host()}-{os.getpid()}-"


def alive(pid: int, since: float | None = None) -> bool:
    """Whether process `pid` (of this host) still exists and may be the one that started at or
    before `since` (seconds since the epoch): a process started later only reuses the number."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        pass
    start, zombie = _proc(pid)
    if zombie:
        return False
    return not (since is not None and start is not None and start > since + 2)


def _proc(pid: int) -> tuple[float | None, bool]:
    """The start time (epoch seconds) and zombie state of a process, from /proc where there is
    one (Linux); (None, False) elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError, IndexError):
        return None, False
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK"), fields[0] == "Z"
    except (IndexError, ValueError, OSError):
        return None, fields[:1] == ["Z"]


def stale(folder: Path) -> bool:
    """Whether `folder` is a staging folder left by a process that no longer exists."""
    found = _NAME.match(folder.name)
    try:
        changed = folder.stat().st_mtime
    except OSError:
        return False
    if found is None:  # named before pids were recorded: stale once it has not changed for a day
        return folder.name.startswith(PREFIX) and time.time() - changed > OLD_AFTER
    return found["host"] == host() and not alive(int(found["pid"]), since=changed)


def tidy(*parents: Path) -> list[Path]:
    """Remove the stale staging folders directly in each of `parents`; returns those removed."""
    removed = []
    for parent in parents:
        try:
            candidates = [p for p in Path(parent).glob(PREFIX + "*") if p.is_dir()]
        except OSError:
            continue
        for folder in candidates:
            if stale(folder):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder)
    return removed


def tidy_root(out_root: Path) -> list[Path]:
    """Remove the stale staging folders of an output root (out/<dataset>/<years>/)."""
    try:
        parents = [p for p in Path(out_root).glob("*/*") if p.is_dir()]
    except OSError:
        return []
    return tidy(*parents)


_umask: int | None = None


def umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux's
    /proc/self/status), else by setting and restoring it once."""
    global _umask
    if _umask is None:
        try:
            status = Path("/proc/self/status").read_text()
            _umask = next(
                int(line.split()[1], 8) for line in status.splitlines() if line.startswith("Umask:")
            )
        except (OSError, StopIteration, ValueError, IndexError):
            _umask = os.umask(0o022)
            os.umask(_umask)
    return _umask
