"""The one module that owns the highspy.Highs object and the row and column maps.

Route: Pyomo's LinearStandardFormCompiler turns the model into a sparse matrix, which
`Highs.passModel` takes at once; this was several times faster than Pyomo's persistent HiGHS
interfaces on allocation models of this shape. The maps (Pyomo constraint -> HiGHS row, Pyomo
variable -> HiGHS column) are kept so duals, later re-solves and exports all go through here.

"Deep counties first" priorities are solved here as stages: maximise the priority, then add the
row `priority >= best * (1 - tolerance)` and go on; the main objective is solved last.

A held model answers many variants in any order (optimiser.scenario.held): every call leaves it
in the plain state it was handed over in, with the numbers of the rows last pushed (`update`);
what a solve adds on the way is recorded in `HighsModel.added` and taken off by
`HighsModel.plain`. The states are described in the class's docstring.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import (
    LinearExpression,
    MonomialTermExpression,
    NegationExpression,
    ProductExpression,
    SumExpression,
)
from pyomo.repn import generate_standard_repn
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler
from scipy import sparse

from optimiser.model.build import ModelBuilder
from optimiser.notes import Note
from optimiser.solve.quiet import new_highs
from optimiser.solve.runs import (
    Outcome,
    relative_gap,
    relaxes,
    set_integrality,
    set_objective,
    solve_once,
    solve_stage,
    stage_floor,
)
from optimiser.solve.warm import NO_INTEGERS, Found, branch_and_bound, fractional, solved

INF = highspy.kHighsInf
# HiGHS's feasibility tolerances for the anchor's solve (see HighsModel._anchor)
TIGHT = {"primal_feasibility_tolerance": 1e-9, "mip_feasibility_tolerance": 1e-9}


@dataclass
class StageResult:
    rule_id: str
    instance: str
    best: float
    row: int  # its row in the result's arrays (row_activity, row_duals); taken off HiGHS after
    floor: float = -INF  # the row's lower bound as HiGHS held it (constant moved across)


@dataclass
class Added:
    """What the model HiGHS holds has beyond its plain state, each to be taken off again
    (HighsModel.plain). Rows and columns are appended in this order: stage rows after the
    hand-over's rows, then the anchor's row; the anchor's columns after the model's."""

    stage_rows: int = 0  # the priority stages' floors (`priority >= best less tolerance`)
    anchor_rows: int = 0  # the objective's hold
    anchor_cols: int = 0  # money moved up and down from each anchored variable
    # the anchored variables, held at their targets while the anchor is solved: (columns,
    # their own lower bounds, upper bounds)
    anchor_held: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # integer columns fixed at a plan's projects with integrality relaxed (the duals given the
    # projects): (columns, their own lower bounds, upper bounds)
    fixed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    relaxed: bool = False  # the integer columns are continuous (fixed, or the IIS of the LP)
    objective: str = "plan"  # what HiGHS optimises: plan | stage | moves (the anchor's)

    @property
    def plain(self) -> bool:
        return (
            not (self.stage_rows or self.anchor_rows or self.anchor_cols or self.relaxed)
            and self.fixed is None
            and self.anchor_held is None
            and self.objective == "plan"
        )


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
    # a held model's re-solve found and proved the plan by its own search from the last basis
    # (optimiser.solve.warm), in this many nodes after the relaxation; None: HiGHS's search
    searched: int | None = None
    fixed_failed: bool = False  # relax-then-fix found no plan among the undecided projects
    failed_stage: str | None = None  # the priority stage that could not be solved
    notes: list[str] = field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible") and self.values is not None


class HighsModel:
    """A model held by HiGHS, with the maps back to the Pyomo components.

    The columns and the hand-over's rows never change: a row or column index means the same
    Pyomo component for the model's life. What HiGHS holds is in one of these states, each the
    one before with more on top (`added` records what, `state` names it):

    - plain: the hand-over's rows and columns, the plan's objective, the columns' own bounds and
      integrality, with the numbers (coefficients, right-hand sides, soft-rule penalties) of
      `rows`: the builder's rows at first, a variant's after `update`. Every public method
      returns the model in this state (also when it raises) and starts by putting it back in it.
    - staged: plain plus a floor row per priority stage solved so far, the objective a stage's or
      the plan's. Inside `solve`; the rows are numbered from `num_rows` on (StageResult.row).
      A held model's re-solve (`_warm`) is staged with the integer columns made continuous,
      its own search deciding them (optimiser.solve.warm).
    - fixed: staged with the integer columns fixed at the plan's projects and made continuous,
      for the plan's exact values and the duals given the projects (`_duals_given_projects`).
    - anchored: fixed plus the anchor (`_anchor`): a row holding the plan's objective at its
      optimum, each anchored column held at its target with two columns for the money moved
      up and down, and the money moved as the objective.

    Transitions: `solve` goes plain -> staged -> fixed -> (anchored) -> plain, reading each
    result off HiGHS before the next step; `update(rows)` and `conflict_rows` go plain ->
    plain (the IIS relaxes integrality and puts it back); `plain()` goes from any state to
    plain. HiGHS keeps the last LP basis it found, and a held model keeps the optimal basis of
    each objective it solves (stage, plan, anchor), so the next solve of that objective starts
    from where the last one ended.

    `lock` guards every call that touches HiGHS: a session that holds several models may give
    them its own (optimiser.scenario.held), so that one lock orders all its calls."""

    def __init__(self, builder: ModelBuilder, threads: int = 1):
        t0 = time.perf_counter()
        self.builder = builder
        self.rows = list(builder.rows)  # the rows whose numbers HiGHS holds
        self.lock = threading.RLock()
        self.added = Added()
        repn = LinearStandardFormCompiler().write(builder.model, mixed_form=True, set_sense=None)
        self.columns = list(repn.columns)
        self.col_of = {id(v): j for j, v in enumerate(self.columns)}
        self.row_of: dict[int, int] = {}
        self._row_constraints = [con for con, _ in repn.rows]
        self._row_names: list[str] | None = None
        self._groups: np.ndarray | None = None
        self._component_cols: dict[int, np.ndarray] = {}  # columns of indexed variables
        self._anchor_cols: tuple | None = None  # the last anchor list and its columns, targets
        # the optimal basis of each relaxation `_warm` solved last (by stage, plan, anchor), with
        # the numbers of columns and rows it is of (`_keep`)
        self._bases: dict[str, tuple] = {}
        self._plan_basis = None  # runs.Outcome.plan_basis of the last cold solve, not yet used
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
        self._col_lower = np.array(
            [-INF if v.lb is None else v.lb for v in self.columns], dtype=float
        )
        self._col_upper = np.array(
            [INF if v.ub is None else v.ub for v in self.columns], dtype=float
        )
        lp.col_lower_ = self._col_lower
        lp.col_upper_ = self._col_upper
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
        self._row_lower, self._row_upper = lower.copy(), upper.copy()  # as HiGHS holds them
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
        """`expr`'s columns, coefficients and constant. The rule rows are LinearExpressions of
        variables and numeric monomials (optimiser.model.expr.linear): read off their terms
        directly, five times quicker than Pyomo's general walk, which takes anything else."""
        quick = self._linear_terms(expr)
        if quick is not None:
            return quick
        repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
        index, value = [], []
        for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
            j = self.col(var)
            if j is None:
                raise KeyError(f"{var.name} is not in the model HiGHS holds")
            index.append(j)
            value.append(float(coef))
        return index, value, float(repn.constant)

    def _linear_terms(self, expr) -> tuple[list[int], list[float], float] | None:
        terms: dict[int, float] = {}
        constant = self._add_terms(expr, 1.0, terms)
        if constant is None:
            return None
        return list(terms), list(terms.values()), constant

    def _add_terms(self, expr, times: float, terms: dict[int, float]) -> float | None:
        """Add `times` x `expr`'s coefficients into `terms`; its constant, or None when
        `expr` is not a sum of the plain kinds read here."""
        kind = type(expr)
        if kind in (int, float):
            return times * expr
        if kind is VarData:
            if expr.fixed:
                return None
            j = self.col_of.get(id(expr))
            if j is None:
                raise KeyError(f"{expr.name} is not in the model HiGHS holds")
            terms[j] = terms.get(j, 0.0) + times
            return 0.0
        if kind is MonomialTermExpression:
            coef, var = expr.args
            if type(coef) not in (int, float):
                return None
            return self._add_terms(var, times * coef, terms)
        if kind is NegationExpression:
            return self._add_terms(expr.args[0], -times, terms)
        if kind is ProductExpression:  # a number times an expression, either way round
            a, b = expr.args
            if type(a) in (int, float):
                return self._add_terms(b, times * a, terms)
            if type(b) in (int, float):
                return self._add_terms(a, times * b, terms)
            return None
        if kind in (LinearExpression, SumExpression):
            constant = 0.0
            col_of, get = self.col_of, terms.get
            for arg in expr.args:
                # the usual terms read here at once: a variable, a number times a variable
                term = type(arg)
                if term is MonomialTermExpression:
                    coef, var = arg.args
                    if type(coef) in (int, float) and type(var) is VarData and not var.fixed:
                        j = col_of.get(id(var))
                        if j is not None:
                            terms[j] = get(j, 0.0) + times * coef
                            continue
                elif term is VarData and not arg.fixed:
                    j = col_of.get(id(arg))
                    if j is not None:
                        terms[j] = get(j, 0.0) + times
                        continue
                part = self._add_terms(arg, times, terms)  # anything else, and what to say
                if part is None:
                    return None
                constant += part
            return constant
        return None

    # ---- state -----------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """plain | staged | fixed | anchored (the class's docstring)."""
        a = self.added
        if a.anchor_rows or a.anchor_cols or a.objective == "moves":
            return "anchored"
        if a.fixed is not None:
            return "fixed"
        if a.stage_rows or a.relaxed or a.objective == "stage":
            return "staged"
        return "plain"

    def plain(self) -> None:
        """Take off whatever `added` records: fixed bounds and relaxed integrality back, the
        anchor's and the stages' rows and the anchor's columns deleted, the plan's objective
        back. The numbers stay those of `rows`."""
        with self.lock:
            a, h = self.added, self.highs
            if a.plain:
                return
            if a.fixed is not None:
                columns, lower, upper = a.fixed
                h.changeColsBounds(len(columns), columns, lower, upper)
            if a.relaxed:
                set_integrality(h, self.integer, highspy.HighsVarType.kInteger)
            n = len(self.columns)
            rows = self._rows_passed + a.stage_rows + a.anchor_rows
            if h.getNumRow() != rows or h.getNumCol() != n + a.anchor_cols:
                raise RuntimeError(
                    f"HiGHS holds {h.getNumRow()} rows and {h.getNumCol()} columns, the record "
                    f"says {rows} and {n + a.anchor_cols}: changed behind this model's back"
                )
            self._drop_anchor()
            if a.stage_rows:
                extra = np.arange(self._rows_passed, self._rows_passed + a.stage_rows)
                h.deleteRows(len(extra), extra.astype(np.int32))
            self.added = Added()

    def holds(self, rows) -> bool:
        """Whether HiGHS holds the numbers of `rows` (the very rows last pushed)."""
        if len(rows) != len(self.rows):
            return False
        return all(a is b for a, b in zip(rows, self.rows, strict=True))

    # ---- solving ---------------------------------------------------------------------------
    def solve(
        self,
        time_limit: float | None = None,
        mip_gap: float = 1e-4,
        sensitivity: bool = True,
        anchor: list | None = None,
        start: np.ndarray | None = None,
        method: str = "auto",
        warm: bool = False,
    ) -> SolveResult:
        """Solve (stages first), then, with `sensitivity`, read duals, reduced costs and
        ranging (for a plan with projects: of the LP with them fixed). With `anchor` ((Pyomo
        variable, value) pairs, e.g. a base plan's money), a last stage keeps the objective at its
        optimum and moves as little money as it can from the anchor, so a what-if does not
        swing between equally good plans. `start`: column values of an earlier plan, offered to
        HiGHS as a first incumbent (a MIP does not warm-start). `method`: how a MIP is solved,
        "direct", "relax" or "auto" (optimiser.solve.runs). `warm`: a held model re-solved after
        an update tries the relaxations first, from the last basis (`_warm`). The model is plain
        again after, whatever happened: the result holds copies of everything read off HiGHS."""
        with self.lock:
            self.plain()
            try:
                if warm:
                    result = self._warm(time_limit, mip_gap, sensitivity, anchor)
                    if result is not None:
                        return result
                    self.plain()
                return self._solve(time_limit, mip_gap, sensitivity, anchor, start, method)
            finally:
                self.plain()

    def _warm(self, time_limit, mip_gap, sensitivity, anchor) -> SolveResult | None:
        """The stages, the objective and the anchor each searched from the basis its own last
        relaxation ended at (optimiser.solve.warm), where HiGHS's MIP search would presolve
        afresh. The plan found is the MIP's within `mip_gap`, proven by the search's bound;
        its projects are then fixed for its exact values and the duals given the projects
        (as `_duals_given_projects`). Returns None, with the model to be made plain, when a
        search gives up: the MIP is then solved as usual (`_solve`)."""
        started = time.perf_counter()
        deadline = None if time_limit is None else started + time_limit
        h, integer = self.highs, self.integer
        if relaxes("auto", len(integer)):
            return None  # a large project selection: relax-then-fix (optimiser.solve.runs)
        if len(integer):
            self.added.relaxed = True
            set_integrality(h, integer, highspy.HighsVarType.kContinuous)
        stages: list[StageResult] = []
        seconds = time.perf_counter()
        parts: dict[str, float] = {}  # seconds by step, for `make bench`
        for k, (members, costs, constant, tolerance) in enumerate(self.stage_objectives()):
            self.added.objective = "stage"
            set_objective(h, costs, True, 0.0)
            found = self._search(f"stage {k}", True, mip_gap, deadline, parts, "stages")
            if found is None:
                return None
            best = found.outcome.objective + constant
            floor = stage_floor(best, tolerance) - constant
            nonzero = np.flatnonzero(costs).astype(np.int32)
            h.addRow(floor, INF, len(nonzero), nonzero, costs[nonzero])
            self.added.stage_rows += 1
            rule_ids = sorted({p.rule_id for p in members}, key=[p.rule_id for p in members].index)
            label = "; ".join(f"{p.rule_id} {p.instance}" for p in members)
            row = self._rows_passed + self.added.stage_rows - 1
            stages.append(StageResult("+".join(rule_ids), label, best, row, floor))
        self._restore()
        self.added.objective = "plan"
        found = self._search("plan", self.maximise, mip_gap, deadline, parts, "objective")
        if found is None:
            return None
        t = time.perf_counter()
        outcome = self._fix(found.outcome, deadline)
        parts["fix"] = time.perf_counter() - t
        if outcome is None:
            return None
        outcome.bound = found.bound
        outcome.gap = relative_gap(outcome.objective, found.bound)
        if outcome.gap > mip_gap:
            return None
        outcome.method = "relaxation"
        seconds = time.perf_counter() - seconds
        result = self._result(outcome, stages, seconds, seconds)
        result.searched = found.nodes
        result.timings.update({f"warm {part}": value for part, value in parts.items()})
        t = time.perf_counter()
        if sensitivity and outcome.row_duals is not None:
            self._sensitivity(result)
            result.given_projects = self.is_mip
        result.timings["sensitivity"] = time.perf_counter() - t
        if anchor:
            t = time.perf_counter()
            self._anchor(result, anchor)
            result.timings["anchor"] = time.perf_counter() - t
        return result

    def _search(
        self, key: str, maximise: bool, gap: float, deadline, parts: dict, part: str
    ) -> Found | None:
        """The MIP HiGHS holds (integrality relaxed) searched from its relaxation, which starts
        from the basis the last relaxation of the same objective (`key`) ended at. Seconds
        added to `parts`: the relaxation's to `part`, the nodes' after it to `part` nodes."""
        h = self.highs
        t = time.perf_counter()
        self._from_basis(key)
        root = solve_once(h, NO_INTEGERS, deadline, gap, "direct")
        if not solved(root):
            return None
        self._keep(key)
        parts[part] = parts.get(part, 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        integer = self.integer
        lower, upper = self._col_lower[integer], self._col_upper[integer]
        found = branch_and_bound(h, integer, lower, upper, root, maximise, gap, deadline)
        parts[f"{part} nodes"] = parts.get(f"{part} nodes", 0.0) + time.perf_counter() - t
        return found

    def kept_bases(self) -> dict:
        """The optimal bases this model keeps per objective (`_warm`): with `start_from`, later
        solves start from the same state whatever was solved in between (optimiser.batch)."""
        with self.lock:
            return dict(self._bases)

    def start_from(self, bases: dict) -> None:
        """Forget HiGHS's own basis and factors and keep `bases` (from `kept_bases`): the next
        solve's answer does not depend on what this model solved before."""
        with self.lock:
            self.highs.clearSolver()
            self._bases = dict(bases)

    def _keep(self, key: str) -> None:
        """Keep the basis HiGHS holds as the one the next solve of `key` starts from, with its
        numbers of columns and rows (reading a basis's length copies its statuses: 10 ms)."""
        h = self.highs
        self._bases[key] = (h.getBasis(), h.getNumCol(), h.getNumRow())

    def _from_basis(self, key: str) -> bool:
        """HiGHS to start from the basis the last solve of `key` on this model ended at;
        whether there was one."""
        kept = self._bases.get(key)
        h = self.highs
        if kept is None or kept[1:] != (h.getNumCol(), h.getNumRow()):
            return False
        h.setBasis(kept[0])
        return True

    def _fix(self, found: Outcome, deadline) -> Outcome | None:
        """staged -> fixed: the projects of `found` fixed whole and the LP solved, for the
        plan's exact values (and the duals given the projects). None when that LP fails."""
        if not len(self.integer):
            return found
        self._hold_projects(found.values)
        outcome = solve_once(self.highs, NO_INTEGERS, deadline, 0.0, "direct")
        return outcome if solved(outcome) else None

    def _hold_projects(self, values: np.ndarray) -> None:
        """staged -> fixed: the integer columns made continuous (when they are not yet) and
        fixed at their whole values in `values`, a plan's. `plain` puts both back."""
        h, integer = self.highs, self.integer
        if not len(integer):
            return
        if not self.added.relaxed:
            set_integrality(h, integer, highspy.HighsVarType.kContinuous)
            self.added.relaxed = True
        self.added.fixed = (integer, self._col_lower[integer], self._col_upper[integer])
        whole = np.round(values[integer])
        h.changeColsBounds(len(integer), integer, whole, whole)

    def _solve(self, time_limit, mip_gap, sensitivity, anchor, start, method) -> SolveResult:
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
        self.plain()  # an earlier attempt's stage rows
        started = time.perf_counter()
        stages: list[StageResult] = []
        solver_seconds = 0.0
        parts: dict[str, float] = {}
        for k, (members, costs, constant, tolerance) in enumerate(self.stage_objectives()):
            self.added.objective = "stage"
            outcome, best = None, None
            if not relaxes(method, len(self.integer)):
                outcome, best = self._stage_relaxation(k, costs, constant, tolerance, deadline)
            if outcome is None:
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
                self.added.objective = "plan"
                failed = self._result(
                    outcome,
                    stages,
                    solver_seconds,
                    time.perf_counter() - started,
                    failed_stage=rules,
                )
                failed.failed_stage = rules
                failed.timings.update(parts)  # where the time went, for a stage out of time too
                return failed
            self.added.stage_rows += 1
            label = "; ".join(f"{p.rule_id} {p.instance}" for p in members)
            rule_ids = sorted({p.rule_id for p in members}, key=[p.rule_id for p in members].index)
            row = self._rows_passed + self.added.stage_rows - 1
            floor = stage_floor(best, tolerance) - constant
            stages.append(StageResult("+".join(rule_ids), label, best, row, floor))
        self._restore()
        self.added.objective = "plan"
        outcome = solve_once(h, self.integer, deadline, mip_gap, method, start, groups=groups)
        self._plan_basis = outcome.plan_basis  # for `_duals_given_projects`, if the plan has one
        solver_seconds += outcome.seconds
        _add_parts(parts, outcome, "")
        result = self._result(outcome, stages, solver_seconds, time.perf_counter() - started)
        result.fixed_failed = outcome.fixed_failed
        result.timings.update(parts)
        return result

    def _stage_relaxation(self, k: int, costs, constant, tolerance, deadline):
        """Stage `k`'s LP relaxation, solved before HiGHS's MIP search of it, its optimal basis
        kept as the one the next re-solve of the stage starts from (`_warm`: without it the
        first what-if after a cold solve solved the stage from nothing, 0.24 s of 0.63 s on
        Shanxi 2017-2020). A relaxation that takes every project whole (or a model without
        projects) is the stage's optimum, proven, and its row is added as `solve_stage` adds
        it: (outcome, best); one with no plan at all says the stage has none: (outcome, None).
        Otherwise (None, None): HiGHS's search solves the stage, the basis kept all the same.
        On Shanxi 2017-2020 the relaxation takes every project whole, in 0.25 s where HiGHS's
        search took 0.7 s."""
        h, integer = self.highs, self.integer
        set_objective(h, costs, True, 0.0)
        if len(integer):
            self.added.relaxed = True
            set_integrality(h, integer, highspy.HighsVarType.kContinuous)
        try:
            if not self._from_basis(f"stage {k}"):
                h.clearSolver()  # from presolve: a basis of another objective is further off
            outcome = solve_once(h, NO_INTEGERS, deadline, 0.0, "direct")
        finally:
            if len(integer):
                set_integrality(h, integer, highspy.HighsVarType.kInteger)
                self.added.relaxed = False
        if outcome.status == highspy.HighsModelStatus.kInfeasible:
            return outcome, None  # no plan even with projects in part
        if not solved(outcome):
            return None, None
        self._keep(f"stage {k}")
        if len(integer):
            # HiGHS without it, as after its search: the LP with the plan's projects fixed
            # (`_duals_given_projects`) took twice as long from it as from presolve. (An LP's
            # objective starts from the stage's basis, as it did.)
            h.clearSolver()
            if len(fractional(outcome.values, integer)):
                return None, None
        best = outcome.objective + constant
        nonzero = np.flatnonzero(costs).astype(np.int32)
        floor = stage_floor(best, tolerance) - constant
        h.addRow(floor, INF, len(nonzero), nonzero, costs[nonzero])
        return outcome, best

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
        """Hold the objective at its optimum and, with the plan's projects kept, minimise the
        money moved from `anchor`: an LP, started from where this model's last anchor ended.
        (Another set of projects could only be as good by an exact tie; searching the projects
        again cost seconds on 2017-2020 for that.)

        Each anchored column x is held at its target t (within its bounds) and two columns
        take its place, the money moved up and down: x = t + up - down, each at cost 1, with
        x's own coefficients (and their negatives). No row is added per column, so the LP keeps
        the plan's rows and its basis stays as small: on 2017-2020 this took 0.1-0.2 s where a
        row per column took 0.2-2 s. The columns, the hold row and the targets' bounds are
        recorded in `added`, for `plain` to take off. (The next solve starts from a basis kept
        for its objective, `_from_basis`, so the plan's basis is not put back: setting one costs
        a factorisation.)"""
        h = self.highs
        if self.added.fixed is None:
            self._hold_projects(result.values)
        n = len(self.columns)
        cost = self.cost
        best = float(np.dot(result.values[:n], cost)) + self.offset
        # The moves are the objective; the plan's own objective stays in it with a weight too
        # small to buy a move (1e-5 per unit, within the hold row's slack) but enough that, of
        # equal money, the plan whose objective variables are filled as the objective orders
        # them is chosen: otherwise people reached could sit in a lower segment than the units
        # give them, and the objective read off the plan would understate its tables'.
        tie = 1e-5 if self.maximise else -1e-5
        self.added.objective = "moves"
        h.changeColsCost(n, np.arange(n, dtype=np.int32), -tie * cost)
        h.changeObjectiveOffset(0.0)
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        columns, targets = self._anchored(anchor)
        k = len(columns)
        if k:
            lower, upper = self._col_lower[columns], self._col_upper[columns]
            held = np.clip(targets, lower, upper)
            self.added.anchor_held = (columns, lower, upper)
            h.changeColsBounds(k, columns, held, held)
            status, start, index, value = h.getColsEntries(k, columns)
            if status != highspy.HighsStatus.kOk:
                raise RuntimeError("HiGHS did not give the anchored columns' coefficients")
            start, index, value = np.asarray(start), np.asarray(index), np.asarray(value)
            counts = np.diff(np.append(start, len(index)))
            # up_1, down_1, up_2, ...: x's column and its negative
            starts = np.empty(2 * k, dtype=np.int32)
            starts[0::2] = 2 * start
            starts[1::2] = 2 * start + counts
            entries = np.empty(2 * len(index), dtype=np.int32)
            values = np.empty(2 * len(index))
            for part, sign in ((0, 1.0), (1, -1.0)):
                at = np.repeat(starts[part::2] - start, counts) + np.arange(len(index))
                entries[at] = index
                values[at] = sign * value
            costs = np.empty(2 * k)
            costs[0::2] = 1.0 - tie * cost[columns]
            costs[1::2] = 1.0 + tie * cost[columns]
            bound_up = np.empty(2 * k)
            bound_up[0::2] = upper - held
            bound_up[1::2] = held - lower
            h.addCols(
                2 * k, costs, np.zeros(2 * k), bound_up, len(entries), starts, entries, values
            )
            self.added.anchor_cols += 2 * k
        # the objective held at its optimum, the moves' share of it counted
        first = n
        row_cols = np.flatnonzero(cost).astype(np.int32)
        row_vals = cost[row_cols]
        if k:
            moved = np.empty(2 * k)
            moved[0::2], moved[1::2] = cost[columns], -cost[columns]
            keep = moved != 0
            row_cols = np.concatenate([row_cols, (first + np.arange(2 * k))[keep]]).astype(np.int32)
            row_vals = np.concatenate([row_vals, moved[keep]])
        slack = 1e-9 * max(1.0, abs(best)) + 1e-7
        if self.maximise:
            h.addRow(best - self.offset - slack, INF, len(row_cols), row_cols, row_vals)
        else:
            h.addRow(-INF, best - self.offset + slack, len(row_cols), row_cols, row_vals)
        self.added.anchor_rows += 1
        # The plan's own objective weighs little here, so HiGHS's feasibility tolerances (1e-7,
        # 1e-6 for a MIP) could leave a soft rule's row short by as much with no shortfall to
        # pay: a penalty of 1000 then makes the objective read off the plan exceed what its
        # tables give by more than the audit allows. The moves are solved tighter.
        loose = {name: h.getOptionValue(name)[1] for name in TIGHT}
        for name, value in TIGHT.items():
            h.setOptionValue(name, value)
        if self._from_basis("anchor"):  # from the last anchor's basis HiGHS's primal simplex
            # was the steadier: 0.1-0.4 s on 2017-2020 where its dual took 0.1-0.6 s
            loose["simplex_strategy"] = h.getOptionValue("simplex_strategy")[1]
            h.setOptionValue("simplex_strategy", 4)
        try:
            h.run()
        finally:
            for name, value in loose.items():
                h.setOptionValue(name, value)
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            solution = h.getSolution()
            col_value = np.asarray(solution.col_value)
            values = col_value[:n].copy()
            if k:
                values[columns] += col_value[n : n + 2 * k : 2] - col_value[n + 1 : n + 2 * k : 2]
            result.values = values
            result.row_activity = np.asarray(solution.row_value)[
                : self._rows_passed + self.added.stage_rows
            ].copy()
            result.objective = float(np.dot(result.values, cost)) + self.offset
            result.anchored = True
            self._keep("anchor")
        self._drop_anchor()

    def _anchored(self, anchor: list) -> tuple[np.ndarray, np.ndarray]:
        """The columns of `anchor`'s (variable, target) pairs that the model holds and that are
        not integer, and their targets; worked out once for the list a held plan passes to every
        answer (optimiser.scenario.held)."""
        last = self._anchor_cols
        if last is not None and last[0] is anchor:
            return last[1], last[2]
        pairs = [(self.col(var), float(target)) for var, target in anchor]
        integer = set(self.integer.tolist())
        pairs = [(j, t) for j, t in pairs if j is not None and j not in integer]
        pairs.sort()  # HiGHS reads a set of columns in increasing order
        columns = np.array([j for j, _ in pairs], dtype=np.int32)
        targets = np.array([t for _, t in pairs], dtype=float)
        self._anchor_cols = (anchor, columns, targets)
        return columns, targets

    def _drop_anchor(self) -> None:
        """anchored -> staged: the anchor's row and columns deleted, the anchored columns' own
        bounds and the plan's objective back."""
        a, h = self.added, self.highs
        n = len(self.columns)
        if a.anchor_cols:
            h.deleteCols(a.anchor_cols, np.arange(n, n + a.anchor_cols, dtype=np.int32))
        if a.anchor_rows:
            first = self._rows_passed + a.stage_rows
            h.deleteRows(a.anchor_rows, np.arange(first, first + a.anchor_rows, dtype=np.int32))
        if a.anchor_held is not None:
            columns, lower, upper = a.anchor_held
            h.changeColsBounds(len(columns), columns, lower, upper)
        a.anchor_cols = a.anchor_rows = 0
        a.anchor_held = None
        self._restore()
        a.objective = "plan"

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
        staged -> fixed (the anchor, if any, is solved in it; `plain` undoes it)."""
        h = self.highs
        self._hold_projects(result.values)
        if self._plan_basis is not None:  # that LP was solved already: its basis is optimal
            h.setBasis(self._plan_basis)
            self._plan_basis = None
        h.run()
        result.row_duals = None
        if (
            h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            and h.getInfo().dual_solution_status == 2
        ):
            self._sensitivity(result)
            result.given_projects = True
            # the plan's optimal basis: where a later re-solve of this model starts (`_warm`)
            self._keep("plan")

    def update(self, rows) -> int:
        """Make HiGHS hold the numbers of `rows`: the rule rows of a variant re-derived on this
        model (optimiser.model.update), the same instances as `self.rows`, each with the
        constraint and shortfall of the held row it replaces. Coefficients, bounds and
        soft-rule penalties are compared with what HiGHS holds now, whichever variant that
        was, and only what differs is changed. plain -> plain. Returns how many numbers
        changed."""
        with self.lock:
            self.plain()
            h = self.highs
            if len(rows) != len(self.rows):
                raise ValueError(f"{len(rows)} rows for a model of {len(self.rows)} rule rows")
            changes = 0
            for k, new in enumerate(rows):
                if new is self.rows[k]:  # the very row HiGHS holds the numbers of
                    continue
                i = self.row(new.constraint)
                if i is None:
                    raise KeyError(f"{new.rule_id}[{new.instance}] is not a row of this model")
                index, value, constant = self.coefficients(new.body)
                wanted = dict(zip(index, value, strict=True))
                if new.shortfall is not None:
                    wanted[self.col(new.shortfall)] = 1.0 if new.sense == ">=" else -1.0
                current = self._row_coefficients(i)
                for j in set(current) | set(wanted):
                    if current.get(j, 0.0) != wanted.get(j, 0.0):
                        h.changeCoeff(i, j, wanted.get(j, 0.0))
                        changes += 1
                self._coefs[i] = wanted
                bound = new.rhs - constant
                lo, hi = {"<=": (-INF, bound), ">=": (bound, INF), "==": (bound, bound)}[new.sense]
                if lo != self._row_lower[i] or hi != self._row_upper[i]:
                    h.changeRowBounds(i, lo, hi)
                    self._row_lower[i], self._row_upper[i] = lo, hi
                    changes += 1
                if new.shortfall is not None:
                    j = self.col(new.shortfall)
                    cost = -new.penalty if self.maximise else new.penalty
                    if self.cost[j] != cost:
                        self.cost[j] = cost
                        h.changeColCost(j, cost)
                        changes += 1
            self.rows = list(rows)
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

    def conflict_rows(self, rows=None) -> tuple[list[int], list[int]]:
        """An irreducible infeasible subset (rows, columns) of the model's LP relaxation, by
        HiGHS's IIS from the elastic LP (the default light strategy can return an empty set),
        of the plain model with the numbers of `rows` (pushed first when given: a variant
        solved earlier on this model), else of those it holds. Integrality is put back
        afterwards."""
        with self.lock:
            if rows is not None and not self.holds(rows):
                self.update(rows)
            self.plain()
            h = self.highs
            integer = self.integer
            if len(integer):
                self.added.relaxed = True
                set_integrality(h, integer, highspy.HighsVarType.kContinuous)
            try:
                strategy = int(highspy.IisStrategy.kIisStrategyFromLp) | int(
                    highspy.IisStrategy.kIisStrategyIrreducible
                )
                h.setOptionValue("iis_strategy", strategy)
                status, iis = h.getIis()
            finally:
                self.plain()
            rows = list(iis.row_index_) if status != highspy.HighsStatus.kError else []
            cols = list(iis.col_index_) if status != highspy.HighsStatus.kError else []
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

    def write(self, path: str, stages: list[StageResult] = (), rows=None) -> None:
        """Write the model as HiGHS holds it (.mps or .lp, by the file's extension), with the
        Pyomo names made safe for the format (given to HiGHS here, on the one path that needs
        them). `stages`: a solve's priority stages, written as the rows that held them
        (`stage_0`, ...), so that the file gives that solve's plan; `rows`: a variant's numbers
        to write (pushed first, as `update`)."""
        with self.lock:
            if rows is not None and not self.holds(rows):
                self.update(rows)
            self.plain()
            h = self.highs
            try:
                for (_members, costs, _constant, _tol), stage in zip(
                    self.stage_objectives(), stages, strict=False
                ):
                    nonzero = np.flatnonzero(costs).astype(np.int32)
                    h.addRow(stage.floor, INF, len(nonzero), nonzero, costs[nonzero])
                    self.added.stage_rows += 1
                for j, var in enumerate(self.columns):
                    h.passColName(j, _name(var.name))
                for i, name in enumerate(self.row_names):
                    h.passRowName(i, _name(name))
                for k in range(self.added.stage_rows):
                    h.passRowName(self._rows_passed + k, f"stage_{k}")
                h.writeModel(path)
            finally:
                self.plain()

    def snapshot(self) -> dict:
        """The model as HiGHS holds it, as plain data keyed by the Pyomo names: sense, offset,
        each column's bounds, cost and integrality, each row's bounds and coefficients. Golden
        models are compared in this form, so a solver's way of printing numbers never matters."""
        with self.lock:
            lp = self.highs.getLp()
        names = [var.name for var in self.columns]
        integer = set(self.integer.tolist())
        # each read of an array of the HighsLp copies it whole: read each once
        col_lower, col_upper = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
        cost = np.asarray(lp.col_cost_)
        columns = {
            names[j]: {
                "lower": float(col_lower[j]),
                "upper": float(col_upper[j]),
                "cost": float(cost[j]),
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
        row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        rows = {}
        for i, name in enumerate(self.row_names):
            lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
            rows[name] = {
                "lower": float(row_lower[i]),
                "upper": float(row_upper[i]),
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

    def values_of(self, result: SolveResult, component) -> np.ndarray:
        """The plan's values of an indexed variable, in its index's order (0 for an index the
        model holds no column of): read with one lookup of the columns per component."""
        cols = self._component_cols.get(id(component))
        if cols is None:
            found = [self.col_of.get(id(component[key]), -1) for key in component.index_set()]
            cols = np.array(found, dtype=np.int64)
            self._component_cols[id(component)] = cols
        if result.values is None or not len(cols):
            return np.zeros(len(cols))
        return np.where(cols >= 0, result.values[np.maximum(cols, 0)], 0.0)

    def value(self, result: SolveResult, var) -> float:
        j = self.col_of.get(id(var))
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
