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
absolute values), each point a variant answered on the base's held model (optimiser.batch: in
processes here or on a Dask cluster), writing each point as soon as it is solved so that an
interrupted sweep keeps the points it finished and a re-run solves only the rest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from optimiser.dataset import Dataset
from optimiser.io.yaml_files import read_yaml
from optimiser.problems import InputError, Problem
from optimiser.scenario.overrides import Override, apply, parse_all
from optimiser.solution import PLAN_STATUSES

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
            overrides += parse_all(*(_listed(step.get(k)) for k in ("set", "off", "soft", "hard")))
        scenarios.append(Scenario(name, tuple(overrides), str(entry.get("note", ""))))
    return scenarios


def _listed(value: object) -> list[str]:
    """A scenario's `set`/`off`/`soft`/`hard`: a list, or one item written without brackets."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


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


def policy_binding(rules) -> list[list[str]]:
    """The policy rule instances a plan holds at their limit: [rule id, instance] pairs, sorted.

    Left out: the structural families (budgets, needs, payments, projects, eligibility: what the
    data mean, binding at nearly every point), the priority stages (binding by construction),
    and rows with nothing on either side (0 >= 0 holds without the rule acting)."""
    from optimiser.rules import BY_ID

    if rules is None or rules.empty:
        return []
    found = set()
    for row in rules.itertuples():
        family = BY_ID.get(row.rule_id)
        if row.status not in ("binding", "violated") or family is None or family.structural:
            continue
        sides = [abs(float(v)) for v in (row.lhs, row.rhs) if v is not None and v == v]
        if sides and max(sides) <= ZERO:
            continue
        found.add((row.rule_id, str(row.instance)))
    return [list(pair) for pair in sorted(found)]


ZERO = 1e-6  # a side this small is nothing (万元, units or shares)


def parameter_amount(data: Dataset, param: str) -> float | None:
    """The swept parameter in 万元 when it is a budget (the rows its path names, summed), else
    None."""
    keys = param.split(".")
    if keys[0] != "budget" or len(keys) not in (3, 4) or not keys[2].isdigit():
        return None
    scope = keys[3] if len(keys) == 4 else None
    return float(
        sum(
            b.amount_wan
            for b in data.budgets
            if b.source == keys[1]
            and b.year == int(keys[2])
            and (scope is None or scope in (b.city, b.county_code))
        )
    )


def sweep_columns(data: Dataset) -> list[str]:
    return [
        "value",
        "value_wan",
        "status",
        "objective",
        "people_reached",
        "deep_share",
        "money_wan",
        "binding",
        "conflict",
        "relaxation",
        "reason",
    ] + [f"county:{c.code}" for c in data.counties]


def sweep_points(
    data: Dataset, years: list[int], param: str, values: list[str], settings=None
) -> list:
    """The points of a sweep (optimiser.batch.points): one row each, its value in `value`."""
    from optimiser.batch.points import ROW, Point
    from optimiser.batch.warm import Settings

    return [
        Point(
            index,
            ROW,
            data.input_hash,
            tuple(years),
            (f"{param}={value}",),
            fields=(("value", value),),
            param=param,
            settings=settings or Settings(),
        )
        for index, value in enumerate(values)
    ]


SWEEP_TEXT = {"value", "status", "binding", "conflict", "relaxation", "reason", "key"}


def run_sweep(
    data: Dataset,
    years: list[int],
    param: str,
    values: list[str],
    path: Path,
    workers: int = 1,
    on_point=None,
    stop_after: int | None = None,
    executor=None,
    on_start=None,
    on_result=None,
) -> list[dict]:
    """Solve every point not yet in `path`, appending each as it finishes (a point already
    there, from an earlier run of the same sweep, is not solved again); returns every point's
    row in the order of `values`, read back from `path`. The points are solved by `executor`
    (optimiser.batch: on this machine or a Dask cluster), by default `workers` processes here.
    `on_point(row)` is called after each point (a progress bar; `on_start(progress)` and
    `on_result(point, result, progress)` for one with a rate); `stop_after` interrupts after
    that many points, as Ctrl-C would. An interruption re-raises KeyboardInterrupt after the
    finished points are written."""
    from optimiser.batch.driver import run_batch
    from optimiser.batch.local import LocalExecutor
    from optimiser.batch.store import Results

    apply(data, parse_all([f"{param}={values[0]}"]))  # a bad parameter fails before any work
    points = sweep_points(data, years, param, values)
    results = Results(path, sweep_columns(data))

    def write(point, result: dict) -> dict:
        row = result.get("row") or {**dict(point.fields), "status": result["status"]}
        return {**row, "reason": result.get("reason", "")}

    def finished(point, result: dict, progress) -> None:
        if on_point is not None:
            on_point(result.get("row") or {})
        if on_result is not None:
            on_result(point, result, progress)

    executor = executor if executor is not None else LocalExecutor(workers)
    with executor:
        run_batch(
            points,
            {data.input_hash: data},
            executor,
            results,
            write,
            on_start=on_start,
            on_result=finished,
            stop_after=stop_after,
        )
    return read_sweep(path, data)


def read_sweep(path: Path, data: Dataset) -> list[dict]:
    """The rows of a sweep's file, numbers as numbers (an empty cell None)."""
    from optimiser.batch.store import Results, typed

    rows = Results(path, sweep_columns(data)).finished()
    return [typed(row, SWEEP_TEXT) for row in rows.values()]


