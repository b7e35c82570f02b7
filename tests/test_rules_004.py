"""The programme clauses of 004 on hand-solvable instances: forestry's money deep counties first
(R-FOREST-QUOTA, §2), the training and transport subsidies' deep-county needs guaranteed
(R-LABOUR-SUBSIDY, §5), the education accounts deep counties first (R-EDUCATION-FIRST, §5), and
the two targets that state no year, all deep-county farmland returned (R-FARMLAND-TARGET, §2)
and every deep-county poverty village with a PV station (R-PV-COVERAGE, §4).

Each instance has deep county A and county B, where B's use of the money reaches more people, so
without the rule the money goes to B; each test works the optimum out on paper (the docstring)
and asserts what every optimal plan shares: money, units, the objective. Every plan with a rule
on is checked by the independent audit (its status is `optimal` only if the audit finds no
breach and recomputes its objective).

Where "deep counties first" is solved as a stage (lexicographic), B still gets some money: the
stage is held to a relative tolerance (1e-9), and the little it lets go to a county that would
otherwise get nothing is below what the plan's tables list (1e-6 万元), so the objective read off
the tables would differ from the solver's by more than the audit allows.
"""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, history, load, money, need, run, source

from optimiser.problems import InputError
from optimiser.rules import BY_ID

EFFECT_TESTED: set[str] = set()  # read by tests/test_model_rules.py


def effect(rule_id):
    EFFECT_TESTED.add(rule_id)
    return lambda f: f


def audited(r):
    s = r.solution
    assert s.status == "optimal", s.notes[:3]
    assert not s.audit["breach"].any(), s.audit[s.audit["breach"]].to_string()
    assert s.recomputed_objective == pytest.approx(s.objective, rel=1e-9, abs=1e-9)
    return r


def units(r, **where) -> float:
    frame = r.solution.units
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return float(frame["units"].sum())


def rows(r, rule_id):
    return r.solution.rules[r.solution.rules["rule_id"] == rule_id].set_index("instance")


def two_counties():
    return [county("A", deep=True), county("B")]


# ---- R-FOREST-QUOTA ----------------------------------------------------------------------------
def forest(tmp_path, name, budgets=None, srcs=None, cats=None, needs=None, **params):
    """The forestry department's money blk (100) may pay A's returning farmland (benefit 1) and
    B's rangers (benefit 2): without the rule, all to B (200 people)."""
    return dataset(
        tmp_path / name,
        two_counties(),
        srcs or [source("blk", "provincial", block=True)],
        cats
        or [
            category("farmland_return", sources="blk"),
            category("forest_ranger", benefit=2, sources="blk"),
        ],
        needs or [need("A", "farmland_return", 1000), need("B", "forest_ranger", 1000)],
        budgets or [budget("blk", 100)],
        rules={"R-FOREST-QUOTA": {"status": "hard", **params}},
    )


@effect("R-FOREST-QUOTA")
def test_forestry_money_goes_to_the_deep_counties_first(tmp_path):
    """Lexicographic (the default): A needs 80 亩 and takes them before B gets any, B the other
    20: 80 + 40 = 120. Off: all to B: 200."""
    needs = [need("A", "farmland_return", 80), need("B", "forest_ranger", 1000)]
    on = audited(run(forest(tmp_path, "on", needs=needs)))
    assert money(on, county_code="A") == pytest.approx(80, abs=1e-3)
    assert on.solution.objective == pytest.approx(120, abs=1e-3)
    off = run(forest(tmp_path, "off", status="off"))
    assert money(off, county_code="B") == pytest.approx(100)
    assert off.solution.objective == pytest.approx(200)


def test_forestry_first_as_much_as_the_deep_counties_can_use(tmp_path):
    """A needs 30 亩 only: A takes 30, B the other 70: 30 + 140 = 170."""
    needs = [need("A", "farmland_return", 30), need("B", "forest_ranger", 1000)]
    r = audited(run(forest(tmp_path, "need", needs=needs)))
    assert money(r, county_code="A") == pytest.approx(30, abs=1e-3)
    assert r.solution.objective == pytest.approx(170, abs=1e-3)


