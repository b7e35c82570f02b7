"""A dataset folder: its tables (CSV files or one workbook), policy.yaml and provenance.yaml."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from optimiser.io.csv_reader import read_csv
from optimiser.io.raw import RawTable
from optimiser.io.workbook import read_workbook
from optimiser.io.yaml_files import read_yaml
from optimiser.problems import Problem


@dataclass
class RawDataset:
    folder: Path
    tables: dict[str, RawTable] = field(default_factory=dict)
    policy: Any = None
    provenance: Any = None
    has_provenance: bool = False
    source_kind: str = "csv"  # "csv" or the workbook's file name
    input_hash: str = ""  # sha256 over every file read, in name order


def read_dataset_folder(folder: Path, table_names: list[str]) -> tuple[RawDataset, list[Problem]]:
    """Read whatever tables of `table_names` the folder holds; presence is checked later."""
    problems: list[Problem] = []
    raw = RawDataset(folder)
    if not folder.is_dir():
        return raw, [Problem(str(folder), None, None, None, "a dataset folder; it does not exist")]
    workbooks = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    csvs = {p.stem.lower(): p for p in folder.glob("*.csv")}
    if len(workbooks) > 1:
        problems.append(
            Problem(
                folder.name,
                None,
                None,
                ", ".join(p.name for p in workbooks),
                "at most one .xlsx workbook in a dataset folder",
            )
        )
    if workbooks:
        raw.source_kind = workbooks[0].name
        tables, found = read_workbook(workbooks[0], table_names)
        raw.tables.update(tables)
        problems += found
        both = sorted(set(tables) & set(csvs))
        if both:
            problems.append(
                Problem(
                    folder.name,
                    None,
                    None,
                    ", ".join(both),
                    "each table once: as a CSV file or as a workbook sheet, not both",
                )
            )
    for name in table_names:
        if name in csvs and name not in raw.tables:
            table, found = read_csv(csvs[name], name)
            problems += found
            if table is not None:
                raw.tables[name] = table
    for stem, path in csvs.items():
        if stem not in table_names:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    "a known table name (" + ", ".join(table_names) + ")",
                    severity="warning",
                )
            )
    policy = folder / "policy.yaml"
    if policy.exists():
        raw.policy, found = read_yaml(policy)
        problems += found
    else:
        problems.append(
            Problem(
                "policy.yaml", None, None, None, "a policy file in the dataset folder; none found"
            )
        )
    provenance = folder / "provenance.yaml"
    if provenance.exists():
        raw.has_provenance = True
        raw.provenance, found = read_yaml(provenance)
        problems += found
    raw.input_hash = _hash([*csvs.values(), *workbooks, policy, provenance])
    return raw, problems


def _hash(paths: list[Path]) -> str:
    """One digest for the inputs of a run: what a ledger compares to tell runs apart."""
    digest = hashlib.sha256()
    for path in sorted(p for p in paths if p.exists()):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:  # a megabyte at a time: a large table is not held twice
            while block := handle.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()
