"""The held model's own search (optimiser.solve.warm): on random small MIPs whose relaxation takes
items in part, it finds HiGHS's optimum within the gap asked, proves a bound that holds, leaves
the integer columns' bounds as they were, and gives up (None) past its node limit; on Shanxi 2018
a meeting's budget moves are answered by it, each as good as a cold solve within the MIP gap."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.solve import warm
from optimiser.solve.quiet import new_highs
from optimiser.solve.runs import relative_gap, set_integrality, solve_once

ROOT = Path(__file__).resolve().parents[1]


def knapsack(seed: int, items: int, maximise: bool) -> tuple[highspy.Highs, np.ndarray]:
    """Choose whole items (binary) and a continuous filler under two capacity rows: the
    relaxation takes an item in part whenever the capacity ends inside one."""
    rng = np.random.default_rng(seed)
    weight = rng.integers(3, 40, size=(2, items)).astype(float)
    value = rng.integers(5, 60, size=items).astype(float)
    h = new_highs(random_seed=0, threads=1)
    lp = highspy.HighsLp()
    n = items + 1  # the last column: filler, worth little per unit of the first row
    lp.num_col_, lp.num_row_ = n, 2
    sign = 1.0 if maximise else -1.0
    lp.col_cost_ = sign * np.append(value, 0.3)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.append(np.ones(items), 5.0)
    lp.row_lower_ = np.full(2, -highspy.kHighsInf)
    lp.row_upper_ = weight.sum(axis=1) * rng.uniform(0.25, 0.6, size=2)
    matrix = np.hstack([weight, np.array([[1.0], [0.0]])])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * n + 1, 2)
    lp.a_matrix_.index_ = np.tile([0, 1], n)
    lp.a_matrix_.value_ = matrix.T.reshape(-1)
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * items + [highspy.HighsVarType.kContinuous]
    h.passModel(lp)
    return h, np.arange(items, dtype=np.int32)


def search(h, integer, gap, nodes=warm.MAX_NODES):
    lower, upper = np.zeros(len(integer)), np.ones(len(integer))
    set_integrality(h, integer, highspy.HighsVarType.kContinuous)
    root = solve_once(h, warm.NO_INTEGERS, None, gap, "direct")
    assert root.optimal
    found = warm.branch_and_bound(
        h, integer, lower, upper, root, maximise(h), gap, None, max_nodes=nodes
    )
    return root, found


def maximise(h) -> bool:
    return h.getLp().sense_ == highspy.ObjSense.kMaximize


def mip_optimum(seed, items, sense) -> float:
    h, _ = knapsack(seed, items, sense)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 12), st.booleans())
def test_the_search_finds_the_mip_optimum_and_a_bound_that_holds(seed, items, sense):
    h, integer = knapsack(seed, items, sense)
    root, found = search(h, integer, 1e-9, nodes=10_000)
    best = mip_optimum(seed, items, sense)
    assert found is not None  # 2**12 leaves at most: within the nodes allowed here
    x = found.outcome.values
    assert np.allclose(x[integer], np.round(x[integer]), atol=warm.DECIDED)
    assert found.outcome.objective == pytest.approx(best, rel=1e-7, abs=1e-7)
    # the bound proven holds for the true optimum and lies within the gap of the plan
    signed = 1 if sense else -1
    assert signed * found.bound >= signed * best - 1e-7
    assert relative_gap(found.outcome.objective, found.bound) <= 1e-9 + 1e-12
    # and the relaxation's bound is never beaten
    assert signed * found.outcome.objective <= signed * root.objective + 1e-7
    # the integer columns' own bounds are back
    lp = h.getLp()
    assert np.array_equal(np.asarray(lp.col_lower_)[integer], np.zeros(len(integer)))
    assert np.array_equal(np.asarray(lp.col_upper_)[integer], np.ones(len(integer)))


def test_a_plan_within_a_wider_gap_is_accepted_with_its_bound():
    for seed in range(30):
        h, integer = knapsack(seed, 12, True)
        _root, found = search(h, integer, 0.05, nodes=10_000)
        best = mip_optimum(seed, 12, True)
        assert found is not None
        assert found.outcome.objective >= best * (1 - 0.05) - 1e-7
        assert found.bound >= best - 1e-7
        assert relative_gap(found.outcome.objective, found.bound) <= 0.05 + 1e-12


def test_the_search_gives_up_past_its_node_limit_and_restores_the_bounds():
    gave_up = 0
    for seed in range(20):
        h, integer = knapsack(seed, 12, True)
        root, found = search(h, integer, 1e-9, nodes=1)
        if len(warm.fractional(root.values, integer)) and found is None:
            gave_up += 1
        lp = h.getLp()
        assert np.array_equal(np.asarray(lp.col_upper_)[integer], np.ones(len(integer)))
        assert np.array_equal(np.asarray(lp.col_lower_)[integer], np.zeros(len(integer)))
    assert gave_up  # some knapsack needs more than one node


def test_a_node_is_closed_unsolved_when_its_parent_cannot_beat_the_plan_by_the_gap(monkeypatch):
    """A node only narrows its parent's LP, so its parent's objective bounds it: with a gap that
    takes any plan, the first plan with items whole ends the search, and the nodes left on the
    stack (each a sibling on the way down) are closed without their LPs being solved. The bound
    proven is then the parent's, and still holds."""
    tried = 0
    for seed in range(20):
        h, integer = knapsack(seed, 12, True)
        solved_nodes = []
        real = warm.solve_once

        def counted(*args, real=real, solved_nodes=solved_nodes, **kwargs):
            out = real(*args, **kwargs)
            solved_nodes.append(out)
            return out

        monkeypatch.setattr(warm, "solve_once", counted)
        root, found = search(h, integer, 1e9, nodes=10_000)
        monkeypatch.undo()
        if not len(warm.fractional(root.values, integer)):
            continue
        tried += 1
        assert found is not None and found.nodes == len(solved_nodes)
        whole = [n for n in solved_nodes if whole_plan(n, integer)]
        assert whole[0] is solved_nodes[-1] is found.outcome  # nothing solved after the plan
        assert found.bound >= mip_optimum(seed, 12, True) - 1e-7
    assert tried