def test_forestry_share_and_weighted_readings(tmp_path):
    """share 0.3: A at least 30 of the 100, no more (B reaches more): 30 + 140 = 170.
    weighted 1.5: a 万元 to A counts 1 + 1.5 > 2: all to A, 100 people + 150 bonus = 250;
    weighted 0.5: 1.5 < 2, all to B: 200."""
    share = audited(run(forest(tmp_path, "share", method="share", min_deep_share=0.3)))
    assert money(share, county_code="A") == pytest.approx(30)
    assert share.solution.objective == pytest.approx(170)
    heavy = audited(run(forest(tmp_path, "w15", method="weighted", weight=1.5)))
    assert money(heavy, county_code="A") == pytest.approx(100)
    assert heavy.solution.objective == pytest.approx(250)
    light = audited(run(forest(tmp_path, "w05", method="weighted", weight=0.5)))
    assert money(light, county_code="A") == pytest.approx(0)
    assert light.solution.objective == pytest.approx(200)


def test_forestry_soft_share_pays_its_shortfall(tmp_path):
    """share 0.5, soft. Moving a 万元 from B to A loses 1 person and saves the penalty on
    half... on one 万元 of shortfall: at penalty 0.5 the plan stays with B and pays 0.5 x 50:
    200 - 25 = 175; at penalty 2 it meets the share: 50 + 100 = 150."""
    cheap = audited(
        run(forest(tmp_path, "p05", status="soft", penalty=0.5, method="share", min_deep_share=0.5))
    )
    assert money(cheap, county_code="A") == pytest.approx(0)
    assert cheap.solution.objective == pytest.approx(175)
    assert rows(cheap, "R-FOREST-QUOTA").loc["forestry|2018", "status"] == "violated"
    dear = audited(
        run(forest(tmp_path, "p2", status="soft", penalty=2.0, method="share", min_deep_share=0.5))
    )
    assert money(dear, county_code="A") == pytest.approx(50)
    assert dear.solution.objective == pytest.approx(150)


def test_forestry_categories_are_the_programmes_only(tmp_path):
    """blk also pays A's category k (benefit 1, need 70), not a forestry programme: A's k is not
    put first (A needs no forestry), so all goes to B's rangers: 200. With k among the
    categories, A takes its 70."""
    categories = [
        category("k", sources="blk"),
        category("forest_ranger", benefit=2, sources="blk"),
    ]
    needs = [need("A", "k", 70), need("B", "forest_ranger", 1000)]
    plain = audited(run(forest(tmp_path, "plain", cats=categories, needs=needs)))
    assert money(plain, county_code="A") == pytest.approx(0)
    assert plain.solution.objective == pytest.approx(200)
    listed = audited(
        run(
            forest(
                tmp_path, "listed", cats=categories, needs=needs, categories=["k", "forest_ranger"]
            )
        )
    )
    assert money(listed, county_code="A") == pytest.approx(70, abs=1e-3)


def test_forestry_sources_null_also_puts_forestry_first_in_the_deep_counties(tmp_path):
    """blk (100) and the special fund c (100) both pay A's farmland (1, need 150) and B's rangers
    (2); c also pays B's category k at 3. sources [blk]: A takes blk's 100, c goes to B's k:
    100 + 300 = 400. sources null: the most A can take of forestry money is all its 150, 50 of
    them c's: 150 + 150 = 300."""
    sources = [source("blk", "provincial", block=True), source("c")]
    categories = [
        category("farmland_return", sources="blk;c"),
        category("forest_ranger", benefit=2, sources="blk;c"),
        category("k", benefit=3, sources="c"),
    ]
    needs = [
        need("A", "farmland_return", 150),
        need("B", "forest_ranger", 1000),
        need("B", "k", 1000),
    ]
    budgets = [budget("blk", 100), budget("c", 100)]
    own = audited(
        run(forest(tmp_path, "own", budgets, sources, categories, needs, sources=["blk"]))
    )
    assert money(own, county_code="A") == pytest.approx(100, abs=1e-3)
    assert money(own, source="c", category="k") == pytest.approx(100, abs=1e-3)
    assert own.solution.objective == pytest.approx(400, abs=1e-3)
    every = audited(run(forest(tmp_path, "every", budgets, sources, categories, needs)))
    assert money(every, county_code="A") == pytest.approx(150, abs=1e-3)
    assert money(every, source="c", county_code="A") == pytest.approx(50, abs=1e-3)
    assert every.solution.objective == pytest.approx(300, abs=1e-3)


