"""Each rule family on a hand-solvable instance: with the rule on, the optimum moves exactly as
the rule demands (worked out on paper in each test's docstring); off, it does not. Every solved
plan is also checked by the independent audit."""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, history, money, need, run, source

from optimiser.audit import audit
from optimiser.rules import FAMILIES

EFFECT_TESTED: set[str] = set()


def effect(rule_id):
    EFFECT_TESTED.add(rule_id)
    return lambda f: f


def audited(r):
    """The independent audit finds no broken rule in the plan: the run's own verdict, and the
    audit run again on its tables."""
    s = r.solution
    assert s.status == "optimal", s.notes[:3]
    findings = audit(r.data, list(r.spec.years), s.allocation, s.units, s.projects, s.rules)
    broken = findings[~findings["ok"]] if len(findings) else findings
    assert len(broken) == 0, broken.to_string()
    return r


def two_counties():
    return [county("A", deep=True), county("B")]


@effect("R-BUDGET")
def test_budget_caps_spending(tmp_path):
    """Budget 100, unit cost 1, benefit 1, need 1000: spend exactly 100, reach 100 people."""
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 1000)],
        [budget("c", 100)],
    )
    r = audited(run(folder))
    assert r.solution.objective == pytest.approx(100)
    assert money(r, source="c") == pytest.approx(100)
    row = r.solution.rules.query("rule_id == 'R-BUDGET'").iloc[0]
    assert row["status"] == "binding" and row["marginal_value"] == pytest.approx(1.0)


@effect("R-NEED")
def test_need_caps_units(tmp_path):
    """Need 50 < budget 100: 50 units; off, the budget decides: 100."""

    def make(status):
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("c")],
            [category("k", sources="c")],
            [need("A", "k", 50)],
            [budget("c", 100)],
            rules={"R-NEED": {"status": status}},
        )

    assert audited(run(make("hard"))).solution.objective == pytest.approx(50)
    assert run(make("off")).solution.objective == pytest.approx(100)


@effect("R-PAYMENT")
def test_payment_profile_and_reserve(tmp_path):
    """Profile 0.5/0.5, budget 100. One year, reserving later instalments: 100 units. Ignoring
    them: the year pays half of each unit, 200 units. Two years (100 each), reserve: start 200
    units in 2018 (half paid each year) -> 200 units; anything started in 2019 costs in full."""

    def make(name, beyond, years=(2018,)):
        budgets = [budget("c", 100, year=y) for y in years]
        return dataset(
            tmp_path / name,
            [county("A")],
            [source("c")],
            [category("k", sources="c", profile="0.5;0.5")],
            [need("A", "k", 10000)],
            budgets,
            years=years,
            rules={"R-PAYMENT": {"beyond_horizon": beyond}},
        )

    assert audited(run(make("r", "reserve"))).solution.objective == pytest.approx(100)
    assert run(make("i", "ignore")).solution.objective == pytest.approx(200)
    two = audited(run(make("two", "reserve", (2018, 2019)), years=(2018, 2019)))
    assert two.solution.objective == pytest.approx(200)
    assert money(two, year=2018) == pytest.approx(100) and money(two, year=2019) == pytest.approx(
        100
    )


@effect("R-EARMARK")
def test_earmark_moves_thirty_percent_to_deep_county(tmp_path):
    """Earmark source 100; deep A reaches 1 per 万元, B 2. Off: all to B (200). On at 30%: A gets
    30, B 70: 30 + 140 = 170."""

    def make(status, share=0.3):
        return dataset(
            tmp_path / status,
            two_counties(),
            [source("c", earmark=True)],
            [category("low", sources="c"), category("high", benefit=2, sources="c")],
            [need("A", "low", 1000), need("B", "high", 1000)],
            [budget("c", 100)],
            rules={"R-EARMARK": {"status": status, "share": share}},
        )

    on = audited(run(make("hard")))
    assert money(on, county_code="A") == pytest.approx(30)
    assert on.solution.objective == pytest.approx(170)
    off = run(make("off"))
    assert money(off, county_code="A") == pytest.approx(0)
    assert off.solution.objective == pytest.approx(200)


@effect("R-GROWTH")
def test_growth_floor_against_last_years_actuals(tmp_path):
    """Block source 200; 2017 actuals A (deep) 10, B 90. Floor: D >= (10/100) T + 0.05 * 10 with
    T = 200, so A gets 20.5 (growth 105% = average 100% + 5 points); off, A gets 0."""

    def make(status):
        return dataset(
            tmp_path / status,
            two_counties(),
            [source("blk", "provincial", block=True)],
            [category("low", sources="blk"), category("high", benefit=2, sources="blk")],
            [need("A", "low", 1000), need("B", "high", 1000)],
            [budget("blk", 200)],
            histories=[history("A", "blk", 10), history("B", "blk", 90)],
            rules={"R-GROWTH": {"status": status, "margin": 0.05}},
        )

    on = audited(run(make("hard")))
    assert money(on, county_code="A") == pytest.approx(20.5)
    assert money(run(make("off")), county_code="A") == pytest.approx(0)


