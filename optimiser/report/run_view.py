"""A finished run as its folder holds it: the summary, the allocation, the rule instances and the
explanation. Reports render from this, so a run can be reported again without solving."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimiser.problems import InputError, Problem
from optimiser.solution import ALLOCATION_COLUMNS, PLAN_STATUSES


@dataclass
class RunView:
    folder: Path
    summary: dict
    allocation: pd.DataFrame
    rules: pd.DataFrame
    explanation: dict

    @classmethod
    def load(cls, folder: Path | str) -> RunView:
        folder = Path(folder)
        summary_path = folder / "summary.json"
        if not summary_path.exists():
            raise InputError(
                [Problem(str(folder), None, None, None, "a run folder (with summary.json)")]
            )
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        allocation = (
            pd.read_csv(
                folder / "allocation.csv",
                keep_default_na=False,
                dtype={"project_id": str, "county_code": str},
            )
            if (folder / "allocation.csv").exists()
            else pd.DataFrame(columns=ALLOCATION_COLUMNS)
        )
        rules = (
            pd.read_csv(folder / "rules.csv") if (folder / "rules.csv").exists() else pd.DataFrame()
        )
        explanation_path = folder / "explanation.json"
        explanation = (
            json.loads(explanation_path.read_text(encoding="utf-8"))
            if explanation_path.exists()
            else {}
        )
        return cls(folder, summary, allocation, rules, explanation)

    @property
    def has_plan(self) -> bool:
        return self.summary.get("status") in PLAN_STATUSES