def test_forestry_commitments_are_not_the_plans_money(tmp_path):
    """A 2018 instalment of 40 to B's rangers, committed before the run, is paid from blk's 100
    first; the priority is on the other 60: A's 50 亩 first, B the last 10."""
    needs = [need("A", "farmland_return", 50), need("B", "forest_ranger", 1000)]
    folder = forest(tmp_path, "committed", needs=needs)
    (folder / "commitments.csv").write_text(
        "year,county_code,source,category,amount_wan,started\n2018,B,blk,forest_ranger,40,2016\n",
        encoding="utf-8",
    )
    r = audited(run(folder))
    allocation = r.solution.allocation
    new = allocation[allocation["project_id"].fillna("") == ""]
    assert new.loc[new["county_code"] == "A", "amount_wan"].sum() == pytest.approx(50, abs=1e-3)
    assert new.loc[new["county_code"] == "B", "amount_wan"].sum() == pytest.approx(10, abs=1e-3)


# ---- R-EDUCATION-FIRST -------------------------------------------------------------------------
def education(tmp_path, name, a_need=1000, **params):
    """The special fund c (100) pays education accounts (A needs a_need, benefit 1) and B's
    category k (benefit 2): without the rule, all to B."""
    return dataset(
        tmp_path / name,
        two_counties(),
        [source("c")],
        [
            category("education", sources="c"),
            category("bursary", sources="c"),
            category("k", benefit=2, sources="c"),
        ],
        [
            need("A", "education", a_need, basis="annual"),
            need("A", "bursary", 70),
            need("B", "k", 1000),
        ],
        [budget("c", 100)],
        rules={"R-EDUCATION-FIRST": {"status": "hard", **params}},
    )


@effect("R-EDUCATION-FIRST")
def test_education_accounts_go_to_the_deep_counties_first(tmp_path):
    """A's accounts need 40 student-years: A takes 40, B the other 60: 40 + 120 = 160. share
    0.5 of the accounts' money: the accounts' money may be 0: 200. Off: 200."""
    on = audited(run(education(tmp_path, "on", a_need=40)))
    assert money(on, county_code="A", category="education") == pytest.approx(40, abs=1e-3)
    assert on.solution.objective == pytest.approx(160, abs=1e-3)
    share = audited(run(education(tmp_path, "share", a_need=40, method="share")))
    assert share.solution.objective == pytest.approx(200)
    off = run(education(tmp_path, "off", a_need=40, status="off"))
    assert off.solution.objective == pytest.approx(200)


def test_education_category_names_the_accounts(tmp_path):
    """With category bursary, A's bursaries (need 70) come first instead: A takes 70."""
    r = audited(run(education(tmp_path, "bursary", a_need=40, category="bursary")))
    assert money(r, county_code="A", category="bursary") == pytest.approx(70, abs=1e-3)
    assert money(r, county_code="A", category="education") == pytest.approx(0, abs=1e-3)


def test_education_weighted(tmp_path):
    """weight 1.5 on A's accounts (need 40): 40 x 2.5 > 2: A 40 then B 60: 160 + 60 = 220."""
    r = audited(run(education(tmp_path, "w", a_need=40, method="weighted", weight=1.5)))
    assert money(r, county_code="A") == pytest.approx(40)
    assert r.solution.objective == pytest.approx(220)


