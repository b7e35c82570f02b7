"""The run ledger: one SQLite file in the output root recording every run — dataset, scenario,
input hash, versions, status, objective, timings and output folder — so scheduled runs can be
audited afterwards. A run is entered when it starts and closed when it ends, so a killed run shows
as interrupted rather than vanishing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

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
    message text
)
"""


def _connect(out_root: Path) -> sqlite3.Connection:
    out_root.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(out_root / FILE, timeout=30)
    connection.execute(SCHEMA)
    return connection


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_entry(
    out_root: Path,
    dataset: str,
    years: list[int],
    scenario: str,
    command: str,
    input_hash: str,
    versions: dict,
) -> int:
    with _connect(out_root) as db:
        cursor = db.execute(
            "insert into runs (started, dataset, years, scenario, command, input_hash, versions,"
            " status) values (?, ?, ?, ?, ?, ?, ?, 'running')",
            (
                _now(),
                dataset,
                ",".join(map(str, years)),
                scenario,
                command,
                input_hash,
                json.dumps(versions),
            ),
        )
        return int(cursor.lastrowid)


def close_entry(
    out_root: Path,
    entry: int,
    status: str,
    exit_code: int,
    objective: float | None = None,
    folder: Path | None = None,
    timings: dict | None = None,
    message: str = "",
) -> None:
    with _connect(out_root) as db:
        db.execute(
            "update runs set finished = ?, status = ?, exit_code = ?, objective = ?, "
            "folder = ?, timings = ?, message = ? where id = ?",
            (
                _now(),
                status,
                exit_code,
                objective,
                None if folder is None else str(folder),
                json.dumps(timings or {}),
                message,
                entry,
            ),
        )


def entries(out_root: Path) -> list[dict]:
    if not (out_root / FILE).exists():
        return []
    with _connect(out_root) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("select * from runs order by id")]


def record_run(out_root: Path, run, folder: Path, scenario: str, command: str, code: int) -> int:
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
    )
    close_entry(
        out_root, entry, run.solution.status, code, run.solution.objective, folder, run.timings
    )
    return entry
