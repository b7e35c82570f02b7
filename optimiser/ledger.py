"""The run ledger: one SQLite file in the output root recording every run — dataset, scenario,
input hash, versions, status, objective, exit code, timings and output folder — so scheduled runs
can be audited afterwards.

A run is entered (`running`, with its process id and host) when it starts and closed when it
ends, with the code the process exits with. A run stopped by Ctrl-C or SIGTERM closes itself as
`interrupted`; one killed outright (kill -9, a power cut) cannot, and the next run on the same
output root (or `allocate history`) marks it `killed` once its process no longer exists.

A damaged ledger (not a database, a malformed page) is moved aside to
`ledger.sqlite.corrupt-<time>`, a fresh one is started and the run goes on, saying so in one
line; any other fault of the file (read-only, a full disk, locked) is a SurroundingsError naming
it (exit 6)."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from optimiser import staging
from optimiser.exits import EXIT_KILLED
from optimiser.surroundings import SurroundingsError, from_os_error

FILE = "ledger.sqlite"
SCHEMA = """
create table if not exists runs (
    id integer primary key autoincrement,
    started text not null,
    finished text,
    dataset text not null,
    years text not null,
    scenario text not null,
    command text not null,
    input_hash text not null,
    versions text not null,
    status text not null,
    objective real,
    exit_code integer,
    folder text,
    timings text,
    message text,
    pid integer,
    host text
)
"""
ADDED = {"pid": "integer", "host": "text"}  # columns newer than the first ledgers
COLUMNS = (
    "started, dataset, years, scenario, command, input_hash, versions, status, pid, host, "
    "finished, exit_code, objective, folder, timings, message"
)

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xff)
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

_opened: dict[tuple[str, int], tuple] = {}  # entries this process opened: re-entered if moved


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _use(out_root: Path, work: Callable[[sqlite3.Connection], object], lang: str | None = None):
    """Run `work` in one transaction on the ledger of `out_root`, made (and brought up to the
    current schema) if need be; a damaged ledger is moved aside once and a fresh one used."""
    out_root = Path(out_root)
    path = out_root / FILE
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, out_root) from exc
    for attempt in (1, 2):
        try:
            new = not path.exists()
            connection = sqlite3.connect(path, timeout=30)
            try:
                with connection:
                    _schema(connection)
                    if new:  # SQLite makes it 0644 whatever the umask
                        os.chmod(path, 0o666 & ~staging.umask())
                    return work(connection)
            finally:
                connection.close()
        except sqlite3.DatabaseError as exc:
            if attempt == 1 and _code(exc) in (CORRUPT, NOTADB) and _damaged(path):
                _move_aside(path, lang)
                continue
            raise _fault(exc, path) from exc
        except OSError as exc:
            raise from_os_error(exc, path) from exc
    raise AssertionError("unreachable")


def _schema(db: sqlite3.Connection) -> None:
    db.execute(SCHEMA)
    have = {row[1] for row in db.execute("pragma table_info(runs)")}
    for column, kind in ADDED.items():
        if column not in have:  # a ledger of an earlier version: still opens, gains the column
            try:
                db.execute(f"alter table runs add column {column} {kind}")
            except sqlite3.OperationalError as exc:
                if _code(exc) != READONLY:  # read-only: still read as it is
                    raise


def _damaged(path: Path) -> bool:
    """Whether the ledger file is still damaged when looked at again (another run may have
    moved it aside and started a fresh one in the meantime)."""
    if not path.exists():
        return False
    try:
        connection = sqlite3.connect(path, timeout=30)
        try:
            connection.execute("pragma schema_version").fetchone()
            return connection.execute("pragma quick_check").fetchone()[0] != "ok"
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return _code(exc) in (CORRUPT, NOTADB)


def _move_aside(path: Path, lang: str | None) -> Path:
    """Move a damaged ledger (and its journal) to ledger.sqlite.corrupt-<time>; say so."""
    from optimiser.report.surroundings import WORDS
    from optimiser.report.words import DEFAULT_LANG

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    moved = path.with_name(f"{path.name}.corrupt-{stamp}")
    suffix = 1
    while moved.exists():
        suffix += 1
        moved = path.with_name(f"{path.name}.corrupt-{stamp}-{suffix}")
    try:
        for extra in ("-journal", "-wal", "-shm"):  # a hot journal must not touch the fresh file
            side = path.with_name(path.name + extra)
            if side.exists():
                os.replace(side, moved.with_name(moved.name + extra))
        os.replace(path, moved)
    except OSError as exc:
        raise from_os_error(exc, path) from exc
    print(WORDS.say("ledger_moved", lang or DEFAULT_LANG, path=path, moved=moved), file=sys.stderr)
    return moved


def _fault(exc: sqlite3.DatabaseError, path: Path) -> Exception:
    """The SurroundingsError an SQLite error of the ledger file means (other errors as they are)."""
    code = _code(exc)
    if code in (BUSY, LOCKED):
        return SurroundingsError("locked", path)
    if code == READONLY:
        return SurroundingsError("not_writable", path)
    if code == FULL:
        return SurroundingsError("full", path)
    if code == CANTOPEN and not os.access(path.parent, os.W_OK | os.X_OK):
        return SurroundingsError("not_writable", path.parent)
    if code in (IOERR, CANTOPEN, CORRUPT, NOTADB):
        return SurroundingsError("unusable", path, reason=str(exc))
    return exc


def _started(stamp: str | None) -> float | None:
    try:
        return datetime.fromisoformat(stamp).timestamp() if stamp else None
    except ValueError:
        return None


def _killed(db: sqlite3.Connection) -> list[int]:
    """Mark `killed` the running entries of this host whose process no longer exists."""
    if "pid" not in {row[1] for row in db.execute("pragma table_info(runs)")}:
        return []  # a ledger of an earlier version that cannot be written
    rows = db.execute(
        "select id, pid, started from runs where status = 'running' and pid is not null "
        "and host = ?",
        (staging.host(),),
    ).fetchall()
    dead = [r for r in rows if not staging.alive(int(r[1]), since=_started(r[2]))]
    for entry, pid, _started_at in dead:
        db.execute(
            "update runs set status = 'killed', exit_code = ?, message = ? "
            "where id = ? and status = 'running'",
            (
                EXIT_KILLED,
                f"process {pid} on {staging.host()} ended without closing its entry (killed: "
                f"kill -9, out of memory or power lost); found at {_now()}",
                entry,
            ),
        )
    return [r[0] for r in dead]


def open_entry(
    out_root: Path,
    dataset: str,
    years: list[int],
    scenario: str,
    command: str,
    input_hash: str,
    versions: dict,
    lang: str | None = None,
) -> int:
    """Enter a run as `running` (with this process's id and host); returns its id. Entries and
    staging folders that killed runs left behind are tidied first."""
    values = (
        _now(),
        dataset,
        ",".join(map(str, years)),
        scenario,
        command,
        input_hash,
        json.dumps(versions),
        "running",
        os.getpid(),
        staging.host(),
    )

    def enter(db: sqlite3.Connection) -> int:
        _killed(db)
        cursor = db.execute(
            "insert into runs (started, dataset, years, scenario, command, input_hash, versions,"
            " status, pid, host) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return int(cursor.lastrowid)

    entry = _use(out_root, enter, lang)
    _opened[(str(Path(out_root).resolve()), entry)] = values
    staging.tidy_root(out_root)
    return entry


def close_entry(
    out_root: Path,
    entry: int,
    status: str,
    exit_code: int,
    objective: float | None = None,
    folder: Path | None = None,
    timings: dict | None = None,
    message: str = "",
    lang: str | None = None,
) -> None:
    """Close an entry with the run's status and the code the process exits with."""
    closing = (
        _now(),
        exit_code,
        objective,
        None if folder is None else str(folder),
        json.dumps(timings or {}),
        message,
    )
    opened = _opened.pop((str(Path(out_root).resolve()), entry), None)

    def close(db: sqlite3.Connection) -> None:
        cursor = db.execute(
            "update runs set finished = ?, exit_code = ?, objective = ?, folder = ?, timings = ?,"
            " message = ?, status = ? where id = ?",
            (*closing, status, entry),
        )
        if cursor.rowcount == 0 and opened is not None:  # the ledger was moved aside meanwhile
            db.execute(
                f"insert into runs ({COLUMNS}) values ({', '.join('?' * 16)})",
                (*opened[:7], status, *opened[8:], *closing),
            )

    _use(out_root, close, lang)


def entries(out_root: Path) -> list[dict]:
    """Every entry, oldest first; running entries of processes that no longer exist are marked
    `killed` first (shown so even where the ledger cannot be written)."""
    if not (Path(out_root) / FILE).exists():
        return []

    def read(db: sqlite3.Connection) -> list[dict]:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("select * from runs order by id")]

    with contextlib.suppress(SurroundingsError):  # read-only: marked in memory below
        _use(out_root, _killed)
    found = _use(out_root, read)
    here = staging.host()
    for row in found:
        if (
            row["status"] == "running"
            and row.get("pid")
            and row.get("host") == here
            and not staging.alive(int(row["pid"]), since=_started(row["started"]))
        ):
            row.update(status="killed", exit_code=EXIT_KILLED)
    return found


def record_run(
    out_root: Path, run, folder: Path, scenario: str, command: str, code: int, lang=None
) -> int:
    """Enter a finished run in one step (for commands that solve several runs)."""
    from optimiser.versions import versions

    entry = open_entry(
        out_root,
        run.data.name,
        list(run.spec.years),
        scenario,
        command,
        run.data.input_hash,
        versions(),
        lang,
    )
    close_entry(
        out_root, entry, run.solution.status, code, run.solution.objective, folder, run.timings
    )
    return entry
