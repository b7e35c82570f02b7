"""What the derivation scripts share: writing a table as CSV, a provenance entry, and the county
figures that more than one dataset holds. Imported by the scripts beside it (each is run as
`python3 data/derivations/<name>.py`).

Provenance levels (data/README.md, "provenance.yaml"; optimiser/provenance.py):
  seed clause    printed in a source document at hand (clause ids of seeds/register.yaml)
  derived        computed from seed clauses by the stated method
  public report  from a public report not at hand (a PUB-... entry): unverified
  estimate       made here by the stated method
  synthetic      invented for illustration
  identifier     codes, names, years and other labels (not figures)
A figure computed from figures of several levels takes the weakest of them (the order above).
"""

from __future__ import annotations

import csv
from pathlib import Path

LEVELS = ("seed clause", "derived", "public report", "estimate", "synthetic", "identifier")

# Jincheng's counties at the start of 2018, as 001-2.0 prints them (随着陵川、沁水两个县的脱贫
# 摘帽,两县的贫困发生率降为0. 89%和0. 83%,贫困人口降为1972人和1322人,在剩余的9999人贫困人口中,
# ...泽州县2920人,...阳城县2025人,...高平市1760人): the figures as at the end of 2017, the year
# 陵川 and 沁水 exited. data/jincheng and data/shanxi both take them from here, so the two
# datasets agree on the counties they share.
# code, name, designation, poor at end 2017, incidence at end 2017 (where printed)
JINCHENG_2017 = [
    ("lingchuan", "陵川县", "provincial", 1972, 0.0089),
    ("qinshui", "沁水县", "provincial", 1322, 0.0083),
    ("zezhou", "泽州县", "none", 2920, None),
    ("yangcheng", "阳城县", "none", 2025, None),
    ("gaoping", "高平市", "none", 1760, None),
]
JINCHENG_EXITED_2017 = 31_658  # 001-2.0: 2017年退出...贫困人口31658人


def rural_population(poor: int, incidence: float) -> int:
    """Rural population derived from a printed poor population and incidence (both 001-2.0)."""
    return round(poor / incidence)


def write_table(folder: Path, name: str, rows: list[dict]) -> None:
    """`rows` as folder/name.csv (UTF-8), columns in the order they first appear."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def e(
    level: str,
    clauses: list[str] | None = None,
    method: str | None = None,
    rows: dict | None = None,
) -> dict:
    """One provenance entry: the rows it applies to (a mapping of columns to values; none: every
    row the entries before it leave), its level, the clauses it rests on, the method that made
    it."""
    if level not in LEVELS:
        raise ValueError(f"level {level!r}: one of {LEVELS}")
    entry: dict = {}
    if rows:
        entry["rows"] = rows
    entry["level"] = level
    if clauses:
        entry["clauses"] = list(clauses)
    if method:
        entry["method"] = " ".join(method.split())
    return entry
