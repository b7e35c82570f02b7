"""Hand-solved tests of the paths a mutation run found no test reaching: growth between two
planned years, commitments carried into the earmark and the growth floor, the revolving fund's
loans.csv, poverty-county filter and use floor, and every rule's check for missing data."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from hand import budget, category, county, dataset, history, load, money, need, run, source

from optimiser.problems import InputError
from optimiser.rules import BY_ID


def audited(r):
    assert r.solution.status == "optimal", r.solution.notes[:3]
    assert not r.solution.audit["breach"].any()
    return r


def add_table(folder, name, rows):
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def commitment(county_code, source_code, category_code, amount, year=2019, started=2016):
    return {
        "year": str(year),
        "county_code": county_code,
        "source": source_code,
        "category": category_code,
        "amount_wan": str(amount),
        "started": str(started),
    }


def growth_case(tmp_path, name, commitments=()):
    """Block source 200 in 2018, 300 in 2019; 2017 actuals A (deep) 10, B 90; margin 5 points;
    A reaches 1 per 万元, B 2, so A gets no more than the floor."""
    folder = dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        [source("blk", "provincial", block=True)],
        [category("low", sources="blk"), category("high", benefit=2, sources="blk")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("blk", 200, year=2018), budget("blk", 300, year=2019)],
        histories=[history("A", "blk", 10), history("B", "blk", 90)],
        rules={"R-GROWTH": {"status": "hard", "margin": 0.05}},
        years=(2018, 2019),
    )
    return add_table(folder, "commitments", list(commitments)) if commitments else folder


def test_growth_between_planned_years_follows_the_budgets_growth(tmp_path):
    """2018: A >= 10/100 x 200 + 0.05 x 10 = 20.5. 2019: the block budget grows by half, so A
    grows at least 55%: 20.5 x 1.55 = 31.775."""
    r = audited(run(growth_case(tmp_path, "plain"), years=(2018, 2019)))
    assert money(r, county_code="A", year=2018) == pytest.approx(20.5)
    assert money(r, county_code="A", year=2019) == pytest.approx(31.775)


def test_commitments_count_in_the_growth_floor_as_the_actuals_do(tmp_path):
    """A 2019 instalment of 5 to A from the block source (started before the run) is block money
    A receives in 2019, as history counts instalments: A's new money is 31.775 - 5 = 26.775,
    its total 31.775; the budget pays the instalment first (B: 300 - 31.775)."""
    folder = growth_case(tmp_path, "committed", [commitment("A", "blk", "low", 5)])
    r = audited(run(folder, years=(2018, 2019)))
    allocation = r.solution.allocation
    new = allocation[(allocation["project_id"].fillna("") == "") & (allocation["year"] == 2019)]
    assert new.loc[new["county_code"] == "A", "amount_wan"].sum() == pytest.approx(26.775)
    assert money(r, county_code="A", year=2019) == pytest.approx(31.775)
    assert money(r, county_code="B", year=2019) == pytest.approx(300 - 31.775)


def test_commitments_count_in_the_earmark(tmp_path):
    """Earmark source 100, of which 20 already owed to deep A: the budget leaves 80 to allocate,
    and A needs 30 of the 100 in all, so 10 more; B takes 70 (2 per 万元): 10 + 140 = 150."""
    folder = dataset(
        tmp_path,
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
    )
    add_table(folder, "commitments", [commitment("A", "c", "low", 20, year=2018)])
    r = audited(run(folder))
    assert money(r, county_code="A") == pytest.approx(30)  # 20 owed + 10 new
    assert r.solution.objective == pytest.approx(150)
    rules = r.solution.rules  # the row shows the commitments in the deep counties' money
    (row,) = rules[rules["rule_id"] == "R-EARMARK"].itertuples()
    assert (row.lhs, row.rhs) == (pytest.approx(30), pytest.approx(30))


def revolving_case(tmp_path, name, rules=None, counties=None, loans=None, fund=100, other_use=None):
    """One fund, the county's own money (1000 each), a bank. Lending L from the fund takes L of
    the county's own money as match on the credit category (no one reached), which otherwise
    reaches 1 person per 万元: lending costs, so the plan lends the least the rules allow."""
    counties = counties or [county("A", deep=True)]
    other_use = [c["code"] for c in counties] if other_use is None else other_use
    budgets = [budget("rev", fund), budget("bank", 100000)]
    budgets += [budget("own", 1000, county_code=c["code"]) for c in counties]
    folder = dataset(
        tmp_path / name,
        counties,
        [
            source("rev", "provincial", "revolving"),
            source("own", "county"),
            source("bank", "bank", "credit"),
        ],
        [category("credit", benefit=0, sources="rev;own;bank"), category("other", sources="own")],
        [need(c["code"], "credit", 100000) for c in counties]
        + [need(code, "other", 100000) for code in other_use],
        budgets,
        rules={"R-REVOLVING": {"status": "hard", "deep_share": 0.0, **(rules or {})}},
    )
    return add_table(folder, "loans", loans) if loans else folder


@pytest.mark.parametrize("share, lent", [(1.0, 100), (0.5, 50), (0.0, 0)])
def test_the_revolving_fund_lends_its_use_floor(tmp_path, share, lent):
    r = audited(run(revolving_case(tmp_path, f"s{share}", {"min_lent_share": share})))
    assert money(r, source="rev") == pytest.approx(lent)
    assert r.solution.objective == pytest.approx(1000 - lent)  # the match costs its reach


def test_repayments_of_loans_before_the_run_are_lent_again(tmp_path):
    """No new capital in 2018, but 60 lent in 2016 for two years comes back in 2018 and must be
    lent again (min_lent_share 1); 30 lent in 2017 for three years is still out."""
    loans = [
        {
            "source": "rev",
            "county_code": "A",
            "year_lent": "2016",
            "amount_wan": "60",
            "term_years": "2",
        },
        {
            "source": "rev",
            "county_code": "A",
            "year_lent": "2017",
            "amount_wan": "30",
            "term_years": "3",
        },
    ]
    with_loans = audited(run(revolving_case(tmp_path, "loans", loans=loans, fund=0)))
    assert money(with_loans, source="rev") == pytest.approx(60)
    (balance,) = with_loans.solution.rules.query("instance == 'balance|2018'").itertuples()
    assert balance.rhs == pytest.approx(60)  # the 30 still out is not back
    assert money(audited(run(revolving_case(tmp_path, "none", fund=0))), source="rev") == 0


def test_only_poverty_counties_borrow_from_the_fund(tmp_path):
    """B is no poverty county and its own money has no other use, so its match costs nothing,
    while A's costs A a person per 万元: unfiltered, B borrows all 100 and nothing is lost;
    with the filter, A must borrow it all at the cost of its match."""
    counties = [county("A", deep=True), county("B", designation="none")]

    def solved(only):
        case = revolving_case(
            tmp_path, f"p{only}", {"poverty_counties_only": only}, counties, other_use=["A"]
        )
        return audited(run(case))

    filtered, open_to_all = solved(True), solved(False)
    assert money(filtered, source="rev", county_code="A") == pytest.approx(100)
    assert money(filtered, source="rev", county_code="B") == 0
    assert filtered.solution.objective == pytest.approx(1000 - 100)
    assert money(open_to_all, source="rev", county_code="B") == pytest.approx(100)
    assert open_to_all.solution.objective == pytest.approx(1000)


def bare(tmp_path):
    """A dataset with nothing a policy rule needs: one plain grant, no deep county."""
    return load(
        dataset(
            tmp_path,
            [county("A")],
            [source("c")],
            [category("k", sources="c")],
            [need("A", "k", 10)],
            [budget("c", 10)],
        )
    )


@pytest.mark.parametrize(
    "rule_id, params, says",
    [
        ("R-EARMARK", {}, "a source with earmark true"),
        ("R-EARMARK", {}, "a county with deep true"),
        ("R-GROWTH", {}, "a source with block true"),
        ("R-REVOLVING", {}, "a source of kind revolving"),
        ("R-RELENDING", {}, "a source of kind relending"),
        ("R-INDUSTRY-FUND", {}, "a source of kind fund"),
        ("R-LOTTERY", {}, "the lottery source 'lottery'"),
        ("R-LOTTERY", {"source": "c"}, "the category 'village_upgrade'"),
        ("R-RELIEF-FUND", {}, "the category 'relief_fund'"),
        ("R-FOREST-QUOTA", {}, "a forestry category (one of farmland_return, afforestation"),
        ("R-FOREST-QUOTA", {"categories": ["k"], "sources": ["forest"]}, "the source 'forest'"),
        ("R-LABOUR-SUBSIDY", {}, "a subsidy category (one of training, transport_subsidy)"),
        ("R-EDUCATION-FIRST", {}, "the category 'education'"),
        ("R-FARMLAND-TARGET", {}, "the category 'farmland_return'"),
        ("R-PV-COVERAGE", {}, "the category 'pv_village'"),
        ("R-INCREASE", {}, "actual allocations of the year before a run"),
        ("R-INCREASE", {}, "a source with earmark true"),
    ],
)
def test_a_rule_switched_on_names_the_data_it_misses(tmp_path, rule_id, params, says):
    family = BY_ID[rule_id]
    data = bare(tmp_path)
    if rule_id == "R-INCREASE":
        data = dataclasses.replace(data, history=())
    problems = family.check(data, family.Params(status="hard", **params))
    assert any(says in p.expected and f"({rule_id} is on)" in p.expected for p in problems), [
        p.expected for p in problems
    ]


def test_a_dataset_with_what_a_rule_needs_passes_its_check(tmp_path):
    cases = {
        "R-GROWTH": growth_case(tmp_path, "ok"),  # a block source, last year's actuals
        "R-INCREASE": deep_and_other(tmp_path, "increase", {}),  # a special fund, actuals
    }
    for rule_id, folder in cases.items():
        family = BY_ID[rule_id]
        assert family.check(load(folder), family.Params(status="hard")) == []


def test_loading_with_a_rule_on_and_its_data_missing_is_bad_input(tmp_path):
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 10)],
        [budget("c", 10)],
        rules={"R-RELENDING": {"status": "hard"}},
    )
    with pytest.raises(InputError) as raised:
        load(folder)
    assert "a source of kind relending (R-RELENDING is on)" in str(raised.value)


def test_a_source_pays_nothing_in_a_year_it_has_no_budget_for(tmp_path):
    """c is budgeted 100 in 2018 only; in 2019 the work is paid from d (50) alone, though c's
    category reaches more: the row `c|2019|no budget` holds c at 0."""
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c"), source("d")],
        [category("k", benefit=2, sources="c;d")],
        [need("A", "k", 1000, basis="annual")],
        [budget("c", 100), budget("d", 50, year=2019)],
        years=(2018, 2019),
    )
    r = audited(run(folder, years=(2018, 2019)))
    assert money(r, source="c", year=2019) == 0
    assert money(r, source="d", year=2019) == pytest.approx(50)
    rules = r.solution.rules
    assert "c|2019|no budget" in set(rules.loc[rules["rule_id"] == "R-BUDGET", "instance"])


def deep_and_other(tmp_path, name, rules, needs=None, budgets=None, sources=None, years=(2018,)):
    """Deep A reaches 1 per 万元, B 2: without a rule the money goes to B."""
    return dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        sources or [source("c", earmark=True)],
        [
            category("low", sources=";".join(s["code"] for s in (sources or [source("c")]))),
            category(
                "high", benefit=2, sources=";".join(s["code"] for s in (sources or [source("c")]))
            ),
        ],
        needs or [need("A", "low", 1000), need("B", "high", 1000)],
        budgets or [budget("c", 100)],
        rules=rules,
        years=years,
    )


def test_the_earmark_is_of_the_budget_not_of_what_is_allocated(tmp_path):
    """A can use only 20 of the 100. The clause's 30% of the budget (30) cannot be met; read as
    30% of what is allocated, leaving money out lowers the requirement: A 20, B 46.67."""
    needs = [need("A", "low", 20), need("B", "high", 1000)]
    literal = run(deep_and_other(tmp_path, "budget", {"R-EARMARK": {"status": "hard"}}, needs))
    assert literal.solution.status == "infeasible"
    allocated = audited(
        run(
            deep_and_other(
                tmp_path, "allocated", {"R-EARMARK": {"status": "hard", "base": "allocated"}}, needs
            )
        )
    )
    assert money(allocated, county_code="B") == pytest.approx(20 / 0.3 - 20)
    assert allocated.solution.objective == pytest.approx(20 + 2 * (20 / 0.3 - 20))


@pytest.mark.parametrize("weight, to_a, objective", [(1.5, 100, 100 + 150), (0.5, 0, 200)])
def test_a_weighted_priority_puts_deep_counties_first_where_the_weight_outweighs(
    tmp_path, weight, to_a, objective
):
    """The industry fund (100) reaches 1 per 万元 in deep A, 2 in B; each 万元 to A counts
    `weight` more: 2.5 > 2 sends all to A, 1.5 < 2 all to B. The audit recomputes the bonus."""
    fund = [source("fund", "provincial", "fund")]
    r = audited(
        run(
            deep_and_other(
                tmp_path,
                f"w{weight}",
                {
                    "R-INDUSTRY-FUND": {
                        "status": "hard",
                        "method": "weighted",
                        "weight": weight,
                        "include_city_level": False,
                    }
                },
                budgets=[budget("fund", 100)],
                sources=fund,
            )
        )
    )
    assert money(r, county_code="A") == pytest.approx(to_a)
    assert r.solution.objective == pytest.approx(objective)


def test_strictly_more_than_the_year_before(tmp_path):
    """Nobody is reached by the work (benefit 0), so the plan gives the least the rule allows:
    the 100 of 2017 again, plus 0.01 万元 (逐年增加 is strictly more) or nothing more."""

    def least(min_increase):
        folder = dataset(
            tmp_path / str(min_increase),
            [county("A")],
            [source("c", earmark=True)],
            [category("k", benefit=0, sources="c")],
            [need("A", "k", 1000)],
            [budget("c", 500)],
            histories=[history("A", "c", 100)],
            rules={"R-INCREASE": {"status": "hard", "min_increase_wan": min_increase}},
        )
        return money(audited(run(folder)), source="c")

    assert least(0.01) == pytest.approx(100.01)
    assert least(0.0) == pytest.approx(100)


@pytest.mark.parametrize("once, paid", [(True, 100), (False, 200)])
def test_the_relief_fund_is_set_up_once(tmp_path, once, paid):
    """The province's 100 reaches no one (benefit 0): set up once it is paid once over the two
    years; read as a yearly floor, twice."""
    folder = dataset(
        tmp_path / str(once),
        [county("A")],
        [source("prov", "provincial")],
        [category("relief_fund", benefit=0, sources="prov"), category("k", sources="prov")],
        [need("A", "relief_fund", 1000), need("A", "k", 1000)],
        [budget("prov", 500, year=2018), budget("prov", 500, year=2019)],
        rules={
            "R-RELIEF-FUND": {
                "status": "hard",
                "provincial_floor_wan": 100,
                "local_floor_wan": 0,
                "once": once,
            }
        },
        years=(2018, 2019),
    )
    r = audited(run(folder, years=(2018, 2019)))
    assert money(r, category="relief_fund") == pytest.approx(paid)


def test_a_deadline_counts_work_done_by_then(tmp_path):
    """Work paid over two years (0.5, 0.5), 100 units due by 2019 in a 2018-2019 run: started in
    2018 it is done in 2019; started in 2019 it is not. With 100 in 2018 all 100 start then; with
    40 (only 80 units' first halves) it cannot be done in time, though it can all be started."""

    def solved(reading, first_budget):
        folder = dataset(
            tmp_path / f"{reading}{first_budget}",
            [county("A")],
            [source("c")],
            [category("k", profile="0.5;0.5", sources="c")],
            [need("A", "k", 100, deadline=2019)],
            [budget("c", first_budget, year=2018), budget("c", 100, year=2019)],
            rules={"R-DEADLINE": {"status": "hard", "reading": reading}},
            years=(2018, 2019),
        )
        return run(folder, years=(2018, 2019))

    done = audited(solved("completed", 100))
    units = done.solution.units
    assert units.loc[units["year"] == 2018, "units"].sum() == pytest.approx(100)
    assert solved("completed", 40).solution.status == "infeasible"
    assert audited(solved("started", 40)).solution.status == "optimal"


def test_commitments_over_a_budget_nothing_else_can_use_leave_no_plan(tmp_path):
    """County A's own source ls (10 万元) owes 20 of commitments carried in, and nothing A needs
    can be paid from it: no variable is left in the row, which fails by itself."""
    folder = dataset(
        tmp_path / "over",
        [county("A", deep=True), county("B")],
        [source("c"), source("ls", "county")],
        [category("k", sources="c"), category("j", sources="ls")],
        [need("A", "k", 10), need("B", "k", 10)],
        [budget("c", 100), budget("ls", 10, county_code="A")],
    )
    add_table(folder, "commitments", [commitment("A", "ls", "j", 20, year=2018)])
    r = run(folder)
    assert r.solution.status == "infeasible"
    assert [row.rule_id for row in r.builder.impossible] == ["R-BUDGET"]


def two_year_fund(tmp_path, name, rules, fund_2019=0):
    """The fund gets 100 in 2018 only, lent for a year; own money, the bank and a grant g are
    budgeted in 2018 (own money and the bank in 2019 too). g reaches 1 person per 万元 in A."""
    years = (2018, 2019)
    budgets = (
        [budget("rev", 100), budget("g", 50)]
        + [budget("rev", fund_2019, year=2019)] * bool(fund_2019)
        + [
            b
            for y in years
            for b in (budget("own", 1000, year=y, county_code="A"), budget("bank", 100000, year=y))
        ]
    )
    return dataset(
        tmp_path / name,
        [county("A", deep=True)],
        [
            source("rev", "provincial", "revolving"),
            source("own", "county"),
            source("bank", "bank", "credit"),
            source("g"),
        ],
        [category("credit", benefit=0, sources="rev;own;bank"), category("k", sources="g;own")],
        [need("A", "credit", 100000), need("A", "k", 100000, basis="annual")],
        budgets,
        rules={"R-REVOLVING": {"deep_share": 0.0, "term_years_max": 1, **rules}},
        years=years,
    )


def test_the_fund_lends_its_repayments_in_a_year_with_no_budget_row(tmp_path):
    """Lent for a year in 2018, the 100 is back in 2019 and lent again (min_lent_share 1),
    though the fund has no 2019 budget row."""
    r = run(
        two_year_fund(tmp_path, "again", {"status": "hard", "min_lent_share": 1.0}), (2018, 2019)
    )
    audited(r)
    assert money(r, source="rev", year=2019) == pytest.approx(100)


@pytest.mark.parametrize("status", ["hard", "off"])
def test_a_source_with_no_budget_in_a_year_pays_nothing_that_year(tmp_path, status):
    """g has no 2019 budget row: it pays nothing in 2019, with the revolving fund on or off (only
    the fund itself, when its rule is on, lends in a year without a budget row)."""
    r = audited(run(two_year_fund(tmp_path, status, {"status": status}), (2018, 2019)))
    assert money(r, source="g", year=2019) == 0
    assert money(r, source="g", year=2018) == pytest.approx(50)


def floor_case(tmp_path, name, **params):
    """Two counties: B reaches 2 per 万元, A 1; 10 万元 of grant."""
    return dataset(
        tmp_path / name,
        [county("A"), county("B")],
        [source("c")],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 10)],
        rules={"R-COUNTY-FLOOR": {"status": "hard", **params}},
    )


