"""Hand-solved paths of R-PREPAY (003-p26: advances up to 50% at a project's start) and of the
deep counties' priority of city money: a small project's advance, the advance recovered by the
instalments a long run sees (the tail charged to the last year), the county an advance belongs
to, and city money left to the plan when the priority is asked of the industry fund alone."""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, money, run, source
from test_rule_paths import audited

from optimiser.model.build import build
from optimiser.model.inputs import RunSpec, prepare


def project(pid, profile, beneficiaries="100", county_code="A"):
    return {
        "id": pid,
        "name": pid,
        "county_code": county_code,
        "category": "k",
        "cost_profile_wan": profile,
        "beneficiaries": beneficiaries,
        "earliest_start": "2018",
        "latest_start": "2018",
    }


def prepay_case(tmp_path, name, profile, budgets, years):
    return dataset(
        tmp_path / name,
        [county("A")],
        [source("c")],
        [category("k", sources="c", benefit=0)],
        [],
        [budget("c", amount, year) for year, amount in budgets.items()],
        years=years,
        projects=[project("P", profile)],
        rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}},
    )


def test_a_small_project_is_advanced_what_a_later_budget_lacks(tmp_path):
    """P costs 0.2 then 0.8; 0.5 is budgeted each year. Only an advance of 0.3 in 2018 (half of
    its 1.0 at the start) lets it start: 0.5 and 0.5."""
    years = (2018, 2019)
    r = audited(
        run(prepay_case(tmp_path, "small", "0.2;0.8", {2018: 0.5, 2019: 0.5}, years), years)
    )
    assert r.solution.objective == pytest.approx(100)
    assert money(r, year=2018) == pytest.approx(0.5) and money(r, year=2019) == pytest.approx(0.5)


def test_an_advance_is_recovered_by_instalment_and_the_tail_in_the_last_year(tmp_path):
    """P: 10, 20, 30, 40 over four years; the run sees three, the last one charged 30 + 40
    (R-PAYMENT reserve). The budget of 2018 is large, later ones tight, so P is advanced its
    whole room, 50 - 10 = 40, recovered 20/90 in 2019 and 70/90 in 2020."""
    years = (2018, 2019, 2020)
    budgets = {2018: 100, 2019: 20 - 40 * 20 / 90, 2020: 70 - 40 * 70 / 90}
    r = audited(run(prepay_case(tmp_path, "long", "10;20;30;40", budgets, years), years))
    assert r.solution.objective == pytest.approx(100)
    assert money(r, year=2018) == pytest.approx(50)
    assert money(r, year=2019) == pytest.approx(20 - 40 * 20 / 90)
    assert money(r, year=2020) == pytest.approx(70 - 40 * 70 / 90)


def test_an_advance_belongs_to_its_projects_county(tmp_path):
    years = (2018, 2019)
    data = prepay_case(tmp_path, "county", "10;30", {2018: 40, 2019: 40}, years)
    from optimiser.api import load

    builder = build(prepare(load(data), RunSpec(list(years))))
    (var,) = builder.model.advance.values()
    assert builder.county_of_var(var) == "A"


def test_city_money_is_the_plans_own_when_the_priority_is_the_funds_alone(tmp_path):
    """The city's own money (100) reaches 2 per 万元 in B, 1 in deep A. Asked of the industry
    fund only (include_city_level false), it all goes to B; with the city level, A comes first."""

    def solved(include):
        folder = dataset(
            tmp_path / str(include),
            [county("A", deep=True), county("B")],
            [source("fund", "provincial", "fund"), source("cs", "city")],
            [category("low", sources="fund;cs"), category("high", benefit=2, sources="fund;cs")],
            [{"county_code": "A", "category": "low", "units": "1000", "basis": "total"},
             {"county_code": "B", "category": "high", "units": "1000", "basis": "total"}],
            [budget("fund", 10), budget("cs", 100, city="甲市")],
            rules={"R-INDUSTRY-FUND": {"status": "hard", "method": "share", "min_deep_share": 0.5,
                                       "include_city_level": include}},
        )  # fmt: skip
        return audited(run(folder))

    assert money(solved(False), source="cs", county_code="A") == 0
    assert money(solved(True), source="cs", county_code="A") == pytest.approx(50)


def test_no_priority_stage_where_the_deep_counties_can_receive_nothing(tmp_path):
    """The lottery funds pay only the upgrade programme, which only B needs: there is nothing
    for deep A to come first for, so the plan has no "deep counties first" stage."""
    folder = dataset(
        tmp_path / "lottery",
        [county("A", deep=True), county("B")],
        [source("lottery"), source("c")],
        [category("village_upgrade", sources="lottery"), category("k", sources="c")],
        [{"county_code": "B", "category": "village_upgrade", "units": "10", "basis": "total"},
         {"county_code": "A", "category": "k", "units": "10", "basis": "total"}],
        [budget("lottery", 5), budget("c", 5)],
        rules={"R-LOTTERY": {"status": "hard", "method": "lexicographic"}},
    )  # fmt: skip
    r = audited(run(folder))
    assert not r.solution.rules["instance"].str.endswith("deep counties first").any()
    assert money(r, source="lottery", county_code="B") == pytest.approx(5)


def divisible_case(tmp_path, name, min_fraction):
    row = project("P", "10")
    row["divisible"] = "true"
    if min_fraction is not None:
        row["min_fraction"] = str(min_fraction)
    return dataset(
        tmp_path / name,
        [county("A")],
        [source("c")],
        [category("k", sources="c", benefit=0)],
        [],
        [budget("c", 4)],
        projects=[row],
    )


def test_a_divisible_project_without_a_minimum_stays_continuous(tmp_path):
    """No minimum fraction: no on/off variable, and 4 of its 10 are funded (40%); with a
    minimum of half, the on/off variable belongs to A and nothing can be funded."""
    from optimiser.api import load

    plain = build(prepare(load(divisible_case(tmp_path, "plain", None)), RunSpec([2018])))
    assert len(getattr(plain.model, "z_on", ())) == 0
    assert money(audited(run(divisible_case(tmp_path, "run", None))), project_id="P") == 4
    half = build(prepare(load(divisible_case(tmp_path, "half", 0.5)), RunSpec([2018])))
    (var,) = half.model.z_on.values()
    assert half.county_of_var(var) == "A"
    assert money(audited(run(divisible_case(tmp_path, "run-half", 0.5))), project_id="P") == 0
