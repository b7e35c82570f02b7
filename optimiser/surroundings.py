"""Faults of the surroundings: a folder, file or disk the run needs that is not usable (exit 6).

`check_out` looks at the output root before anything is solved: a file where the folder should
be, a folder the run cannot write to, a disk without room for what the run will write.
`SurroundingsError` carries the path and the kind of fault; `from_os_error` turns an OSError met
later (a disk that fills up during the write, a folder made read-only meanwhile) into one. The
words are in optimiser.report.surroundings."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

MARGIN = 50 * 1024 * 1024  # bytes kept free beyond the estimate (the ledger, run.log, the system)
GROWTH = 40  # a run folder measured at up to ~20x its dataset's tables (with --xlsx --html)
NOT_SCALING = {"history.csv"}  # past years: read, never written out row for row


class SurroundingsError(Exception):
    """A path the run needs is not usable; `kind` is a key of the surroundings words."""

    def __init__(self, kind: str, path: Path | str, **fields: object):
        self.kind = kind
        self.path = Path(path)
        self.fields = fields
        super().__init__(self.say("en"))

    def say(self, lang: str) -> str:
        from optimiser.report.surroundings import WORDS

        return WORDS.say(self.kind, lang, path=self.path, **self.fields)


def from_os_error(exc: OSError, path: Path | str | None = None) -> SurroundingsError:
    """The fault an OSError shows, at `path` (default: the file the error names)."""
    where = Path(path if path is not None else (exc.filename or "."))
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return SurroundingsError("full", where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SurroundingsError("not_writable", where)
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and where.is_file():
        return SurroundingsError("is_file", where)
    if exc.errno == errno.ENOTDIR:
        return SurroundingsError("is_file", _file_above(where) or where)
    if exc.errno == errno.ENOENT:
        return SurroundingsError("missing", where, reason=reason)
    return SurroundingsError("unusable", where, reason=reason)


def _file_above(path: Path) -> Path | None:
    """The file standing where one of `path`'s folders should be, if any."""
    for parent in [path, *path.parents]:
        if parent.exists():
            return parent if not parent.is_dir() else None
    return None


def existing(path: Path) -> Path:
    """`path`, or the nearest folder above it that exists (where it would be made)."""
    path = Path(os.path.abspath(path))
    return next(p for p in [path, *path.parents] if p.exists() or p == p.parent)


def need_for(data_dir: Path | None) -> int:
    """Bytes a run on the dataset may write: GROWTH times its tables plus a MARGIN."""
    size = 0
    if data_dir is not None and Path(data_dir).is_dir():
        for entry in os.scandir(data_dir):
            if entry.is_file() and entry.name.lower() not in NOT_SCALING:
                size += entry.stat().st_size
    return MARGIN + GROWTH * size


def check_out(out_root: Path, data_dir: Path | None = None) -> None:
    """Raise SurroundingsError unless the run can write under `out_root`: a folder (or one that
    can be made), writable, on a disk with room for what a run on `data_dir` writes."""
    out_root = Path(out_root)
    there = existing(out_root)
    if not there.is_dir():
        raise SurroundingsError("is_file", there)
    if not os.access(there, os.W_OK | os.X_OK):
        raise SurroundingsError("not_writable", there)
    ledger = out_root / "ledger.sqlite"
    if ledger.is_file() and not os.access(ledger, os.R_OK | os.W_OK):
        raise SurroundingsError("not_writable", ledger)
    need = need_for(data_dir)
    free = shutil.disk_usage(there).free
    if free < need:
        raise SurroundingsError("no_space", there, free=size_text(free), need=size_text(need))


def size_text(size: int) -> str:
    """Bytes as a person reads them: 1.5 GB, 52 MB, 800 KB."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} B"
