"""The files of a run (a stable contract other tools read):

    out/<dataset>/<year or horizon>/<run id>/
        allocation.csv   year, county_code, county_name, source, category, project_id, amount_wan
        rules.csv        rule_id, instance, status, lhs, rhs, slack, marginal_value,
                         range_low, range_high, citation
        summary.json     dataset, scenario, status, objective, bound, gap, solver, versions,
                         input_hash, timings, ...
        units.csv        year, county_code, category, units (units started)
        projects.csv     every candidate project: start_year, funded_fraction (empty if not)
        allocation.xlsx  with --xlsx: optimiser.report.workbook

Everything is written into a temporary folder beside the final one and renamed into place only
when complete, so a run folder is either whole or absent.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from optimiser.api import Run
from optimiser.report.rounding import round_allocation
from optimiser.report.workbook import Workbook
from optimiser.staging import umask
from optimiser.versions import environment, versions


def data_warning(data) -> dict | None:
    """The warning a plan on estimated or synthetic figures carries (optimiser.provenance), as
    summary.json holds it for every report to show first; None when every figure is sourced."""

    warning = data.estimate_warning
    if warning is None:
        return None
    return {
        "zh": warning.zh,
        "en": warning.en,
        "levels": list(warning.levels),
        "tables": list(warning.tables),
        "money_share": warning.money_share,
        "cell_share": warning.cell_share,
    }


def earmark_share(data) -> float | None:
    """R-EARMARK's `share` as the dataset sets it, or None when the rule is off."""
    params = data.policy.rules.get("R-EARMARK")
    if params is None or not params.on:
        return None
    return float(params.share)


MONEY_DECIMALS = 4
PRECISE = {"units", "funded_fraction"}
PRECISE_DECIMALS = 9