@effect("R-REVOLVING")
def test_revolving_fund_deep_share_match_and_leverage(tmp_path):
    """Fund 100, counties' own funds 1000 each, bank 10000; A (deep) reaches 1 per 万元, B 2. On:
    A must get 20% of the fund (20) and bank lending of 2 x (fund + 1:1 match) = 80 on it."""

    def make(status, name=None, years=(2018,), term=3, fund_by_year=None):
        budgets = []
        for y in years:
            budgets += [
                budget("rev", (fund_by_year or {}).get(y, 100), year=y),
                budget("own", 1000, year=y, county_code="A"),
                budget("own", 1000, year=y, county_code="B"),
                budget("bank", 10000, year=y),
            ]
        return dataset(
            tmp_path / (name or status),
            two_counties(),
            [
                source("rev", "provincial", "revolving"),
                source("own", "county"),
                source("bank", "bank", "credit"),
            ],
            [
                category("la", sources="rev;own;bank"),
                category("lb", benefit=2, sources="rev;own;bank"),
            ],
            [need("A", "la", 100000), need("B", "lb", 100000)],
            budgets,
            years=years,
            rules={"R-REVOLVING": {"status": status, "term_years_max": term}},
        )

    on = audited(run(make("hard")))
    assert money(on, county_code="A", source="rev") == pytest.approx(20)
    assert money(on, county_code="A", source="bank") == pytest.approx(80)
    assert on.solution.objective == pytest.approx(23100)
    off = run(make("off"))
    assert money(off, county_code="A", source="rev") == pytest.approx(0)
    assert off.solution.objective == pytest.approx(23200)
    # lent in 2018 for one year, it is back and lent again in 2019; for three years it is not
    one = audited(run(make("hard", "t1", (2018, 2019), 1, {2019: 0}), years=(2018, 2019)))
    assert money(one, year=2019, source="rev") == pytest.approx(100)
    three = audited(run(make("hard", "t3", (2018, 2019), 3, {2019: 0}), years=(2018, 2019)))
    assert money(three, year=2019, source="rev") == pytest.approx(0)


@effect("R-RELENDING")
def test_relending_floor_for_deep_counties(tmp_path):
    def make(status):
        return dataset(
            tmp_path / status,
            two_counties(),
            [source("rel", "bank", "relending")],
            [category("low", sources="rel"), category("high", benefit=2, sources="rel")],
            [need("A", "low", 1000), need("B", "high", 1000)],
            [budget("rel", 1000)],
            rules={"R-RELENDING": {"status": status, "min_deep_wan": 300}},
        )

    assert money(audited(run(make("hard"))), county_code="A") == pytest.approx(300)
    assert money(run(make("off")), county_code="A") == pytest.approx(0)


@effect("R-INDUSTRY-FUND")
def test_industry_fund_deep_counties_first(tmp_path):
    """Fund 100; deep A can use 60 (benefit 1), B 1000 (benefit 2). Deep first: A takes all it can
    use, 60; B the other 40. With method share at 0.3: A 30. Off: B takes 100."""

    def make(name, **params):
        return dataset(
            tmp_path / name,
            two_counties(),
            [source("fund", "provincial", "fund")],
            [category("low", sources="fund"), category("high", benefit=2, sources="fund")],
            [need("A", "low", 60), need("B", "high", 1000)],
            [budget("fund", 100)],
            rules={"R-INDUSTRY-FUND": params},
        )

    lexi = audited(run(make("lex", status="hard")))
    # "as much as they can use", to the solver's feasibility tolerance
    assert money(lexi, county_code="A") == pytest.approx(60, abs=1e-3)
    assert lexi.solution.objective == pytest.approx(140, abs=1e-3)
    share = run(make("share", status="hard", method="share", min_deep_share=0.3))
    assert money(share, county_code="A") == pytest.approx(30)
    assert money(run(make("off", status="off")), county_code="A") == pytest.approx(0)


