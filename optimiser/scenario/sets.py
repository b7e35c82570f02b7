"""Scenario files and sweeps: many variants of one dataset, solved and compared.

A scenario file (YAML):

    scenarios:
      - name: central-10
        set: [budget.central_special.2018=-10%]
        off: [R-GROWTH]
      - name: central-10-deeper
        based_on: central-10          # this scenario's overrides come after its base's
        set: [R-EARMARK.share=0.35]

A sweep solves one numeric override at evenly spaced values ("-30%" to "+30%" in 13 steps, or
absolute values), in parallel processes, writing each point as soon as it is solved so that an
interrupted sweep keeps the points it finished.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from optimiser.dataset import Dataset
from optimiser.io.yaml_files import read_yaml
from optimiser.problems import InputError, Problem
from optimiser.scenario.overrides import Override, apply, parse_all

FILE_KEYS = {"name", "set", "off", "soft", "hard", "based_on", "note"}


@dataclass(frozen=True)
class Scenario:
    name: str
    overrides: tuple[Override, ...]
    note: str = ""


def read_scenarios(path: Path) -> list[Scenario]:
    doc, problems = read_yaml(path)
    if problems:
        raise InputError(problems)
    file = path.name
    entries = (doc.data or {}).get("scenarios") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(
            [
                Problem(
                    file,
                    doc.line("scenarios"),
                    "scenarios",
                    None,
                    "a list of scenarios, each with a name and overrides",
                )
            ]
        )
    by_name: dict[str, dict] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):  # YAML reads an unquoted key `off` as false, `on` as true
            entry = {
                ("off" if k is False else "on" if k is True else k): v for k, v in entry.items()
            }
        where = ("scenarios", index)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(
                [
                    Problem(
                        file, doc.line(*where), f"scenarios[{index}]", None, "a mapping with a name"
                    )
                ]
            )
        unknown = set(entry) - FILE_KEYS
        if unknown:
            raise InputError(
                [
                    Problem(
                        file,
                        doc.line(*where),
                        f"scenarios[{index}]",
                        ", ".join(sorted(unknown)),
                        "only the keys " + ", ".join(sorted(FILE_KEYS)),
                    )
                ]
            )
        if entry["name"] in by_name:
            raise InputError(
                [
                    Problem(
                        file,
                        doc.line(*where, "name"),
                        "name",
                        entry["name"],
                        "each scenario name once",
                    )
                ]
            )
        by_name[entry["name"]] = entry
    scenarios = []
    for name, entry in by_name.items():
        chain, current = [], entry
        while current is not None:
            if current["name"] in [c["name"] for c in chain]:
                raise InputError(
                    [
                        Problem(
                            file,
                            None,
                            "based_on",
                            name,
                            "scenarios based on each other without a cycle",
                        )
                    ]
                )
            chain.insert(0, current)
            base = current.get("based_on")
            if base is not None and base not in by_name:
                raise InputError(
                    [
                        Problem(
                            file, None, "based_on", base, "the name of another scenario in the file"
                        )
                    ]
                )
            current = by_name.get(base) if base else None
        overrides: list[Override] = []
        for step in chain:
            overrides += parse_all(
                [str(s) for s in step.get("set") or []],
                step.get("off") or [],
                step.get("soft") or [],
                step.get("hard") or [],
            )
        scenarios.append(Scenario(name, tuple(overrides), str(entry.get("note", ""))))
    return scenarios


def sweep_values(start: str, stop: str, steps: int) -> list[str]:
    """Evenly spaced override values from `start` to `stop` inclusive, both in percent ('-30%')
    or both absolute ('40000')."""
    if steps < 2:
        raise InputError([Problem("--steps", None, "steps", str(steps), "at least 2")])

    def bad_range(expected: str) -> InputError:
        return InputError([Problem("--from/--to", None, "from", f"{start} .. {stop}", expected)])

    percent = [bool(re.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?%", v)) for v in (start, stop)]
    if percent[0] != percent[1]:
        raise bad_range("both in percent or both absolute")
    try:
        low, high = (float(v.rstrip("%")) for v in (start, stop))
    except ValueError:
        raise bad_range("numbers such as -30% or 40000") from None
    values = [low + (high - low) * i / (steps - 1) for i in range(steps)]
    return [f"{v:+.6g}%" if percent[0] else f"{v:.10g}" for v in values]


def sweep_point(task: tuple) -> dict:
    """Solve one point of a sweep (runs in a worker process)."""
    from optimiser.api import solve
    from optimiser.scenario.diff import binding_set

    data, years, param, value = task
    variant = apply(data, parse_all([f"{param}={value}"]))
    run = solve(variant, years)
    solution = run.solution
    row = {"value": value, "status": solution.status, "objective": solution.objective}
    if solution.has_plan:
        earmark = {s.code for s in data.sources if s.earmark}
        special = solution.allocation[solution.allocation["source"].isin(earmark)]
        deep = special[special["county_code"].isin(data.deep_codes)]["amount_wan"].sum()
        total = special["amount_wan"].sum()
        row["deep_share"] = float(deep / total) if total else None
        by_county = solution.allocation.groupby("county_code")["amount_wan"].sum()
        row.update({f"county:{c.code}": float(by_county.get(c.code, 0.0)) for c in data.counties})
        policy = sorted(
            f"{r}[{i}]"
            for r, i in binding_set(solution)
            if r not in ("R-NEED", "R-BUDGET", "R-PAYMENT")
        )
        row["binding"] = ";".join(policy)
    return row


def write_point(path: Path, row: dict, columns: list[str]) -> None:
    """Append one finished point (and the header first): nothing solved is lost on interrupt."""
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(row)
        handle.flush()


def sweep_columns(data: Dataset) -> list[str]:
    return ["value", "status", "objective", "deep_share", "binding"] + [
        f"county:{c.code}" for c in data.counties
    ]


def run_sweep(
    data: Dataset,
    years: list[int],
    param: str,
    values: list[str],
    path: Path,
    workers: int = 1,
    on_point=None,
    stop_after: int | None = None,
) -> list[dict]:
    """Solve every point, appending each to `path` as it finishes. With `workers` > 1 the points
    are solved in that many processes. `on_point` is called after each point (a progress bar);
    `stop_after` interrupts after that many points, as Ctrl-C would. An interruption re-raises
    KeyboardInterrupt after the finished points are written."""
    apply(data, parse_all([f"{param}={values[0]}"]))  # a bad parameter fails before any work
    columns = sweep_columns(data)
    done: list[dict] = []
    tasks = [(data, list(years), param, value) for value in values]

    def finish(row: dict) -> None:
        write_point(path, row, columns)
        done.append(row)
        if on_point is not None:
            on_point(row)
        if stop_after is not None and len(done) >= stop_after:
            raise KeyboardInterrupt

    if workers <= 1:
        for task in tasks:
            finish(sweep_point(task))
        return done
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(sweep_point, task) for task in tasks]
        for future in as_completed(futures):
            finish(future.result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return done


def mark_changes(rows: list[dict]) -> list[dict]:
    """Sort by value and flag the points where the set of binding policy rules changes."""
    ordered = sorted(rows, key=lambda r: float(str(r["value"]).rstrip("%")))
    previous = None
    for row in ordered:
        row["binding_changed"] = previous is not None and row.get("binding") != previous
        previous = row.get("binding")
    return ordered
