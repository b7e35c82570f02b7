"""One solve of the model HiGHS holds, by one of two methods, as an `Outcome` read off HiGHS at once
(later changes to the model reset HiGHS's own status and solution).

- direct: HiGHS's branch and bound on the whole MIP (or its simplex on an LP).
- relax-then-fix, for large project selections: solve the LP relaxation, whose optimum bounds
  every plan; keep each project the relaxation decided whole (at 0 or 1) as it decided; let HiGHS
  choose among the few it left fractional. The plan found is feasible for the full model, and its
  distance from the relaxation's bound is an honest gap. When that gap is wider than the user
  asked for, the bound is tightened county by county (optimiser.solve.bound); for a small model
  HiGHS's branch and bound then goes on from the plan with the time left. A large one stops there
  with the gap it has proved: at national size HiGHS's root cut loop ran 14 minutes past a
  4.5-minute time limit without closing the gap.

On the national-size synthetic cases (832 counties, 20,000-100,000 candidate projects) HiGHS's
own MIP search spent minutes in heuristics after reaching a 0.14% gap at the root, whereas the
LP relaxation leaves a few hundred projects fractional and the fixed MIP over them solves in
seconds (`make bench`).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from optimiser.solve.bound import lagrangian_bound

S = highspy.HighsModelStatus
# integer columns from which "auto" relaxes first: below it HiGHS's own search is quick
RELAX_FROM = 5_000
DECIDED = 1e-6  # an integer column within this of a whole number is taken as decided


@dataclass
class Outcome:
    status: object  # highspy.HighsModelStatus
    words: str  # what HiGHS (or the method) said
    values: np.ndarray | None
    activity: np.ndarray | None
    row_duals: np.ndarray | None  # for an LP solved to optimality
    objective: float | None
    bound: float | None  # for a MIP: the best bound on any plan's objective
    gap: float | None
    seconds: float
    method: str = "direct"
    fixed_failed: bool = False  # relax-then-fix found no plan among the undecided projects
    basis: object = None  # the LP relaxation's basis, to start later LPs from
    parts: dict = field(default_factory=dict)  # seconds by part of the method

    @property
    def optimal(self) -> bool:
        return self.status == S.kOptimal


def relaxes(method: str, n_integer: int) -> bool:
    """Whether `method` solves a model with `n_integer` integer columns by relaxing first."""
    return n_integer > 0 and (method == "relax" or (method == "auto" and n_integer >= RELAX_FROM))


def solve_once(
    h: highspy.Highs,
    integer: np.ndarray,
    deadline: float | None,
    gap: float,
    method: str = "auto",
    start: np.ndarray | None = None,
    lp_only: bool = False,
    groups: np.ndarray | None = None,
) -> Outcome:
    """Solve what `h` holds now. `method`: "direct", "relax" or "auto" (relax from RELAX_FROM
    integer columns). `start`: column values offered to HiGHS as a first plan. `lp_only`: with
    relaxation, stop at the LP relaxation (a stage whose value the integer plan is later asked
    to reach). `groups`: each column's county group, for the tighter bound."""
    if not relaxes(method, len(integer)):
        return _direct(h, integer, deadline, start)
    if lp_only:
        return _relaxation(h, integer, deadline)
    return _relax_then_fix(h, integer, deadline, gap, groups)


def set_objective(h: highspy.Highs, cost: np.ndarray, maximise: bool, offset: float) -> None:
    """Give HiGHS the objective `cost`, its sense and its constant."""
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
    h.changeObjectiveOffset(offset)


def solve_stage(
    h: highspy.Highs,
    integer: np.ndarray,
    costs: np.ndarray,
    constant: float,
    tolerance: float,
    deadline: float | None,
    gap: float,
    method: str = "auto",
    lp_only: bool = False,
    groups: np.ndarray | None = None,
) -> tuple[Outcome, float | None]:
    """One priority stage: maximise `costs` (+ `constant`) and, when that is solved, add the row
    that holds it at its best less `tolerance` (relative) for what comes after. Returns the
    outcome and the stage's best (None when it was not solved)."""
    set_objective(h, costs, True, 0.0)
    outcome = solve_once(h, integer, deadline, gap, method, lp_only=lp_only, groups=groups)
    if not outcome.optimal:
        return outcome, None
    best = outcome.objective + constant
    floor = stage_floor(best, tolerance)
    nonzero = np.flatnonzero(costs).astype(np.int32)
    h.addRow(floor - constant, highspy.kHighsInf, len(nonzero), nonzero, costs[nonzero])
    return outcome, best


def stage_floor(best: float, tolerance: float) -> float:
    """What a stage's priority is held to once solved: its best less `tolerance` (relative)."""
    return best - tolerance * abs(best) - 1e-7


def _limit(h: highspy.Highs, deadline: float | None) -> None:
    limit = math.inf if deadline is None else max(0.01, deadline - time.perf_counter())
    h.setOptionValue("time_limit", limit)


def _direct(h, integer, deadline, start=None, method="direct") -> Outcome:
    _limit(h, deadline)
    if start is not None and len(integer):
        h.setSolution(
            len(start), np.arange(len(start), dtype=np.int32), np.asarray(start, dtype=float)
        )
    t = time.perf_counter()
    h.run()
    return _read(h, bool(len(integer)), time.perf_counter() - t, method)


