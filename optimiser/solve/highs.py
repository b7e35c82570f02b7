"""The one module that owns the highspy.Highs object and the row and column maps.

Route: Pyomo's LinearStandardFormCompiler turns the model into a sparse matrix, which
`Highs.passModel` takes at once; this was several times faster than Pyomo's persistent HiGHS
interfaces on allocation models of this shape. The maps (Pyomo constraint -> HiGHS row, Pyomo
variable -> HiGHS column) are kept so duals, later re-solves and exports all go through here.

"Deep counties first" priorities are solved here as stages: maximise the priority, then add the
row `priority >= best * (1 - tolerance)` and go on; the main objective is solved last.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler
from scipy import sparse

from optimiser.model.build import ModelBuilder
from optimiser.notes import Note
from optimiser.solve.quiet import new_highs
from optimiser.solve.runs import (
    Outcome,
    relaxes,
    set_integrality,
    set_objective,
    solve_once,
    solve_stage,
)

INF = highspy.kHighsInf


@dataclass
class StageResult:
    rule_id: str
    instance: str
    best: float
    row: int


@dataclass
class SolveResult:
    status: str  # optimal | feasible | infeasible | unbounded | no_solution | error
    solver_status: str  # HiGHS's own words
    objective: float | None
    bound: float | None
    gap: float | None
    is_mip: bool
    values: np.ndarray | None
    row_duals: np.ndarray | None
    row_activity: np.ndarray | None
    stages: list[StageResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # sensitivity of the LP (for a plan with projects: the LP with the projects fixed)
    col_duals: np.ndarray | None = None  # reduced costs: objective change per unit of a column
    row_range_low: np.ndarray | None = None  # the interval of each row's bound over which its
    row_range_high: np.ndarray | None = None  # dual holds (NaN: none for this basis; _row_ranges)
    row_limit: np.ndarray | None = None  # the bound that interval is of, as HiGHS holds the row
    cost_range_low: np.ndarray | None = None  # the interval of each column's objective
    cost_range_high: np.ndarray | None = None  # coefficient over which the plan stays optimal
    given_projects: bool = False  # duals are of the LP with the selected projects fixed
    anchored: bool = False  # the plan is the optimum closest to an anchor plan
    fixed_failed: bool = False  # relax-then-fix found no plan among the undecided projects
    failed_stage: str | None = None  # the priority stage that could not be solved
    notes: list[str] = field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible") and self.values is not None


class HighsModel:
    """A model held by HiGHS, with the maps back to the Pyomo components."""

    def __init__(self, builder: ModelBuilder, threads: int = 1):
        t0 = time.perf_counter()
        self.builder = builder
        repn = LinearStandardFormCompiler().write(builder.model, mixed_form=True, set_sense=None)
        self.columns = list(repn.columns)
        self.col_of = {id(v): j for j, v in enumerate(self.columns)}
        self.row_of: dict[int, int] = {}
        self._row_constraints = [con for con, _ in repn.rows]
        self._row_names: list[str] | None = None
        self._groups: np.ndarray | None = None
        n_rows = len(repn.rows)
        lower = np.full(n_rows, -INF)
        upper = np.full(n_rows, INF)
        for i, (con, mult) in enumerate(repn.rows):
            if mult == 0:
                lower[i] = upper[i] = repn.rhs[i]
            elif mult > 0:
                upper[i] = repn.rhs[i]
            else:
                lower[i] = repn.rhs[i]
            if id(con) in self.row_of:
                raise ValueError(f"range constraint {con.name}: write it as two rows")
            self.row_of[id(con)] = i
        objective = builder.model.objective
        self.maximise = objective.sense == pyo.maximize
        cost = np.asarray(
            repn.c.toarray()[0] if repn.c.shape[0] else np.zeros(len(self.columns)), dtype=float
        )
        self.offset = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
        self.cost = cost
        A = repn.A.tocsc()
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.columns)
        lp.num_row_ = n_rows
        lp.col_cost_ = cost
        lp.col_lower_ = np.array(
            [-INF if v.lb is None else v.lb for v in self.columns], dtype=float
        )
        lp.col_upper_ = np.array([INF if v.ub is None else v.ub for v in self.columns], dtype=float)
        lp.row_lower_ = lower
        lp.row_upper_ = upper
        lp.offset_ = self.offset
        lp.sense_ = highspy.ObjSense.kMaximize if self.maximise else highspy.ObjSense.kMinimize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr
        lp.a_matrix_.index_ = A.indices
        lp.a_matrix_.value_ = A.data
        integer = [v.is_integer() or v.is_binary() for v in self.columns]
        self.integer = np.flatnonzero(integer).astype(np.int32)
        self.is_mip = bool(len(self.integer))
        if self.is_mip:
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                for i in integer
            ]
        self.highs = new_highs(random_seed=0, threads=threads)
        self.highs.passModel(lp)
        self._rows_passed = n_rows
        self._csr = A.tocsr()
        self._coefs: dict[int, dict[int, float]] = {}  # rows changed since the hand-over
        self.spent = False  # an anchored solve has added rows and columns for good
        self.handover_seconds = time.perf_counter() - t0

    # ---- maps ------------------------------------------------------------------------------
    @property
    def num_rows(self) -> int:
        return self._rows_passed

    @property
    def row_names(self) -> list[str]:
        """The Pyomo names of the rows passed to HiGHS, made on first use: naming 150,000
        components costs seconds, and most runs only name the few rows they report."""
        if self._row_names is None:
            self._row_names = [con.name for con in self._row_constraints]
        return self._row_names

    def row(self, constraint) -> int | None:
        return self.row_of.get(id(constraint))

    def col(self, var) -> int | None:
        return self.col_of.get(id(var))

    def coefficients(self, expr) -> tuple[list[int], list[float], float]:
        repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
        index, value = [], []
        for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            j = self.col(var)
            if j is None:
                raise KeyError(f"{var.name} is not in the model HiGHS holds")
            index.append(j)
            value.append(float(coef))
        return index, value, float(repn.constant)

    # ---- solving ---------------------------------------------------------------------------
    def solve(
        self,
        time_limit: float | None = None,
        mip_gap: float = 1e-4,
        sensitivity: bool = True,
        anchor: list | None = None,
        start: np.ndarray | None = None,
        method: str = "auto",
    ) -> SolveResult:
        """Solve (stages first), then, with `sensitivity`, read duals, reduced costs and
        ranging (for a plan with projects: of the LP with them fixed). With `anchor` ((Pyomo
        variable, value) pairs, e.g. a base plan's money), a last stage keeps the objective at its
        optimum and moves as little money as it can from the anchor, so a what-if does not
        swing between equally good plans; the held model is then spent. `start`: column values
        of an earlier plan, offered to HiGHS as a first incumbent (a MIP does not warm-start).
        `method`: how a MIP is solved, "direct", "relax" or "auto" (optimiser.solve.runs)."""
        if self.spent:
            raise RuntimeError("this HiGHS model was spent by an anchored solve")
        started = time.perf_counter()
        deadline = None if time_limit is None else started + time_limit
        self.highs.setOptionValue("mip_rel_gap", mip_gap)
        relaxing = relaxes(method, len(self.integer))
        groups = self.groups() if relaxing else None
        # large models: the stages' LP optima, then one integer plan that must reach them
        result = self._stages_then_objective(deadline, mip_gap, method, start, relaxing, groups)
        spent = 0.0
        if result.fixed_failed and result.stages:
            # an integer plan could not reach the stages' LP optima: stage by stage, projects whole
            spent += result.timings["solver"]
            result = self._stages_then_objective(deadline, mip_gap, method, start, False, groups)
        if result.fixed_failed:
            spent += result.timings["solver"]
            result = self._stages_then_objective(deadline, mip_gap, "direct", start, False, None)
        result.timings["solver"] += spent
        result.timings["solve_total"] = time.perf_counter() - started
        if result.failed_stage:
            return result
        t = time.perf_counter()
        out_of_time = deadline is not None and time.perf_counter() >= deadline
        if out_of_time and sensitivity:
            result.notes.append(Note("time_limit"))
        if not sensitivity or out_of_time:
            pass
        elif result.is_mip and result.values is not None:
            self._duals_given_projects(result)
        elif result.status == "optimal":
            self._sensitivity(result)
        result.timings["sensitivity"] = time.perf_counter() - t
        if anchor and result.has_plan:
            t = time.perf_counter()
            self._anchor(result, anchor)
            result.timings["anchor"] = time.perf_counter() - t
        return result

    def _stages_then_objective(
        self, deadline, mip_gap, method, start, lp_stages, groups
    ) -> SolveResult:
        """Each priority stage (maximise it, then hold it), then the objective. `lp_stages`:
        each stage at its LP optimum, which the final integer plan is asked to reach."""
        h = self.highs
        if h.getNumRow() > self._rows_passed:  # an earlier solve's stage rows
            extra = np.arange(self._rows_passed, h.getNumRow(), dtype=np.int32)
            h.deleteRows(len(extra), extra)
        started = time.perf_counter()
        stages: list[StageResult] = []
        solver_seconds = 0.0
        parts: dict[str, float] = {}
        for members, costs, constant, tolerance in self.stage_objectives():
            outcome, best = solve_stage(
                h,
                self.integer,
                costs,
                constant,
                tolerance,
                deadline,
                mip_gap,
                method,
                lp_only=lp_stages,
                groups=groups,
            )
            solver_seconds += outcome.seconds
            _add_parts(parts, outcome, "stage ")
            if best is None:
                rules = ", ".join(dict.fromkeys(p.rule_id for p in members))
                self._restore()
                failed = self._result(
                    outcome,
                    stages,
                    solver_seconds,
                    time.perf_counter() - started,
                    failed_stage=rules,
                )
                failed.failed_stage = rules
                return failed
            label = "; ".join(f"{p.rule_id} {p.instance}" for p in members)
            rule_ids = sorted({p.rule_id for p in members}, key=[p.rule_id for p in members].index)
            stages.append(StageResult("+".join(rule_ids), label, best, h.getNumRow() - 1))
        self._restore()
        outcome = solve_once(h, self.integer, deadline, mip_gap, method, start, groups=groups)
        solver_seconds += outcome.seconds
        _add_parts(parts, outcome, "")
        result = self._result(outcome, stages, solver_seconds, time.perf_counter() - started)
        result.fixed_failed = outcome.fixed_failed
        result.timings.update(parts)
        return result

    def stage_objectives(self) -> list[tuple[list, np.ndarray, float, float]]:
        """The priority stages in order: (their priorities, the stage's objective as column
        costs, its constant, the relative tolerance its optimum is then held to)."""
        out = []
        for rank in sorted({p.rank for p in self.builder.priorities}):
            members = [p for p in self.builder.priorities if p.rank == rank]
            costs = np.zeros(len(self.columns))
            constant = 0.0
            for priority in members:
                index, value, const = self.coefficients(priority.expr)
                np.add.at(costs, index, value)
                constant += const
            out.append((members, costs, constant, min(p.tolerance for p in members)))
        return out

    def groups(self) -> np.ndarray:
        """Each column's county as a number (-1: no county), for the bound priced by county;
        made once, as the columns do not change."""
        if self._groups is None:
            county = [self.builder.county_of_var(v) for v in self.columns]
            codes = {c: i for i, c in enumerate(sorted({c for c in county if c is not None}))}
            self._groups = np.array([-1 if c is None else codes[c] for c in county], dtype=np.int64)
        return self._groups

    def _anchor(self, result: SolveResult, anchor: list) -> None:
        """Hold the objective at its optimum and minimise the money moved from `anchor`."""
        h = self.highs
        self.spent = True
        n = len(self.columns)
        cost = self.cost
        nonzero = np.flatnonzero(cost).astype(np.int32)
        best = float(np.dot(result.values[:n], cost)) + self.offset
        slack = 1e-9 * max(1.0, abs(best)) + 1e-7
        if self.maximise:
            h.addRow(best - self.offset - slack, INF, len(nonzero), nonzero, cost[nonzero])
        else:
            h.addRow(-INF, best - self.offset + slack, len(nonzero), nonzero, cost[nonzero])
        # The moves are the objective; the plan's own objective stays in it with a weight too
        # small to buy a move (1e-5 per unit, within the hold row's slack) but enough that, of
        # equal money, the plan whose objective variables are filled as the objective orders
        # them is chosen: otherwise people reached could sit in a lower segment than the units
        # give them, and the objective read off the plan would understate its tables'.
        tie = 1e-5 if self.maximise else -1e-5
        h.changeColsCost(n, np.arange(n, dtype=np.int32), -tie * cost)
        h.changeObjectiveOffset(0.0)
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        for var, target in anchor:
            j = self.col(var)
            if j is None:
                continue
            first = h.getNumCol()
            h.addCols(
                2,
                np.ones(2),
                np.zeros(2),
                np.full(2, INF),
                0,
                np.array([], np.int32),
                np.array([], np.int32),
                np.array([], float),
            )
            h.addRow(
                float(target),
                float(target),
                3,
                np.array([j, first, first + 1], dtype=np.int32),
                np.array([1.0, -1.0, 1.0]),
            )
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            solution = h.getSolution()
            result.values = np.asarray(solution.col_value)[:n].copy()
            result.row_activity = np.asarray(solution.row_value).copy()
            result.objective = float(np.dot(result.values, cost)) + self.offset
            result.anchored = True

    def _sensitivity(self, result: SolveResult) -> None:
        """Duals, reduced costs and right-hand-side ranging of the LP HiGHS has just solved."""
        h = self.highs
        solution = h.getSolution()
        result.row_duals = np.asarray(solution.row_dual).copy()
        result.col_duals = np.asarray(solution.col_dual).copy()
        status, ranging = h.getRanging()
        if status == highspy.HighsStatus.kOk and ranging.valid:
            lp = h.getLp()
            result.row_limit, result.row_range_low, result.row_range_high = _row_ranges(
                np.asarray(lp.row_lower_),
                np.asarray(lp.row_upper_),
                np.asarray(solution.row_value),
                np.array([s == highspy.HighsBasisStatus.kBasic for s in h.getBasis().row_status]),
                np.asarray(ranging.row_bound_dn.value_),
                np.asarray(ranging.row_bound_up.value_),
            )
            result.cost_range_low = np.asarray(ranging.col_cost_dn.value_).copy()
            result.cost_range_high = np.asarray(ranging.col_cost_up.value_).copy()

    def _duals_given_projects(self, result: SolveResult) -> None:
        """Sensitivity of the LP with every integer variable fixed at its value in the plan and
        integrality relaxed: what one more unit of a limit is worth given the selected projects.
        The held model is put back as it was afterwards."""
        h = self.highs
        integer = self.integer
        lp = h.getLp()
        lower = np.asarray(lp.col_lower_)[integer]
        upper = np.asarray(lp.col_upper_)[integer]
        fixed = np.round(result.values[integer])
        h.changeColsBounds(len(integer), integer, fixed, fixed)
        set_integrality(h, integer, highspy.HighsVarType.kContinuous)
        h.run()
        result.row_duals = None
        if (
            h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            and h.getInfo().dual_solution_status == 2
        ):
            self._sensitivity(result)
            result.given_projects = True
        h.changeColsBounds(len(integer), integer, lower, upper)
        set_integrality(h, integer, highspy.HighsVarType.kInteger)

    def update(self, base, fresh) -> int:
        """Push the numbers of `fresh`'s rows (a re-derived builder with the same rule
        instances, optimiser.model.update) into the held model, row by row: coefficients,
        bounds and soft-rule penalties. `base`'s rows and inputs become the fresh ones. Returns
        how many numbers changed."""
        if self.spent:
            raise RuntimeError("this HiGHS model was spent by an anchored solve")
        h = self.highs
        lp = h.getLp()
        lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        by_key = {(r.rule_id, r.instance): r for r in fresh.rows}
        changes = 0
        for old in base.rows:
            new = by_key[(old.rule_id, old.instance)]
            i = self.row(old.constraint)
            index, value, constant = self.coefficients(new.body)
            wanted = dict(zip(index, value, strict=True))
            if old.shortfall is not None:
                wanted[self.col(old.shortfall)] = 1.0 if new.sense == ">=" else -1.0
            current = self._row_coefficients(i)
            for j in set(current) | set(wanted):
                if current.get(j, 0.0) != wanted.get(j, 0.0):
                    h.changeCoeff(i, j, wanted.get(j, 0.0))
                    changes += 1
            self._coefs[i] = wanted
            bound = new.rhs - constant
            lo, hi = {"<=": (-INF, bound), ">=": (bound, INF), "==": (bound, bound)}[new.sense]
            if lo != lower[i] or hi != upper[i]:
                h.changeRowBounds(i, lo, hi)
                changes += 1
            if old.shortfall is not None and new.penalty != old.penalty:
                j = self.col(old.shortfall)
                self.cost[j] = -new.penalty if self.maximise else new.penalty
                h.changeColCost(j, self.cost[j])
                changes += 1
            new.constraint, new.shortfall = old.constraint, old.shortfall
        base.rows[:] = [by_key[(r.rule_id, r.instance)] for r in base.rows]
        base.inputs, base.info = fresh.inputs, fresh.info
        return changes

    def _row_coefficients(self, i: int) -> dict[int, float]:
        if i not in self._coefs:
            start, end = self._csr.indptr[i], self._csr.indptr[i + 1]
            self._coefs[i] = dict(
                zip(
                    self._csr.indices[start:end].tolist(),
                    self._csr.data[start:end].tolist(),
                    strict=True,
                )
            )
        return self._coefs[i]

    def conflict_rows(self) -> tuple[list[int], list[int]]:
        """An irreducible infeasible subset (rows, columns) of the model's LP relaxation, by
        HiGHS's IIS from the elastic LP (the default light strategy can return an empty set).
        Integrality is put back afterwards."""
        h = self.highs
        integer = self.integer
        if len(integer):
            set_integrality(h, integer, highspy.HighsVarType.kContinuous)
        strategy = int(highspy.IisStrategy.kIisStrategyFromLp) | int(
            highspy.IisStrategy.kIisStrategyIrreducible
        )
        h.setOptionValue("iis_strategy", strategy)
        status, iis = h.getIis()
        rows = list(iis.row_index_) if status != highspy.HighsStatus.kError else []
        cols = list(iis.col_index_) if status != highspy.HighsStatus.kError else []
        if len(integer):
            set_integrality(h, integer, highspy.HighsVarType.kInteger)
        return [int(r) for r in rows], [int(c) for c in cols]

    def _restore(self) -> None:
        set_objective(self.highs, self.cost, self.maximise, self.offset)

    def _result(
        self, outcome: Outcome, stages, solver_seconds, total_seconds, failed_stage=None
    ) -> SolveResult:
        status = outcome.status
        words = outcome.words
        if failed_stage:
            words = f"{words} (found while maximising the first stage: {failed_stage})"
        if outcome.method not in ("direct", "relaxation"):
            words = f"{words} [{outcome.method}]"
        has_primal = outcome.values is not None
        S = highspy.HighsModelStatus
        if status == S.kOptimal:
            kind = "optimal"
        elif status in (S.kInfeasible,):
            kind = "infeasible"
        elif status in (S.kUnbounded, S.kUnboundedOrInfeasible):
            kind = "unbounded" if status == S.kUnbounded else "infeasible"
        elif has_primal and status in (
            S.kTimeLimit,
            S.kIterationLimit,
            S.kInterrupt,
            S.kSolutionLimit,
            S.kObjectiveBound,
            S.kObjectiveTarget,
        ):
            kind = "feasible"
        elif status in (S.kTimeLimit, S.kIterationLimit, S.kInterrupt):
            kind = "no_solution"
        else:
            kind = "error"
        return SolveResult(
            kind,
            words,
            outcome.objective,
            outcome.bound,
            outcome.gap,
            self.is_mip,
            outcome.values,
            outcome.row_duals,
            outcome.activity,
            stages,
            {
                "handover": self.handover_seconds,
                "solver": solver_seconds,
                "solve_total": total_seconds,
            },
        )

    def write(self, path: str) -> None:
        """Write the model as HiGHS holds it (.mps or .lp, by the file's extension), with the
        Pyomo names made safe for the format (given to HiGHS here, on the one path that needs
        them)."""
        h = self.highs
        for j, var in enumerate(self.columns):
            h.passColName(j, _name(var.name))
        for i, name in enumerate(self.row_names):
            h.passRowName(i, _name(name))
        for i in range(self._rows_passed, h.getNumRow()):  # rows a solve added (stages)
            h.passRowName(i, f"stage_{i - self._rows_passed}")
        for j in range(len(self.columns), h.getNumCol()):
            h.passColName(j, f"moved_{j - len(self.columns)}")
        h.writeModel(path)

    def snapshot(self) -> dict:
        """The model as HiGHS holds it, as plain data keyed by the Pyomo names: sense, offset,
        each column's bounds, cost and integrality, each row's bounds and coefficients. Golden
        models are compared in this form, so a solver's way of printing numbers never matters."""
        lp = self.highs.getLp()
        names = [var.name for var in self.columns]
        integer = set(self.integer.tolist())
        columns = {
            names[j]: {
                "lower": float(lp.col_lower_[j]),
                "upper": float(lp.col_upper_[j]),
                "cost": float(lp.col_cost_[j]),
                "integer": j in integer,
            }
            for j in range(len(names))
        }
        a = lp.a_matrix_
        shape = (lp.num_row_, lp.num_col_)
        parts = (np.asarray(a.value_), np.asarray(a.index_), np.asarray(a.start_))
        rowwise = a.format_ == highspy.MatrixFormat.kRowwise
        matrix = sparse.csr_matrix(parts, shape) if rowwise else sparse.csc_matrix(parts, shape)
        matrix = matrix.tocsr()
        matrix.sort_indices()
        rows = {}
        for i, name in enumerate(self.row_names):
            lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
            rows[name] = {
                "lower": float(lp.row_lower_[i]),
                "upper": float(lp.row_upper_[i]),
                "terms": {
                    names[j]: float(v)
                    for j, v in zip(matrix.indices[lo:hi], matrix.data[lo:hi], strict=True)
                },
            }
        return {
            "sense": "max" if self.maximise else "min",
            "offset": float(lp.offset_),
            "columns": columns,
            "rows": rows,
        }

    def evaluate(self, result: SolveResult, expr) -> float:
        """A linear expression's value in the plan."""
        if isinstance(expr, int | float):
            return float(expr)
        index, value, constant = self.coefficients(expr)
        return float(np.dot(result.values[index], value)) + constant

    def value(self, result: SolveResult, var) -> float:
        j = self.col(var)
        return 0.0 if j is None or result.values is None else float(result.values[j])


RANGE_TOL = 1e-6  # relative: a range "contains" its row's bound within this


def _row_ranges(lower, upper, activity, basic, down, up):
    """(the bound each row's range is of, low, high) as HiGHS holds the rows: for a <= row its
    upper bound, for a >= row its lower bound.

    HiGHS's row_bound_dn/up are a right-hand-side interval only for a row that is nonbasic (at its
    bound, with a dual). For a basic row they describe the row's activity as a basic variable, not
    its bound, and need not contain the bound at all: a binding row can be basic at a degenerate
    vertex (dual 0), and reading that interval as its range gave "97 holds between 0 and 0". A
    basic row keeps its basis, and its dual of 0, while the bound does not cross the activity: from
    the activity outwards. A range that still misses its bound (beyond RANGE_TOL) is dropped (NaN):
    another basis of the same plan would give a different one."""
    lower, upper, activity = (np.asarray(a, dtype=float) for a in (lower, upper, activity))
    low, high = np.asarray(down, dtype=float).copy(), np.asarray(up, dtype=float).copy()
    has_lower, has_upper = np.isfinite(lower), np.isfinite(upper)
    # the bound a row's limit is: the one its activity sits at, else the only finite one
    at_upper = has_upper & (~has_lower | (np.abs(activity - upper) <= np.abs(activity - lower)))
    limit = np.where(at_upper, upper, lower)
    fixed = has_lower & has_upper & (lower == upper)
    basic = np.asarray(basic, dtype=bool)
    b_up = basic & at_upper & ~fixed  # <= row: its bound may rise freely, fall to the activity
    low[b_up], high[b_up] = np.minimum(activity[b_up], upper[b_up]), INF
    b_lo = basic & ~at_upper & ~fixed  # >= row: its bound may fall freely, rise to the activity
    low[b_lo], high[b_lo] = -INF, np.maximum(activity[b_lo], lower[b_lo])
    b_eq = basic & fixed  # an equality held by a basic row: no room either way
    low[b_eq], high[b_eq] = limit[b_eq], limit[b_eq]
    tol = RANGE_TOL * np.maximum(1.0, np.abs(limit))
    outside = ~((low - tol <= limit) & (limit <= high + tol))
    low[outside], high[outside] = np.nan, np.nan
    return limit, low, high


def _add_parts(parts: dict, outcome: Outcome, prefix: str) -> None:
    """Seconds by part of the method (relaxation, fixed MIP, county bound), summed over stages."""
    for key, seconds in (outcome.parts or {outcome.method: outcome.seconds}).items():
        parts[prefix + key] = parts.get(prefix + key, 0.0) + seconds


SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_().,")


def _name(name: str) -> str:
    """A name LP and MPS files accept (HiGHS falls back to c0, r0, ... for the whole model if any
    name is not): brackets become parentheses, other ASCII punctuation '_', and a non-ASCII
    character its code point, so names stay unique and readable."""
    out = []
    for ch in name.replace("[", "(").replace("]", ")").replace("|", ",").replace("'", ""):
        if ch in SAFE:
            out.append(ch)
        elif ord(ch) < 128:
            out.append("_")
        else:
            out.append(f"u{ord(ch):04x}")
    return "".join(out)