# ---- R-LABOUR-SUBSIDY --------------------------------------------------------------------------
def labour(tmp_path, name, needs=None, years=(2018,), projects=None, **params):
    """The special fund c (100 a year) pays training and transport subsidies (benefit 1) and B's
    category k (benefit 2)."""
    return dataset(
        tmp_path / name,
        two_counties(),
        [source("c")],
        [
            category("training", sources="c"),
            category("transport_subsidy", sources="c"),
            category("k", benefit=2, sources="c"),
        ],
        needs
        or [
            need("A", "training", 40),
            need("B", "training", 1000),
            need("B", "k", 1000, basis="annual"),
        ],
        [budget("c", 100, year=y) for y in years],
        years=years,
        projects=projects,
        rules={"R-LABOUR-SUBSIDY": {"status": "hard", **params}},
    )


@effect("R-LABOUR-SUBSIDY")
def test_the_deep_counties_subsidy_needs_are_guaranteed(tmp_path):
    """A's training need of 40 is met, B's (not a deep county) is not asked for: A 40, B's k
    60: 40 + 120 = 160. Off: B's k takes all: 200."""
    on = audited(run(labour(tmp_path, "on")))
    assert units(on, county_code="A", category="training") == pytest.approx(40)
    assert units(on, county_code="B", category="training") == pytest.approx(0)
    assert on.solution.objective == pytest.approx(160)
    row = rows(on, "R-LABOUR-SUBSIDY").loc["A|training"]
    assert (row["lhs"], row["rhs"]) == (pytest.approx(40), pytest.approx(40))
    assert list(rows(on, "R-LABOUR-SUBSIDY").index) == ["A|training"]
    off = run(labour(tmp_path, "off", status="off"))
    assert off.solution.objective == pytest.approx(200)


def test_an_annual_subsidy_need_is_guaranteed_each_year(tmp_path):
    """Transport subsidy for A, 20 a year (basis annual), and training 40 over 2018-2019 (basis
    total): each year A's 20, the training 40 in either year; B's k the rest: 2 x 200 - 2 x 20
    - 40 = 320."""
    needs = [
        need("A", "training", 40),
        need("A", "transport_subsidy", 20, basis="annual"),
        need("B", "k", 1000, basis="annual"),
    ]
    r = audited(
        run(labour(tmp_path, "annual", needs=needs, years=(2018, 2019)), years=(2018, 2019))
    )
    for y in (2018, 2019):
        assert units(r, county_code="A", category="transport_subsidy", year=y) == pytest.approx(20)
    assert units(r, county_code="A", category="training") == pytest.approx(40)
    assert r.solution.objective == pytest.approx(320)
    assert set(rows(r, "R-LABOUR-SUBSIDY").index) == {
        "A|training",
        "A|transport_subsidy|2018",
        "A|transport_subsidy|2019",
    }


def test_a_project_meets_a_subsidy_need(tmp_path):
    """A's training need 40 may be met by a divisible project: 40 people for 30 万元 (1.33 per
    万元, less than B's 2, so not funded without the rule) or by 40 万元 of category units: the
    project is cheaper: 40 + 2 x 70 = 180."""
    project = {
        "id": "P",
        "name": "training course",
        "county_code": "A",
        "category": "training",
        "cost_profile_wan": "30",
        "units": "40",
        "beneficiaries": "40",
        "earliest_start": "2018",
        "latest_start": "2018",
        "divisible": "true",
    }
    r = audited(run(labour(tmp_path, "project", projects=[project])))
    assert money(r, county_code="A") == pytest.approx(30)
    assert r.solution.objective == pytest.approx(180)
    off = run(labour(tmp_path, "project-off", projects=[project], status="off"))
    assert off.solution.objective == pytest.approx(200)


def test_a_soft_guarantee_pays_its_shortfall(tmp_path):
    """Meeting a person of A's need costs 1 person (2 - 1): at penalty 0.5 the plan leaves all
    40 short, 200 - 20 = 180; at penalty 2 it meets them: 160."""
    cheap = audited(run(labour(tmp_path, "p05", status="soft", penalty=0.5)))
    assert units(cheap, county_code="A") == pytest.approx(0)
    assert cheap.solution.objective == pytest.approx(180)
    assert rows(cheap, "R-LABOUR-SUBSIDY").loc["A|training", "status"] == "violated"
    dear = audited(run(labour(tmp_path, "p2", status="soft", penalty=2.0)))
    assert units(dear, county_code="A") == pytest.approx(40)
    assert dear.solution.objective == pytest.approx(160)