def horizon_label(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def run_id(run: Run, now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{run.data.input_hash[:8]}"


def summary_dict(run: Run, started: datetime, scenario: str = "base") -> dict:
    solution = run.solution
    return {
        "dataset": run.data.name,
        "dataset_title": run.data.policy.dataset.title,
        # read first by every report: the plan rests on estimated or invented figures
        "data_warning": data_warning(run.data),
        # the share R-EARMARK requires of the deep counties (null when the rule is off), so that
        # reports compare the plan with it without reading it back from rules.csv
        "earmark_share": earmark_share(run.data),
        "scenario": scenario,
        "years": list(run.spec.years),
        "objective_mode": run.objective_mode,
        "status": solution.status,
        "solver_status": solution.solver_status,
        "objective": solution.objective,
        "objective_from_tables": solution.recomputed_objective,
        # stability_weight x 万元 moved against the year before, included in the objective
        # (subtracted in impact mode, added in formula mode); null without the term
        "stability_penalty": _stability_penalty(run) if solution.has_plan else None,
        "bound": solution.bound,
        "gap": solution.gap,
        "mip": solution.is_mip,
        "solver": f"HiGHS {versions()['highspy']}",
        "versions": versions(),
        "input_hash": run.data.input_hash,
        "counts": solution.counts,
        "timings": {k: round(v, 4) for k, v in run.timings.items()},
        "environment": {k: v for k, v in environment().items() if k != "note"},
        # the language reports speak unless the reader asks for another (--lang)
        "lang": run.data.policy.dataset.lang,
        # English (named) and Chinese, one for one; `notes` is the record other tools read
        **_notes(run, solution.notes + ([environment()["note"]] if environment()["note"] else [])),
        "started": started.isoformat(timespec="seconds"),
        # what reports need to read the plan without the dataset
        **dataset_tables(
            run.data, lambda code: sum(r.amount for r in run.inputs.budgets if r.source == code)
        ),
    }


def dataset_tables(data, budget_of) -> dict:
    """The dataset's sources (with each one's budget over the run, `budget_of(code)`), counties
    and categories as summary.json keeps them: what reports need to name and total a plan
    without the dataset."""
    return {
        "sources": {
            s.code: {
                "name": s.name,
                "name_en": s.name_en,
                "earmark": s.earmark,
                "level": s.level,
                "budget_wan": round(budget_of(s.code), 4),
            }
            for s in data.sources
        },
        "counties": {
            c.code: {"name": c.name, "city": c.city, "deep": c.deep} for c in data.counties
        },
        "categories": {
            k.code: {"name": k.name, "name_en": k.name_en, "unit": k.unit} for k in data.categories
        },
    }


def _notes(run: Run, notes: list) -> dict:
    """The run's notes said with names, in English and in Chinese (optimiser.notes)."""
    from optimiser.report.names import Names

    names = Names.from_dataset(run.data)
    return {
        "notes": [names.note(n, "en") for n in notes],
        "notes_zh": [names.note(n, "zh") for n in notes],
    }


def _stability_penalty(run: Run) -> float | None:
    from optimiser.model.objective import stability_penalty

    if run.held is None or run.result is None:
        return None
    return stability_penalty(run.builder, lambda var: run.held.value(run.result, var))


def write_run(
    run: Run,
    out_root: Path,
    xlsx: bool = False,
    scenario: str = "base",
    started: datetime | None = None,
    explanation: dict | None = None,
    html: str | None = None,
    encoding: str = "utf-8-sig",
    lang: str | None = None,
) -> Path:
    """Write the run's files atomically; returns the final folder. `explanation` is the data of
    optimiser.explain.collect, written as explanation.json; `html`, a rendered report; CSV files
    in `encoding`; allocation.xlsx in `lang` (default: the dataset's)."""
    from optimiser.audit import audit
    from optimiser.scenario.baseline import people_reached

    started = started or datetime.now(UTC)
    solution = run.solution
    files: dict[str, object] = {"rules.csv": solution.rules}
    summary = summary_dict(run, started, scenario)
    summary["encoding"] = encoding
    if solution.has_plan:
        # to the fen, adding up to every total a report prints (optimiser.report.rounding)
        allocation = round_allocation(solution.allocation)
        files["allocation.csv"] = allocation
        files["units.csv"] = solution.units
        files["projects.csv"] = solution.projects
        files["audit.csv"] = solution.audit
        if solution.audit is None:  # a run not solved through optimiser.api
            files["audit.csv"] = audit(
                run.data,
                list(run.spec.years),
                solution.allocation,
                solution.units,
                solution.projects,
                solution.rules,
            )
        summary.update(
            plan_measures(
                run.data,
                list(run.spec.years),
                allocation,
                solution.units,
                files["audit.csv"],
            )
        )
        summary["people_reached"] = people_reached(
            run.data, solution.units, run.spec.years[0], solution.projects
        )
        if xlsx:
            files["allocation.xlsx"] = Workbook(
                allocation, solution.rules, summary, lang, solution.projects, explanation
            )
    if explanation is not None:
        # one line, so Python's C encoder writes it: indented, a national plan's 100,000 unfunded
        # projects took seconds (the report and the HTML are the readable forms)
        files["explanation.json"] = json.dumps(explanation, ensure_ascii=False, default=_jsonable)
    if html is not None:
        files["report.html"] = html
    name = run_id(run, started) + ("" if scenario == "base" else "-whatif")
    return write_folder(
        Path(out_root) / run.data.name / horizon_label(run.spec.years), name, files, summary
    )


def plan_measures(
    data, years: list[int], allocation: pd.DataFrame, units: pd.DataFrame, findings: pd.DataFrame
) -> dict:
    """What a comparison of plans needs: the deep counties' share of central and provincial
    special funds and the audit's verdict."""
    earmark = {s.code for s in data.sources if s.earmark}
    special = allocation[allocation["source"].isin(earmark)]
    deep = special[special["county_code"].isin(data.deep_codes)]["amount_wan"].sum()
    total = special["amount_wan"].sum()
    broken = findings[findings["breach"]] if len(findings) else findings
    short = findings[~findings["ok"] & ~findings["breach"]] if len(findings) else findings
    return {
        "deep_share": float(deep / total) if total else None,
        "money_wan": float(allocation["amount_wan"].sum()),
        "audit": {
            "checked": int(len(findings)),
            "broken": int(len(broken)),
            "broken_rules": sorted(set(broken["rule_id"])) if len(broken) else [],
            "soft_shortfalls": int(len(short)),
        },
    }


def write_folder(
    parent: Path, name: str, files: dict[str, object], summary: dict, encoding: str = "utf-8-sig"
) -> Path:
    """Write `files` (name -> DataFrame, text, or a Workbook for allocation.xlsx) and
    summary.json into parent/name, atomically: written aside, renamed into place when whole.
    The staging folder's name carries this host and process (optimiser.staging), so the next run
    removes it if this process is killed outright; the folder and files get the modes the umask
    gives. A write that fails for want of space or permission removes the staging folder and
    raises a SurroundingsError naming the folder (exit 6)."""
    from optimiser import staging as stage
    from optimiser.surroundings import from_os_error

    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage.tidy(parent)
        staging = Path(tempfile.mkdtemp(prefix=stage.prefix(), dir=parent))
    except OSError as exc:
        raise from_os_error(exc, parent) from exc
    books = {file: c for file, c in files.items() if isinstance(c, Workbook)}
    try:
        for file, content in files.items():
            if isinstance(content, pd.DataFrame):
                _csv(content, staging / file, summary.get("encoding", encoding))
            elif isinstance(content, Workbook):
                continue  # below: the cover names the run's folder
            else:
                (staging / file).write_text(str(content), encoding="utf-8")
        summary["files"] = sorted([*files, "summary.json"])
        (staging / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2, default=_jsonable), encoding="utf-8"
        )
        suffix = 1
        named = None
        while True:  # two runs at once: the second takes the next free name, atomically
            target = parent / (name if suffix == 1 else f"{name}-{suffix}")
            try:
                if not target.exists():
                    if books and named != target.name:
                        for file, book in books.items():
                            book.write(staging / file, run_id=target.name)
                        named = target.name
                    os.chmod(staging, 0o777 & ~umask())  # mkdtemp made it 0700
                    os.rename(staging, target)  # fails if another run has just taken it
                    return target
            except OSError:
                if not target.exists():
                    raise
            suffix += 1
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise from_os_error(exc, parent / name) from exc
        raise


def _csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8-sig") -> None:
    """Money to MONEY_DECIMALS; units and fractions to 9 decimals, so the objective recomputed
    from the files (people reached per unit) is the plan's to 1e-9; years as integers. UTF-8
    with a byte-order mark by default, so Excel opens the Chinese names right (or gb18030)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype.kind == "f":
            if column.endswith("year") or column == "year":
                frame[column] = frame[column].round().astype("Int64")
                continue
            places = PRECISE_DECIMALS if column in PRECISE else MONEY_DECIMALS
            frame[column] = frame[column].round(places)
    frame.to_csv(path, index=False, encoding=encoding, lineterminator="\n")


def _jsonable(value: object) -> object:
    """numpy numbers and infinities in explanation data, as JSON can hold them."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def replace_file(folder: Path, name: str, text: str) -> Path:
    """Write one file into a finished run folder atomically (write aside, then rename), with the
    mode the umask gives; a failed write leaves the folder as it was (SurroundingsError)."""
    from optimiser.surroundings import from_os_error

    target = folder / name
    handle = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=".partial-", delete=False
        ) as handle:
            handle.write(text)
        os.chmod(handle.name, 0o666 & ~umask())  # mkstemp made it 0600
        os.replace(handle.name, target)
    except OSError as exc:
        if handle is not None:
            Path(handle.name).unlink(missing_ok=True)
        raise from_os_error(exc, target) from exc
    return target
