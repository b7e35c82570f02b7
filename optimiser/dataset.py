"""The validated dataset: every table's rows, the policy, and where each row came from.

`load_dataset` is the one way in: files -> raw tables -> row schemas -> cross-table checks ->
rule checks. It raises InputError with every problem found; warnings ride along on the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from functools import cached_property
from pathlib import Path

import pandas as pd

from optimiser.checks import check_dataset, unique_keys
from optimiser.io import read_dataset_folder
from optimiser.io.folder import UNREAD_WORKBOOKS
from optimiser.io.raw import paused_gc
from optimiser.problems import InputError, Problem
from optimiser.schemas.policy import Policy, Years, validate_policy
from optimiser.schemas.rows import (
    REQUIRED_TABLES,
    TABLES,
    Budget,
    Category,
    Commitment,
    County,
    HistoryRow,
    Indicator,
    Loan,
    Need,
    Project,
    Row,
    Source,
)
from optimiser.schemas.tables import LocatedRows, validate_table


@dataclass(frozen=True)
class Dataset:
    folder: Path
    origin: str  # "csv" or the workbook's file name
    policy: Policy
    counties: tuple[County, ...]
    indicators: tuple[Indicator, ...]
    sources: tuple[Source, ...]
    budgets: tuple[Budget, ...]
    categories: tuple[Category, ...]
    needs: tuple[Need, ...]
    history: tuple[HistoryRow, ...]
    projects: tuple[Project, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    loans: tuple[Loan, ...] = ()
    located: dict[str, LocatedRows] = field(default_factory=dict, repr=False)
    provenance: dict | None = None
    input_hash: str = ""
    warnings: tuple[Problem, ...] = ()

    @property
    def name(self) -> str:
        return self.policy.dataset.name

    @property
    def years(self) -> Years:
        return self.policy.years

    @cached_property
    def county_by_code(self) -> dict[str, County]:
        return {c.code: c for c in self.counties}

    @cached_property
    def source_by_code(self) -> dict[str, Source]:
        return {s.code: s for s in self.sources}

    @cached_property
    def category_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    @cached_property
    def estimate_warning(self):
        """The warning a plan on this dataset carries (optimiser.provenance.plan_warning): worked
        out once, though validation and every run's summary ask for it (it walks every cell)."""
        from optimiser.provenance import plan_warning

        return plan_warning(self)

    @cached_property
    def deep_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.counties if c.deep)

    def table(self, name: str) -> pd.DataFrame:
        """A table as a DataFrame with the schema's columns, for reports and the model."""
        rows: tuple[Row, ...] = getattr(self, name)
        model = TABLES[name]
        frame = pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))
        return frame


@paused_gc()
def load_dataset(folder: Path | str) -> Dataset:
    folder = Path(folder)
    raw, problems = read_dataset_folder(folder, list(TABLES))
    if not folder.is_dir():  # one line: the path and what to do, not every table it lacks
        raise InputError(problems)
    missing = _missing_tables(raw.tables, problems)
    if len(missing) == len(REQUIRED_TABLES):  # none at all: one line, not one for each
        unread = [p for p in problems if Path(p.file).suffix.lower() in UNREAD_WORKBOOKS]
        missing = (
            []
            if unread
            else [
                Problem(
                    str(folder),
                    None,
                    None,
                    None,
                    "the tables of a dataset ("
                    + ", ".join(f"{name}.csv" for name in REQUIRED_TABLES)
                    + ", or one .xlsx workbook with a sheet for each); none found in this folder",
                )
            ]
        )
    problems += missing
    located: dict[str, LocatedRows] = {}
    for name, model in TABLES.items():
        if name in raw.tables:
            located[name], found = validate_table(raw.tables.pop(name), model)
            problems += found
        else:
            located[name] = LocatedRows((), f"{name}.csv", ())
    policy, found = validate_policy(raw.policy)
    problems += found
    problems += unique_keys(located)
    if any(p.severity == "error" for p in problems) or policy is None:
        raise InputError(problems)

    data = Dataset(
        folder=folder,
        origin=raw.source_kind,
        policy=policy,
        **{name: located[name].rows for name in TABLES},
        located=located,
        provenance=raw.provenance.data if raw.provenance is not None else None,
        input_hash=raw.input_hash,
    )
    problems += check_dataset(data, raw.has_provenance)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return _with_warnings(data, problems) if problems else data


def _with_warnings(data: Dataset, problems: list[Problem]) -> Dataset:
    """The dataset with its warnings, keeping what the checks already worked out of its figures
    (the cached properties, such as the estimate warning: a walk over every cell)."""
    kept = replace(data, warnings=tuple(problems))
    fields = {f.name for f in dataclass_fields(Dataset)}
    vars(kept).update({k: v for k, v in vars(data).items() if k not in fields})
    return kept


def _missing_tables(tables: dict, problems: list[Problem]) -> list[Problem]:
    """A required table not read, unless a problem already names a file of it (unreadable, or
    saved as needs.xls)."""
    return [
        Problem(
            f"{name}.csv",
            None,
            None,
            None,
            f"the table {name} (required), as {name}.csv or a workbook sheet",
        )
        for name in REQUIRED_TABLES
        if name not in tables and not any(p.file.lower().startswith(name) for p in problems)
    ]