def test_only_the_listed_subsidies_are_guaranteed(tmp_path):
    """With categories [transport_subsidy], A's training is not guaranteed: 200."""
    r = audited(run(labour(tmp_path, "transport", categories=["transport_subsidy"])))
    assert units(r, county_code="A") == pytest.approx(0)
    assert r.solution.objective == pytest.approx(200)


def test_the_first_reading_puts_deep_counties_first_on_the_subsidies_money(tmp_path):
    """reading first: lexicographic, A takes all the subsidy money it can use (its 40): 160, as
    the guarantee here; share 0.5 of the subsidy money: none need be spent: 200; weighted 1.5:
    A's 40 count 2.5 each: 160 + 60 = 220."""
    lexi = audited(run(labour(tmp_path, "first", reading="first")))
    assert money(lexi, county_code="A") == pytest.approx(40, abs=1e-3)
    assert lexi.solution.objective == pytest.approx(160, abs=1e-3)
    share = audited(run(labour(tmp_path, "share", reading="first", method="share")))
    assert share.solution.objective == pytest.approx(200)
    heavy = audited(
        run(labour(tmp_path, "weighted", reading="first", method="weighted", weight=1.5))
    )
    assert money(heavy, county_code="A") == pytest.approx(40)
    assert heavy.solution.objective == pytest.approx(220)


# ---- R-FARMLAND-TARGET and R-PV-COVERAGE -------------------------------------------------------
def farmland(tmp_path, name, rule="R-FARMLAND-TARGET", k="farmland_return", years=(2018,),
             plan_years=None, basis="total", projects=None, **params):  # fmt: skip
    """c (200 a year) pays A's target category k (need 300, benefit 0.1) and B's category j
    (benefit 2): without the rule, all to B."""
    return dataset(
        tmp_path / name,
        two_counties(),
        [source("c")],
        [category(k, benefit=0.1, sources="c"), category("j", benefit=2, sources="c")],
        [need("A", k, 300, basis=basis), need("B", k, 300), need("B", "j", 1000, basis="annual")],
        [budget("c", 200, year=y) for y in plan_years or years],
        years=plan_years or years,
        projects=projects,
        rules={rule: {"status": "hard", **params}},
    )


@effect("R-FARMLAND-TARGET")
def test_a_run_before_the_target_year_starts_its_even_share(tmp_path):
    """2018 alone, target 2020: a third of A's 300 亩 by 2018 (B's need is not a deep county's):
    A 100 (10 people), B's j 100 (200): 210. pace end: no row, B all: 400."""
    even = audited(run(farmland(tmp_path, "even")))
    assert units(even, county_code="A") == pytest.approx(100)
    assert units(even, county_code="B", category="farmland_return") == pytest.approx(0)
    assert even.solution.objective == pytest.approx(210)
    assert list(rows(even, "R-FARMLAND-TARGET").index) == ["A|farmland_return|2018"]
    end = run(farmland(tmp_path, "end", pace="end"))
    assert "R-FARMLAND-TARGET" not in set(end.solution.rules["rule_id"])
    assert end.solution.objective == pytest.approx(400)


def test_the_even_share_grows_with_the_run(tmp_path):
    """2018-2019 of a dataset planning 2018-2020, target 2020: two thirds, 200 亩 by 2019; a run
    of 2019 alone (target 2020): half of the 300, 150."""
    folder = farmland(tmp_path, "two", plan_years=(2018, 2019, 2020))
    two = audited(run(folder, years=(2018, 2019)))
    assert units(two, county_code="A") == pytest.approx(200)
    assert rows(two, "R-FARMLAND-TARGET").loc["A|farmland_return|2019", "rhs"] == pytest.approx(200)
    one = audited(run(folder, years=(2019,)))
    assert units(one, county_code="A") == pytest.approx(150)


