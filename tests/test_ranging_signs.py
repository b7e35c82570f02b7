"""Ranges and signs of what the explanation says about each rule, on every rule of the shipped
datasets and on a degenerate plan small enough to check by hand.

- Every right-hand-side range reported contains the rule's own limit. HiGHS's row ranging is an
  interval of a row's bound only for a row outside the basis; a binding row can be basic at a
  degenerate vertex (dual 0), and reading HiGHS's interval for it (the row's activity as a basic
  variable) once said "need 97 holds while the limit stays between 0 and 0".
- A rule's marginal value (what relaxing its limit by one unit is worth) and its price (what
  dropping the rule is worth) agree in sign: positive, the plan improves. At an optimum relaxing
  never hurts, so no inequality rule has a negative value. Except where a rule holds back the
  "deep counties first" stages: dropping it lets them ask more, which the price counts and a
  marginal value (the stages held) does not (optimiser/explain/price.py); the explanation then
  says so in its own words.
"""

from __future__ import annotations

from pathlib import Path

import highspy
import pytest
from hand import budget, category, county, dataset, need, run, source

from optimiser.api import load, solve
from optimiser.explain.collect import explain_run
from optimiser.explain.price import held_back, priceable
from optimiser.report.explanation import render_explanation
from optimiser.report.numbers import figure
from optimiser.rules import BY_ID

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "shanxi-2018": ("shanxi", [2018]),
    "shanxi-2017-2020": ("shanxi", [2017, 2018, 2019, 2020]),
    "jincheng-2018": ("jincheng", [2018]),
    "hebei-2018-2020": ("hebei", [2018, 2019, 2020]),
}
TOL = 1e-6  # relative to the limit, as the solver's own tolerances
ZERO = 1e-9  # a marginal value or a price this small (relative to the objective) is zero
DEGENERATE_EN = "n/a (degenerate: another basis gives a different range)"
DEGENERATE_ZH = "不适用（退化：另一个基给出不同的区间）"


@pytest.fixture(scope="module", params=list(CASES))
def solved(request):
    """(run, explanation) of a shipped dataset, with the price of every rule that has an instance
    with a nonzero value (a rule whose values are all zero agrees with any price)."""
    name, years = CASES[request.param]
    run_ = solve(load(ROOT / "data" / name), years)
    assert run_.solution.has_plan, run_.solution.status
    values = run_.solution.rules.dropna(subset=["marginal_value"])
    scale = max(1.0, abs(run_.solution.objective))
    moving = values[values["marginal_value"].abs() > ZERO * scale]
    named = {part for rule in moving["rule_id"] for part in str(rule).split("+")}
    to_price = [r for r in priceable(run_) if r in named]
    return run_, explain_run(run_, price=to_price)


def _contains(low, high, limit) -> bool:
    tol = TOL * max(1.0, abs(limit))
    return low - tol <= limit <= high + tol


def test_every_reported_range_contains_its_limit(solved):
    run_, expl = solved
    rules = run_.solution.rules
    ranged = rules.dropna(subset=["range_low", "range_high", "rhs"])
    assert len(ranged), "ranging is reported"
    outside = ranged[
        [not _contains(r.range_low, r.range_high, r.rhs) for r in ranged.itertuples(index=False)]
    ]
    assert outside.empty, outside[["rule_id", "instance", "rhs", "range_low", "range_high"]]
    for item in expl["binding"] + expl["near"]:
        if item["range_low"] is not None and item["rhs"] is not None:
            assert _contains(item["range_low"], item["range_high"], item["rhs"]), item


def test_every_binding_rule_with_a_value_has_a_range(solved):
    """The ranges are not made right by dropping them: on the shipped datasets every binding
    constraint with a marginal value has one (its basis's own)."""
    run_, _ = solved
    rules = run_.solution.rules
    binding = rules[(rules["status"] == "binding") & rules["marginal_value"].notna()]
    stages = binding["instance"].str.endswith("|deep counties first")  # no ranging of stages
    missing = binding[~stages & binding["range_low"].isna()]
    assert missing.empty, missing[["rule_id", "instance", "rhs", "marginal_value"]]


def test_relaxing_a_limit_never_makes_the_plan_worse(solved):
    run_, _ = solved
    sense = {(r.rule_id, r.instance): r.sense for r in run_.builder.rows}
    scale = max(1.0, abs(run_.solution.objective))
    worse = [
        (r.rule_id, r.instance, r.marginal_value)
        for r in run_.solution.rules.dropna(subset=["marginal_value"]).itertuples(index=False)
        if sense.get((r.rule_id, r.instance)) != "==" and r.marginal_value < -ZERO * scale
    ]
    assert not worse, worse[:10]