def test_a_county_floor_of_half_a_wan_is_kept(tmp_path):
    r = audited(run(floor_case(tmp_path, "half", min_fraction_of_formula=0.0, min_wan=0.5)))
    assert money(r, county_code="A") == pytest.approx(0.5)
    assert r.solution.objective == pytest.approx(0.5 + 2 * 9.5)


def test_a_county_floor_of_nothing_adds_no_row(tmp_path):
    r = audited(run(floor_case(tmp_path, "none", min_fraction_of_formula=0.0, min_wan=0.0)))
    assert not (r.solution.rules["rule_id"] == "R-COUNTY-FLOOR").any()
    assert money(r, county_code="A") == 0


def test_commitments_count_toward_a_county_floor(tmp_path):
    """A already has 0.3 of the grant committed in 2018: 0.2 more reaches its floor of 0.5."""
    folder = floor_case(tmp_path, "committed", min_fraction_of_formula=0.0, min_wan=0.5)
    add_table(folder, "commitments", [commitment("A", "c", "low", 0.3, year=2018)])
    r = audited(run(folder))
    new = r.solution.allocation
    new = new[(new["county_code"] == "A") & (new["project_id"] != "(committed)")]
    assert new["amount_wan"].sum() == pytest.approx(0.2)


def test_a_deadline_before_the_run_is_refused_while_the_deadline_rule_is_on(tmp_path):
    """Due in 2017 and the run starts in 2018: with R-DEADLINE on the need's deadline cannot be
    kept, and validation names the row; with a year's delay it is due within the run."""
    folder = dataset(
        tmp_path / "late",
        [county("A")],
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 10, deadline=2017)],
        [budget("c", 10)],
    )
    data = load(folder)
    family = BY_ID["R-DEADLINE"]
    (problem,) = family.check(data, family.Params(status="hard"))
    assert (problem.file, problem.column, problem.value) == ("needs.csv", "deadline", "2017")
    assert "within the plan years" in problem.expected
    assert family.check(data, family.Params(status="hard", delay_years=1)) == []