def test_a_run_that_includes_the_target_year_returns_all(tmp_path):
    """Target 2019 in a run of 2018-2020: all 300 亩 by 2019, none needed in 2020; the year
    changes the row's label too."""
    folder = farmland(tmp_path, "in", plan_years=(2018, 2019, 2020), year=2019)
    r = audited(run(folder, years=(2018, 2019, 2020)))
    assert units(r, county_code="A", year=2018) + units(r, county_code="A", year=2019) == (
        pytest.approx(300)
    )
    assert units(r, county_code="A", year=2020) == pytest.approx(0)
    assert list(rows(r, "R-FARMLAND-TARGET").index) == ["A|farmland_return|2019"]


def test_a_run_after_the_target_year_is_not_bound_and_says_so(tmp_path):
    """Target 2018 and a run of 2019 alone: taken as met before the run."""
    folder = farmland(tmp_path, "after", plan_years=(2018, 2019), year=2018)
    r = audited(run(folder, years=(2019,)))
    assert units(r, county_code="A") == pytest.approx(0)
    assert any("R-FARMLAND-TARGET" in n and "taken as met" in n for n in r.solution.notes)


def test_a_soft_target_pays_its_shortfall(tmp_path):
    """A 亩 returned costs 1.9 people (2 - 0.1): at penalty 0.5 the 100 are left short, 400 - 50
    = 350; at penalty 5 they are returned: 210."""
    cheap = audited(run(farmland(tmp_path, "p05", status="soft", penalty=0.5)))
    assert units(cheap, county_code="A") == pytest.approx(0)
    assert cheap.solution.objective == pytest.approx(350)
    dear = audited(run(farmland(tmp_path, "p5", status="soft", penalty=5.0)))
    assert units(dear, county_code="A") == pytest.approx(100)
    assert dear.solution.objective == pytest.approx(210)


@effect("R-PV-COVERAGE")
def test_pv_coverage_counts_the_stations_of_projects(tmp_path):
    """Coverage of A's 300 village needs (category pv_village), a third by 2018 = 100: a
    divisible project of 60 stations for 50 万元 (beneficiaries 6) is cheaper than 60 of the
    category's: 50 + 40 = 90 万元 to A, 6 + 4 people, B's j 110 x 2: 230. Off: 400."""
    project = {
        "id": "P",
        "name": "stations",
        "county_code": "A",
        "category": "pv_village",
        "cost_profile_wan": "50",
        "units": "60",
        "beneficiaries": "6",
        "earliest_start": "2018",
        "latest_start": "2018",
        "divisible": "true",
    }
    on = audited(run(farmland(tmp_path, "pv", "R-PV-COVERAGE", "pv_village", projects=[project])))
    assert money(on, county_code="A") == pytest.approx(90)
    assert units(on, county_code="A") == pytest.approx(40)
    assert on.solution.objective == pytest.approx(230)
    assert list(rows(on, "R-PV-COVERAGE").index) == ["A|pv_village|2018"]
    off = run(farmland(tmp_path, "pv-off", "R-PV-COVERAGE", "pv_village", status="off"))
    assert off.solution.objective == pytest.approx(400)


def test_pv_coverage_year_and_pace(tmp_path):
    """Target 2021 (2018-2021): a quarter, 75 stations; pace end: nothing in 2018."""
    later = audited(run(farmland(tmp_path, "2021", "R-PV-COVERAGE", "pv_village", year=2021)))
    assert units(later, county_code="A") == pytest.approx(75)
    end = audited(run(farmland(tmp_path, "end", "R-PV-COVERAGE", "pv_village", pace="end")))
    assert units(end, county_code="A") == pytest.approx(0)


def test_the_target_names_its_category(tmp_path):
    """R-PV-COVERAGE with category farmland_return binds the farmland need instead."""
    r = audited(
        run(
            farmland(
                tmp_path, "cat", "R-PV-COVERAGE", "farmland_return", category="farmland_return"
            )
        )
    )
    assert units(r, county_code="A") == pytest.approx(100)


# ---- what each family needs of a dataset -------------------------------------------------------
def bare(tmp_path, categories=None, needs=None, years=(2018,)):
    return load(
        dataset(
            tmp_path,
            two_counties(),
            [source("c")],
            categories or [category("k", sources="c")],
            needs or [need("A", "k", 10)],
            [budget("c", 10, year=y) for y in years],
            years=years,
        )
    )