def test_value_and_price_agree_in_sign(solved):
    run_, expl = solved
    scale = max(1.0, abs(run_.solution.objective))
    prices = {
        p["rule_id"]: p["price"]
        for p in expl["prices"]
        if p["price"] is not None and held_back(p) is None
    }
    rules = run_.solution.rules.dropna(subset=["marginal_value"])
    checked = 0
    for r in rules.itertuples(index=False):
        family = BY_ID.get(str(r.rule_id).split("+")[0])
        if family is None or family.structural:
            continue
        for part in str(r.rule_id).split("+"):
            if part not in prices:
                continue
            value, price = r.marginal_value, prices[part]
            if abs(value) <= ZERO * scale or abs(price) <= ZERO * scale:
                continue  # a zero on either side says nothing against the other
            checked += 1
            assert (value > 0) == (price > 0), (r.rule_id, r.instance, value, price)
    if any(abs(p) > ZERO * scale for p in prices.values()):
        assert checked, "a rule with a price has instances with values"


def test_the_explanation_says_value_and_price_in_the_same_words(solved):
    """Both say "would improve the plan by" a positive figure for the same rule."""
    run_, expl = solved
    text = render_explanation(expl, "en", limit=10_000)
    prices = {p["rule_id"]: p["price"] for p in expl["prices"] if p["price"]}
    for p in expl["prices"]:
        if p["price"] and p["price"] < 0 and held_back(p) is not None:
            # the rule held the deep counties' priority back: a loss, said as one
            assert f"dropping it would lose {figure(-p['price'])} " in text
            assert f"put first for {figure(held_back(p))} 万元 more" in text
            del prices[p["rule_id"]]
    for rule_id, price in prices.items():
        gains = [i["gain"] for i in expl["binding"] if i["rule_id"] == rule_id and i["gain"]]
        assert price > 0 and all(g > 0 for g in gains), (rule_id, price, gains)
        assert f"dropping it would improve the plan by {figure(price)} " in text
        if gains:  # the largest is among the lines shown for the rule
            assert f"would improve the plan by {figure(max(gains))} " in text


def _item(**change):
    item = {
        "rule_id": "R-NEED",
        "instance": "loufan|village_upgrade|all",
        "status": "binding",
        "title_en": BY_ID["R-NEED"].title_en,
        "title_zh": BY_ID["R-NEED"].title_zh,
        "structural": True,
        "lhs": 97.0,
        "rhs": 97.0,
        "slack": 0.0,
        "slack_share": 0.0,
        "gain": 0.5,
        "range_low": None,
        "range_high": None,
        "citation": "",
        "unit_en": "unit of need",
        "unit_zh": "个单位需求",
    }
    return {"objective_mode": "impact", "binding": [dict(item, **change)], "near": []}


def test_a_missing_range_is_said_to_be_degenerate():
    assert DEGENERATE_EN in render_explanation(_item(), "en")
    assert DEGENERATE_ZH in render_explanation(_item(), "zh")
    ranged = render_explanation(_item(range_low=97.0, range_high=float("inf")), "en")
    assert "at or above 97" in ranged and "degenerate" not in ranged
    between = render_explanation(_item(range_low=90.0, range_high=120.0), "zh")
    assert "90 至 120" in between and DEGENERATE_ZH not in between


def degenerate(folder):
    """x_A + x_B <= 100 (budget), x_B <= 70 (B's need), x_A >= 0.3 (x_A + x_B) (earmark), max
    x_A + 2 x_B: x_B = 70, x_A = 30, and all three rows bind on two variables, so one of them is
    basic at its bound."""
    return dataset(
        folder,
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 70)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
    )


def test_degenerate_ranges_hold_when_the_limit_is_moved(tmp_path):
    """Each binding row's limit moved inside its reported range (halfway to a finite end, else 10
    units): the objective moves by the marginal value times the relaxation, as reported."""
    r = run(degenerate(tmp_path))
    held = r.held
    h = held.highs
    base = r.solution.objective
    statuses = h.getBasis().row_status
    rules = r.solution.rules.set_index(["rule_id", "instance"])
    seen_basic = False
    for row in r.builder.rows:
        shown = rules.loc[(row.rule_id, row.instance)]
        if shown["status"] != "binding" or row.sense == "==":
            continue
        i = held.row(row.constraint)
        seen_basic |= statuses[i] == highspy.HighsBasisStatus.kBasic
        low, high, limit = shown["range_low"], shown["range_high"], shown["rhs"]
        assert _contains(low, high, limit), (row.rule_id, row.instance, low, high, limit)
        lower, upper = h.getLp().row_lower_[i], h.getLp().row_upper_[i]
        for target in (
            limit - 10 if low == float("-inf") else (low + limit) / 2,
            limit + 10 if high == float("inf") else (high + limit) / 2,
        ):
            delta = target - limit
            if abs(delta) < 1e-9:
                continue
            if row.sense == "<=":
                h.changeRowBounds(i, lower, upper + delta)
            else:
                h.changeRowBounds(i, lower + delta, upper)
            h.run()
            relaxed = delta if row.sense == "<=" else -delta
            assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            assert h.getInfo().objective_function_value == pytest.approx(
                base + shown["marginal_value"] * relaxed
            ), (row.rule_id, row.instance, target)
            h.changeRowBounds(i, lower, upper)
    assert seen_basic, "the plan is degenerate: a binding row is basic"
