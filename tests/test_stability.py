"""The stability term (policy `objective.stability_weight`): the objective counts the weight per
万元 by which a county's money (all sources, commitments included) changes from the year before:
the actuals of history.csv for the first planned year, the previous year's plan after that.

Hand-solvable instances (tests/hand.py): counties A and B, one central source, category `low`
(1 person per 万元) needed in A and `high` (2 per 万元) in B; 2017 actuals A 60, B 40. Poor
populations are large, so every person reached counts at weight 1."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
import pytest
from hand import budget, category, county, dataset, history, money, need, run, source

from optimiser.api import load, solve, what_if
from optimiser.model.build import build
from optimiser.model.inputs import RunSpec, prepare
from optimiser.model.objective import stability_penalty
from optimiser.model.update import rederive
from optimiser.report.run_files import summary_dict
from optimiser.scenario.overrides import apply, parse_all
from optimiser.solve.bound import lagrangian_bound
from optimiser.solve.highs import HighsModel

HISTORY = {"A": 60.0, "B": 40.0}


def two_counties(
    folder, weight=None, budgets=(120,), mode="impact", histories=None, actuals=(2017,)
):
    """Budget per plan year (2018, 2019, ...) from `budgets`; `weight` None leaves the field out
    of policy.yaml (its default)."""
    objective = {"mode": mode}
    if weight is not None:
        objective["stability_weight"] = weight
    years = tuple(2018 + i for i in range(len(budgets)))
    return dataset(
        folder,
        [county("A"), county("B")],
        [source("c")],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", amount, year=y) for y, amount in zip(years, budgets, strict=True)],
        histories=histories
        if histories is not None
        else [history(c, "c", amount) for c, amount in HISTORY.items()],
        years=years,
        actuals=actuals,
        objective=objective,
    )


def moved(r, year=2018, before=None) -> float:
    """Total |money to a county in `year` - the year before|, from allocation.csv's table and
    the history (or `before`: county -> money)."""
    before = HISTORY if before is None else before
    frame = r.solution.allocation
    now = defaultdict(
        float, frame[frame["year"] == year].groupby("county_code")["amount_wan"].sum()
    )
    return sum(abs(now[c] - before.get(c, 0.0)) for c in ("A", "B"))


def reached(r) -> float:
    """The impact objective's main term, read from the plan's people reached (segment vars)."""
    m = r.builder.model
    return sum(r.held.value(r.result, m.reach[i]) for i in m.reach)


def penalty(r) -> float | None:
    return stability_penalty(r.builder, lambda var: r.held.value(r.result, var))


def test_weight_zero_builds_the_model_as_without_the_field(tmp_path):
    """No stability column or row with weight 0: the model is exactly the one without the field,
    and the plan is the one without it: all 120 to B (2 per 万元), objective 240."""
    absent = HighsModel(build(prepare(load(two_counties(tmp_path / "absent")), RunSpec((2018,)))))
    zero = HighsModel(build(prepare(load(two_counties(tmp_path / "zero", 0)), RunSpec((2018,)))))
    assert zero.snapshot() == absent.snapshot()
    names = list(zero.snapshot()["columns"]) + list(zero.snapshot()["rows"])
    assert not [n for n in names if n.startswith("stability")]
    r = run(two_counties(tmp_path / "run", 0))
    assert r.solution.objective == pytest.approx(240)
    assert money(r, county_code="B") == pytest.approx(120)
    assert penalty(r) is None
    assert not [n for n in r.solution.notes if n.startswith("stability")]


def test_a_large_weight_moves_less_money_and_costs_exactly_weight_times_what_moves(tmp_path):
    """Weight 0: all 120 to B; moved |0 - 60| + |120 - 40| = 140. Weight 1.5: moving 1 万元 from
    A to B gains 1 person and costs 3, so A keeps its 60; the 20 more than last year go to B
    (2 - 1.5 > 0, A's 1 - 1.5 < 0): A 60, B 60, moved 20, objective 180 - 1.5 * 20 = 150."""
    base = run(two_counties(tmp_path / "zero", 0))
    heavy = run(two_counties(tmp_path / "heavy", 1.5))
    assert heavy.solution.status == "optimal"
    assert moved(base) == pytest.approx(140)
    assert moved(heavy) == pytest.approx(20)
    assert moved(heavy) < moved(base)
    assert money(heavy, county_code="A") == pytest.approx(60)
    assert money(heavy, county_code="B") == pytest.approx(60)
    assert heavy.solution.objective == pytest.approx(150)
    # the objective's change: the main term's change less the weight times what moves
    change = heavy.solution.objective - base.solution.objective
    assert change == pytest.approx(reached(heavy) - reached(base) - 1.5 * moved(heavy), abs=1e-9)
    assert penalty(heavy) == pytest.approx(1.5 * moved(heavy), abs=1e-9)
    assert reached(base) == pytest.approx(base.solution.objective, abs=1e-9)
    assert any("stability: the objective counts 1.5" in n for n in heavy.solution.notes)


def test_a_small_weight_leaves_the_plan_and_subtracts_its_cost(tmp_path):
    """Weight 0.4: moving 1 万元 from A to B still gains 1 - 2 * 0.4 > 0, so the plan is the
    weight-0 one and the objective is 240 - 0.4 * 140 = 184."""
    r = run(two_counties(tmp_path, 0.4))
    assert money(r, county_code="B") == pytest.approx(120)
    assert r.solution.objective == pytest.approx(240 - 0.4 * 140)


def test_weight_above_the_value_of_money_leaves_the_increase_unspent(tmp_path):
    """Weight 3: even B's 2 people per 万元 do not pay for 3 per 万元 of change, so each county
    gets last year's money and 20 of the 120 stay unallocated: objective 60 + 80 = 140."""
    r = run(two_counties(tmp_path, 3))
    assert money(r, county_code="A") == pytest.approx(60)
    assert money(r, county_code="B") == pytest.approx(40)
    assert r.solution.objective == pytest.approx(140)
    assert penalty(r) == pytest.approx(0, abs=1e-9)


def test_formula_mode_adds_the_penalty(tmp_path):
    """Formula shares 50/50 (equal poor populations); budget 100, actuals A 30, B 70. Weight 0:
    A 50, B 50, objective 0, moved 40. Weight 1.5 with A = 50 - t: 2t + 1.5 * 2 * (20 - t) is
    least at t = 20: last year's split, objective 40 (all of it the formula's deviation)."""
    actuals = [history("A", "c", 30), history("B", "c", 70)]
    before = {"A": 30, "B": 70}
    base = run(two_counties(tmp_path / "zero", 0, (100,), "formula", actuals))
    heavy = run(two_counties(tmp_path / "heavy", 1.5, (100,), "formula", actuals))
    assert base.solution.objective == pytest.approx(0, abs=1e-9)
    assert moved(base, before=before) == pytest.approx(40)
    assert money(heavy, county_code="A") == pytest.approx(30)
    assert moved(heavy, before=before) == pytest.approx(0, abs=1e-9)
    assert heavy.solution.objective == pytest.approx(40)
    m = heavy.builder.model
    formula = sum(heavy.held.value(heavy.result, v) for v in [*m.over.values(), *m.under.values()])
    assert heavy.solution.objective == pytest.approx(formula + 1.5 * moved(heavy, before=before))


def test_a_later_year_is_compared_with_the_plan_of_the_year_before(tmp_path):
    """2018-2019, budget 120 each, weight 1.5. 2018: A 60, B 60 against the actuals (150, as
    above). 2019 against 2018's plan: A 60, B 60 again, nothing moves: 60 + 120 = 180. Total 330
    (against the 2017 actuals instead, 2019 would pay for its 20 again: 300)."""
    r = run(two_counties(tmp_path, 1.5, (120, 120)), years=(2018, 2019))
    assert r.solution.objective == pytest.approx(330)
    assert money(r, county_code="B", year=2019) == pytest.approx(60)
    assert moved(r, 2019, before={"A": 60, "B": 60}) == pytest.approx(0, abs=1e-9)
    assert penalty(r) == pytest.approx(1.5 * 20)


def test_commitments_count_as_the_county_money(tmp_path):
    """Budget 130 with a commitment of 10 to A in 2018 (a project started before the run, paid
    first): 120 left to allocate. The commitment is A's money, so with weight 1.5 A gets 50 more
    (60 in all, as last year) and B the other 70 (each 万元 over last year still gains 2 - 1.5);
    counted without it, A would get 60 more."""
    folder = two_counties(tmp_path, 1.5, (130,))
    (folder / "commitments.csv").write_text(
        "year,county_code,source,category,amount_wan,started\n2018,A,c,low,10,2017\n",
        encoding="utf-8",
    )
    r = run(folder)
    assert money(r, county_code="A") == pytest.approx(60)
    assert money(r, county_code="A", project_id="(committed)") == pytest.approx(10)
    assert money(r, county_code="B") == pytest.approx(70)
    assert moved(r) == pytest.approx(30)
    assert r.solution.objective == pytest.approx(50 + 140 - 1.5 * 30)


def test_the_term_belongs_to_its_county_so_the_county_bound_holds(tmp_path):
    """Every stability column has its county and every stability row lies inside one county;
    the bound priced county by county equals the LP optimum."""
    builder = build(prepare(load(two_counties(tmp_path, 1.5)), RunSpec((2018,))))
    held = HighsModel(builder)
    columns = {v.name: v for v in held.columns}
    snapshot = held.snapshot()
    stability_cols = [n for n in snapshot["columns"] if n.startswith("stability")]
    assert len(stability_cols) == 4  # up and down for A and B
    assert all(builder.county_of_var(columns[n]) == n.split("[")[1][0] for n in stability_cols)
    rows = {n: r for n, r in snapshot["rows"].items() if n.startswith("stability")}
    assert sorted(rows) == [
        "stability_fall[A,2018]",
        "stability_fall[B,2018]",
        "stability_rise[A,2018]",
        "stability_rise[B,2018]",
    ]
    for row in rows.values():
        assert len({builder.county_of_var(columns[n]) for n in row["terms"]}) == 1
    h = held.highs
    h.run()
    lp = h.getInfo().objective_function_value
    duals = np.asarray(h.getSolution().row_dual)
    bound = lagrangian_bound(h.getLp(), held.integer, held.groups(), duals, relax=True)
    assert bound.value == pytest.approx(lp, rel=1e-9)
    assert lp == pytest.approx(150)


def test_a_what_if_on_the_weight_rebuilds_and_honours_it(tmp_path):
    """The weight is objective data: a what-if that sets it rebuilds the model (weight 0 has no
    stability columns to update) and gives the cold solve's plan."""
    data = load(two_counties(tmp_path, 0))
    base = solve(data, [2018])
    variant = apply(data, parse_all(["objective.stability_weight=1.5"]))
    r, how = what_if(base, variant, anchor=False)
    assert how == "rebuilt: the data behind the objective changed"
    assert r.solution.objective == pytest.approx(150)
    assert moved(r) == pytest.approx(20)
    assert summary_dict(r, started_now())["stability_penalty"] == pytest.approx(30)


def test_a_warm_what_if_keeps_the_term(tmp_path):
    """With a weight in the base, a budget what-if updates the held model in place and keeps the
    stability rows: budget 140, weight 1.5: A 60, B 80, objective 60 + 160 - 1.5 * 40 = 160, as
    a cold solve; changed actuals (history.csv) would change the rows' limits: rebuilt."""
    data = load(two_counties(tmp_path, 1.5))
    base = solve(data, [2018])
    variant = apply(data, parse_all(["budget.c.2018=140"]))
    r, how = what_if(base, variant, anchor=False)
    assert how == "updated"
    assert r.solution.objective == pytest.approx(160)
    assert r.solution.objective == pytest.approx(solve(variant, [2018]).solution.objective)
    assert any(n.startswith("stability:") for n in r.solution.notes)
    again = solve(data, [2018])
    other = dataclasses.replace(data, history=data.history[:1])
    assert rederive(again.builder, other).reason == "the data behind the objective changed"


def test_no_actuals_of_the_year_before_leaves_the_first_year_out(tmp_path):
    """history.csv without 2017: 2018 is not compared with anything (and the run says so)."""
    only_2016 = [history("A", "c", 5, year=2016)]
    r = run(two_counties(tmp_path, 1.5, histories=only_2016, actuals=(2016,)))
    assert r.solution.objective == pytest.approx(240)
    assert penalty(r) is None
    assert any("history.csv has no allocations of 2017" in n for n in r.solution.notes)


def started_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)
