"""The explanation checked against figures worked out on paper: marginal values (maximising and
minimising, and for a plan with projects), ranging by perturbing the limit, the price of a rule
by two independent solves, unfunded projects, and the conflict diagnosis of a dataset known to
be infeasible."""

from __future__ import annotations

from pathlib import Path

import pytest
from hand import budget, category, county, dataset, history, need, run, source

from optimiser.api import load, solve
from optimiser.explain.collect import explain_run
from optimiser.explain.conflicts import diagnose
from optimiser.explain.price import price_rules, without
from optimiser.explain.unfunded import unfunded_projects

INFEASIBLE = Path(__file__).parent / "data" / "infeasible"


def row(r, rule_id, instance=None):
    rules = r.solution.rules
    found = rules[
        (rules["rule_id"] == rule_id) & ((rules["instance"] == instance) if instance else True)
    ]
    assert len(found) == 1, found
    return found.iloc[0]


def two_counties():
    return [county("A", deep=True), county("B")]


def test_budget_worth_exactly_one_and_a_quarter_people_per_wan(tmp_path):
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", benefit=1.25, sources="c")],
        [need("A", "k", 1000)],
        [budget("c", 100)],
    )
    r = run(folder)
    assert row(r, "R-BUDGET")["marginal_value"] == pytest.approx(1.25)
    expl = explain_run(r)
    item = next(b for b in expl["binding"] if b["rule_id"] == "R-BUDGET")
    assert item["gain"] == pytest.approx(1.25)


@pytest.mark.parametrize("base, budget_value", [("budget", 2.0), ("allocated", 1.7)])
def test_earmark_row_value(tmp_path, base, budget_value):
    """x_A + x_B = 100, x_A >= 0.3 x 100 (of the budget; or of x_A + x_B, allocated), max x_A +
    2 x_B: x_A = 30. One 万元 less required of the deep county gains 1 person (the value of
    relaxing the floor: +1). One more 万元 in the budget row alone goes to B: +2, the earmark's
    limit staying where it is; read of the allocation, 0.3 of it must go to A: +1.7."""
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3, "base": base}},
    )
    r = run(folder)
    earmark = row(r, "R-EARMARK", "2018")
    assert earmark["status"] == "binding"
    assert (earmark["lhs"], earmark["rhs"]) == (pytest.approx(30), pytest.approx(30))
    assert earmark["marginal_value"] == pytest.approx(1.0)
    assert row(r, "R-BUDGET")["marginal_value"] == pytest.approx(budget_value)


def test_growth_floor_value(tmp_path):
    """D >= 0.1 T + 0.5 with T the block budget 200, max D + 2 (T - D): the floor costs 1 person
    per 万元 of floor, so lowering it by one is worth +1; one more 万元 of budget adds 2 - 0.1 =
    1.9."""
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("blk", "provincial", block=True)],
        [category("low", sources="blk"), category("high", benefit=2, sources="blk")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("blk", 200)],
        histories=[history("A", "blk", 10), history("B", "blk", 90)],
        rules={"R-GROWTH": {"status": "hard", "margin": 0.05}},
    )
    r = run(folder)
    assert row(r, "R-GROWTH")["marginal_value"] == pytest.approx(1.0)
    assert row(r, "R-BUDGET")["marginal_value"] == pytest.approx(1.9)


def test_minimisation_values_are_normalised(tmp_path):
    """Formula mode (minimise the deviation from 50/50): A can absorb 20, so B gets 80 and the
    deviation is 60. One more unit of A's need lowers the deviation by 2: the objective's
    derivative is -2, and the reported value (and gain) is +2, an improvement."""
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("c")],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 20), need("B", "high", 1000)],
        [budget("c", 100)],
        objective={"mode": "formula"},
        factor_weights={"poor_population": 1.0},
    )
    r = run(folder)
    cap = row(r, "R-NEED", "A|low|all")
    assert cap["marginal_value"] == pytest.approx(2.0)
    item = next(b for b in explain_run(r)["binding"] if b["instance"] == "A|low|all")
    assert item["gain"] == pytest.approx(2.0)


def test_mip_values_are_given_the_selected_projects(tmp_path):
    base = {
        "county_code": "A",
        "category": "k",
        "earliest_start": "2018",
        "latest_start": "2018",
        "cost_profile_wan": "50",
    }
    projects = [
        dict(base, id="P1", name="P1", beneficiaries="40"),
        dict(base, id="P2", name="P2", beneficiaries="10"),
        dict(base, id="P3", name="P3", beneficiaries="25"),
    ]
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", sources="c", benefit=0.5)],
        [need("A", "k", 1000)],
        [budget("c", 60)],
        projects=projects,
    )
    r = run(folder)
    assert r.solution.is_mip
    started = set(r.solution.projects.dropna(subset=["start_year"])["project_id"])
    assert started == {"P1"}  # 40 + 10 x 0.5 = 45 beats 60 x 0.5 = 30 and P3's 25 + 5
    assert r.result.given_projects
    assert row(r, "R-BUDGET")["marginal_value"] == pytest.approx(0.5)
    expl = explain_run(r)
    assert expl["given_projects"] and expl["is_mip"]
    unfunded = {u["project_id"]: u for u in expl["unfunded"]}
    # P2: 10 people for 50 万元 that buy 25 people at 0.5 per 万元: misses by 15
    assert unfunded["P2"]["reason"] == "threshold"
    assert unfunded["P2"]["misses_by"] == pytest.approx(15)
    # P3: 25 people for 50 万元, exactly what that money buys elsewhere: a tie, not a loss
    assert unfunded["P3"]["reason"] == "tie"
    assert unfunded["P3"]["misses_by"] == 0.0