@pytest.mark.parametrize(
    "rule_id, params, says",
    [
        ("R-FOREST-QUOTA", {}, "a forestry category (one of farmland_return, afforestation"),
        ("R-FOREST-QUOTA", {"categories": ["k"], "sources": ["blk"]}, "the source 'blk'"),
        ("R-LABOUR-SUBSIDY", {}, "a subsidy category (one of training, transport_subsidy)"),
        ("R-EDUCATION-FIRST", {}, "the category 'education'"),
        ("R-FARMLAND-TARGET", {}, "the category 'farmland_return'"),
        ("R-PV-COVERAGE", {"category": "pv"}, "the category 'pv'"),
    ],
)
def test_a_family_names_the_data_it_misses(tmp_path, rule_id, params, says):
    family = BY_ID[rule_id]
    problems = family.check(bare(tmp_path), family.Params(status="hard", **params))
    assert len(problems) == 1, [p.expected for p in problems]
    assert says in problems[0].expected and f"({rule_id} is on)" in problems[0].expected


def test_one_programme_present_is_enough(tmp_path):
    """A dataset with one forestry category and one subsidy category passes the checks: the
    others of the lists are left out."""
    data = bare(
        tmp_path,
        [category("afforestation", sources="c"), category("training", sources="c")],
        [need("A", "afforestation", 10)],
    )
    for rule_id in ("R-FOREST-QUOTA", "R-LABOUR-SUBSIDY"):
        family = BY_ID[rule_id]
        assert family.check(data, family.Params(status="hard")) == []


def test_a_target_needs_a_total_need_and_a_year_in_the_plan(tmp_path):
    """An annual need of a deep county cannot be met once; a target year before the plan years
    is not a target of this plan."""
    data = bare(
        tmp_path,
        [category("farmland_return", sources="c")],
        [need("A", "farmland_return", 10, basis="annual"), need("B", "farmland_return", 5)],
    )
    family = BY_ID["R-FARMLAND-TARGET"]
    problems = family.check(data, family.Params(status="hard", year=2017))
    found = sorted((p.column, p.expected) for p in problems)
    assert found == [
        ("basis", "total: a target is met once (R-FARMLAND-TARGET is on)"),
        (
            "rules.R-FARMLAND-TARGET.year",
            "a target year within or after the plan years (R-FARMLAND-TARGET is on)",
        ),
    ]


def test_loading_with_a_programme_rule_on_and_its_category_missing_is_bad_input(tmp_path):
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 10)],
        [budget("c", 10)],
        histories=[history("A", "c", 1)],
        rules={"R-PV-COVERAGE": {"status": "hard"}},
    )
    with pytest.raises(InputError) as raised:
        load(folder)
    assert "the category 'pv_village' (R-PV-COVERAGE is on)" in str(raised.value)


