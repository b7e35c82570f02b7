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
    folder = growth_case(tmp_path, "ok")
    data = load(folder)
    for rule_id in ("R-GROWTH", "R-INCREASE"):
        family = BY_ID[rule_id]
        assert family.check(data, family.Params(status="hard")) == []


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
