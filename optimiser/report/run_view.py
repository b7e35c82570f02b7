"""A finished run as its folder holds it: the summary, the allocation, the rule instances and the
explanation. Reports render from this, so a run can be reported again without solving."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from optimiser.problems import InputError, Problem
from optimiser.report.names import Names
from optimiser.report.words import DEFAULT_LANG
from optimiser.solution import ALLOCATION_COLUMNS, PLAN_STATUSES


@dataclass
class RunView:
    folder: Path
    summary: dict
    allocation: pd.DataFrame
    rules: pd.DataFrame
    explanation: dict
    projects: pd.DataFrame

    @classmethod
    def load(cls, folder: Path | str) -> RunView:
        folder = Path(folder)
        summary_path = folder / "summary.json"
        if not summary_path.exists():
            raise InputError(
                [Problem(str(folder), None, None, None, "a run folder (with summary.json)")]
            )
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        encoding = summary.get("encoding", "utf-8-sig")  # utf-8-sig reads plain UTF-8 too
        allocation = (
            pd.read_csv(
                folder / "allocation.csv",
                keep_default_na=False,
                dtype={"project_id": str, "county_code": str},
                encoding=encoding,
            )
            if (folder / "allocation.csv").exists()
            else pd.DataFrame(columns=ALLOCATION_COLUMNS)
        )
        rules = (
            pd.read_csv(folder / "rules.csv", encoding=encoding)
            if (folder / "rules.csv").exists()
            else pd.DataFrame()
        )
        explanation_path = folder / "explanation.json"
        explanation = (
            json.loads(explanation_path.read_text(encoding="utf-8"))
            if explanation_path.exists()
            else {}
        )
        projects = (
            pd.read_csv(
                folder / "projects.csv",
                encoding=encoding,
                dtype={"project_id": str, "county_code": str},
            )
            if (folder / "projects.csv").exists()
            else pd.DataFrame(columns=["project_id", "name"])
        )
        return cls(folder, summary, allocation, rules, explanation, projects)

    @cached_property
    def names(self) -> Names:
        """What the run's codes are called (optimiser.report.names)."""
        projects = dict(zip(self.projects["project_id"], self.projects["name"], strict=True))
        return Names.from_summary(self.summary, projects)

    def lang(self, asked: str | None = None) -> str:
        """The language to speak: the reader's choice, else the dataset's."""
        return asked or self.summary.get("lang") or DEFAULT_LANG

    def notes(self, lang: str) -> list[tuple[str, str]]:
        """The run's notes as (English record, text in `lang`), one for one."""
        record = self.summary.get("notes") or []
        said = self.summary.get("notes_zh") if lang == "zh" else None
        return list(zip(record, said or record, strict=True))

    @property
    def has_plan(self) -> bool:
        return self.summary.get("status") in PLAN_STATUSES
