"""A held model's MIP re-solved from where its last solve ended.

HiGHS's MIP search does not warm-start: every call presolves and searches afresh (about 0.1 s on
Shanxi 2018 and 0.8 s on 2017-2020 however small the change), while its dual simplex, started from
the last optimal basis of the same LP, needs tens of iterations after a budget moves. So a held
model (optimiser.scenario.held) is re-solved here as a small branch and bound whose LPs are HiGHS's,
each started from its parent's basis:

- the LP relaxation first: when it selects every project whole, no integer plan can do better, so
  it is the MIP's optimum, proven;
- otherwise branching on a project it takes in part (the one nearest a half), the side it leans to
  first, depth first; a node is closed when its LP has no plan, or when its bound cannot beat the
  best plan found by more than the gap asked for (HiGHS's relative gap). A node's bound is its
  parent's objective until its own LP is solved (it only narrows its parent's), so a node whose
  parent already could not beat the best plan by more than the gap is closed unsolved. What is
  left when the search ends is a plan and a bound within that gap: the guarantee HiGHS's own
  search gives.

The search is for the few projects a changed budget puts in doubt. One whose relaxation takes
more than `MAX_SPLIT` projects in part is not tried; one that grows past `MAX_NODES` nodes (a
knapsack of a dozen items can need a hundred), meets the deadline, or meets an LP HiGHS does not
solve to optimality gives up (None) and leaves the model as it found it: the caller then solves
the MIP with HiGHS's own search.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from optimiser.solve.runs import DECIDED, Outcome, relative_gap, solve_once

S = highspy.HighsModelStatus
MAX_NODES = 64  # nodes after the relaxation before HiGHS's own search is asked instead
MAX_SPLIT = 16  # projects the relaxation takes in part beyond which the search is not tried
NO_INTEGERS = np.array([], dtype=np.int32)


@dataclass
class Found:
    """The best plan of a search: its LP's outcome (projects whole within DECIDED) and the bound
    proven on any plan's objective."""

    outcome: Outcome
    bound: float
    nodes: int


def solved(outcome: Outcome) -> bool:
    """Solved to optimality with a plan read off (HiGHS can call an LP optimal whose plan,
    unscaled, is not feasible within its tolerances: no plan is then read)."""
    return outcome.optimal and outcome.values is not None


def fractional(values: np.ndarray, integer: np.ndarray) -> np.ndarray:
    """The positions in `integer` whose columns `values` take in part."""
    z = values[integer]
    return np.flatnonzero(np.abs(z - np.round(z)) > DECIDED)


def branch_and_bound(
    h: highspy.Highs,
    integer: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    root: Outcome,
    maximise: bool,
    gap: float,
    deadline: float | None,
    max_nodes: int = MAX_NODES,
) -> Found | None:
    """The MIP HiGHS holds with `integer`'s integrality relaxed (their own bounds `lower`,
    `upper`), searched from `root`, its relaxation just solved to optimality (HiGHS holding
    its basis). The integer columns' bounds are `lower`, `upper` again when it returns; HiGHS's
    basis is the last node's."""
    split = len(fractional(root.values, integer))
    if not split:
        return Found(root, root.objective, 0)
    if split > MAX_SPLIT:
        return None  # not a few projects in doubt: HiGHS's search is the better tool
    sign = 1.0 if maximise else -1.0
    best: Outcome | None = None
    closed = -math.inf  # (signed) the best bound of a node closed by the gap test
    # (bounds fixed, the parent's number, its basis, the node's outcome once solved, the
    # parent's objective: a bound on the node's, as the node only narrows its parent's LP)
    stack: list[tuple[dict[int, tuple[float, float]], int, object, Outcome | None, float]] = [
        ({}, 0, None, root, root.objective)
    ]
    nodes = 0
    current = 0  # the node whose basis HiGHS holds (setting a basis costs a factorisation)
    try:
        while stack:
            fixed, parent, basis, node, above = stack.pop()
            if node is None and best is not None and _closes(best, above, sign, gap):
                closed = max(closed, sign * above)  # closed by its parent's bound, unsolved
                continue
            if node is None:
                nodes += 1
                out_of_time = deadline is not None and time.perf_counter() >= deadline
                if nodes > max_nodes or out_of_time:
                    return None
                _bounds(h, integer, lower, upper, fixed)
                if parent != current:
                    h.setBasis(basis)
                current = nodes
                node = solve_once(h, NO_INTEGERS, deadline, gap, "direct")
                if node.status == S.kInfeasible:
                    continue
                if not solved(node):
                    return None
            if best is not None and _closes(best, node.objective, sign, gap):
                closed = max(closed, sign * node.objective)
                continue
            split = fractional(node.values, integer)
            if not len(split):
                best = node
                continue
            z = node.values[integer[split]]
            k = split[int(np.argmin(np.abs(z - np.floor(z) - 0.5)))]
            j, v = int(integer[k]), float(node.values[integer[k]])
            basis = h.getBasis()  # this node's: HiGHS holds it (`current`)
            down = {**fixed, j: (lower[k], math.floor(v))}
            up = {**fixed, j: (math.ceil(v), upper[k])}
            near, far = (up, down) if v - math.floor(v) >= 0.5 else (down, up)
            stack.append((far, current, basis, None, node.objective))
            stack.append((near, current, basis, None, node.objective))
    finally:
        _bounds(h, integer, lower, upper, {})
    if best is None:
        return None  # no plan with projects whole: HiGHS's search says so in its words
    bound = sign * max(sign * best.objective, closed)
    return Found(best, bound, nodes)


def _closes(best: Outcome, bound: float, sign: float, gap: float) -> bool:
    """Whether a node whose objective is at most `bound` (signed by `sign`: 1 maximising) can
    be closed: it cannot beat the best plan, or not by more than the gap."""
    return sign * bound <= sign * best.objective or relative_gap(best.objective, bound) <= gap


def _bounds(h, integer, lower, upper, fixed: dict[int, tuple[float, float]]) -> None:
    """The integer columns' own bounds, with `fixed` (column -> (lower, upper)) over them."""
    lo, up = lower.copy(), upper.copy()
    if fixed:
        where = {int(j): i for i, j in enumerate(integer)}
        for j, (a, b) in fixed.items():
            lo[where[j]], up[where[j]] = a, b
    h.changeColsBounds(len(integer), integer, lo, up)
