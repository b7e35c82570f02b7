"""The Python API: load a dataset, solve one year or a horizon, read the results as pandas tables.
The `allocate` command is a thin layer over these functions.

    from optimiser.api import load, solve
    data = load("data/shanxi")
    run = solve(data, years=[2018])
    run.solution.allocation      # DataFrame: year, county, source, category, project, 万元
    run.solution.rules           # DataFrame: every rule instance, status, slack, marginal value
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from pyomo.common.errors import InfeasibleConstraintException

from optimiser.dataset import Dataset, load_dataset
from optimiser.model.build import ModelBuilder, build
from optimiser.model.inputs import RunInputs, RunSpec, prepare
from optimiser.model.update import carried, rederive
from optimiser.solution import Solution, read_solution
from optimiser.solve.highs import HighsModel, SolveResult


@dataclass
class Run:
    data: Dataset
    spec: RunSpec
    inputs: RunInputs
    builder: ModelBuilder
    held: HighsModel | None
    result: SolveResult | None
    solution: Solution
    timings: dict[str, float] = field(default_factory=dict)
    # how the plan was reached: "built" (a model of its own), "updated" (its numbers pushed into
    # a held model) or "rebuilt: <why>" (a what-if that could not update)
    route: str = "built"
    explanation: dict | None = None  # optimiser.explain.collect.explain_run, when asked for

    @property
    def objective_mode(self) -> str:
        return self.spec.objective or self.data.policy.objective.mode


def load(folder: str | Path) -> Dataset:
    """Read and validate a dataset; raises optimiser.problems.InputError listing every problem."""
    return load_dataset(folder)


def solve(
    data: Dataset,
    years: list[int] | tuple[int, ...],
    objective: str | None = None,
    time_limit: float | None = None,
    mip_gap: float = 1e-4,
    anchor: Run | None = None,
    mip_method: str = "auto",
) -> Run:
    """Build the model for `years` (consecutive plan years) and solve it with HiGHS.

    `anchor`: a run (the base of a what-if) whose money the plan should move as little as
    possible from, among the plans with the optimal objective. `mip_method`: how a plan with
    projects is solved: "direct" (HiGHS's branch and bound), "relax" (relax-then-fix with a
    proved gap) or "auto" (relax from 5,000 project starts; optimiser.solve.runs)."""
    timings: dict[str, float] = {}
    spec = RunSpec(tuple(years), objective, time_limit, mip_gap, mip_method)
    t = time.perf_counter()
    inputs = prepare(data, spec)
    builder = build(inputs)
    timings["build"] = time.perf_counter() - t
    held = None
    if not builder.impossible:
        try:
            held = HighsModel(builder)
        except InfeasibleConstraintException:
            builder.find_impossible()
    if held is None:
        result = SolveResult(
            "infeasible",
            "a hard rule cannot be met whatever the plan",
            None,
            None,
            None,
            False,
            None,
            None,
            None,
        )
        solution = read_solution(builder, _NoModel(), result)
        return Run(data, spec, inputs, builder, None, result, solution, timings)
    timings["handover"] = held.handover_seconds
    result = held.solve(
        time_limit=time_limit,
        mip_gap=mip_gap,
        anchor=anchor_pairs(anchor, builder) if anchor is not None else None,
        method=mip_method,
    )
    timings["solve"] = result.timings["solve_total"]
    timings["solver"] = result.timings["solver"]
    t = time.perf_counter()
    solution = read_solution(builder, held, result)
    timings["results"] = time.perf_counter() - t
    return _judged(Run(data, spec, inputs, builder, held, result, solution, timings))


def what_if(
    base: Run, variant: Dataset, anchor: bool = True, sensitivity: bool = True
) -> tuple[Run, str]:
    """Solve `variant`, a changed copy of the base run's dataset (optimiser.scenario.overrides).

    When only numbers changed, the base run's HiGHS model is updated in place and re-solved from
    where it was, without rebuilding the Pyomo model; otherwise the variant is built afresh.
    Returns the variant's run and how it was solved ("updated" or "rebuilt: <why>"). With
    `anchor`, the variant moves as little money from the base plan as its optimum allows. The
    base run stays readable, and its model usable for more what-ifs (each leaves it holding the
    last variant's numbers; optimiser.scenario.held keeps a session of them)."""
    if base.held is not None and base.result is not None:
        t = time.perf_counter()
        redo = rederive(base.held.builder, variant)
        rederived = time.perf_counter() - t
        if redo.builder is None:
            reason = redo.reason
        else:
            pairs = anchor_pairs(base, base.held.builder) if anchor else None
            start = base.result.values
            run = solve_on(base.held, redo.builder, variant, base.spec, pairs, start, sensitivity)
            run.timings["build"] += rederived
            run.route = "updated"
            return run, run.route
    else:
        reason = "the base run holds no model to update"
    run = solve_as(variant, base.spec, anchor=base if anchor else None)
    run.route = f"rebuilt: {reason}"
    return run, run.route


def solve_as(variant: Dataset, spec: RunSpec, anchor: Run | None = None) -> Run:
    """`variant` built and solved afresh with the settings of `spec` (an earlier run's)."""
    return solve(
        variant,
        list(spec.years),
        spec.objective,
        spec.time_limit,
        spec.mip_gap,
        anchor=anchor,
        mip_method=spec.mip_method,
    )


def solve_on(
    held: HighsModel,
    fresh: ModelBuilder,
    variant: Dataset,
    spec: RunSpec,
    anchor: list | None = None,
    start=None,
    sensitivity: bool = True,
) -> Run:
    """Solve `variant` on `held`, a model of the same structure: `fresh` is the variant
    re-derived on it (optimiser.model.update.rederive). The run reads its own builder, so
    earlier runs on `held` keep reading theirs. `anchor`: (variable, value) pairs to move as
    little money from as the optimum allows; `start`: an earlier plan's column values."""
    began = time.perf_counter()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    builder = carried(held.builder, fresh)
    timings["build"] = time.perf_counter() - t
    with held.lock:
        t = time.perf_counter()
        held.update(builder.rows)
        timings["handover"] = time.perf_counter() - t
        result = held.solve(
            time_limit=spec.time_limit,
            mip_gap=spec.mip_gap,
            anchor=anchor,
            sensitivity=sensitivity,
            start=start,
            method=spec.mip_method,
            warm=True,
        )
    timings["solve"] = result.timings["solve_total"]
    timings["solver"] = result.timings["solver"]
    for part in ("sensitivity", "anchor"):
        if part in result.timings:
            timings[part] = result.timings[part]
    t = time.perf_counter()
    solution = read_solution(builder, held, result)
    timings["results"] = time.perf_counter() - t
    run = _judged(Run(variant, spec, builder.inputs, builder, held, result, solution, timings))
    run.timings["total"] = time.perf_counter() - began
    return run


def _judged(run: Run) -> Run:
    """The run with its status from the solver and the audit together (optimiser.verdict)."""
    from optimiser.verdict import judge

    t = time.perf_counter()
    judge(run)
    run.timings["audit"] = time.perf_counter() - t
    return run


def anchor_pairs(base: Run, builder) -> list:
    """The base plan's money, as (variable, value) for the same arcs of the new model."""
    if base.held is None or base.result is None or not base.result.has_plan:
        return []
    old, new = base.builder.model, builder.model
    return [
        (new.x[key], base.held.value(base.result, old.x[key]))
        for key in new.X_INDEX
        if key in old.X_INDEX
    ]


class _NoModel:
    """Stands in for a HiGHS model when no plan could even be stated."""

    columns: list = []
    row_names: list = []
    integer: list = []
    num_rows = 0

    def row(self, _constraint):
        return None

    def value(self, _result, _var) -> float:
        return 0.0