def value_number(value: object) -> float:
    """A sweep value as a number: '-30%' -> -30.0, '40000' -> 40000.0."""
    return float(str(value).rstrip("%"))


def binding_families(row: dict) -> set[str]:
    pairs = row.get("binding") or "[]"
    if isinstance(pairs, str):
        pairs = json.loads(pairs)
    return {rule_id for rule_id, _instance in pairs}


def mark_changes(rows: list[dict]) -> list[dict]:
    """Sort by value and mark the points where the set of binding policy rules changes: a rule
    family (R-GROWTH, R-EARMARK, ...) that binds somewhere at this point and did not at the
    solved point before, or the other way. `started` and `stopped` name the families.

    Compared by family: which instance of a family is at its limit can change between two
    equally good plans (one county's revolving-fund match instead of another's), and that is
    not a change of policy a reader should look for; the instances are in sweep.csv. Only
    points with a plan are compared, each with the last one before it that had a plan; the
    first such point is never marked."""
    ordered = sorted(rows, key=lambda r: value_number(r["value"]))
    previous: set[str] | None = None
    for row in ordered:
        row["binding_changed"] = False
        row["started"], row["stopped"] = [], []
        if row.get("objective") is None or row.get("status") not in PLAN_STATUSES:
            continue
        families = binding_families(row)
        if previous is not None and families != previous:
            row["binding_changed"] = True
            row["started"] = sorted(families - previous)
            row["stopped"] = sorted(previous - families)
        previous = families
    return ordered


def sweep_movers(rows: list[dict], top: int = 5) -> list[dict]:
    """The counties whose money moves most along the sweep: each county's total at every point
    with a plan, the spread between its lowest and highest, largest first (ties by code, so the
    order is stable). Points without a plan have no totals and take no part."""
    solved = [r for r in rows if r.get("status") in PLAN_STATUSES]
    codes = sorted({k for r in solved for k in r if k.startswith("county:")})
    found = []
    for key in codes:
        points = [(r["value"], float(r.get(key) or 0.0)) for r in solved]
        low = min(points, key=lambda p: p[1])
        high = max(points, key=lambda p: p[1])
        spread = round(high[1] - low[1], 2)
        if spread > 0:
            found.append(
                {
                    "county_code": key[len("county:") :],
                    "low": low[1],
                    "low_at": low[0],
                    "high": high[1],
                    "high_at": high[0],
                    "spread": spread,
                }
            )
    found.sort(key=lambda m: (-m["spread"], m["county_code"]))
    return found[:top]


def scenario_points(data: Dataset, years: list[int], scenarios: list[Scenario]) -> list:
    """The points of a scenario set (optimiser.batch.points): the base run, then a run for each
    scenario, named by it."""
    from optimiser.batch.runs import run_point

    points = [run_point(0, data, years)]
    for index, scenario in enumerate(scenarios, start=1):
        overrides = [o.text for o in scenario.overrides]
        points.append(run_point(index, data, years, scenario.name, overrides))
    return points


def run_scenarios(
    data: Dataset,
    years: list[int],
    scenarios: list[Scenario],
    out_dir: Path,
    path: Path,
    executor,
    on_start=None,
    on_result=None,
    stop_after: int | None = None,
) -> list[dict]:
    """The base and every scenario solved on `executor` (each variant answered on the base's
    held model, anchored to the base plan), each run folder written under `out_dir` and entered
    in the ledger as it finishes, one row each in `path` (a re-run skips the runs whose folder is
    there). Returns the rows, base first, in the file's order."""
    from optimiser.batch.runs import run_points

    points = scenario_points(data, years, scenarios)
    with executor:
        _progress, rows = run_points(
            points,
            {data.input_hash: data},
            executor,
            path,
            out_dir,
            "scenarios",
            on_start=on_start,
            on_result=on_result,
            stop_after=stop_after,
        )
    return [rows[p.key] for p in points if p.key in rows]
