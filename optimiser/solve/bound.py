"""A bound on the best plan that is tighter than the LP relaxation's, by pricing out the rows that
tie counties together (Lagrangian decomposition).

A national plan is hierarchical: most rows concern one county (its needs, payments, projects,
growth floor, people reached), and a few tie counties together (each source's budget, the
earmark, the relending quota, the stage floors). Give every tying row its price from the LP
relaxation (its dual) and the problem falls apart into one small MIP per county. For any prices
of the right sign,

    best plan <= sum over counties of (county's best under the prices) + sum of price x limit,

and with the LP's own prices the right-hand side is the LP bound less what integrality costs
inside each county: the part of the gap the LP relaxation cannot see. Each county's MIP is
bounded by HiGHS's own dual bound, so the sum stays a bound even when a county's search stops
early. The counties' own best plans at those prices are kept too (`Bound.choice`): together
they are often a plan of the whole model, or nearly (optimiser.solve.runs tries it).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from optimiser.solve.quiet import new_highs

INF = highspy.kHighsInf
# a county's MIP: only its dual bound counts, so no time on finding plans for it
COUNTY_OPTIONS = {"threads": 1, "mip_rel_gap": 1e-5, "presolve": "off"}


@dataclass
class Bound:
    value: float  # for a maximisation: no plan is better than this
    groups: int  # counties (and the rest) solved apart
    tying_rows: int  # rows priced out
    seconds: float
    searched: int = 0  # counties whose own MIP was solved (the others were whole in the LP)
    # every column's value in its county's own best plan at the prices: integer columns whole
    # where the county was solved as a MIP (the counties together may break a tying row)
    choice: np.ndarray | None = None


def lagrangian_bound(
    lp: highspy.HighsLp,
    integer: np.ndarray,
    group: np.ndarray,
    row_duals: np.ndarray,
    values: np.ndarray | None = None,
    relax: bool = False,
    deadline: float | None = None,
    workers: int = 1,
) -> Bound | None:
    """The bound for the model `lp` (as HiGHS holds it), whose column j belongs to county group
    `group[j]` (-1: no county), priced with `row_duals` (the LP relaxation's duals, HiGHS's
    convention: reduced cost = cost - A' duals). `values`: the LP relaxation's solution; a
    county where it is already whole needs no search, for it is then that county's optimum
    under the prices (complementary slackness). `relax`: solve the county problems as LPs (then
    the bound equals the LP's own objective: a check of the pricing). `workers`: threads
    solving counties (HiGHS releases the interpreter while it solves). None past `deadline`."""
    t0 = time.perf_counter()
    sign = -1.0 if lp.sense_ == highspy.ObjSense.kMinimize else 1.0  # work as a maximisation
    n, m = lp.num_col_, lp.num_row_
    A = sp.csc_matrix(
        (
            np.asarray(lp.a_matrix_.value_),
            np.asarray(lp.a_matrix_.index_),
            np.asarray(lp.a_matrix_.start_),
        ),
        shape=(m, n),
    ).tocsr()
    cost = sign * np.asarray(lp.col_cost_, dtype=float)
    y = sign * np.asarray(row_duals, dtype=float)[:m]
    row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    col_lower, col_upper = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)

    groups, col_group = np.unique(group, return_inverse=True)
    k = len(groups)
    # a row is its county's when all its columns are; otherwise it ties counties and is priced
    starts = A.indptr
    row_of_nz = np.repeat(np.arange(m), np.diff(starts))
    g_nz = col_group[A.indices]
    low = np.full(m, k, dtype=np.int64)
    high = np.full(m, -1, dtype=np.int64)
    np.minimum.at(low, row_of_nz, g_nz)
    np.maximum.at(high, row_of_nz, g_nz)
    empty = high < 0
    local = (low == high) & ~empty
    tying = ~local & ~empty
    # a priced row's side: its upper limit when its price is positive, its lower when negative;
    # a price pointing at a missing side would not give a bound, so it is dropped
    price = np.where(tying, y, 0.0)
    price[(price > 0) & (row_upper >= INF)] = 0.0
    price[(price < 0) & (row_lower <= -INF)] = 0.0
    limit_side = np.where(price > 0, row_upper, np.where(price < 0, row_lower, 0.0))
    constant = sign * float(lp.offset_) + float(np.dot(price, limit_side))
    priced_cost = cost - A.T @ price

    is_int = np.zeros(n, dtype=bool)
    is_int[integer] = True
    col_order = np.argsort(col_group, kind="stable")
    col_bounds = np.searchsorted(col_group[col_order], np.arange(k + 1))
    local_rows = np.flatnonzero(local)
    row_order = local_rows[np.argsort(low[local_rows], kind="stable")]
    row_bounds = np.searchsorted(low[row_order], np.arange(k + 1))
    block = A[row_order][:, col_order].tocsc()
    cols_of = [col_order[col_bounds[g] : col_bounds[g + 1]] for g in range(k)]
    settled = [False] * k  # whole in the LP already: that county's optimum under the prices
    if values is not None and not relax:
        whole = ~is_int | (np.abs(values - np.round(values)) <= 1e-9)
        settled = [bool(whole[cols].all()) for cols in cols_of]

    choice = np.zeros(n) if values is None else np.array(values, dtype=float)

    def county(g: int) -> float | None:
        if deadline is not None and time.perf_counter() > deadline:
            return None
        cols = cols_of[g]
        if settled[g]:
            return float(np.dot(priced_cost[cols], values[cols]))
        r0, r1 = row_bounds[g], row_bounds[g + 1]
        best, chosen = _solve_block(
            priced_cost[cols],
            col_lower[cols],
            col_upper[cols],
            block[r0:r1, col_bounds[g] : col_bounds[g + 1]].tocsc(),
            row_lower[row_order[r0:r1]],
            row_upper[row_order[r0:r1]],
            None if relax else is_int[cols],
        )
        if chosen is not None:
            choice[cols] = chosen
        return best

    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            bests = list(pool.map(county, range(k)))
    else:
        bests = [county(g) for g in range(k)]
    if any(b is None for b in bests):
        return None
    total = constant + math.fsum(bests)
    searched = k - sum(settled)
    seconds = time.perf_counter() - t0
    return Bound(sign * total, k, int(tying.sum()), seconds, searched, choice)


def _solve_block(cost, lower, upper, A, row_lower, row_upper, integer):
    """Upper bound on max cost.x over one county's columns and rows, and the best plan found
    for them (None when HiGHS gives no bound; the plan None when it found none)."""
    if A.shape[0] == 0:  # no rows: each column at its better bound
        best = np.where(cost > 0, upper, lower)
        if np.any(np.isinf(best[cost != 0])):
            return None, None
        return float(np.dot(cost[cost != 0], best[cost != 0])), np.where(np.isinf(best), 0, best)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = A.shape[1], A.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
    lp.row_lower_, lp.row_upper_ = row_lower, row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
    if integer is not None and integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in integer
        ]
    h = new_highs(**COUNTY_OPTIONS)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    plan = np.asarray(h.getSolution().col_value) if info.primal_solution_status == 2 else None
    if integer is not None and integer.any():
        if plan is None and status != highspy.HighsModelStatus.kOptimal:
            return None, None
        return float(info.mip_dual_bound), plan
    if status != highspy.HighsModelStatus.kOptimal:
        return None, None
    return float(info.objective_function_value), plan
