"""A point of a batch — one dataset (by content hash), its years and a list of overrides — its
key, and what a worker does with it.

Two kinds of point:

- a **row** (sweeps, Monte Carlo draws): the plan summed up in one row of a table — status,
  objective, people reached, the deep counties' share of the special funds, money by county
  (rounded to 0.01 万元 as a run folder is, so the county columns add up to `money_wan`), the
  policy rules at their limit, and for a point without a plan the rules that conflict and the
  smallest relaxation;
- a **run** (scenario sets, batch files): a whole run folder, written by the worker into a
  scratch folder and sent back as its files, which the batch writes under `--out` exactly as
  `allocate scenarios` does, with its ledger entry.

A point's key is a hash of everything its result depends on: the dataset's content hash, the
years, the overrides, the solve settings, the run's name (a run folder records it), the fields
its row carries, and the versions of the package and the solver. A batch run again skips the
points whose key is already in its results (optimiser.batch.store).

A point that fails on its own — an override the dataset refuses (`bad-input`), an error while
solving (`failed`) — comes back with its reason like any other result, so the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from optimiser.batch.warm import Settings, warm_base
from optimiser.dataset import Dataset
from optimiser.exits import exit_code
from optimiser.problems import InputError

ROW, RUN = "row", "run"
FAILED, BAD_INPUT = "failed", "bad-input"  # a point's status when it has no result of its own


@dataclass(frozen=True)
class Point:
    index: int  # its place in the batch: the order of the results file
    kind: str  # ROW or RUN
    data_hash: str  # the dataset's content hash (Dataset.input_hash)
    years: tuple[int, ...]
    overrides: tuple[str, ...] = ()  # as optimiser.scenario.overrides.parse reads them
    name: str = "base"  # a run's scenario name ("base": the base run itself)
    fields: tuple[tuple[str, object], ...] = ()  # a row's columns known before solving
    param: str | None = None  # a row's swept budget: its amount in 万元 goes in `value_wan`
    settings: Settings = field(default_factory=Settings)

    @cached_property
    def key(self) -> str:
        return point_key(self)


def point_key(point: Point) -> str:
    """The hash of everything `point`'s result depends on (see the module's text)."""
    found = _versions()
    material = {
        "kind": point.kind,
        "data": point.data_hash,
        "years": list(point.years),
        "overrides": list(point.overrides),
        "name": point.name if point.kind == RUN else None,
        "fields": [[k, v] for k, v in point.fields],
        "param": point.param,
        "settings": [
            point.settings.objective,
            point.settings.time_limit,
            point.settings.mip_gap,
            point.settings.mip_method,
        ],
        "versions": [found.get(k) for k in ("optimiser", "highspy", "pyomo")],
    }
    text = json.dumps(material, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@cache
def _versions() -> dict[str, str]:
    from optimiser.versions import versions

    return versions()


def solve_point(point: Point, data: Dataset) -> dict:
    """What a worker does with a point of `data`: its result (a dict that pickles small), never
    an exception for a fault of the point itself."""
    began = time.perf_counter()
    result: dict = {"key": point.key, "index": point.index, "status": None, "reason": ""}
    try:
        result.update(_solved(point, data))
    except InputError as exc:
        result.update(
            status=BAD_INPUT, reason="; ".join(str(p) for p in exc.problems) or "bad input"
        )
    except Exception as exc:  # noqa: BLE001 - recorded with the point; the batch goes on
        result.update(status=FAILED, reason=f"{type(exc).__name__}: {exc}")
    result["seconds"] = time.perf_counter() - began
    return result


def _solved(point: Point, data: Dataset) -> dict:
    from optimiser.scenario.overrides import apply, parse_all

    variant = apply(data, parse_all(list(point.overrides))) if point.overrides else data
    warm = warm_base(data, point.years, point.settings)
    with warm.lock:  # the run is read on the held model: nothing else answered meanwhile
        if point.kind == RUN and point.name == "base" and not point.overrides:
            run = warm.base
        else:
            run = warm.answer(variant)
        done = {"status": run.solution.status, "route": run.route}
        if point.kind == ROW:
            done["row"] = plan_row(data, variant, run, point)
        else:
            done["run"] = _run_files(run, point)
    return done


def plan_row(data: Dataset, variant: Dataset, run, point: Point) -> dict:
    """One row of a sweep or a draw: the point's fields and its plan summed up (see the module's
    text). Money is rounded to 0.01 万元 as a run folder's is (optimiser.report.rounding), so the
    county columns add up to `money_wan`."""
    from optimiser.report.rounding import round_allocation
    from optimiser.scenario.baseline import people_reached
    from optimiser.scenario.sets import parameter_amount, policy_binding

    solution = run.solution
    years = list(point.years)
    row = dict(point.fields)
    if point.param is not None:
        amount = parameter_amount(variant, point.param)
        row["value_wan"] = None if amount is None else round(amount, 2)
    row.update(status=solution.status, objective=solution.objective)
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


def _run_files(run, point: Point) -> dict:
    """The run folder `allocate scenarios` writes for this run, as its files (name -> bytes),
    the folder's place under `--out` and what its ledger entry records."""
    from optimiser.report.run_files import write_run

    explanation = None
    if run.solution.status == "infeasible":  # a run with no plan keeps its conflict
        from optimiser.explain.collect import explain_run

        explanation = explain_run(run)
    scratch = Path(tempfile.mkdtemp(prefix="allocate-point-"))
    try:
        folder = write_run(run, scratch, scenario=point.name, explanation=explanation)
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        parent = folder.parent.relative_to(scratch).as_posix()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    solution = run.solution
    return {
        "parent": parent,
        "name": folder.name,
        "files": files,
        "ledger": {
            "dataset": run.data.name,
            "years": list(run.spec.years),
            "input_hash": run.data.input_hash,
            "status": solution.status,
            "objective": solution.objective,
            "timings": dict(run.timings),
            "code": exit_code(solution.status),
        },
    }


def batch_key(points: list[Point], *extra: object) -> str:
    """A batch's key: the hash of its points' keys (and `extra`), which names its folder."""
    text = json.dumps([[p.key for p in points], [str(e) for e in extra]])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