def test_half_a_unit_due_this_year_is_done_this_year(tmp_path):
    """A's 0.5 units are due in 2018; B reaches twice as many per 万元 and would take all."""
    folder = dataset(
        tmp_path / "half",
        [county("A"), county("B")],
        [source("c")],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 0.5, deadline=2018), need("B", "high", 1000)],
        [budget("c", 10), budget("c", 10, year=2019)],
        rules={"R-DEADLINE": {"status": "hard"}},
        years=(2018, 2019),
    )
    r = audited(run(folder, (2018, 2019)))
    assert money(r, county_code="A", year=2018) == pytest.approx(0.5)


def test_a_project_of_half_a_unit_meets_a_deadline_of_half_a_unit(tmp_path):
    """The category costs 1,000 万元 a unit (10 万元 buys 0.01): only project P, 0.5 units for
    5 万元, can do the 0.5 units due in 2018."""
    folder = dataset(
        tmp_path / "p",
        [county("A")],
        [source("c")],
        [category("k", cost=1000, sources="c")],
        [need("A", "k", 0.5, deadline=2018)],
        [budget("c", 10)],
        rules={"R-DEADLINE": {"status": "hard"}},
        projects=[
            {
                "id": "P",
                "name": "P",
                "county_code": "A",
                "category": "k",
                "cost_profile_wan": "5",
                "units": "0.5",
                "beneficiaries": "1",
                "earliest_start": "2018",
                "latest_start": "2018",
            }
        ],
    )
    r = audited(run(folder))
    assert money(r, project_id="P") == pytest.approx(5)