@effect("R-LOTTERY")
def test_lottery_to_village_upgrade_deep_first(tmp_path):
    """Lottery 100 may pay village upgrades (A needs 70 at benefit 1, B 1000 at 2) and, unless
    the rule holds, another category at benefit 5 in B. On: A 70, B 30 of upgrades: 130. Off:
    all to the other category: 500."""

    def make(status):
        return dataset(
            tmp_path / status,
            two_counties(),
            [source("lottery")],
            [
                category("village_upgrade", sources="lottery"),
                category("vu_b", benefit=2, sources="lottery"),
                category("other", benefit=5, sources="lottery"),
            ],
            [need("A", "village_upgrade", 70), need("B", "vu_b", 1000), need("B", "other", 1000)],
            [budget("lottery", 100)],
            rules={"R-LOTTERY": {"status": status, "categories": ["village_upgrade", "vu_b"]}},
        )

    on = audited(run(make("hard")))
    assert money(on, county_code="A") == pytest.approx(70, abs=1e-3)
    assert on.solution.objective == pytest.approx(130, abs=1e-3)
    assert run(make("off")).solution.objective == pytest.approx(500)


@effect("R-INCREASE")
def test_increase_on_last_years_actuals(tmp_path):
    """Special funds 100 but only 50 of need: spending falls below 2017's 80 (and must exceed
    it, by 0.01 万元). Hard: no plan. Soft: the 30.01 short is reported as violated. Off: 50."""

    def make(status):
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("c", earmark=True)],
            [category("k", sources="c")],
            [need("A", "k", 50)],
            [budget("c", 100)],
            histories=[history("A", "c", 80)],
            rules={"R-INCREASE": {"status": status, "penalty": 10}},
        )

    assert run(make("hard")).solution.status == "infeasible"
    soft = run(make("soft"))
    row = soft.solution.rules.query("rule_id == 'R-INCREASE'").iloc[0]
    assert (row["status"], row["lhs"], row["rhs"]) == ("violated", pytest.approx(50), 80.01)
    assert soft.solution.objective == pytest.approx(50 - 10 * 30.01)
    assert run(make("off")).solution.objective == pytest.approx(50)


@effect("R-PREPAY")
def test_an_advance_lets_a_back_loaded_project_start(tmp_path):
    """Project cost 20 + 80 for 150 people; budgets 100 in 2018, 50 in 2019. By its own profile
    2019 owes 80 and the project does not fit. With advances up to 50% it is paid 20 + 30 in
    2018, and the 30 is recovered from 2019's instalment: 50 then, which fits."""

    def make(status):
        project = {
            "id": "P",
            "name": "P",
            "county_code": "A",
            "category": "k",
            "cost_profile_wan": "20;80",
            "beneficiaries": "150",
            "earliest_start": "2018",
            "latest_start": "2018",
        }
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("c")],
            [category("k", sources="c", benefit=0)],
            [],
            [budget("c", 100, 2018), budget("c", 50, 2019)],
            years=(2018, 2019),
            projects=[project],
            rules={"R-PREPAY": {"status": status}},
        )

    on = audited(run(make("hard"), years=(2018, 2019)))
    assert on.solution.objective == pytest.approx(150)
    assert money(on, year=2018, project_id="P") == pytest.approx(50)  # 20 due + 30 advanced
    assert money(on, year=2019, project_id="P") == pytest.approx(50)  # 80 less the 30
    (row,) = on.solution.rules.query("rule_id == 'R-PREPAY'").itertuples()
    assert (row.status, row.lhs, row.rhs) == ("binding", pytest.approx(50), pytest.approx(50))
    assert run(make("off"), years=(2018, 2019)).solution.objective == pytest.approx(0)


@effect("R-RELIEF-FUND")
def test_relief_fund_floors(tmp_path):
    """Province 5000 and city 700 could all go to a category worth 1 per 万元; the floors put 1000
    of the province's and 500 of the city's into the relief fund (worth nothing here)."""

    def make(status):
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("prov", "provincial"), source("cty", "city")],
            [
                category("relief_fund", benefit=0, sources="prov;cty"),
                category("good", sources="prov;cty"),
            ],
            [need("A", "relief_fund", 5000), need("A", "good", 100000)],
            [budget("prov", 5000), budget("cty", 700, city="甲市")],
            rules={"R-RELIEF-FUND": {"status": status}},
        )

    on = audited(run(make("hard")))
    assert money(on, category="relief_fund", source="prov") == pytest.approx(1000)
    assert money(on, category="relief_fund", source="cty") == pytest.approx(500)
    assert on.solution.objective == pytest.approx(5700 - 1500)
    assert run(make("off")).solution.objective == pytest.approx(5700)