# ---- what-ifs on the programme families --------------------------------------------------------
@pytest.mark.parametrize(
    "sets, params, why",
    [
        # the same stage instance (forestry|2018) on other money: not a number to update
        (
            ["R-FOREST-QUOTA.sources=[c]"],
            {},
            "rebuilt: the deep-counties-first priorities changed",
        ),
        # a weighted priority is a bonus on other money: the objective changes
        (
            ["R-FOREST-QUOTA.sources=[c]"],
            {"method": "weighted", "weight": 1.5},
            "rebuilt: the money a weighted deep-counties-first rewards changed",
        ),
        # a target's year is a number: the row's right-hand side moves (a half, not a third)
        (["R-FARMLAND-TARGET.year=2019"], None, "updated"),
    ],
)
def test_a_what_if_on_a_programme_rule_matches_a_cold_solve(tmp_path, sets, params, why):
    """blk (100) and c (200) both pay A's farmland (need 150, benefit 1) and B's rangers (2); c
    also B's k (3). The warm what-if gives the cold solve's plan, and says whether it rebuilt:
    with the priority on c's money instead of blk's, lexicographic, A takes 150 of c's (500
    people, not 700)."""
    from optimiser.api import solve, what_if
    from optimiser.scenario.overrides import apply, parse_all

    rules = {"R-FOREST-QUOTA": {"status": "hard", "sources": ["blk"], **(params or {})}}
    if params is None:
        rules = {"R-FARMLAND-TARGET": {"status": "hard"}}
    folder = dataset(
        tmp_path,
        two_counties(),
        [source("blk", "provincial", block=True), source("c")],
        [
            category("farmland_return", sources="blk;c"),
            category("forest_ranger", benefit=2, sources="blk;c"),
            category("k", benefit=3, sources="c"),
        ],
        [
            need("A", "farmland_return", 150),
            need("B", "forest_ranger", 1000),
            need("B", "k", 1000),
        ],
        [budget("blk", 100), budget("c", 200)],
        rules=rules,
    )
    data = load(folder)
    variant = apply(data, parse_all(sets))
    warm, how = what_if(solve(data, [2018]), variant, anchor=False)
    cold = solve(variant, [2018])
    assert how == why
    assert warm.solution.status == cold.solution.status == "optimal"
    assert warm.solution.objective == pytest.approx(cold.solution.objective, rel=1e-9)
    if params == {}:
        assert cold.solution.objective == pytest.approx(500, abs=1e-3)


# ---- a rule that holds the deep counties' priority back ----------------------------------------
def test_a_growth_floor_that_holds_the_forestry_priority_back_has_a_negative_price(tmp_path):
    """blk pays 100 in 2018 and 100 in 2019 for A's farmland (benefit 1) and B's rangers (2);
    R-FOREST-QUOTA puts A first on blk's money; R-GROWTH asks A's blk money to grow 5 points
    faster than blk's budget (0 %): 2019 >= 1.05 x 2018. The stage's most for A is then 100 in
    2019 and 100 / 1.05 in 2018 (195.24), B gets the other 4.76: 195.24 + 9.52 = 204.76 people.
    Without the floor A takes all 200: 200 people. Dropping R-GROWTH loses 4.76, and the
    explanation says why (its marginal value, the stage held, is positive)."""
    from optimiser.explain.collect import explain_run
    from optimiser.report.explanation import render_explanation

    folder = dataset(
        tmp_path,
        two_counties(),
        [source("blk", "provincial", block=True)],
        [
            category("farmland_return", sources="blk"),
            category("forest_ranger", benefit=2, sources="blk"),
        ],
        [need("A", "farmland_return", 1000), need("B", "forest_ranger", 1000, basis="annual")],
        [budget("blk", 100, year=2018), budget("blk", 100, year=2019)],
        histories=[history("A", "blk", 10), history("B", "blk", 90)],
        years=(2018, 2019),
        rules={
            "R-FOREST-QUOTA": {"status": "hard"},
            "R-GROWTH": {"status": "hard", "margin": 0.05},
        },
    )
    r = audited(run(folder, years=(2018, 2019)))
    assert money(r, county_code="A", year=2018) == pytest.approx(100 / 1.05, abs=1e-3)
    assert money(r, county_code="A", year=2019) == pytest.approx(100, abs=1e-3)
    assert r.solution.objective == pytest.approx(
        100 / 1.05 + 100 + 2 * (100 - 100 / 1.05), abs=1e-3
    )
    expl = explain_run(r, price=["R-GROWTH"])
    (entry,) = expl["prices"]
    assert entry["price"] == pytest.approx(200 - r.solution.objective, abs=1e-3)
    assert entry["priority_off"] == pytest.approx(200, abs=1e-3)
    assert entry["priority_on"] == pytest.approx(100 + 100 / 1.05, abs=1e-3)
    text = render_explanation(expl, "en", limit=100)
    assert "dropping it would lose 4.762 people reached (weighted): without it the deep " in text
    zh = render_explanation(expl, "zh", limit=100)
    assert "取消该规则，方案反而减少 4.762" in zh
    growth = rows(r, "R-GROWTH")
    assert (growth["marginal_value"].dropna() >= 0).all()
