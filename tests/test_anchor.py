"""The anchor (HighsModel._anchor) moves as little money from the base plan as any plan that is as
good with the same projects: checked against the textbook formulation solved apart (a row
x - up + down = target per anchored column, the moves minimised, the objective held at its
optimum, the stages' floors and the plan's projects kept), on Shanxi 2018 budget moves answered
on one held model."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from optimiser.api import load
from optimiser.scenario.held import HeldPlan
from optimiser.scenario.overrides import apply, parse_all
from optimiser.solve.quiet import new_highs

ROOT = Path(__file__).resolve().parents[1]
INF = highspy.kHighsInf


def least_moves(held, run, columns: np.ndarray, targets: np.ndarray) -> float:
    """The fewest moves of any plan of `run`'s variant as good as `run`'s, with its projects."""
    lp = held.highs.getLp()  # plain: the variant's numbers, the plan's objective
    h = new_highs(random_seed=0, threads=1)
    h.passModel(lp)
    n = len(held.columns)
    integer = held.integer
    h.changeColsIntegrality(
        len(integer), integer, np.full(len(integer), highspy.HighsVarType.kContinuous)
    )
    whole = np.round(run.result.values[integer])
    h.changeColsBounds(len(integer), integer, whole, whole)
    for (_members, costs, _constant, _tol), stage in zip(
        held.stage_objectives(), run.result.stages, strict=True
    ):
        nz = np.flatnonzero(costs).astype(np.int32)
        h.addRow(stage.floor, INF, len(nz), nz, costs[nz])
    cost = held.cost
    nz = np.flatnonzero(cost).astype(np.int32)
    best = float(np.dot(run.result.values, cost))
    slack = 1e-9 * max(1.0, abs(best + held.offset)) + 1e-7
    if held.maximise:
        h.addRow(best - slack, INF, len(nz), nz, cost[nz])
    else:
        h.addRow(-INF, best + slack, len(nz), nz, cost[nz])
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    h.changeObjectiveOffset(0.0)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    k = len(columns)
    h.addCols(2 * k, np.ones(2 * k), np.zeros(2 * k), np.full(2 * k, INF), 0, [], [], [])
    index = np.empty(3 * k, dtype=np.int32)
    index[0::3] = columns
    index[1::3] = n + 2 * np.arange(k)
    index[2::3] = n + 2 * np.arange(k) + 1
    starts = np.arange(0, 3 * k, 3, dtype=np.int32)
    h.addRows(k, targets, targets, 3 * k, starts, index, np.tile([1.0, -1.0, 1.0], k))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


def test_the_anchor_moves_the_least_money_any_as_good_plan_moves():
    data = load(ROOT / "data" / "shanxi")
    plan = HeldPlan(data, [2018])
    held = plan.held
    columns, targets = held._anchored(plan._pairs[held])
    assert len(columns) > 1000
    for change in ("-10%", "+15%", "-5%"):
        variant = apply(data, parse_all([f"budget.central_special.2018={change}"]))
        run = plan.answer(variant, explain=False)
        assert run.route == "updated" and run.result.anchored
        moves = float(np.abs(run.result.values[columns] - targets).sum())
        fewest = least_moves(held, run, columns, targets)
        unanchored = plan.answer(variant, anchor=False, explain=False)
        assert moves <= fewest + 1e-6 * max(1.0, fewest)
        assert moves <= float(np.abs(unanchored.result.values[columns] - targets).sum()) + 1e-6
        # as good a plan: the objective held
        assert run.solution.objective == pytest.approx(unanchored.solution.objective, rel=1e-8)
