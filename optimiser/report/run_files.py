"""The files of a run (a stable contract other tools read):

    out/<dataset>/<year or horizon>/<run id>/
        allocation.csv   year, county_code, county_name, source, category, project_id, amount_wan
        rules.csv        rule_id, instance, status, lhs, rhs, slack, marginal_value,
                         range_low, range_high, citation
        summary.json     dataset, scenario, status, objective, bound, gap, solver, versions,
                         input_hash, timings, ...
        units.csv        year, county_code, category, units (units started)
        projects.csv     every candidate project: start_year, funded_fraction (empty if not)
        allocation.xlsx  with --xlsx

Everything is written into a temporary folder beside the final one and renamed into place only
when complete, so a run folder is either whole or absent.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from optimiser import __version__
from optimiser.api import Run

MONEY_DECIMALS = 4


def horizon_label(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def run_id(run: Run, now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{run.data.input_hash[:8]}"


def versions() -> dict[str, str]:
    found = {"optimiser": __version__, "python": platform.python_version()}
    for package in ("pyomo", "highspy", "pandas", "pydantic"):
        try:
            found[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing version is reported as unknown
            found[package] = "unknown"
    return found


def summary_dict(run: Run, started: datetime, scenario: str = "base") -> dict:
    solution = run.solution
    return {
        "dataset": run.data.name,
        "dataset_title": run.data.policy.dataset.title,
        "scenario": scenario,
        "years": list(run.spec.years),
        "objective_mode": run.objective_mode,
        "status": solution.status,
        "solver_status": solution.solver_status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "mip": solution.is_mip,
        "solver": f"HiGHS {versions()['highspy']}",
        "versions": versions(),
        "input_hash": run.data.input_hash,
        "counts": solution.counts,
        "timings": {k: round(v, 4) for k, v in run.timings.items()},
        "notes": solution.notes,
        "started": started.isoformat(timespec="seconds"),
        # what reports need to read the plan without the dataset
        "sources": {
            s.code: {
                "name": s.name,
                "earmark": s.earmark,
                "level": s.level,
                "budget_wan": round(
                    sum(r.amount for r in run.inputs.budgets if r.source == s.code), 4
                ),
            }
            for s in run.data.sources
        },
        "counties": {
            c.code: {"name": c.name, "city": c.city, "deep": c.deep} for c in run.data.counties
        },
    }


def write_run(
    run: Run,
    out_root: Path,
    xlsx: bool = False,
    scenario: str = "base",
    started: datetime | None = None,
    explanation: dict | None = None,
    html: str | None = None,
) -> Path:
    """Write the run's files atomically; returns the final folder. `explanation` is the data of
    optimiser.explain.collect, written as explanation.json; `html`, a rendered report."""
    started = started or datetime.now(UTC)
    parent = Path(out_root) / run.data.name / horizon_label(run.spec.years)
    parent.mkdir(parents=True, exist_ok=True)
    final = parent / (run_id(run, started) + ("" if scenario == "base" else "-whatif"))
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=parent))
    try:
        solution = run.solution
        if solution.has_plan:
            _csv(solution.allocation, staging / "allocation.csv")
            _csv(solution.units, staging / "units.csv")
            _csv(solution.projects, staging / "projects.csv")
            if xlsx:
                with pd.ExcelWriter(staging / "allocation.xlsx") as book:
                    solution.allocation.to_excel(book, sheet_name="allocation", index=False)
                    solution.rules.to_excel(book, sheet_name="rules", index=False)
        _csv(solution.rules, staging / "rules.csv")
        if explanation is not None:
            (staging / "explanation.json").write_text(
                json.dumps(explanation, ensure_ascii=False, indent=1, default=_jsonable),
                encoding="utf-8",
            )
        if html is not None:
            (staging / "report.html").write_text(html, encoding="utf-8")
        summary = summary_dict(run, started, scenario)
        summary["files"] = sorted(p.name for p in staging.iterdir()) + ["summary.json"]
        (staging / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        suffix = 1
        target = final
        while target.exists():
            suffix += 1
            target = final.with_name(f"{final.name}-{suffix}")
        os.rename(staging, target)
        return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype.kind == "f":
            frame[column] = frame[column].round(MONEY_DECIMALS)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _jsonable(value: object) -> object:
    """numpy numbers and infinities in explanation data, as JSON can hold them."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def replace_file(folder: Path, name: str, text: str) -> Path:
    """Write one file into a finished run folder atomically (write aside, then rename)."""
    target = folder / name
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=folder, prefix=".partial-", delete=False
    ) as handle:
        handle.write(text)
    os.replace(handle.name, target)
    return target