@effect("R-DEADLINE")
def test_deadline_forces_the_housing_first(tmp_path):
    """Housing (benefit 0.1) due in 2018 for 50 households; otherwise the 100 would buy a
    category worth 1: on, 50 + 5 = 55; off, 100."""

    def make(status):
        return dataset(
            tmp_path / status,
            [county("A", deep=True)],
            [source("c")],
            [category("housing", benefit=0.1, sources="c"), category("good", sources="c")],
            [need("A", "housing", 50, deadline=2018), need("A", "good", 1000)],
            [budget("c", 100)],
            rules={"R-DEADLINE": {"status": status}},
        )

    assert audited(run(make("hard"))).solution.objective == pytest.approx(55)
    assert run(make("off")).solution.objective == pytest.approx(100)


@effect("R-COUNTY-FLOOR")
def test_county_floor_from_the_formula(tmp_path):
    """Equal poor populations, so the formula gives each county half of the 100; the floor at 0.5
    of it is 25 for A, which reaches fewer people per 万元."""

    def make(status):
        return dataset(
            tmp_path / status,
            two_counties(),
            [source("c")],
            [category("low", sources="c"), category("high", benefit=2, sources="c")],
            [need("A", "low", 1000), need("B", "high", 1000)],
            [budget("c", 100)],
            rules={"R-COUNTY-FLOOR": {"status": status}},
            factor_weights={"poor_population": 1.0},
        )

    assert money(audited(run(make("hard"))), county_code="A") == pytest.approx(25)
    assert money(run(make("off")), county_code="A") == pytest.approx(0)


@effect("R-PROJECT")
def test_prerequisite_keeps_a_project_out(tmp_path):
    """Budget 60; P1 (50, 10 people) and P2 (50, 100 people, needs P1). Both do not fit, so P2
    cannot start: P1 alone, 10. Off: P2 alone, 100."""

    def make(status):
        base = {
            "county_code": "A",
            "category": "k",
            "earliest_start": "2018",
            "latest_start": "2018",
            "cost_profile_wan": "50",
        }
        projects = [
            dict(base, id="P1", name="P1", beneficiaries="10"),
            dict(base, id="P2", name="P2", beneficiaries="100", prerequisites="P1"),
        ]
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("c")],
            [category("k", sources="c", benefit=0)],
            [],
            [budget("c", 60)],
            projects=projects,
            rules={"R-PROJECT": {"status": status}},
        )

    on = audited(run(make("hard")))
    assert on.solution.is_mip
    assert on.solution.objective == pytest.approx(10)
    assert set(on.solution.projects.dropna(subset=["start_year"])["project_id"]) == {"P1"}
    assert run(make("off")).solution.objective == pytest.approx(100)


@effect("R-ELIGIBILITY")
def test_eligibility_keeps_a_source_to_its_categories(tmp_path):
    """Source o may pay only 'low' (1 per 万元); off, it pays 'high' (2)."""

    def make(status):
        return dataset(
            tmp_path / status,
            [county("A")],
            [source("c"), source("o")],
            [category("low", sources="o"), category("high", benefit=2, sources="c")],
            [need("A", "low", 1000), need("A", "high", 1000)],
            [budget("o", 100), budget("c", 0)],
            rules={"R-ELIGIBILITY": {"status": status}},
        )

    assert audited(run(make("hard"))).solution.objective == pytest.approx(100)
    assert run(make("off")).solution.objective == pytest.approx(200)


def test_every_family_has_an_effect_test():
    """Here, or for the programme clauses of 004, in tests/test_rules_004.py."""
    import test_rules_004

    assert {f.id for f in FAMILIES} <= EFFECT_TESTED | test_rules_004.EFFECT_TESTED


def test_formula_objective_follows_the_factor_shares(tmp_path):
    """Equal poor populations: the formula gives each county half. With room for both, 50/50;
    when A can absorb only 20, all 100 is still allocated (that stage comes first) and B gets
    the other 80, the closest the needs allow."""

    def make(name, need_a):
        return dataset(
            tmp_path / name,
            two_counties(),
            [source("c")],
            [category("low", sources="c"), category("high", benefit=2, sources="c")],
            [need("A", "low", need_a), need("B", "high", 1000)],
            [budget("c", 100)],
            objective={"mode": "formula"},
            factor_weights={"poor_population": 1.0},
        )

    even = audited(run(make("even", 1000)))
    assert money(even, county_code="A") == pytest.approx(50)
    assert even.solution.objective == pytest.approx(0, abs=1e-6)
    short = audited(run(make("short", 20)))
    assert money(short, county_code="A") == pytest.approx(20)
    assert money(short, county_code="B") == pytest.approx(80)
    assert short.solution.objective == pytest.approx(60)
    impact = run(make("impact", 1000), objective="impact")
    assert money(impact, county_code="A") == pytest.approx(0)