def test_commitments_count_in_the_earmark_of_what_is_allocated(tmp_path):
    """Base `allocated`: A (deep) owes 10, B 20 of the earmark source's 100; 70 is new. 30% of
    all 100 must reach A: 10 owed + 20 new. B takes the other 50 (2 per 万元)."""
    folder = dataset(
        tmp_path / "allocated",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True)],
        [category("low", sources="c"), category("high", benefit=2, sources="c")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("c", 100)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3, "base": "allocated"}},
    )
    add_table(
        folder,
        "commitments",
        [commitment("A", "c", "low", 10, year=2018), commitment("B", "c", "high", 20, year=2018)],
    )
    r = audited(run(folder))
    assert money(r, county_code="A") == pytest.approx(30)
    assert money(r, county_code="B") == pytest.approx(70)
    (row,) = r.solution.rules.query("rule_id == 'R-EARMARK'").itertuples()
    assert (row.lhs, row.rhs) == (pytest.approx(30), pytest.approx(30))


def test_no_earmark_is_owed_of_a_year_with_nothing_to_allocate(tmp_path):
    """Base `allocated`: the earmark source pays only j, which nobody needs, so nothing of it
    can be allocated in 2018; B's 20 of commitments owe the deep counties nothing."""
    folder = dataset(
        tmp_path / "nothing",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True), source("g")],
        [category("j", sources="c"), category("k", sources="g")],
        [need("A", "k", 1000), need("B", "k", 1000)],
        [budget("c", 100), budget("g", 50)],
        rules={"R-EARMARK": {"status": "hard", "share": 0.3, "base": "allocated"}},
    )
    add_table(folder, "commitments", [commitment("B", "c", "j", 20, year=2018)])
    r = audited(run(folder))
    assert money(r, source="g") == pytest.approx(50)


