"""Hand-solved paths of R-INCREASE (003 逐年增加, 001's 双增长): the growth on last year, the
cities' amount and rate, commitments on both sides of a year, and the note where a rate cannot
be computed."""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, history, money, need, run, source
from test_rule_paths import add_table, audited, commitment

CITY = [county("A", deep=True), county("B"), county("C", designation="none", city="乙市")]


def special_fund(tmp_path, name, min_growth, need_units):
    """Earmarked c: 100 in 2017, 200 budgeted in 2018; the counties need `need_units` in all."""
    return dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("k", sources="c")],
        [need("A", "k", need_units / 2), need("B", "k", need_units / 2)],
        [budget("c", 200)],
        histories=[history("A", "c", 50), history("B", "c", 50)],
        rules={"R-INCREASE": {"status": "hard", "min_growth": min_growth}},
    )


@pytest.mark.parametrize("min_growth, status", [(0.04, "optimal"), (0.1, "infeasible")])
def test_min_growth_asks_that_much_more_than_last_year(tmp_path, min_growth, status):
    """105 is all the counties can use: 4% more than last year's 100 can be had, 10% cannot."""
    r = run(special_fund(tmp_path, str(min_growth), min_growth, 105))
    assert r.solution.status == status


def city_case(tmp_path, name, histories, commitments=(), extra_budgets=(), years=(2018,)):
    """City source cs budgeted for 甲市 (A, B) each year; a grant c for everyone."""
    budgets = [b for y in years for b in (budget("c", 1000, y), budget("cs", 500, y, city="甲市"))]
    folder = dataset(
        tmp_path / name,
        CITY,
        [source("c"), source("cs", "city")],
        [category("k", sources="c;cs")],
        [need(c["code"], "k", 10000) for c in CITY],
        budgets + list(extra_budgets),
        histories=histories,
        rules={"R-INCREASE": {"status": "hard", "city_double_growth": True, "min_growth": 0.0}},
        actuals=(2016, 2017),
        years=years,
    )
    return add_table(folder, "commitments", list(commitments)) if commitments else folder


def rows(r, prefix):
    rules = r.solution.rules
    return rules[(rules["rule_id"] == "R-INCREASE") & rules["instance"].str.startswith(prefix)]


def test_the_citys_rate_counts_its_commitments(tmp_path):
    """甲市's own money: 80 in 2016, 100 in 2017, so 2018 must reach 100 x 100 / 80 = 125, of
    which 10 is already committed: the row asks 115 of new money."""
    histories = [history("A", "cs", 80, year=2016), history("A", "cs", 100), history("C", "c", 1)]
    r = audited(
        run(city_case(tmp_path, "rate", histories, [commitment("A", "cs", "k", 10, year=2018)]))
    )
    (rate,) = rows(r, "city=甲市|2018|rate").itertuples()
    assert rate.rhs == pytest.approx(115)
    assert not any("双增长" in n for n in r.solution.notes)


def test_without_two_years_of_actuals_the_rate_is_not_asked_and_the_run_says_so(tmp_path):
    histories = [history("A", "cs", 100), history("C", "c", 1)]
    r = audited(run(city_case(tmp_path, "one-year", histories)))
    assert rows(r, "city=甲市|2018|rate").empty
    assert not rows(r, "city=甲市|2018").empty  # the amount still rises
    notes = [n for n in r.solution.notes if "双增长" in n]
    assert notes == [
        "R-INCREASE: the cities' growth-rate condition (双增长) needs the actuals of 2017 and "
        "2016; not applied for 甲市"
    ]


def test_only_cities_with_a_budget_of_their_own_must_raise_it(tmp_path):
    """The grant c has a budget row for 乙市 too: 乙市 has no city-level money, so nothing of
    its own to raise."""
    histories = [history("A", "cs", 80, year=2016), history("A", "cs", 100), history("C", "c", 1)]
    extra = [budget("c", 50, city="乙市")]
    r = audited(run(city_case(tmp_path, "scoped", histories, extra_budgets=extra)))
    assert rows(r, "city=乙市").empty and not rows(r, "city=甲市").empty


def test_a_planned_years_increase_counts_commitments_of_both_years(tmp_path):
    """Two planned years of the earmarked c: 5 owed in 2018, 3 in 2019 (commitments); 2019's
    budget of 95 leaves 92 of new money, so 2018's new money may be at most 92 + 3 - 5 - 0.01
    = 89.99 for the total to rise, though 95 could be spent."""
    folder = dataset(
        tmp_path / "two-years",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("k", sources="c")],
        [need("A", "k", 10000), need("B", "k", 10000)],
        [budget("c", 100), budget("c", 95, year=2019)],
        histories=[history("A", "c", 50), history("B", "c", 40)],
        rules={"R-INCREASE": {"status": "hard"}},
        years=(2018, 2019),
    )
    add_table(
        folder,
        "commitments",
        [commitment("A", "c", "k", 5, year=2018), commitment("A", "c", "k", 3, year=2019)],
    )
    r = audited(run(folder, (2018, 2019)))
    assert money(r, year=2018) == pytest.approx(89.99 + 5)  # the commitments included
    assert money(r, year=2019) == pytest.approx(95)
    (row,) = rows(r, "c|2019").itertuples()
    assert (row.lhs, row.rhs) == (pytest.approx(95), pytest.approx(89.99 + 5 + 0.01))
    (first,) = rows(r, "c|2018").itertuples()  # on last year's actuals, commitments shown in
    assert (first.lhs, first.rhs) == (pytest.approx(89.99 + 5), pytest.approx(90.01))
    assert not any("no actuals" in note for note in r.solution.notes)


def test_no_special_fund_no_increase_of_it(tmp_path):
    """Without an earmarked source the rule asks only what the cities' own money can give;
    with city_double_growth off it has nothing to apply to, and validation says so."""
    histories = [history("A", "cs", 100), history("C", "c", 1)]
    r = audited(run(city_case(tmp_path, "cities", histories)))
    assert rows(r, "city=").shape[0] > 0 and rows(r, "c|").empty
    from optimiser.rules import BY_ID

    family = BY_ID["R-INCREASE"]
    (problem,) = family.check(r.inputs.data, family.Params(status="hard"))
    assert "a source with earmark true" in problem.expected


def test_without_last_years_actuals_the_first_year_is_not_asked_and_the_run_says_so(tmp_path):
    folder = dataset(
        tmp_path / "no-actuals",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("k", sources="c")],
        [need("A", "k", 100), need("B", "k", 100)],
        [budget("c", 100)],
        histories=[history("A", "c", 50, year=2016)],
        actuals=(2016,),
        rules={"R-INCREASE": {"status": "hard"}},
    )
    r = audited(run(folder))
    assert rows(r, "c|").empty
    assert "R-INCREASE c 2018: no actuals of 2017; not applied" in r.solution.notes
