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


def sweep_point(task: tuple) -> dict:
    """Solve one point of a sweep (runs in a worker process). Money is rounded to 0.01 万元 as a
    run folder's is (optimiser.report.rounding), so the county columns add up to `money_wan`; an
    infeasible point keeps its conflict (the rule instances that cannot hold together) and the
    smallest relaxation that would make a plan possible."""
    from optimiser.api import solve
    from optimiser.report.rounding import round_allocation
    from optimiser.scenario.baseline import people_reached

    data, years, param, value = task
    variant = apply(data, parse_all([f"{param}={value}"]))
    run = solve(variant, years)
    solution = run.solution
    amount = parameter_amount(variant, param)
    row = {
        "value": value,
        "value_wan": None if amount is None else round(amount, 2),
        "status": solution.status,
        "objective": solution.objective,
    }
    if solution.has_plan:
        allocation = round_allocation(solution.allocation)
        earmark = {s.code for s in data.sources if s.earmark}
        special = allocation[allocation["source"].isin(earmark)]
        deep = special[special["county_code"].isin(data.deep_codes)]["amount_wan"].sum()
        total = special["amount_wan"].sum()
        row["deep_share"] = float(deep / total) if total else None
        row["people_reached"] = people_reached(variant, solution.units, years[0], solution.projects)
        row["money_wan"] = round(float(allocation["amount_wan"].sum()), 2)
        by_county = allocation.groupby("county_code")["amount_wan"].sum()
        row.update(
            {f"county:{c.code}": round(float(by_county.get(c.code, 0.0)), 2) for c in data.counties}
        )
        row["binding"] = json.dumps(policy_binding(solution.rules), ensure_ascii=False)
    elif solution.status == "infeasible":
        from optimiser.explain.conflicts import conflicting, relaxation

        keep = ("rule_id", "instance", "sense", "rhs", "kind")
        row["conflict"] = json.dumps(
            [{k: e.get(k) for k in keep} for e in conflicting(run)], ensure_ascii=False
        )
        row["relaxation"] = json.dumps(
            [{k: e.get(k) for k in (*keep, "short")} for e in relaxation(run)[:3]],
            ensure_ascii=False,
        )
    return row


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


def write_point(path: Path, row: dict, columns: list[str]) -> None:
    """Append one finished point (and the header first): nothing solved is lost on interrupt."""
    new = not path.exists()
    with open(path, "a", encoding="utf-8-sig", newline="") as handle:  # Excel reads it as UTF-8
        writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(row)
        handle.flush()


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
    ] + [f"county:{c.code}" for c in data.counties]


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