def test_no_growth_floor_for_a_block_source_nobody_can_use(tmp_path):
    """The block source pays only j, which nobody needs: no money can follow the floor, so the
    rule has no row for it (the audit keeps none either) and the plan stands."""
    folder = dataset(
        tmp_path / "unused",
        [county("A", deep=True), county("B")],
        [source("c"), source("blk", "provincial", block=True)],
        [category("k", sources="c"), category("j", sources="blk")],
        [need("A", "k", 1000), need("B", "k", 1000)],
        [budget("c", 50), budget("blk", 200)],
        histories=[history("A", "blk", 10), history("B", "blk", 90)],
        rules={"R-GROWTH": {"status": "hard"}},
    )
    r = audited(run(folder))
    assert not (r.solution.rules["rule_id"] == "R-GROWTH").any()
    assert money(r, source="c") == pytest.approx(50)


def three_block_sources(tmp_path, name, per_source, g_budgets=((2018, 100),)):
    """Block sources blk (200, then 300), g (`g_budgets`) and h (50 in 2019 only); 2017 actuals
    A (deep) 10, B 90 of blk; commitments to A of blk: 5 paid in 2018, 3 in 2019."""
    budgets = [budget("blk", 200), budget("blk", 300, year=2019), budget("h", 50, year=2019)]
    budgets += [budget("g", amount, year=y) for y, amount in g_budgets]
    folder = dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        [source(s, "provincial", block=True) for s in ("blk", "g", "h")],
        [category("low", sources="blk;g;h"), category("high", benefit=2, sources="blk;g;h")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        budgets,
        histories=[history("A", "blk", 10), history("B", "blk", 90)],
        rules={"R-GROWTH": {"status": "hard", "margin": 0.05, "per_source": per_source}},
        years=(2018, 2019),
    )
    return add_table(
        folder,
        "commitments",
        [commitment("A", "blk", "low", 5, year=2018), commitment("A", "blk", "low", 3, year=2019)],
    )