def ranging_case(folder, amount):
    return dataset(
        folder,
        [county("A")],
        [source("c")],
        [category("good", benefit=2, sources="c"), category("fair", sources="c")],
        [need("A", "good", 30), need("A", "fair", 1000)],
        [budget("c", amount)],
    )


def test_ranging_holds_inside_and_breaks_outside(tmp_path):
    """Budget 100: the last 万元 buys 'fair' (1 each) while the budget is between 30 (below it,
    'good' at 2) and 1030 (above it, nothing): HiGHS's ranging must say [30, 1030]."""
    r = run(ranging_case(tmp_path / "base", 100))
    budget_row = row(r, "R-BUDGET")
    assert budget_row["marginal_value"] == pytest.approx(1.0)
    low, high = budget_row["range_low"], budget_row["range_high"]
    assert (low, high) == (pytest.approx(30), pytest.approx(1030))
    base = r.solution.objective
    for amount, inside in (
        (low + 0.5, True),
        (high - 0.5, True),
        (low - 0.5, False),
        (high + 0.5, False),
    ):
        other = run(ranging_case(tmp_path / f"p{amount}", amount))
        predicted = base + (amount - 100) * budget_row["marginal_value"]
        if inside:
            assert other.solution.objective == pytest.approx(predicted)
            assert row(other, "R-BUDGET")["marginal_value"] == pytest.approx(1.0)
        else:
            assert other.solution.objective != pytest.approx(predicted)


def test_price_of_a_rule_against_two_solves(tmp_path):
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
    )
    r = run(folder)
    (priced,) = price_rules(r, ["R-EARMARK"])
    data = load(folder)
    on = solve(data, [2018]).solution.objective
    off = solve(without(data, "R-EARMARK"), [2018]).solution.objective
    assert (on, off) == (pytest.approx(170), pytest.approx(200))
    assert priced["price"] == pytest.approx(off - on)


def test_unfunded_reasons(tmp_path):
    base = {"county_code": "A", "category": "k", "cost_profile_wan": "10", "beneficiaries": "5"}
    projects = [
        dict(base, id="LATE", name="late", earliest_start="2019", latest_start="2020"),
        dict(
            base,
            id="FIRST",
            name="first",
            earliest_start="2018",
            latest_start="2018",
            beneficiaries="1",
        ),
        dict(
            base,
            id="NEXT",
            name="next",
            earliest_start="2018",
            latest_start="2018",
            prerequisites="FIRST",
            beneficiaries="100",
        ),
    ]
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", sources="c", benefit=0.5)],
        [need("A", "k", 1000)],
        [budget("c", 15)],
        projects=projects,
    )
    r = run(folder)
    # 15 万元: FIRST and NEXT together cost 20; FIRST alone (1 + 5 x 0.5 = 3.5) loses to 15 x 0.5
    reasons = {u["project_id"]: u["reason"] for u in unfunded_projects(r)}
    assert reasons == {"LATE": "window", "FIRST": "threshold", "NEXT": "prerequisite"}


def test_infeasible_dataset_names_exactly_the_conflicting_rules():
    r = solve(load(INFEASIBLE), [2018])
    assert r.solution.status == "infeasible"
    diagnosis = diagnose(r)
    named = {
        (c["rule_id"], c["instance"]) for c in diagnosis["conflict"] if c["rule_id"] != "R-PAYMENT"
    }
    assert named == {("R-BUDGET", "c|2018"), ("R-DEADLINE", "A|housing|2018")}
    alternatives = {(a["rule_id"], a["instance"]): a["short"] for a in diagnosis["alternatives"]}
    assert alternatives[("R-BUDGET", "c|2018")] == pytest.approx(40)
    assert alternatives[("R-DEADLINE", "A|housing|2018")] == pytest.approx(100 - 100 / 1.4)
    assert diagnosis["relaxation"], "the smallest joint relaxation is reported"


def test_objective_ranging_on_weights(tmp_path):
    """B (deep, weight w) reaches 2 per 万元, A reaches 1: all money to B while 2w >= 1, so the
    weight of a person in B can fall to 0.5 before the plan changes — checked by re-solving with
    the deep weight just inside and just outside."""
    from optimiser.explain.weights import weight_ranges

    def make(name, deep_weight):
        return dataset(
            tmp_path / name,
            [county("A"), county("B", deep=True)],
            [source("c")],
            [category("fair", sources="c"), category("good", benefit=2, sources="c")],
            [need("A", "fair", 1000), need("B", "good", 1000)],
            [budget("c", 100)],
            objective={"mode": "impact", "deep_weight": deep_weight},
        )

    r = run(make("base", 1.0))
    (b_range,) = [w for w in weight_ranges(r) if w["county_code"] == "B"]
    assert b_range["low"] == pytest.approx(0.5) and b_range["high"] is None
    from hand import money

    assert money(run(make("inside", 0.51)), county_code="B") == pytest.approx(100)
    assert money(run(make("outside", 0.49)), county_code="B") == pytest.approx(0)