def _read(h, is_mip: bool, seconds: float, method: str) -> Outcome:
    status = h.getModelStatus()
    info = h.getInfo()
    solution = h.getSolution()
    has_primal = info.primal_solution_status == 2  # feasible
    values = np.asarray(solution.col_value).copy() if has_primal else None
    activity = np.asarray(solution.row_value).copy() if has_primal else None
    duals = (
        np.asarray(solution.row_dual).copy()
        if not is_mip and info.dual_solution_status == 2
        else None
    )
    objective = info.objective_function_value if has_primal else None
    bound = gap = None
    if is_mip and has_primal:
        bound = info.mip_dual_bound
        gap = info.mip_gap if math.isfinite(info.mip_gap) else None
    elif status == S.kOptimal:
        bound, gap = objective, 0.0
    words = h.modelStatusToString(status)
    return Outcome(status, words, values, activity, duals, objective, bound, gap, seconds, method)


def relative_gap(objective: float, bound: float) -> float:
    """HiGHS's definition: |bound - objective| / max(1, |objective|)."""
    return abs(bound - objective) / max(1.0, abs(objective))


def set_integrality(h, integer: np.ndarray, kind) -> None:
    """Make the `integer` columns all `kind` (continuous to relax, integer to put back)."""
    h.changeColsIntegrality(len(integer), integer, np.full(len(integer), kind))


def _relaxation(h, integer, deadline) -> Outcome:
    """The LP relaxation, integrality put back after (HiGHS keeps the basis for the next LP)."""
    set_integrality(h, integer, highspy.HighsVarType.kContinuous)
    h.clearSolver()  # from presolve: the last stage's basis is further from this optimum
    try:
        outcome = _direct(h, np.array([], dtype=np.int32), deadline, method="relaxation")
        outcome.basis = h.getBasis()
    finally:
        set_integrality(h, integer, highspy.HighsVarType.kInteger)
    return outcome


def _relax_then_fix(h, integer, deadline, gap, groups) -> Outcome:
    t0 = time.perf_counter()
    lp = h.getLp()
    lower = np.asarray(lp.col_lower_)[integer].copy()
    upper = np.asarray(lp.col_upper_)[integer].copy()
    maximise = lp.sense_ == highspy.ObjSense.kMaximize
    relaxed = _relaxation(h, integer, deadline)
    if relaxed.status == S.kInfeasible:  # no plan even with projects in part
        relaxed.row_duals, relaxed.method = None, "relax-then-fix"
        relaxed.seconds = time.perf_counter() - t0
        return relaxed
    if not relaxed.optimal:  # unbounded, out of time, ...: HiGHS's own search decides
        return _direct(h, integer, deadline)
    parts = {"relaxation": relaxed.seconds}
    bound = relaxed.objective
    z = relaxed.values[integer]
    whole = np.round(z)
    decided = np.abs(z - whole) <= DECIDED
    fixed = integer[decided]
    undecided = int(len(integer) - len(fixed))
    h.changeColsBounds(len(fixed), fixed, whole[decided], whole[decided])
    try:
        run = _direct(h, integer, deadline, method="relax-then-fix")
    finally:
        h.changeColsBounds(len(integer), integer, lower, upper)
        h.setBasis(relaxed.basis)
    run.basis, run.parts = relaxed.basis, parts
    parts["fixed MIP"] = run.seconds
    if run.values is None:  # the undecided projects cannot be settled with the rest kept
        run.fixed_failed, run.seconds = True, time.perf_counter() - t0
        return run
    how = "the LP relaxation's bound"
    run.bound = bound
    run.gap = relative_gap(run.objective, bound)
    if run.gap > gap and groups is not None:
        priced = lagrangian_bound(
            lp,  # the model as it was before the fix: bounds and matrix are the same again
            integer,
            groups,
            relaxed.row_duals,
            values=relaxed.values,
            deadline=deadline,
            workers=min(2, os.cpu_count() or 1),
        )
        if priced is not None:
            parts["county bound"] = priced.seconds
            tighter = min(bound, priced.value) if maximise else max(bound, priced.value)
            if tighter != bound:
                how = (
                    f"a bound priced county by county ({priced.groups} groups, "
                    f"{priced.tying_rows} rows tying them priced at their LP duals; the LP "
                    f"relaxation's own bound is {run.gap:.4%} away)"
                )
            run.bound = tighter
            run.gap = relative_gap(run.objective, tighter)
    within = run.gap <= gap + 1e-12
    run.seconds = time.perf_counter() - t0
    # short of the gap, the plan stands as "feasible" (HiGHS's status for a plan it stopped at)
    run.status = S.kOptimal if within else S.kTimeLimit
    run.words = (
        f"{'Optimal' if within else 'Feasible'}: {run.gap:.4%} from {how}; the relaxation "
        f"left {undecided} of {len(integer)} projects to the MIP"
    )
    out_of_time = deadline is not None and time.perf_counter() >= deadline
    if within or out_of_time or len(integer) >= RELAX_FROM:
        return run
    # a small model (relaxed on request): branch and bound goes on from the plan
    full = _direct(h, integer, deadline, run.values, "relax-then-fix, then branch and bound")
    full.seconds = time.perf_counter() - t0
    if full.values is None:
        return run
    if full.bound is not None:
        full.bound = min(full.bound, run.bound) if maximise else max(full.bound, run.bound)
        full.gap = relative_gap(full.objective, full.bound)
    return full