def test_growth_between_planned_years_of_several_block_sources_with_commitments(tmp_path):
    """All three together: the budgets grow from 300 (blk 200, g 100) to 350 (blk 300, h 50),
    so A's block money, commitments included, grows by 350/300 - 1 + 5 points from 2018."""
    r = audited(run(three_block_sources(tmp_path, "together", False), (2018, 2019)))
    factor = 350 / 300 + 0.05
    (row,) = r.solution.rules.query("instance == 'blk+g+h|2019|budget growth'").itertuples()
    a_2018 = money(r, county_code="A", year=2018)  # the 5 owed included
    a_2019 = money(r, county_code="A", year=2019)
    assert (row.lhs, row.rhs) == (pytest.approx(a_2019), pytest.approx(factor * a_2018))
    assert a_2019 >= factor * a_2018 - 1e-6
    assert not any("blk+g+h 2019" in note for note in r.solution.notes)


def test_a_block_source_new_in_the_second_year_has_no_growth_rate(tmp_path):
    r = audited(run(three_block_sources(tmp_path, "each", True), (2018, 2019)))
    notes = [n for n in r.solution.notes if "R-GROWTH h 2019" in n]
    assert notes == ["R-GROWTH h 2019: no block budget in 2018, no growth rate to compare with"]
    growth = r.solution.rules.query("rule_id == 'R-GROWTH'")["instance"]
    assert not growth.str.startswith("h|2019").any() and growth.str.startswith("blk|2019").any()


