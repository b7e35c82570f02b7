"""What the derivation scripts share: writing a table as CSV and a provenance entry. Imported by
the scripts beside it (each is run as `python3 data/derivations/<name>.py`)."""

from __future__ import annotations

import csv
from pathlib import Path


def write_table(folder: Path, name: str, rows: list[dict]) -> None:
    """`rows` as folder/name.csv (UTF-8), columns in the order they first appear."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def e(basis: str, clauses: list[str] | None = None, method: str | None = None) -> dict:
    """One provenance entry: its basis, the clauses it rests on, the method that made it."""
    entry: dict = {"basis": basis}
    if clauses:
        entry["clauses"] = clauses
    if method:
        entry["method"] = method
    return entry