def whole_plan(node, integer) -> bool:
    """A node whose LP was solved with every item whole."""
    return node.values is not None and not len(warm.fractional(node.values, integer))


def test_many_projects_in_doubt_are_left_to_highs():
    """Twenty items, each alone under a cap of half its weight: the relaxation takes every one
    in half, more than MAX_SPLIT, so the search is not tried."""
    items = 20
    h = new_highs(random_seed=0, threads=1)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = items, items
    lp.col_cost_ = np.ones(items)
    lp.col_lower_, lp.col_upper_ = np.zeros(items), np.ones(items)
    lp.row_lower_, lp.row_upper_ = np.full(items, -highspy.kHighsInf), np.full(items, 0.5)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(items + 1)
    lp.a_matrix_.index_ = np.arange(items)
    lp.a_matrix_.value_ = np.ones(items)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * items
    h.passModel(lp)
    root, found = search(h, np.arange(items, dtype=np.int32), 1e-9, nodes=10_000)
    assert len(warm.fractional(root.values, np.arange(items))) == items > warm.MAX_SPLIT
    assert found is None


def test_a_whole_relaxation_is_the_answer_without_a_node():
    h, integer = knapsack(1, 6, True)
    h.changeRowBounds(0, -highspy.kHighsInf, 1e6)  # room for everything: every item whole
    h.changeRowBounds(1, -highspy.kHighsInf, 1e6)
    _root, found = search(h, integer, 1e-9)
    assert found is not None and found.nodes == 0
    assert np.allclose(found.outcome.values[integer], 1.0)


def test_shanxi_meeting_moves_are_answered_by_the_search_as_well_as_cold_solves():
    from optimiser.api import load, solve
    from optimiser.scenario.held import HeldPlan
    from optimiser.scenario.overrides import apply, parse_all

    data = load(ROOT / "data" / "shanxi")
    plan = HeldPlan(data, [2018])
    searched = 0
    for change in ("-10%", "+15%", "-5%"):
        variant = apply(data, parse_all([f"budget.central_special.2018={change}"]))
        run = plan.answer(variant, explain=False)
        cold = solve(variant, [2018])
        assert run.route == "updated"
        assert run.solution.status == cold.solution.status == "optimal"
        searched += run.result.searched is not None
        # both within the MIP gap (1e-4) of the optimum: within 2e-4 of each other
        assert run.solution.objective == pytest.approx(cold.solution.objective, rel=2e-4)
        assert run.result.given_projects
    assert searched == 3