def test_a_small_block_budget_still_sets_a_growth_rate(tmp_path):
    """g: 0.5 then 1 万元: a growth rate of 100%, applied."""
    folder = three_block_sources(tmp_path, "small", True, g_budgets=((2018, 0.5), (2019, 1)))
    r = audited(run(folder, (2018, 2019)))
    growth = r.solution.rules.query("rule_id == 'R-GROWTH'")["instance"]
    assert (growth == "g|2019|budget growth").any()


def test_growth_on_last_years_actuals_counts_this_years_commitments(tmp_path):
    """2017: A (deep) 0.5 of 5.0. 2018: 200 of block money, 5 of it owed to A and 20 to B.
    A keeps its 10% share plus 5 points of its 0.5: 0.1 x 200 + 0.025 = 20.025 in all."""
    folder = dataset(
        tmp_path / "actuals",
        [county("A", deep=True), county("B")],
        [source("blk", "provincial", block=True)],
        [category("low", sources="blk"), category("high", benefit=2, sources="blk")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("blk", 200)],
        histories=[history("A", "blk", 0.5), history("B", "blk", 4.5)],
        rules={"R-GROWTH": {"status": "hard", "margin": 0.05}},
    )
    add_table(
        folder,
        "commitments",
        [
            commitment("A", "blk", "low", 5, year=2018),
            commitment("B", "blk", "high", 20, year=2018),
        ],
    )
    r = audited(run(folder))
    assert money(r, county_code="A") == pytest.approx(20.025)
    (row,) = r.solution.rules.query("rule_id == 'R-GROWTH'").itertuples()
    assert (row.lhs, row.rhs) == (pytest.approx(20.025), pytest.approx(20.025))


def test_the_increase_of_two_special_funds_together_is_named_by_both(tmp_path):
    """Two earmarked sources, scope total: one row a year, named c+d, on their sum."""
    folder = dataset(
        tmp_path / "two",
        [county("A", deep=True), county("B")],
        [source("c", earmark=True), source("d", earmark=True)],
        [category("k", sources="c;d")],
        [need("A", "k", 1000), need("B", "k", 1000)],
        [budget("c", 60), budget("d", 60)],
        histories=[history("A", "c", 50), history("B", "d", 50)],
        rules={"R-INCREASE": {"status": "hard", "scope": "total"}},
    )
    r = audited(run(folder))
    (row,) = r.solution.rules.query("rule_id == 'R-INCREASE'").itertuples()
    assert row.instance == "c+d|2018"
    assert (row.lhs, row.rhs) == (pytest.approx(120), pytest.approx(100.01))


def test_relending_committed_to_the_deep_counties_counts_toward_its_floor(tmp_path):
    """Deep A must get 100 of relending; 30 of it is already committed, so 70 more, and B (2 per
    万元) takes the rest of the 500."""
    folder = dataset(
        tmp_path / "relending",
        [county("A", deep=True), county("B")],
        [source("rl", "bank", "relending")],
        [category("low", sources="rl"), category("high", benefit=2, sources="rl")],
        [need("A", "low", 1000), need("B", "high", 1000)],
        [budget("rl", 500)],
        rules={"R-RELENDING": {"status": "hard", "min_deep_wan": 100}},
    )
    add_table(folder, "commitments", [commitment("A", "rl", "low", 30, year=2018)])
    r = audited(run(folder))
    assert money(r, county_code="A") == pytest.approx(100)
    assert money(r, county_code="B") == pytest.approx(400)


def relief_case(tmp_path, name, once, budgets):
    """Province prov, city cs (甲市), county ls (A); the relief fund category and another."""
    return dataset(
        tmp_path / name,
        [county("A", deep=True), county("B")],
        [source("prov", "provincial"), source("cs", "city"), source("ls", "county")],
        [category("relief_fund", benefit=0, sources="prov;cs;ls"),
         category("k", sources="prov;cs;ls")],
        [need(c, k, 10000) for c in ("A", "B") for k in ("relief_fund", "k")],
        budgets,
        rules={"R-RELIEF-FUND": {"status": "hard", "once": once, "provincial_floor_wan": 100,
                                 "local_floor_wan": 50}},
        years=(2018, 2019),
    )  # fmt: skip


def relief_rows(r):
    return set(r.solution.rules.query("rule_id == 'R-RELIEF-FUND'")["instance"])


def test_every_year_only_a_budgeted_local_scope_owes_seed_money(tmp_path):
    """once false: ls is budgeted for A in 2018 only, cs for 甲市 both years; the province's
    money scoped to county B is the province's, owing no local seed money."""
    budgets = [budget("prov", 1000, y) for y in (2018, 2019)]
    budgets += [budget("cs", 500, y, city="甲市") for y in (2018, 2019)]
    budgets += [budget("ls", 500, county_code="A"), budget("prov", 30, county_code="B")]
    r = audited(run(relief_case(tmp_path, "yearly", False, budgets), (2018, 2019)))
    assert relief_rows(r) == {
        "province|2018", "province|2019", "city=甲市|cs|2018", "city=甲市|cs|2019", "county=A|ls|2018"
    }  # fmt: skip


