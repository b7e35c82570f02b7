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


# files a person may have saved the tables as, which are not read: what to do instead
UNREAD_WORKBOOKS = {".xls", ".xlsm", ".xlsb", ".et", ".ods", ".numbers"}
UNREAD_TEXT = {".txt", ".tsv", ".tab"}


def read_dataset_folder(folder: Path, table_names: list[str]) -> tuple[RawDataset, list[Problem]]:
    """Read whatever tables of `table_names` the folder holds; presence is checked later.

    File names are matched in any case (`NEEDS.CSV` is needs.csv) when only one file answers to
    a name; a table saved in a form that is not read (`needs.xls`, `dataset.xls`, `needs.txt`)
    is named with what to do."""
    problems: list[Problem] = []
    raw = RawDataset(folder)
    if not folder.is_dir():
        return raw, [missing_folder(folder)]
    try:
        files = sorted(p for p in folder.iterdir() if not p.name.startswith("~$"))
    except OSError as exc:
        reason = f"a dataset folder this user can read ({exc.strerror})"
        return raw, [Problem(str(folder), None, None, None, reason)]
    workbooks = [p for p in files if p.suffix.lower() == ".xlsx"]
    csvs, found = _by_stem(folder, [p for p in files if p.suffix.lower() == ".csv"])
    problems += found
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
    problems += _unread(files, table_names, raw)
    policy, found = _named_file(folder, files, "policy.yaml")
    problems += found
    if policy is not None:
        raw.policy, found = read_yaml(policy)
        problems += found
    elif not found:
        problems.append(
            Problem(
                "policy.yaml", None, None, None, "a policy file in the dataset folder; none found"
            )
        )
    provenance, found = _named_file(folder, files, "provenance.yaml")
    problems += found
    if provenance is not None:
        raw.has_provenance = True
        raw.provenance, found = read_yaml(provenance)
        problems += found
    raw.input_hash = _hash(
        [*csvs.values(), *workbooks, *(p for p in (policy, provenance) if p is not None)]
    )
    return raw, problems


def missing_folder(folder: Path) -> Problem:
    """The one problem of a dataset folder that is not there: the path, and what to do."""
    import difflib

    what = "a dataset folder, but this is a file" if folder.exists() else "a dataset folder"
    if not folder.exists():
        what += ", but this path does not exist"
        if not folder.is_absolute():
            what += f" ({folder.absolute()})"
    hint = "; give --data the folder that holds policy.yaml and the tables, e.g. --data data/shanxi"
    parent = folder.parent if folder.parent.is_dir() else None
    if parent is not None:
        try:
            siblings = [p.name for p in parent.iterdir() if p.is_dir()]
        except OSError:
            siblings = []
        close = difflib.get_close_matches(folder.name, siblings, 1, 0.6)
        if close:
            hint += f"; did you mean {folder.parent / close[0]}?"
    return Problem(str(folder), None, None, None, what + hint)


def _by_stem(folder: Path, paths: list[Path]) -> tuple[dict[str, Path], list[Problem]]:
    """CSV files by their name in lower case; two files with one name in different cases are
    refused (which one is meant?)."""
    found: dict[str, list[Path]] = {}
    for path in paths:
        found.setdefault(path.stem.lower(), []).append(path)
    problems = [
        Problem(
            same[0].name,
            None,
            None,
            ", ".join(p.name for p in same),
            f"one file for the table {stem}: these names differ only in case; keep one",
        )
        for stem, same in found.items()
        if len(same) > 1
    ]
    return {stem: same[0] for stem, same in found.items() if len(same) == 1}, problems


def _named_file(folder: Path, files: list[Path], name: str) -> tuple[Path | None, list[Problem]]:
    """The file called `name` in any case; a `.yml` of the same name is named, not read."""
    same = [p for p in files if p.name.lower() == name]
    if len(same) > 1:
        names = ", ".join(p.name for p in same)
        return None, [
            Problem(folder.name, None, None, names, f"one {name}: these names differ only in case")
        ]
    if same:
        return same[0], []
    other = [p for p in files if p.name.lower() == name.removesuffix(".yaml") + ".yml"]
    if other:
        return None, [
            Problem(other[0].name, None, None, None, f"the name {name}: rename {other[0].name}")
        ]
    return None, []


def _unread(files: list[Path], table_names: list[str], raw: RawDataset) -> list[Problem]:
    """Spreadsheets and text files the folder holds that are not read: an error where the run
    would miss what they hold, a warning where the tables come from elsewhere."""
    problems = []
    for path in files:
        suffix, stem = path.suffix.lower(), path.stem.lower()
        if suffix not in UNREAD_WORKBOOKS | UNREAD_TEXT:
            continue
        workbook = suffix in UNREAD_WORKBOOKS
        if stem in table_names:
            todo = (
                f"open it in Excel or WPS and save it as CSV UTF-8 named {stem}.csv"
                if workbook
                else f"save it as CSV UTF-8 named {stem}.csv"
            )
            if stem in raw.tables:
                expected = f"no other file for the table {stem}: {path.name} is not read"
                problems.append(Problem(path.name, None, None, None, expected, severity="warning"))
            else:
                expected = f"the table {stem} as {stem}.csv; {path.name} is not read: {todo}"
                problems.append(Problem(path.name, None, None, None, expected))
        elif workbook:
            expected = (
                f"a workbook saved as .xlsx; {path.name} is not read: open it in Excel or WPS "
                "and save it as Excel Workbook (.xlsx)"
            )
            severity = "warning" if raw.tables else "error"
            problems.append(Problem(path.name, None, None, None, expected, severity=severity))
    return problems


def _hash(paths: list[Path]) -> str:
    """One digest for the inputs of a run: what a ledger compares to tell runs apart."""
    digest = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):  # what is not, its reader names
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:  # a megabyte at a time: a large table is not held twice
            while block := handle.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()