ONCE_BUDGETS = [budget("prov", 1000), budget("cs", 500, city="甲市"), budget("ls", 500, county_code="A"),
                budget("prov", 1000, 2019)]  # fmt: skip
ALL_ROWS = {"province|set up", "city=甲市|cs|set up", "county=A|ls|set up"}
RELIEF_HISTORY = {  # what was paid before the run -> the rows the run still has
    "province-paid": (history("A", "prov", 100, category_code="relief_fund"),
                      ALL_ROWS - {"province|set up"}),
    "county-paid": (history("A", "ls", 50, category_code="relief_fund"),
                    ALL_ROWS - {"county=A|ls|set up"}),
    "other-category": (history("A", "prov", 100, category_code="k"), ALL_ROWS),
    "city-money": (history("A", "cs", 100, category_code="relief_fund"),
                   ALL_ROWS - {"city=甲市|cs|set up"}),
    "other-county": (history("B", "ls", 50, category_code="relief_fund"), ALL_ROWS),
}  # fmt: skip


@pytest.mark.parametrize("case", RELIEF_HISTORY)
def test_set_up_once_what_history_shows_paid_is_not_asked_again(tmp_path, case):
    before, rows = RELIEF_HISTORY[case]
    folder = relief_case(tmp_path, case, True, ONCE_BUDGETS)
    add_table(folder, "history", [before])
    r = audited(run(folder, (2018, 2019)))
    assert relief_rows(r) == rows
    notes = [n for n in r.solution.notes if "set up before the run" in n]
    assert len(notes) == len(ALL_ROWS - rows)


def test_set_up_once_a_part_paid_before_leaves_the_rest(tmp_path):
    """The province paid 40 of its 100 before the run: 60 more now; the row shows 100 of 100."""
    folder = relief_case(tmp_path, "part", True, ONCE_BUDGETS)
    add_table(folder, "history", [history("A", "prov", 40, category_code="relief_fund")])
    r = audited(run(folder, (2018, 2019)))
    assert money(r, source="prov", category="relief_fund") == pytest.approx(60)
    (row,) = r.solution.rules.query("instance == 'province|set up'").itertuples()
    assert (row.lhs, row.rhs) == (pytest.approx(100), pytest.approx(100))


def test_the_use_row_counts_repayments_and_shows_them(tmp_path):
    """2019's repayments (100) and new capital (50) must all be lent: the row shows 150 lent of
    150 asked."""
    folder = two_year_fund(tmp_path, "use", {"status": "hard", "min_lent_share": 1.0}, 50)
    r = audited(run(folder, (2018, 2019)))
    (use,) = r.solution.rules.query("instance == 'use|2019'").itertuples()
    assert (use.lhs, use.rhs) == (pytest.approx(150), pytest.approx(150))
    balance = r.solution.rules.query(
        "rule_id == 'R-REVOLVING' and instance.str.startswith('balance')"
    )
    assert dict(zip(balance["instance"], balance["rhs"], strict=True)) == {
        "balance|2018": 100,
        "balance|2019": 150,
    }


def test_capital_injected_later_in_the_run_is_not_there_before(tmp_path):
    """The fund gets its 100 in 2019 only: nothing can be lent in 2018."""
    years = (2018, 2019)
    budgets = [budget("rev", 100, year=2019), budget("g", 50)] + [
        b
        for y in years
        for b in (budget("own", 1000, year=y, county_code="A"), budget("bank", 100000, year=y))
    ]
    folder = dataset(
        tmp_path / "later",
        [county("A", deep=True)],
        [source("rev", "provincial", "revolving"), source("own", "county"),
         source("bank", "bank", "credit"), source("g")],
        [category("credit", benefit=0, sources="rev;own;bank"), category("k", sources="g;own")],
        [need("A", "credit", 100000), need("A", "k", 100000, basis="annual")],
        budgets,
        rules={"R-REVOLVING": {"status": "hard", "deep_share": 0.0, "term_years_max": 1}},
        years=years,
    )  # fmt: skip
    r = audited(run(folder, years))
    balance = r.solution.rules.query(
        "rule_id == 'R-REVOLVING' and instance.str.startswith('balance')"
    )
    assert dict(zip(balance["instance"], balance["rhs"], strict=True)) == {
        "balance|2018": 0,
        "balance|2019": 100,
    }


def test_a_small_fund_is_lent_too(tmp_path):
    r = audited(run(revolving_case(tmp_path, "small", {"min_lent_share": 1.0}, fund=0.5)))
    assert money(r, source="rev") == pytest.approx(0.5)
