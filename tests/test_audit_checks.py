"""Every check of the independent audit (optimiser.audit) on plans written by hand, no solver.

For each rule instance in CASES a plan breaks exactly that instance by a clear margin: the audit
must flag it, and only it, as a breach with the value the plan reaches and the limit the rule
sets. The same plan mended (the fault removed, or left short by less than the audit's tolerance of
0.01 万元) must be clean. The same broken plan with the rule soft is reported as a shortfall, not a
breach; with the rule off, it is not checked at all. FLIPS show that every parameter the audit
claims to honour (audit.HONOURS) changes its verdict on one fixed plan.

Datasets are built with tests/hand.py (every policy rule off unless a case switches it on), read
once per module and varied in memory. Plans are tables: allocation rows `row(...)`, units started
(derived from category money at unit cost 1 and payment profile 1 unless given), projects started
and, for "deep counties first" stages, rows of the plan's rules table.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
import pytest
from hand import budget, category, county, dataset, history, need, source

from optimiser.api import load
from optimiser.audit import CHECKS, HONOURS, _holds, audit
from optimiser.rules import BY_ID
from optimiser.solution import ALLOCATION_COLUMNS

Y = 2018
BIG = 1e6
COUNTIES = [
    county("A", deep=True),  # deep, poverty county, city 甲市
    county("B"),  # poverty county, city 甲市
    county("C", designation="none", city="乙市"),  # not a poverty county, another city
]


# ---- building datasets ---------------------------------------------------------------------------
def spec(**kwargs) -> dict:
    """The arguments of `make` for one dataset; read once per module (cached by identity)."""
    return kwargs


def make(folder, sources=None, categories=None, needs=None, budgets=None, years=(Y,), **kwargs):
    """A hand dataset over COUNTIES. Defaults: one grant source c, one category k that every
    source may pay for (unit cost 1, paid in the year), needs and budgets too large to matter."""
    sources = sources or [source("c")]
    codes = ";".join(s["code"] for s in sources)
    categories = categories or [category("k", sources=codes)]
    if needs is None:
        needs = [need(c["code"], k["code"], BIG) for c in COUNTIES for k in categories]
    if budgets is None:
        budgets = [b for s in sources for y in years for b in big_budget(s, y)]
    return dataset(folder, COUNTIES, sources, categories, needs, budgets, years=years, **kwargs)


def big_budget(src: dict, year=Y) -> list[dict]:
    """A budget too large to matter; a county-level source has one per county."""
    if src["level"] == "county":
        return [budget(src["code"], BIG, year, county_code=c["code"]) for c in COUNTIES]
    return [budget(src["code"], BIG, year)]


def project(pid, profile="10", county_code="A", category_code="k", units=0, earliest=Y,
            latest=Y + 2, prerequisites="", divisible=None, min_fraction=None):  # fmt: skip
    row = {
        "id": pid,
        "name": pid,
        "county_code": county_code,
        "category": category_code,
        "cost_profile_wan": profile,
        "units": str(units),
        "beneficiaries": "10",
        "earliest_start": str(earliest),
        "latest_start": str(latest),
        "prerequisites": prerequisites,
    }
    if divisible is not None:
        row["divisible"] = str(divisible).lower()
    if min_fraction is not None:
        row["min_fraction"] = str(min_fraction)
    return row


def loan(county_code, year_lent, amount, term, src="rev"):
    return {
        "source": src,
        "county_code": county_code,
        "year_lent": str(year_lent),
        "amount_wan": str(amount),
        "term_years": str(term),
    }


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-checks")
    cache: dict[int, object] = {}

    def get(data_spec: dict):
        key = id(data_spec)
        if key not in cache:
            cache[key] = load(make(root / f"d{len(cache)}", **data_spec))
        return cache[key]

    return get


def tune(data, rule_id, **changes):
    """`data` with the parameters of `rule_id` changed (validated by the family's model)."""
    rules = dict(data.policy.rules)
    rules[rule_id] = BY_ID[rule_id].Params.model_validate(
        {**rules[rule_id].model_dump(), **changes}
    )
    return dataclasses.replace(data, policy=data.policy.model_copy(update={"rules": rules}))


# ---- writing plans -------------------------------------------------------------------------------
def row(county_code, src, cat, amount, year=Y, project=""):
    """One allocation row; project: '' category money, '(committed)', or a project id."""
    return (year, county_code, county_code, src, cat, project, float(amount))


def lend(county_code, amount, year=Y, match=1.0, bank=4.0, cat="ind"):
    """Revolving fund lent to a county with its county match (`match` per 万元 lent) and bank
    lending (`bank` per 万元 lent; the defaults meet ratio 1:1 and leverage 2 x (1 + 1))."""
    return [
        row(county_code, "rev", cat, amount, year),
        row(county_code, "loc", cat, match * amount, year),
        row(county_code, "bank", cat, bank * amount, year),
    ]


@dataclass(frozen=True)
class Plan:
    money: tuple
    units: tuple | None = None  # (year, county, category, units); None: from category money
    projects: tuple = ()  # (project id, start year, funded fraction)
    stages: tuple = ()  # rules-table rows (rule_id, instance, rhs) of priority stages


def plan(*money, units=None, projects=(), stages=()) -> Plan:
    flat = []
    for item in money:
        flat += item if isinstance(item, list) else [item]
    units = None if units is None else tuple(units)
    return Plan(tuple(flat), units, tuple(projects), tuple(stages))


@functools.cache
def tables(p: Plan):
    """The plan's allocation, units, projects and rules tables (made once per plan; the audit
    does not change them)."""
    allocation = pd.DataFrame(list(p.money), columns=ALLOCATION_COLUMNS)
    units = p.units
    if units is None:  # one unit per 万元 of category money, paid in the year it starts
        derived: dict[tuple, float] = defaultdict(float)
        for year, county_code, _name, _src, cat, pid, amount in p.money:
            if pid == "":
                derived[(year, county_code, cat)] += amount
        units = [(*key, amount) for key, amount in derived.items()]
    units = pd.DataFrame(list(units), columns=["year", "county_code", "category", "units"])
    projects = pd.DataFrame(
        list(p.projects), columns=["project_id", "start_year", "funded_fraction"]
    )
    stages = (
        pd.DataFrame(
            [(r, i, "binding", rhs, rhs) for r, i, rhs in p.stages],
            columns=["rule_id", "instance", "status", "lhs", "rhs"],
        )
        if p.stages
        else None
    )
    return allocation, units, projects, stages


def run_audit(data, years, p: Plan) -> pd.DataFrame:
    if p.units is None:  # units derived from money: only right at unit cost 1, paid at once
        for cat in {r[4] for r in p.money if r[5] == ""}:
            k = data.category_by_code[cat]
            assert (k.payment_profile, k.unit_cost_wan) == ([1.0], 1.0), f"give the units of {cat}"
    allocation, units, projects, stages = tables(p)
    return audit(data, list(years), allocation, units, projects, stages)


def breaches(findings) -> set[tuple[str, str]]:
    return {(r.rule_id, r.instance) for r in findings.itertuples() if r.breach}


def finding(findings, rule_id, instance):
    rows = findings[(findings["rule_id"] == rule_id) & (findings["instance"] == instance)]
    assert len(rows) == 1, findings.to_string()
    return rows.iloc[0]


# ---- the cases -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    instance: str
    value: float
    limit: float
    data: dict
    broken: Plan
    mended: Plan
    years: tuple = (Y,)
    also: frozenset = field(default_factory=frozenset)  # what the same fault must break too


Y2 = (Y, Y + 1)
Y3 = (Y, Y + 1, Y + 2)

D_BUDGET = spec(
    sources=[source("c"), source("d"), source("cs", level="city"), source("ls", level="county")],
    budgets=[budget("c", 100), budget("cs", 50, city="甲市"), budget("ls", 20, county_code="A")],
)
D_ELIGIBILITY = spec(
    sources=[source("c"), source("d")],
    categories=[category("k", sources="c"), category("j", sources="d")],
)
D_LOTTERY_USES = spec(
    sources=[source("lottery")],
    categories=[
        category("village_upgrade", sources="lottery"),
        category("other", sources="lottery"),
    ],
    rules={"R-LOTTERY": {"status": "hard"}},  # lexicographic, no stage row: only its arcs
)
P_30_10 = [project("P", "30;10", latest=Y, divisible=True)]
D_PAY = spec(categories=[category("k", profile="0.5;0.5", sources="c")], projects=P_30_10)
D_PAY_IGNORE = spec(
    categories=[category("k", profile="0.5;0.5", sources="c")],
    projects=P_30_10,
    rules={"R-PAYMENT": {"beyond_horizon": "ignore"}},
)
D_PAY_2Y = spec(
    years=Y2, categories=[category("k", cost=2, profile="0.5;0.5", sources="c")], projects=P_30_10
)
# back-loaded, 10 + 30: the 50% ceiling leaves room for an advance of 10 in its start year
P_10_30 = [project("P", "10;30", latest=Y, divisible=True)]
D_PAY_2Y_PREPAY = spec(
    years=Y2, projects=P_10_30, rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}}
)
D_NEED = spec(years=Y2, needs=[need("A", "k", 50)])
D_NEED_ANNUAL = spec(years=Y2, needs=[need("A", "k", 50, basis="annual")])
D_NEED_PROJECT = spec(
    needs=[need("A", "k", 50)], projects=[project("P", units=20, divisible=True, latest=Y)]
)
D_PROJECT = spec(
    years=Y3,
    projects=[
        project("W", earliest=Y + 1, latest=Y + 1),  # window 2019 only
        project("D", divisible=True, min_fraction=0.5),
        project("I", divisible=False),
        project("P", prerequisites="Q"),
        project("Q"),
    ],
)
D_EARMARK = spec(
    sources=[source("c", earmark=True)],
    budgets=[budget("c", 100)],
    rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
)
F = source("f", level="provincial", block=True)
G = source("g", level="provincial", block=True)
D_GROWTH = spec(
    sources=[F],
    histories=[history("A", "f", 100), history("B", "f", 300)],
    rules={"R-GROWTH": {"status": "hard", "margin": 0.05}},
)
GROWTH_TWO = [history("A", "f", 100), history("B", "f", 300)] + [
    history("A", "g", 100),
    history("B", "g", 100),
]
D_GROWTH_PER_SOURCE = spec(
    sources=[F, G], histories=GROWTH_TWO, rules={"R-GROWTH": {"status": "hard", "per_source": True}}
)
D_GROWTH_TOTAL = spec(
    sources=[F, G],
    histories=GROWTH_TWO,
    rules={"R-GROWTH": {"status": "hard", "per_source": False}},
)
D_GROWTH_PLANNED = spec(  # no block actuals in 2017: 2018 is not compared; 2019 with 2018
    years=Y2,
    sources=[source("c"), F],
    budgets=[budget("c", BIG), budget("c", BIG, Y + 1), budget("f", 500), budget("f", 600, Y + 1)],
    rules={"R-GROWTH": {"status": "hard"}},
)
REVOLVING_SOURCES = [
    source("rev", level="provincial", kind="revolving"),
    source("loc", level="county"),
    source("bank", level="bank", kind="credit"),
]


def revolving(years=(Y,), fund=None, loans=None, categories=("ind",), **params):
    fund = fund or {Y: 100}
    budgets = [budget("rev", amount, year=y) for y, amount in fund.items()]
    budgets += [b for s in REVOLVING_SOURCES[1:] for y in years for b in big_budget(s, y)]
    return spec(
        years=years,
        sources=REVOLVING_SOURCES,
        categories=[category(k, sources="rev;loc;bank") for k in categories],
        budgets=budgets,
        loans=loans,
        rules={"R-REVOLVING": {"status": "hard", **params}},
    )


D_REVOLVING = revolving()
D_REVOLVING_BALANCE = revolving(years=Y2, fund={Y: 100, Y + 1: 0}, min_lent_share=0.5)
D_REVOLVING_REPAID = revolving(loans=[loan("A", Y - 2, 50, 2)])  # 50 back in 2018
D_REVOLVING_OUT = revolving(loans=[loan("B", Y - 1, 30, 3)], min_lent_share=0.5)  # out to 2019
D_RELENDING = spec(
    sources=[source("rl", level="bank", kind="relending")],
    rules={"R-RELENDING": {"status": "hard", "min_deep_wan": 100}},
)
FUND = source("fund", level="provincial", kind="fund")
D_FUND = spec(
    sources=[FUND, source("cs", level="city")],
    budgets=[budget("fund", BIG), budget("cs", BIG, city="甲市")],
    rules={
        "R-INDUSTRY-FUND": {
            "status": "hard",
            "method": "share",
            "min_deep_share": 0.5,
            "include_city_level": True,
        }
    },
)
D_FUND_LEX = spec(
    sources=[FUND], rules={"R-INDUSTRY-FUND": {"status": "hard", "include_city_level": False}}
)
FUND_STAGE = "R-INDUSTRY-FUND fund|2018|deep counties first"
LOTTERY_STAGE = "R-LOTTERY lottery|2018|deep counties first"
JOINT_STAGE = "R-INDUSTRY-FUND fund|2018; R-LOTTERY lottery|2018|deep counties first"
UPGRADE = category("village_upgrade", sources="lottery")
D_PRIORITY_JOINT = spec(
    sources=[FUND, source("lottery")],
    categories=[category("k", sources="fund"), UPGRADE],
    rules={
        "R-INDUSTRY-FUND": {"status": "hard", "include_city_level": False},
        "R-LOTTERY": {"status": "hard"},
    },
)
D_LOTTERY = spec(
    sources=[source("lottery")],
    categories=[UPGRADE],
    rules={"R-LOTTERY": {"status": "hard", "method": "share", "min_deep_share": 0.5}},
)
D_LOTTERY_LEX = spec(
    sources=[source("lottery")], categories=[UPGRADE], rules={"R-LOTTERY": {"status": "hard"}}
)
SPECIAL = [source("c", earmark=True), source("e", level="provincial", earmark=True)]
SPECIAL_2017 = [history("A", "c", 100), history("A", "e", 50)]
D_INCREASE = spec(sources=SPECIAL, histories=SPECIAL_2017, rules={"R-INCREASE": {"status": "hard"}})
D_INCREASE_PER_SOURCE = spec(
    sources=SPECIAL,
    histories=SPECIAL_2017,
    rules={"R-INCREASE": {"status": "hard", "scope": "per_source"}},
)
D_INCREASE_PLANNED = spec(
    years=Y2, sources=SPECIAL, histories=SPECIAL_2017, rules={"R-INCREASE": {"status": "hard"}}
)
CITY_SOURCES = [source("c"), source("cs", level="city")]
CITY_BUDGETS = [budget("c", BIG), budget("cs", BIG, city="甲市")]
D_CITY_AMOUNT = spec(
    sources=CITY_SOURCES,
    budgets=CITY_BUDGETS,
    histories=[history("A", "cs", 100)],
    rules={"R-INCREASE": {"status": "hard", "city_double_growth": True}},
)
D_CITY_RATE = spec(
    sources=CITY_SOURCES,
    budgets=CITY_BUDGETS,
    histories=[history("A", "cs", 80, year=Y - 2), history("A", "cs", 100)],
    actuals=(Y - 2, Y - 1),
    rules={"R-INCREASE": {"status": "hard", "city_double_growth": True}},
)
D_RELIEF = spec(
    sources=[
        source("prov", level="provincial"),
        source("cs", level="city"),
        source("ls", level="county"),
    ],
    categories=[
        category("relief_fund", sources="prov;cs;ls"),
        category("relief2", sources="prov;cs;ls"),
    ],
    budgets=[
        budget("prov", BIG),
        budget("cs", BIG, city="甲市"),
        budget("ls", BIG, county_code="A"),
    ],
    rules={"R-RELIEF-FUND": {"status": "hard", "provincial_floor_wan": 100, "local_floor_wan": 50}},
)
D_RELIEF_2Y = dict(
    D_RELIEF,
    years=Y2,
    budgets=D_RELIEF["budgets"] + [dict(b, year=str(Y + 1)) for b in D_RELIEF["budgets"]],
)
D_DEADLINE = spec(
    years=Y2, needs=[need("A", "k", 100, deadline=Y)], rules={"R-DEADLINE": {"status": "hard"}}
)
D_DEADLINE_TWO_YEAR_WORK = spec(
    years=Y2,
    categories=[category("k", profile="0.5;0.5", sources="c")],
    needs=[need("A", "k", 100, deadline=Y + 1)],
    rules={"R-DEADLINE": {"status": "hard"}},
)
D_DEADLINE_DELAYED = spec(
    years=Y2,
    needs=[need("A", "k", 100, deadline=Y)],
    rules={"R-DEADLINE": {"status": "hard", "delay_years": 1}},
)
D_FLOOR = spec(  # equal poor populations: each county's formula share is 150 / 3 = 50
    budgets=[budget("c", 150)],
    rules={"R-COUNTY-FLOOR": {"status": "hard", "min_fraction_of_formula": 0.5}},
    factor_weights={"poor_population": 1.0},
)

# 004's programmes: forestry, the subsidies, the education accounts, the targets
BLK = source("blk", level="provincial", block=True)
FORESTRY = [
    category("farmland_return", sources="c;blk"),
    category("afforestation", sources="c;blk"),
]
FOREST_NEEDS = [need(c["code"], k["code"], BIG) for c in COUNTIES[:2] for k in FORESTRY]
D_FOREST = spec(
    sources=[source("c"), BLK],
    categories=FORESTRY,
    needs=FOREST_NEEDS,
    rules={"R-FOREST-QUOTA": {"status": "hard", "method": "share", "min_deep_share": 0.5}},
)
D_FOREST_LEX = spec(
    sources=[source("c"), BLK],
    categories=FORESTRY,
    needs=FOREST_NEEDS,
    rules={"R-FOREST-QUOTA": {"status": "hard"}},
)
FOREST_STAGE = "R-FOREST-QUOTA forestry|2018|deep counties first"
EDUCATION = [category("education", sources="c"), category("education2", sources="c")]
EDUCATION_NEEDS = [need(c["code"], k["code"], BIG) for c in COUNTIES[:2] for k in EDUCATION]
D_EDUCATION = spec(
    categories=EDUCATION,
    needs=EDUCATION_NEEDS,
    rules={"R-EDUCATION-FIRST": {"status": "hard", "method": "share", "min_deep_share": 0.5}},
)
D_EDUCATION_LEX = spec(
    categories=EDUCATION,
    needs=EDUCATION_NEEDS,
    rules={"R-EDUCATION-FIRST": {"status": "hard"}},
)
EDUCATION_STAGE = "R-EDUCATION-FIRST education|2018|deep counties first"
SUBSIDIES = [category("training", sources="c"), category("transport_subsidy", sources="c")]
SUBSIDY_NEEDS = [
    need("A", "training", 100),
    need("A", "transport_subsidy", 20, basis="annual"),
    need("B", "training", 100),
    need("B", "transport_subsidy", 20, basis="annual"),
]
D_LABOUR = spec(
    years=Y2,
    categories=SUBSIDIES,
    needs=SUBSIDY_NEEDS,
    rules={"R-LABOUR-SUBSIDY": {"status": "hard"}},
)
D_LABOUR_PROJECT = spec(
    categories=SUBSIDIES,
    needs=SUBSIDY_NEEDS,
    projects=[project("P", category_code="training", units=50, divisible=True, latest=Y)],
    rules={"R-LABOUR-SUBSIDY": {"status": "hard"}},
)
D_LABOUR_FIRST = spec(
    categories=SUBSIDIES,
    needs=SUBSIDY_NEEDS,
    rules={
        "R-LABOUR-SUBSIDY": {
            "status": "hard",
            "reading": "first",
            "method": "share",
            "min_deep_share": 0.5,
        }
    },
)
D_LABOUR_FIRST_LEX = spec(
    categories=SUBSIDIES,
    needs=SUBSIDY_NEEDS,
    rules={"R-LABOUR-SUBSIDY": {"status": "hard", "reading": "first"}},
)
LABOUR_STAGE = "R-LABOUR-SUBSIDY subsidies|2018|deep counties first"
TARGETS = [category("farmland_return", sources="c"), category("pv_village", sources="c")]
TARGET_NEEDS = [need(c["code"], k["code"], 300) for c in COUNTIES[:2] for k in TARGETS]


def target(rule_id, years=(Y,), projects=None, **params):
    return spec(
        years=years,
        categories=TARGETS,
        needs=TARGET_NEEDS,
        projects=projects,
        rules={rule_id: {"status": "hard", **params}},
    )


D_FARMLAND = target("R-FARMLAND-TARGET")  # 2018 of 2018-2020: a third of the 300 by 2018
D_FARMLAND_IN_RUN = target("R-FARMLAND-TARGET", years=Y2, year=Y + 1)  # all 300 by 2019
D_PV = target("R-PV-COVERAGE")
D_PV_PROJECT = target(
    "R-PV-COVERAGE",
    projects=[project("P", category_code="pv_village", units=60, divisible=True, latest=Y)],
)


def relief(prov=100, city=50, county_=50, city_county="A"):
    return [
        row("A", "prov", "relief_fund", prov),
        row(city_county, "cs", "relief_fund", city),
        row("A", "ls", "relief_fund", county_),
    ]


def pay(pid, *amounts, start=Y):
    """Project money: amounts[i] in year start + i."""
    return [row("A", "c", "k", a, start + i, pid) for i, a in enumerate(amounts) if a]


CASES = [
    # R-BUDGET: each budget row bounds its scope, commitments included; no row, no money
    Case("budget", "R-BUDGET", "c|2018|", 110, 100, D_BUDGET,
         plan(row("A", "c", "k", 60), row("B", "c", "k", 50)),
         plan(row("A", "c", "k", 60), row("B", "c", "k", 40.005))),
    Case("budget-commitments", "R-BUDGET", "c|2018|", 105, 100, D_BUDGET,
         plan(row("A", "c", "k", 75), row("A", "c", "k", 30, project="(committed)")),
         plan(row("A", "c", "k", 69.995), row("A", "c", "k", 30, project="(committed)"))),
    Case("budget-none", "R-BUDGET", "d|2018|no budget", 5, 0, D_BUDGET,
         plan(row("A", "d", "k", 5)), plan(row("A", "d", "k", 0.005))),
    Case("budget-city", "R-BUDGET", "cs|2018|甲市", 60, 50, D_BUDGET,
         plan(row("A", "cs", "k", 30), row("B", "cs", "k", 30)),
         plan(row("A", "cs", "k", 30), row("B", "cs", "k", 20.005))),
    Case("budget-county", "R-BUDGET", "ls|2018|A", 25, 20, D_BUDGET,
         plan(row("A", "ls", "k", 25)), plan(row("A", "ls", "k", 20.005))),
    # R-ELIGIBILITY: a source pays only the categories that list it
    Case("eligibility", "R-ELIGIBILITY", "d|k", 5, 0, D_ELIGIBILITY,
         plan(row("A", "d", "k", 5)), plan(row("A", "d", "j", 5))),
    Case("eligibility-commitments-exempt", "R-ELIGIBILITY", "d|k", 5, 0, D_ELIGIBILITY,
         plan(row("A", "d", "k", 5)), plan(row("A", "d", "k", 5, project="(committed)"))),
    Case("lottery-outside-its-programme", "R-LOTTERY", "lottery|other|outside the programme", 5,
         0, D_LOTTERY_USES,
         plan(row("A", "lottery", "other", 5)), plan(row("A", "lottery", "village_upgrade", 5))),
    # R-PAYMENT, category money: units x unit cost x payment profile, the tail reserved or not
    Case("payment-profile", "R-PAYMENT", "A|k|2019", 8, 10, D_PAY_2Y,
         plan(row("A", "c", "k", 10), row("A", "c", "k", 8, Y + 1), units=[(Y, "A", "k", 10)]),
         plan(row("A", "c", "k", 10), row("A", "c", "k", 9.995, Y + 1),
              units=[(Y, "A", "k", 10)]), years=Y2),
    Case("payment-no-units", "R-PAYMENT", "B|k|2018", 3, 0, D_PAY,
         plan(row("A", "c", "k", 10), row("B", "c", "k", 3), units=[(Y, "A", "k", 10)]),
         plan(row("A", "c", "k", 10), row("B", "c", "k", 0.005), units=[(Y, "A", "k", 10)])),
    Case("payment-reserve", "R-PAYMENT", "A|k|2018", 5, 10, D_PAY,
         plan(row("A", "c", "k", 5), units=[(Y, "A", "k", 10)]),
         plan(row("A", "c", "k", 9.995), units=[(Y, "A", "k", 10)])),
    Case("payment-ignore", "R-PAYMENT", "A|k|2018", 10, 5, D_PAY_IGNORE,
         plan(row("A", "c", "k", 10), units=[(Y, "A", "k", 10)]),
         plan(row("A", "c", "k", 5.005), units=[(Y, "A", "k", 10)])),
    # R-PAYMENT, projects: the cost profile x fraction, from the start year on
    Case("payment-project", "R-PAYMENT", "project P|2019", 12, 10, D_PAY_2Y,
         plan(pay("P", 30, 12), units=[], projects=[("P", Y, 1.0)]),
         plan(pay("P", 30, 10.005), units=[], projects=[("P", Y, 1.0)]), years=Y2),
    Case("payment-project-fraction", "R-PAYMENT", "project P|2018", 30, 15, D_PAY_2Y,
         plan(pay("P", 30, 5), units=[], projects=[("P", Y, 0.5)]),
         plan(pay("P", 15, 5), units=[], projects=[("P", Y, 0.5)]), years=Y2),
    Case("payment-project-unfunded", "R-PAYMENT", "project P|2018", 5, 0, D_PAY_2Y,
         plan(pay("P", 5), units=[]), plan(pay("P", 0.005), units=[]), years=Y2),
    # an advance (R-PREPAY) is recovered from the later instalments: 10 + 8 now, 30 - 8 later
    Case("payment-project-advance-recovered", "R-PAYMENT", "project P|2019", 30, 22,
         D_PAY_2Y_PREPAY,
         plan(pay("P", 18, 30), projects=[("P", Y, 1.0)]),
         plan(pay("P", 18, 22.005), projects=[("P", Y, 1.0)]), years=Y2),
    Case("payment-project-reserve", "R-PAYMENT", "project P|2018", 30, 40, D_PAY,
         plan(pay("P", 30), units=[], projects=[("P", Y, 1.0)]),
         plan(pay("P", 39.995), units=[], projects=[("P", Y, 1.0)])),
    Case("payment-project-ignore", "R-PAYMENT", "project P|2018", 40, 30, D_PAY_IGNORE,
         plan(pay("P", 40), units=[], projects=[("P", Y, 1.0)]),
         plan(pay("P", 30.005), units=[], projects=[("P", Y, 1.0)])),
    # R-NEED: units over the run (total) or in each year (annual), projects' units included
    Case("need-total", "R-NEED", "A|k", 60, 50, D_NEED,
         plan(row("A", "c", "k", 30), row("A", "c", "k", 30, Y + 1)),
         plan(row("A", "c", "k", 30), row("A", "c", "k", 20.005, Y + 1)), years=Y2),
    Case("need-annual", "R-NEED", "A|k|2018", 60, 50, D_NEED_ANNUAL,
         plan(row("A", "c", "k", 60), row("A", "c", "k", 40, Y + 1)),
         plan(row("A", "c", "k", 50.005), row("A", "c", "k", 40, Y + 1)), years=Y2),
    Case("need-project-units", "R-NEED", "A|k", 55, 50, D_NEED_PROJECT,
         plan(row("A", "c", "k", 45), pay("P", 5), projects=[("P", Y, 0.5)]),
         plan(row("A", "c", "k", 40.005), pay("P", 5), projects=[("P", Y, 0.5)])),
    # a project's start: within its window, whole or at most whole (R-PAYMENT: the model's
    # variables allow no other, whatever R-PROJECT says); R-PROJECT: fractions, prerequisites
    Case("project-before-window", "R-PAYMENT", "project W|start after|2018", 2018, 2019,
         D_PROJECT,
         plan(pay("W", 10), projects=[("W", Y, 1.0)]),
         plan(pay("W", 10, start=Y + 1), projects=[("W", Y + 1, 1.0)]), years=Y3),
    Case("project-after-window", "R-PAYMENT", "project W|start by|2020", 2020, 2019, D_PROJECT,
         plan(pay("W", 10, start=Y + 2), projects=[("W", Y + 2, 1.0)]),
         plan(pay("W", 10, start=Y + 1), projects=[("W", Y + 1, 1.0)]), years=Y3),
    Case("project-above-whole", "R-PAYMENT", "project D|at most whole", 15, 10, D_PROJECT,
         plan(pay("D", 15), projects=[("D", Y, 1.5)]),
         plan(pay("D", 10), projects=[("D", Y, 1.0)]), years=Y3),
    Case("project-below-min-fraction", "R-PROJECT", "D|fraction", 3, 5, D_PROJECT,
         plan(pay("D", 3), projects=[("D", Y, 0.3)]),
         plan(pay("D", 5), projects=[("D", Y, 0.5)]), years=Y3),
    Case("project-indivisible-part", "R-PAYMENT", "project I|whole", 6, 10, D_PROJECT,
         plan(pay("I", 6), projects=[("I", Y, 0.6)]),
         plan(pay("I", 10), projects=[("I", Y, 1.0)]), years=Y3),
    Case("project-prerequisite-missing", "R-PROJECT", "P|after Q", 10, 0, D_PROJECT,
         plan(pay("P", 10, start=Y + 1), projects=[("P", Y + 1, 1.0)]),
         plan(pay("P", 10, start=Y + 1), pay("Q", 10, start=Y + 1),
              projects=[("P", Y + 1, 1.0), ("Q", Y + 1, 1.0)]), years=Y3),
    Case("project-prerequisite-later", "R-PROJECT", "P|after Q", 10, 0, D_PROJECT,
         plan(pay("P", 10, start=Y + 1), pay("Q", 10, start=Y + 2),
              projects=[("P", Y + 1, 1.0), ("Q", Y + 2, 1.0)]),
         plan(pay("P", 10, start=Y + 1), pay("Q", 10),
              projects=[("P", Y + 1, 1.0), ("Q", Y, 1.0)]), years=Y3),
    # R-EARMARK: 30% of the special funds allocated to the deep counties
    Case("earmark", "R-EARMARK", "2018", 20, 30, D_EARMARK,
         plan(row("A", "c", "k", 20), row("B", "c", "k", 80)),
         plan(row("A", "c", "k", 29.995), row("B", "c", "k", 70.005))),
    # R-GROWTH: D1 >= D0 (T1/T0 + margin) on the actuals; between plan years on the budgets
    Case("growth-actuals", "R-GROWTH", "f|2018", 110, 130, D_GROWTH,
         plan(row("A", "f", "k", 110), row("B", "f", "k", 390)),
         plan(row("A", "f", "k", 129.995), row("B", "f", "k", 370.005))),
    Case("growth-per-source", "R-GROWTH", "f|2018", 110, 130, D_GROWTH_PER_SOURCE,
         plan(row("A", "f", "k", 110), row("B", "f", "k", 390),
              row("A", "g", "k", 200), row("B", "g", "k", 100)),
         plan(row("A", "f", "k", 129.995), row("B", "f", "k", 370.005),
              row("A", "g", "k", 200), row("B", "g", "k", 100))),
    # together: D0 200 of T0 600; T1 800: floor 200 (800/600 + 0.05) = 276.67
    Case("growth-total", "R-GROWTH", "f+g|2018", 250, 200 * (800 / 600 + 0.05), D_GROWTH_TOTAL,
         plan(row("A", "f", "k", 50), row("B", "f", "k", 450),
              row("A", "g", "k", 200), row("B", "g", "k", 100)),
         plan(row("A", "f", "k", 76.662), row("B", "f", "k", 423.338),
              row("A", "g", "k", 200), row("B", "g", "k", 100))),
    # budgets 500 -> 600: the deep counties' 100 of 2018 must reach (1.2 + 0.05) 100 = 125
    Case("growth-planned-years", "R-GROWTH", "f|2019|budget growth", 110, 125, D_GROWTH_PLANNED,
         plan(row("A", "f", "k", 100), row("B", "f", "k", 400),
              row("A", "f", "k", 110, Y + 1), row("B", "f", "k", 490, Y + 1)),
         plan(row("A", "f", "k", 100), row("B", "f", "k", 400),
              row("A", "f", "k", 124.995, Y + 1), row("B", "f", "k", 475.005, Y + 1)), years=Y2),
    # R-REVOLVING (deep share 0.2, match 1:1, leverage 2, term 3, poverty counties, lent in full)
    Case("revolving-use", "R-REVOLVING", "use|2018", 80, 100, D_REVOLVING,
         plan(lend("A", 20), lend("B", 60)), plan(lend("A", 20), lend("B", 79.995))),
    Case("revolving-deep-share", "R-REVOLVING", "deep share|2018", 10, 20, D_REVOLVING,
         plan(lend("A", 10), lend("B", 90)), plan(lend("A", 19.995), lend("B", 80.005))),
    Case("revolving-poverty-county", "R-REVOLVING", "poverty county|C|2018", 20, 0, D_REVOLVING,
         plan(lend("A", 20), lend("B", 60), lend("C", 20)), plan(lend("A", 20), lend("B", 80))),
    Case("revolving-match", "R-REVOLVING", "match|A|2018", 15, 20, D_REVOLVING,
         plan(lend("A", 20, match=0.75), lend("B", 80)),
         plan(lend("A", 20, match=19.995 / 20), lend("B", 80))),
    Case("revolving-leverage", "R-REVOLVING", "leverage|A|2018", 70, 80, D_REVOLVING,
         plan(lend("A", 20, bank=3.5), lend("B", 80)),
         plan(lend("A", 20, bank=79.995 / 20), lend("B", 80))),
    Case("revolving-balance", "R-REVOLVING", "balance|2019", 120, 100, D_REVOLVING_BALANCE,
         plan(lend("A", 20), lend("B", 80), lend("A", 20, Y + 1)),
         plan(lend("A", 20), lend("B", 60), lend("A", 20.005, Y + 1)), years=Y2),
    # a loan of 2016 repaid in 2018 is lent again with the year's 100: 150 must go out
    Case("revolving-loan-repaid", "R-REVOLVING", "use|2018", 100, 150, D_REVOLVING_REPAID,
         plan(lend("A", 20), lend("B", 80)), plan(lend("A", 30), lend("B", 119.995))),
    # a loan still out was lent from capital of before the run: it takes nothing from 2018's
    Case("revolving-loan-out", "R-REVOLVING", "balance|2018", 110, 100, D_REVOLVING_OUT,
         plan(lend("A", 22), lend("B", 88)), plan(lend("A", 20), lend("B", 80.005))),
    Case("revolving-loan-repaid-balance", "R-REVOLVING", "balance|2018", 160, 150,
         D_REVOLVING_REPAID,
         plan(lend("A", 40), lend("B", 120)), plan(lend("A", 40), lend("B", 110.005))),
    Case("relending", "R-RELENDING", "2018", 80, 100, D_RELENDING,
         plan(row("A", "rl", "k", 80), row("B", "rl", "k", 500)),
         plan(row("A", "rl", "k", 99.995), row("B", "rl", "k", 500))),
    # R-INDUSTRY-FUND: share of the fund and of each city's own budget; lexicographic stage
    Case("industry-share", "R-INDUSTRY-FUND", "fund|2018", 40, 50, D_FUND,
         plan(row("A", "fund", "k", 40), row("B", "fund", "k", 60)),
         plan(row("A", "fund", "k", 49.995), row("B", "fund", "k", 50.005))),
    Case("industry-city-level", "R-INDUSTRY-FUND", "city=甲市|2018", 30, 50, D_FUND,
         plan(row("A", "cs", "k", 30), row("B", "cs", "k", 70)),
         plan(row("A", "cs", "k", 49.995), row("B", "cs", "k", 50.005))),
    Case("industry-lexicographic", "R-INDUSTRY-FUND", FUND_STAGE, 60, 80 * (1 - 1e-9),
         D_FUND_LEX,
         plan(row("A", "fund", "k", 60), row("B", "fund", "k", 40),
              stages=[("R-INDUSTRY-FUND", FUND_STAGE, 80)]),
         plan(row("A", "fund", "k", 79.995), row("B", "fund", "k", 40),
              stages=[("R-INDUSTRY-FUND", FUND_STAGE, 80)])),
    # one stage for both families: the deep counties' take summed over fund and lottery
    Case("industry-lottery-joint-stage", "R-INDUSTRY-FUND", JOINT_STAGE, 90, 100 * (1 - 1e-9),
         D_PRIORITY_JOINT,
         plan(row("A", "fund", "k", 60), row("A", "lottery", "village_upgrade", 30),
              row("B", "lottery", "village_upgrade", 10),
              stages=[("R-INDUSTRY-FUND+R-LOTTERY", JOINT_STAGE, 100)]),
         plan(row("A", "fund", "k", 60), row("A", "lottery", "village_upgrade", 39.995),
              row("B", "lottery", "village_upgrade", 10),
              stages=[("R-INDUSTRY-FUND+R-LOTTERY", JOINT_STAGE, 100)]),
         also=frozenset({("R-LOTTERY", JOINT_STAGE)})),
    Case("lottery-share", "R-LOTTERY", "lottery|2018", 40, 50, D_LOTTERY,
         plan(row("A", "lottery", "village_upgrade", 40), row("B", "lottery", "village_upgrade", 60)),
         plan(row("A", "lottery", "village_upgrade", 49.995),
              row("B", "lottery", "village_upgrade", 50.005))),
    Case("lottery-lexicographic", "R-LOTTERY", LOTTERY_STAGE, 60, 80 * (1 - 1e-9), D_LOTTERY_LEX,
         plan(row("A", "lottery", "village_upgrade", 60), stages=[("R-LOTTERY", LOTTERY_STAGE, 80)]),
         plan(row("A", "lottery", "village_upgrade", 79.995),
              stages=[("R-LOTTERY", LOTTERY_STAGE, 80)])),
    # R-INCREASE: special funds do not fall; city budgets rise in amount and rate
    # 逐年增加 is strictly more: at least 0.01 万元 more than the year before
    Case("increase-total", "R-INCREASE", "c+e|2018", 140, 150.01, D_INCREASE,
         plan(row("A", "c", "k", 100), row("A", "e", "k", 40)),
         plan(row("A", "c", "k", 100), row("A", "e", "k", 50.005))),
    Case("increase-per-source", "R-INCREASE", "e|2018", 40, 50.01, D_INCREASE_PER_SOURCE,
         plan(row("A", "c", "k", 120), row("A", "e", "k", 40)),
         plan(row("A", "c", "k", 120), row("A", "e", "k", 50.005))),
    Case("increase-planned-years", "R-INCREASE", "c+e|2019", 140, 150.01, D_INCREASE_PLANNED,
         plan(row("A", "c", "k", 100), row("A", "e", "k", 50),
              row("A", "c", "k", 100, Y + 1), row("A", "e", "k", 40, Y + 1)),
         plan(row("A", "c", "k", 100), row("A", "e", "k", 50),
              row("A", "c", "k", 100, Y + 1), row("A", "e", "k", 50.005, Y + 1)), years=Y2),
    Case("increase-city-amount", "R-INCREASE", "city=甲市|2018|amount", 95, 100.01,
         D_CITY_AMOUNT, plan(row("A", "cs", "k", 95)), plan(row("A", "cs", "k", 100.005))),
    # 80 -> 100 in the actuals (+25%): 2018 must reach 100 x 100 / 80 = 125
    Case("increase-city-rate", "R-INCREASE", "city=甲市|2018|rate", 110, 125, D_CITY_RATE,
         plan(row("A", "cs", "k", 110)), plan(row("A", "cs", "k", 124.995))),
    # R-PREPAY: at most half of a project's cost in its start year (paying more also breaks
    # R-PAYMENT, whose profile is the capped one)
    # at most 50% of its 40 in its start year: its own 10 and an advance of up to 10
    Case("prepay", "R-PREPAY", "P|2018", 25, 20, D_PAY_2Y_PREPAY,
         plan(pay("P", 25, 15), projects=[("P", Y, 1.0)]),
         plan(pay("P", 20.005, 19.995), projects=[("P", Y, 1.0)]), years=Y2),
    # R-RELIEF-FUND: province 100, each city and county with its own budget 50
    Case("relief-province", "R-RELIEF-FUND", "province|set up", 80, 100, D_RELIEF,
         plan(relief(prov=80)), plan(relief(prov=99.995))),
    Case("relief-city", "R-RELIEF-FUND", "甲市|cs|set up", 30, 50, D_RELIEF,
         plan(relief(city=30, city_county="B")), plan(relief(city=49.995, city_county="B"))),
    Case("relief-county", "R-RELIEF-FUND", "A|ls|set up", 40, 50, D_RELIEF,
         plan(relief(county_=40)), plan(relief(county_=49.995))),
    Case("deadline", "R-DEADLINE", "A|k|2018", 60, 100, D_DEADLINE,
         plan(row("A", "c", "k", 60), row("A", "c", "k", 40, Y + 1)),
         plan(row("A", "c", "k", 99.995)), years=Y2),
    # a year's delay: due by the end of 2019
    Case("deadline-delayed", "R-DEADLINE", "A|k|2019", 90, 100, D_DEADLINE_DELAYED,
         plan(row("A", "c", "k", 60), row("A", "c", "k", 30, Y + 1)),
         plan(row("A", "c", "k", 60), row("A", "c", "k", 39.995, Y + 1)), years=Y2),
    # R-FOREST-QUOTA: the forestry programmes' money of the plan, deep counties first
    Case("forest-share", "R-FOREST-QUOTA", "forestry|2018", 40, 50, D_FOREST,
         plan(row("A", "blk", "farmland_return", 40), row("B", "c", "afforestation", 60)),
         plan(row("A", "blk", "farmland_return", 49.995), row("B", "c", "afforestation", 50.005))),
    # money carried in from before the run is not the plan's: A's 50 committed do not count
    Case("forest-commitments-not-counted", "R-FOREST-QUOTA", "forestry|2018", 40, 50, D_FOREST,
         plan(row("A", "blk", "farmland_return", 40), row("B", "c", "afforestation", 60),
              row("A", "blk", "farmland_return", 50, project="(committed)")),
         plan(row("A", "blk", "farmland_return", 49.995), row("B", "c", "afforestation", 50.005),
              row("A", "blk", "farmland_return", 50, project="(committed)"))),
    Case("forest-lexicographic", "R-FOREST-QUOTA", FOREST_STAGE, 60, 80 * (1 - 1e-9),
         D_FOREST_LEX,
         plan(row("A", "blk", "farmland_return", 60), row("B", "blk", "afforestation", 40),
              stages=[("R-FOREST-QUOTA", FOREST_STAGE, 80)]),
         plan(row("A", "blk", "farmland_return", 50), row("A", "c", "afforestation", 29.995),
              stages=[("R-FOREST-QUOTA", FOREST_STAGE, 80)])),
    # R-LABOUR-SUBSIDY: each deep county's subsidy need met, over the run or each year
    Case("labour-guarantee-total", "R-LABOUR-SUBSIDY", "A|training", 90, 100, D_LABOUR,
         plan(row("A", "c", "training", 60), row("A", "c", "training", 30, Y + 1),
              row("A", "c", "transport_subsidy", 20), row("A", "c", "transport_subsidy", 20, Y + 1)),
         plan(row("A", "c", "training", 60), row("A", "c", "training", 39.995, Y + 1),
              row("A", "c", "transport_subsidy", 20), row("A", "c", "transport_subsidy", 20, Y + 1)),
         years=Y2),
    Case("labour-guarantee-annual", "R-LABOUR-SUBSIDY", "A|transport_subsidy|2019", 15, 20,
         D_LABOUR,
         plan(row("A", "c", "training", 100), row("A", "c", "transport_subsidy", 20),
              row("A", "c", "transport_subsidy", 15, Y + 1)),
         plan(row("A", "c", "training", 100), row("A", "c", "transport_subsidy", 20),
              row("A", "c", "transport_subsidy", 19.995, Y + 1)), years=Y2),
    # a project's units count in proportion to the fraction funded: half of 50 is 25
    Case("labour-guarantee-project", "R-LABOUR-SUBSIDY", "A|training", 85, 100,
         D_LABOUR_PROJECT,
         plan(row("A", "c", "training", 60), row("A", "c", "training", 5, project="P"),
              row("A", "c", "transport_subsidy", 20), projects=[("P", Y, 0.5)]),
         plan(row("A", "c", "training", 75), row("A", "c", "training", 5, project="P"),
              row("A", "c", "transport_subsidy", 20), projects=[("P", Y, 0.5)])),
    Case("labour-first-share", "R-LABOUR-SUBSIDY", "subsidies|2018", 40, 50, D_LABOUR_FIRST,
         plan(row("A", "c", "training", 30), row("A", "c", "transport_subsidy", 10),
              row("B", "c", "training", 60)),
         plan(row("A", "c", "training", 39.995), row("A", "c", "transport_subsidy", 10),
              row("B", "c", "training", 50.005))),
    Case("labour-first-lexicographic", "R-LABOUR-SUBSIDY", LABOUR_STAGE, 60, 80 * (1 - 1e-9),
         D_LABOUR_FIRST_LEX,
         plan(row("A", "c", "training", 60), stages=[("R-LABOUR-SUBSIDY", LABOUR_STAGE, 80)]),
         plan(row("A", "c", "training", 60), row("A", "c", "transport_subsidy", 19.995),
              stages=[("R-LABOUR-SUBSIDY", LABOUR_STAGE, 80)])),
    # R-EDUCATION-FIRST: the education accounts' money, deep counties first
    Case("education-share", "R-EDUCATION-FIRST", "education|2018", 40, 50, D_EDUCATION,
         plan(row("A", "c", "education", 40), row("B", "c", "education", 60)),
         plan(row("A", "c", "education", 49.995), row("B", "c", "education", 50.005))),
    Case("education-lexicographic", "R-EDUCATION-FIRST", EDUCATION_STAGE, 60, 80 * (1 - 1e-9),
         D_EDUCATION_LEX,
         plan(row("A", "c", "education", 60), row("A", "c", "education2", 40),
              stages=[("R-EDUCATION-FIRST", EDUCATION_STAGE, 80)]),
         plan(row("A", "c", "education", 79.995),
              stages=[("R-EDUCATION-FIRST", EDUCATION_STAGE, 80)])),
    # R-FARMLAND-TARGET, R-PV-COVERAGE: the deep counties' need started by the target year
    # (2020); a run of 2018 alone starts its even share, a third
    Case("farmland-even-pace", "R-FARMLAND-TARGET", "A|farmland_return|2018", 90, 100,
         D_FARMLAND,
         plan(row("A", "c", "farmland_return", 90), row("B", "c", "farmland_return", 300)),
         plan(row("A", "c", "farmland_return", 99.995))),
    Case("farmland-in-the-run", "R-FARMLAND-TARGET", "A|farmland_return|2019", 250, 300,
         D_FARMLAND_IN_RUN,
         plan(row("A", "c", "farmland_return", 100), row("A", "c", "farmland_return", 150, Y + 1)),
         plan(row("A", "c", "farmland_return", 100),
              row("A", "c", "farmland_return", 199.995, Y + 1)), years=Y2),
    Case("pv-even-pace", "R-PV-COVERAGE", "A|pv_village|2018", 90, 100, D_PV,
         plan(row("A", "c", "pv_village", 90)), plan(row("A", "c", "pv_village", 99.995))),
    # 30 of the project's 60 stations (half funded) and 60 of the category's
    Case("pv-project-units", "R-PV-COVERAGE", "A|pv_village|2018", 90, 100, D_PV_PROJECT,
         plan(row("A", "c", "pv_village", 60), row("A", "c", "pv_village", 5, project="P"),
              projects=[("P", Y, 0.5)]),
         plan(row("A", "c", "pv_village", 70), row("A", "c", "pv_village", 5, project="P"),
              projects=[("P", Y, 0.5)])),
    Case("county-floor", "R-COUNTY-FLOOR", "C|2018", 20, 25, D_FLOOR,
         plan(row("A", "c", "k", 75), row("B", "c", "k", 50), row("C", "c", "k", 20)),
         plan(row("A", "c", "k", 75), row("B", "c", "k", 50), row("C", "c", "k", 24.995))),
]  # fmt: skip
BY_CASE = {case.id: case for case in CASES}
assert len(BY_CASE) == len(CASES)


def allows(rule_id: str, status: str) -> bool:
    try:
        BY_ID[rule_id].Params(status=status)
    except ValueError:
        return False
    return True


def cases(status=None):
    chosen = [c for c in CASES if status is None or allows(c.rule, status)]
    return pytest.mark.parametrize("case", chosen, ids=[c.id for c in chosen])


# ---- the tests -----------------------------------------------------------------------------------
def test_every_check_has_a_case():
    assert {c.rule for c in CASES} == set(CHECKS)


@cases()
def test_broken_plan_is_flagged_exactly(build, case):
    findings = run_audit(build(case.data), case.years, case.broken)
    assert breaches(findings) == {(case.rule, case.instance)} | case.also, findings.to_string()
    found = finding(findings, case.rule, case.instance)
    assert (found["value"], found["limit"]) == pytest.approx((case.value, case.limit), rel=1e-9)
    assert not found["ok"] and not found["soft"] and found["breach"]


@cases()
def test_mended_plan_is_clean(build, case):
    findings = run_audit(build(case.data), case.years, case.mended)
    assert findings["ok"].all(), findings[~findings["ok"]].to_string()


@cases("soft")
def test_soft_rule_reports_a_shortfall_not_a_breach(build, case):
    data = tune(build(case.data), case.rule, status="soft")
    findings = run_audit(data, case.years, case.broken)
    found = finding(findings, case.rule, case.instance)
    assert (bool(found["ok"]), bool(found["soft"]), bool(found["breach"])) == (False, True, False)
    assert (found["value"], found["limit"]) == pytest.approx((case.value, case.limit), rel=1e-9)
    assert breaches(findings) == set(case.also)


@cases("off")
def test_rule_off_is_not_checked(build, case):
    data = tune(build(case.data), case.rule, status="off")
    findings = run_audit(data, case.years, case.broken)
    assert case.rule not in set(findings["rule_id"])


def test_only_budget_and_payment_cannot_be_switched_off():
    """So the parametrisation above leaves out no family that can be off or soft by mistake."""
    assert {r for r in CHECKS if not allows(r, "off")} == {"R-BUDGET", "R-PAYMENT"}
    assert {r for r in CHECKS if not allows(r, "soft")} == {
        "R-BUDGET",
        "R-PAYMENT",
        "R-PROJECT",
        "R-PREPAY",
    }


@pytest.mark.parametrize(
    ("value", "sense", "limit", "holds"),
    [
        (99.991, ">=", 100, True),  # short by 0.009 万元: within the 0.01 floor
        (99.989, ">=", 100, False),
        (100.009, "<=", 100, True),
        (100.011, "<=", 100, False),
        (100.009, "==", 100, True),
        (99.989, "==", 100, False),
        (1e6 - 0.09, ">=", 1e6, True),  # 1e-7 of a million is 0.1 万元
        (1e6 - 0.11, ">=", 1e6, False),
        (1e6 + 0.11, "==", 1e6, False),
    ],
)
def test_tolerance(value, sense, limit, holds):
    assert _holds(value, sense, limit) is holds


# ---- every honoured parameter changes the verdict ------------------------------------------------
@dataclass(frozen=True)
class Flip:
    """`plan` holds with `rule.param = holds`, and breaks `instance` of `flagged` (the family
    whose finding changes; `rule` unless said) with `rule.param = breaks`."""

    rule: str
    param: str
    holds: object
    breaks: object
    data: dict
    plan: Plan
    instance: str
    years: tuple = (Y,)
    flagged: str = ""


FLIPS = [
    Flip("R-PAYMENT", "beyond_horizon", "ignore", "reserve", D_PAY,
         plan(row("A", "c", "k", 5), units=[(Y, "A", "k", 10)]), "A|k|2018"),
    # 25 of the 70 allocated is 30% of the allocation (21), not of the budget of 100 (30)
    Flip("R-EARMARK", "base", "allocated", "budget", D_EARMARK,
         plan(row("A", "c", "k", 25), row("B", "c", "k", 45)), "2018"),
    Flip("R-EARMARK", "share", 0.3, 0.5, D_EARMARK,
         plan(row("A", "c", "k", 40), row("B", "c", "k", 60)), "2018"),
    Flip("R-GROWTH", "margin", 0.0, 0.05, D_GROWTH,
         plan(row("A", "f", "k", 125), row("B", "f", "k", 375)), "f|2018"),
    Flip("R-GROWTH", "per_source", False, True, D_GROWTH_TOTAL,
         BY_CASE["growth-per-source"].broken, "f|2018"),
    Flip("R-REVOLVING", "deep_share", 0.1, 0.2, D_REVOLVING,
         plan(lend("A", 15), lend("B", 85)), "deep share|2018"),
    Flip("R-REVOLVING", "county_match_ratio", 0.5, 1.0, D_REVOLVING,
         plan(lend("A", 20, match=0.5), lend("B", 80)), "match|A|2018"),
    Flip("R-REVOLVING", "bank_leverage", 1.5, 2.0, D_REVOLVING,
         plan(lend("A", 20, bank=3), lend("B", 80)), "leverage|A|2018"),
    # lent 100 in each year with one injection of 100: fine if loans come back after a year
    Flip("R-REVOLVING", "term_years_max", 1, 3, D_REVOLVING_BALANCE,
         plan(lend("A", 20), lend("B", 80), lend("A", 20, Y + 1), lend("B", 80, Y + 1)),
         "balance|2019", years=Y2),
    Flip("R-REVOLVING", "poverty_counties_only", False, True, D_REVOLVING,
         BY_CASE["revolving-poverty-county"].broken, "poverty county|C|2018"),
    Flip("R-REVOLVING", "min_lent_share", 0.8, 1.0, D_REVOLVING,
         BY_CASE["revolving-use"].broken, "use|2018"),
    Flip("R-RELENDING", "min_deep_wan", 50, 100, D_RELENDING,
         BY_CASE["relending"].broken, "2018"),
    Flip("R-INDUSTRY-FUND", "method", "lexicographic", "share", D_FUND,
         plan(row("A", "fund", "k", 40), row("B", "fund", "k", 60),
              stages=[("R-INDUSTRY-FUND", FUND_STAGE, 40)]), "fund|2018"),
    Flip("R-INDUSTRY-FUND", "min_deep_share", 0.4, 0.5, D_FUND,
         BY_CASE["industry-share"].broken, "fund|2018"),
    Flip("R-INDUSTRY-FUND", "tolerance", 0.1, 1e-9, D_FUND_LEX,
         plan(row("A", "fund", "k", 75), stages=[("R-INDUSTRY-FUND", FUND_STAGE, 80)]),
         FUND_STAGE),
    Flip("R-INDUSTRY-FUND", "include_city_level", False, True, D_FUND,
         BY_CASE["industry-city-level"].broken, "city=甲市|2018"),
    Flip("R-LOTTERY", "method", "lexicographic", "share", D_LOTTERY,
         plan(row("A", "lottery", "village_upgrade", 40), row("B", "lottery", "village_upgrade", 60),
              stages=[("R-LOTTERY", LOTTERY_STAGE, 40)]), "lottery|2018"),
    Flip("R-LOTTERY", "min_deep_share", 0.4, 0.5, D_LOTTERY,
         BY_CASE["lottery-share"].broken, "lottery|2018"),
    Flip("R-LOTTERY", "tolerance", 0.1, 1e-9, D_LOTTERY_LEX,
         plan(row("A", "lottery", "village_upgrade", 75),
              stages=[("R-LOTTERY", LOTTERY_STAGE, 80)]), LOTTERY_STAGE),
    # which source is the lottery's: lot2 gives its deep county too little
    Flip("R-LOTTERY", "source", "lottery", "lot2",
         spec(sources=[source("lottery"), source("lot2")],
              categories=[category("village_upgrade", sources="lottery;lot2")],
              rules={"R-LOTTERY": {"status": "hard", "method": "share"}}),
         plan(row("A", "lottery", "village_upgrade", 50), row("B", "lottery", "village_upgrade", 50),
              row("A", "lot2", "village_upgrade", 10), row("B", "lot2", "village_upgrade", 90)),
         "lot2|2018"),
    Flip("R-LOTTERY", "categories", ["village_upgrade", "other"], ["village_upgrade"],
         D_LOTTERY_USES, BY_CASE["lottery-outside-its-programme"].broken,
         "lottery|other|outside the programme", flagged="R-LOTTERY"),
    Flip("R-INCREASE", "min_growth", 0.0, 0.1, D_INCREASE,
         plan(row("A", "c", "k", 100), row("A", "e", "k", 60)), "c+e|2018"),
    Flip("R-INCREASE", "scope", "total", "per_source", D_INCREASE,
         BY_CASE["increase-per-source"].broken, "e|2018"),
    Flip("R-INCREASE", "city_double_growth", False, True, D_CITY_AMOUNT,
         BY_CASE["increase-city-amount"].broken, "city=甲市|2018|amount"),
    Flip("R-PREPAY", "max_share", 0.75, 0.5, D_PAY_2Y_PREPAY,
         plan(pay("P", 25, 15), projects=[("P", Y, 1.0)]), "P|2018", years=Y2),
    Flip("R-RELIEF-FUND", "category", "relief_fund", "relief2", D_RELIEF,
         plan(relief()), "province|set up"),
    Flip("R-RELIEF-FUND", "provincial_floor_wan", 80, 100, D_RELIEF,
         plan(relief(prov=80)), "province|set up"),
    Flip("R-RELIEF-FUND", "local_floor_wan", 40, 50, D_RELIEF,
         plan(relief(city=40)), "甲市|cs|set up"),
    # set up once in 2018 holds over 2018-2019; as a yearly floor 2019 is short
    Flip("R-RELIEF-FUND", "once", True, False, D_RELIEF_2Y, plan(relief()), "province|2019",
         years=Y2),
    # 100 units started in 2019 at a two-year profile are started, not done, by 2019
    Flip("R-DEADLINE", "reading", "started", "completed", D_DEADLINE_TWO_YEAR_WORK,
         plan(row("A", "c", "k", 100, Y + 1), units=[(Y + 1, "A", "k", 100)]), "A|k|2019",
         years=Y2),
    Flip("R-INCREASE", "min_increase_wan", 0.0, 1.0, D_INCREASE,
         plan(row("A", "c", "k", 100), row("A", "e", "k", 50)), "c+e|2018"),
    Flip("R-DEADLINE", "delay_years", 1, 0, D_DEADLINE,
         BY_CASE["deadline"].broken, "A|k|2018", years=Y2),
    Flip("R-FOREST-QUOTA", "method", "lexicographic", "share", D_FOREST,
         plan(row("A", "blk", "farmland_return", 40), row("B", "c", "afforestation", 60),
              stages=[("R-FOREST-QUOTA", FOREST_STAGE, 40)]), "forestry|2018"),
    Flip("R-FOREST-QUOTA", "min_deep_share", 0.4, 0.5, D_FOREST,
         BY_CASE["forest-share"].broken, "forestry|2018"),
    Flip("R-FOREST-QUOTA", "tolerance", 0.1, 1e-9, D_FOREST_LEX,
         plan(row("A", "blk", "farmland_return", 75), stages=[("R-FOREST-QUOTA", FOREST_STAGE, 80)]),
         FOREST_STAGE),
    # B's afforestation is not forestry money when the programmes are farmland alone
    Flip("R-FOREST-QUOTA", "categories", ["farmland_return"], ["farmland_return", "afforestation"],
         D_FOREST, plan(row("A", "blk", "farmland_return", 50), row("B", "c", "afforestation", 100)),
         "forestry|2018"),
    # ... nor the money of c, when the programmes' money is blk's
    Flip("R-FOREST-QUOTA", "sources", ["blk"], None, D_FOREST,
         plan(row("A", "blk", "farmland_return", 50), row("B", "c", "afforestation", 100)),
         "forestry|2018"),
    Flip("R-LABOUR-SUBSIDY", "reading", "first", "guarantee", D_LABOUR_FIRST,
         plan(row("A", "c", "training", 60), row("A", "c", "transport_subsidy", 20),
              row("B", "c", "training", 40)), "A|training"),
    Flip("R-LABOUR-SUBSIDY", "categories", ["training"], ["training", "transport_subsidy"],
         D_LABOUR, plan(row("A", "c", "training", 100), row("A", "c", "transport_subsidy", 10),
                        row("A", "c", "transport_subsidy", 20, Y + 1)),
         "A|transport_subsidy|2018", years=Y2),
    Flip("R-LABOUR-SUBSIDY", "method", "lexicographic", "share", D_LABOUR_FIRST,
         plan(row("A", "c", "training", 40), row("B", "c", "training", 60),
              stages=[("R-LABOUR-SUBSIDY", LABOUR_STAGE, 40)]), "subsidies|2018"),
    Flip("R-LABOUR-SUBSIDY", "min_deep_share", 0.4, 0.5, D_LABOUR_FIRST,
         BY_CASE["labour-first-share"].broken, "subsidies|2018"),
    Flip("R-LABOUR-SUBSIDY", "tolerance", 0.1, 1e-9, D_LABOUR_FIRST_LEX,
         plan(row("A", "c", "training", 75), stages=[("R-LABOUR-SUBSIDY", LABOUR_STAGE, 80)]),
         LABOUR_STAGE),
    Flip("R-EDUCATION-FIRST", "method", "lexicographic", "share", D_EDUCATION,
         plan(row("A", "c", "education", 40), row("B", "c", "education", 60),
              stages=[("R-EDUCATION-FIRST", EDUCATION_STAGE, 40)]), "education|2018"),
    Flip("R-EDUCATION-FIRST", "min_deep_share", 0.4, 0.5, D_EDUCATION,
         BY_CASE["education-share"].broken, "education|2018"),
    Flip("R-EDUCATION-FIRST", "tolerance", 0.1, 1e-9, D_EDUCATION_LEX,
         plan(row("A", "c", "education", 75), stages=[("R-EDUCATION-FIRST", EDUCATION_STAGE, 80)]),
         EDUCATION_STAGE),
    Flip("R-EDUCATION-FIRST", "category", "education", "education2", D_EDUCATION,
         plan(row("A", "c", "education", 50), row("B", "c", "education", 50),
              row("A", "c", "education2", 10), row("B", "c", "education2", 90)),
         "education2|2018"),
    # 90 of 300 by 2018: a quarter (75) of 2018-2021 holds, a third (100) of 2018-2020 not
    Flip("R-FARMLAND-TARGET", "year", 2021, 2020, D_FARMLAND,
         BY_CASE["farmland-even-pace"].broken, "A|farmland_return|2018"),
    Flip("R-FARMLAND-TARGET", "pace", "end", "even", D_FARMLAND,
         BY_CASE["farmland-even-pace"].broken, "A|farmland_return|2018"),
    Flip("R-FARMLAND-TARGET", "category", "farmland_return", "pv_village", D_FARMLAND,
         plan(row("A", "c", "farmland_return", 100)), "A|pv_village|2018"),
    Flip("R-PV-COVERAGE", "year", 2021, 2020, D_PV, BY_CASE["pv-even-pace"].broken,
         "A|pv_village|2018"),
    Flip("R-PV-COVERAGE", "pace", "end", "even", D_PV, BY_CASE["pv-even-pace"].broken,
         "A|pv_village|2018"),
    Flip("R-PV-COVERAGE", "category", "pv_village", "farmland_return", D_PV,
         plan(row("A", "c", "pv_village", 100)), "A|farmland_return|2018"),
    Flip("R-COUNTY-FLOOR", "min_fraction_of_formula", 0.5, 0.6, D_FLOOR,
         plan(row("A", "c", "k", 72), row("B", "c", "k", 50), row("C", "c", "k", 28)), "C|2018"),
    Flip("R-COUNTY-FLOOR", "min_wan", 0.0, 30, D_FLOOR,
         plan(row("A", "c", "k", 72), row("B", "c", "k", 50), row("C", "c", "k", 28)), "C|2018"),
]  # fmt: skip


def test_every_honoured_parameter_has_a_flip():
    declared = {(rule, param) for rule, params in HONOURS.items() for param in params}
    assert {(f.rule, f.param) for f in FLIPS} == declared


@pytest.mark.parametrize("flip", FLIPS, ids=[f"{f.rule}.{f.param}" for f in FLIPS])
def test_parameter_changes_the_verdict(build, flip):
    data = build(flip.data)
    holds = run_audit(tune(data, flip.rule, **{flip.param: flip.holds}), flip.years, flip.plan)
    assert breaches(holds) == set(), holds.to_string()
    broken = run_audit(tune(data, flip.rule, **{flip.param: flip.breaks}), flip.years, flip.plan)
    assert (flip.flagged or flip.rule, flip.instance) in breaches(broken), broken.to_string()


# ---- what the audit once got wrong, each a correct plan flagged or a broken one missed ----------


D_REVOLVING_TERM_1 = revolving(years=Y2, fund={Y: 100}, term_years_max=1)


def test_revolving_lends_repayments_in_a_year_without_budget_row(build):
    """One injection of 100 in 2018, loans for a year: the 100 back in 2019 must be lent again
    (use|2019); 2019 has no rev budget row (nothing new injected)."""
    data = build(D_REVOLVING_TERM_1)
    p = plan(lend("A", 20), lend("B", 80), lend("A", 20, Y + 1), lend("B", 80, Y + 1))
    findings = run_audit(data, Y2, p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


D_REVOLVING_TWO_CATEGORIES = revolving(categories=("ind", "ind2"))


def test_revolving_match_on_another_fund_category(build):
    data = build(D_REVOLVING_TWO_CATEGORIES)
    p = plan(
        row("A", "rev", "ind", 20),
        row("A", "loc", "ind2", 20),
        row("A", "bank", "ind2", 80),
        lend("B", 80),
    )
    findings = run_audit(data, (Y,), p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


D_CITY_AMOUNT_2Y = spec(
    years=Y2,
    sources=CITY_SOURCES,
    budgets=CITY_BUDGETS + [budget("c", BIG, Y + 1), budget("cs", BIG, Y + 1, city="甲市")],
    histories=[history("A", "cs", 100)],
    rules={"R-INCREASE": {"status": "hard", "city_double_growth": True}},
)


def test_city_amount_falling_in_the_second_year_is_flagged(build):
    data = build(D_CITY_AMOUNT_2Y)
    p = plan(row("A", "cs", "k", 120), row("A", "cs", "k", 110, Y + 1))
    findings = run_audit(data, Y2, p)
    assert ("R-INCREASE", "city=甲市|2019|amount") in breaches(findings) or any(
        r.rule_id == "R-INCREASE" and "甲市" in r.instance and "2019" in r.instance and r.breach
        for r in findings.itertuples()
    ), findings.to_string()


def test_city_budget_paid_in_another_city_is_flagged(build):
    findings = run_audit(build(D_BUDGET), (Y,), plan(row("C", "cs", "k", 30)))
    assert any(r.rule_id == "R-BUDGET" for r in findings.itertuples() if r.breach), (
        findings.to_string()
    )


def test_lottery_outside_its_programme_with_eligibility_off(build):
    data = tune(build(D_LOTTERY_USES), "R-ELIGIBILITY", status="off")
    findings = run_audit(data, (Y,), BY_CASE["lottery-outside-its-programme"].broken)
    assert breaches(findings), findings.to_string()


def test_units_where_there_is_no_need_are_flagged(build):
    findings = run_audit(build(D_NEED), Y2, plan(row("B", "c", "k", 10)))
    assert ("R-NEED", "B|k") in breaches(findings) or any(
        r.rule_id == "R-NEED" and r.instance.startswith("B|k") and r.breach
        for r in findings.itertuples()
    ), findings.to_string()


def test_project_started_twice_is_flagged(build):
    p = plan(pay("Q", 10), pay("Q", 10, start=Y + 1), projects=[("Q", Y, 1.0), ("Q", Y + 1, 1.0)])
    findings = run_audit(build(D_PROJECT), Y3, p)
    assert any(r.rule_id == "R-PAYMENT" and r.breach for r in findings.itertuples()), (
        findings.to_string()
    )


D_PROJECT_PARTIAL_PREREQUISITE = spec(
    projects=[project("H", divisible=True, latest=Y), project("P2", prerequisites="H", latest=Y)]
)


def test_prerequisite_funded_less_than_its_dependant_is_flagged(build):
    p = plan(pay("H", 5), pay("P2", 10), projects=[("H", Y, 0.5), ("P2", Y, 1.0)])
    findings = run_audit(build(D_PROJECT_PARTIAL_PREREQUISITE), (Y,), p)
    assert ("R-PROJECT", "P2|after H") in breaches(findings), findings.to_string()


def test_start_window_still_holds_with_project_rule_off(build):
    data = tune(build(D_PROJECT), "R-PROJECT", status="off")
    findings = run_audit(data, Y3, BY_CASE["project-before-window"].broken)
    assert breaches(findings), findings.to_string()


# ---- the readings each check rests on, pinned one by one -----------------------------------------
D_NEED_ANNUAL_PROJECT = spec(
    years=Y2,
    needs=[need("A", "k", 50, basis="annual")],
    projects=[project("P", units=20, divisible=True, latest=Y)],
)


def test_an_annual_need_counts_the_units_of_projects_started_that_year(build):
    """45 units of category money and half of P (10 units) in 2018: 55 of an annual need of 50."""
    p = plan(row("A", "c", "k", 45), pay("P", 5), projects=[("P", Y, 0.5)])
    findings = run_audit(build(D_NEED_ANNUAL_PROJECT), Y2, p)
    assert finding(findings, "R-NEED", "A|k|2018").value == pytest.approx(55)
    assert ("R-NEED", "A|k|2018") in breaches(findings)


def test_a_project_row_with_nothing_funded_is_not_a_start(build):
    """projects.csv lists a start year with fraction 0 for a project the plan leaves out: it is
    neither a second start nor money due."""
    p = plan(pay("Q", 10), projects=[("Q", Y, 1.0), ("Q", Y + 1, 0.0)])
    findings = run_audit(build(D_PROJECT), Y3, p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()
    assert not findings["instance"].str.contains("project Q\\|starts").any()


D_INCREASE_NO_ACTUALS = spec(
    sources=[source("c", earmark=True)],
    histories=[history("A", "c", 5, year=Y - 2)],
    actuals=(Y - 2,),
    rules={"R-INCREASE": {"status": "hard"}},
)


def test_increase_without_last_years_actuals_compares_nothing(build):
    """History for 2016 only: the first year of the run, 2018, has no year before it to
    increase on, so no row (and no 0 to beat)."""
    findings = run_audit(build(D_INCREASE_NO_ACTUALS), (Y,), plan(row("A", "c", "k", 10)))
    assert not (findings["rule_id"] == "R-INCREASE").any(), findings.to_string()


D_PREPAY_LAST_YEAR = spec(
    years=Y2,
    projects=[project("P", "10;30", latest=Y + 1, divisible=True)],
    rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}},
)


def test_no_advance_in_the_last_year_of_a_run_that_reserves_the_rest(build):
    """Started in 2019, the last year: the whole 40 is charged there (R-PAYMENT reserve), and
    nothing later is left to recover an advance from, so 50 paid is 10 too many."""
    p = plan(pay("P", 50, start=Y + 1), projects=[("P", Y + 1, 1.0)])
    findings = run_audit(build(D_PREPAY_LAST_YEAR), Y2, p)
    assert ("R-PAYMENT", "project P|2019") in breaches(findings), findings.to_string()
    mended = plan(pay("P", 40, start=Y + 1), projects=[("P", Y + 1, 1.0)])
    assert breaches(run_audit(build(D_PREPAY_LAST_YEAR), Y2, mended)) == set()


def test_no_advance_with_prepay_off(build):
    """R-PREPAY off: a project is paid by its cost profile, 10 then 30; 20 then 20 is flagged."""
    data = tune(build(D_PAY_2Y_PREPAY), "R-PREPAY", status="off")
    p = plan(pay("P", 20, 20), projects=[("P", Y, 1.0)])
    findings = run_audit(data, Y2, p)
    assert ("R-PAYMENT", "project P|2018") in breaches(findings), findings.to_string()
    assert breaches(run_audit(build(D_PAY_2Y_PREPAY), Y2, p)) == set()  # on: an advance of 10


D_PREPAY_SMALL = spec(
    years=Y2,
    projects=[project("S", "0.2;0.8", latest=Y, divisible=True)],
    rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}},
)


def test_a_small_project_may_be_advanced_too(build):
    """0.2 then 0.8 万元: half of its 1.0 may be paid at the start, 0.3 ahead of its profile."""
    p = plan(pay("S", 0.5, 0.5), projects=[("S", Y, 1.0)])
    findings = run_audit(build(D_PREPAY_SMALL), Y2, p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


D_PREPAY_FRONT = spec(
    years=Y2, projects=P_30_10, rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}}
)


def test_a_front_loaded_project_has_no_room_for_an_advance(build):
    """30 then 10: its first instalment is already over half its cost; 31 then 9 is flagged."""
    p = plan(pay("P", 31, 9), projects=[("P", Y, 1.0)])
    findings = run_audit(build(D_PREPAY_FRONT), Y2, p)
    assert ("R-PAYMENT", "project P|2018") in breaches(findings), findings.to_string()


def test_the_revolving_fund_lends_its_repayments_beyond_its_budget(build):
    """100 injected in 2018 and 50 repaid that year: lending 150 breaks no budget."""
    p = plan(lend("A", 75), lend("B", 75))
    findings = run_audit(build(D_REVOLVING_REPAID), (Y,), p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


def test_with_the_revolving_fund_on_every_other_budget_still_binds(build):
    data = tune(build(D_BUDGET), "R-REVOLVING", status="hard")
    p = plan(
        row("A", "c", "k", 60),
        row("B", "c", "k", 50),
        row("A", "d", "k", 5),
        row("C", "cs", "k", 30),
    )
    found = breaches(run_audit(data, (Y,), p))
    assert {
        ("R-BUDGET", "c|2018|"),
        ("R-BUDGET", "d|2018|no budget"),
        ("R-BUDGET", "cs|2018|outside its scopes"),
    } <= found, found


def test_with_the_revolving_fund_off_its_money_needs_a_budget_row(build):
    """Off, the fund is a source like any other: lending in 2019, with nothing budgeted for
    2019, is money without a budget."""
    data = tune(build(D_REVOLVING_TERM_1), "R-REVOLVING", status="off")
    findings = run_audit(data, Y2, plan(lend("A", 20, Y + 1)))
    assert ("R-BUDGET", "rev|2019|no budget") in breaches(findings), findings.to_string()


D_CITY_FUND = spec(
    sources=[source("c"), source("rv", level="city", kind="revolving")],
    budgets=[budget("c", BIG), budget("rv", 50, city="甲市")],
)


def test_a_city_fund_pays_only_in_its_city_when_the_revolving_rule_is_off(build):
    findings = run_audit(build(D_CITY_FUND), (Y,), plan(row("C", "rv", "k", 30)))
    assert ("R-BUDGET", "rv|2018|outside its scopes") in breaches(findings), findings.to_string()


D_BUDGET_NEXT_YEAR = spec(
    sources=[source("c"), source("cs", level="city")],
    budgets=[budget("c", 100), budget("cs", 50, city="甲市"), budget("cs", 50, Y + 1, city="乙市")],
)


def test_the_audit_speaks_only_of_the_years_of_the_run(build):
    findings = run_audit(build(D_BUDGET_NEXT_YEAR), (Y,), plan(row("A", "cs", "k", 30)))
    assert not findings["instance"].str.contains(str(Y + 1)).any(), findings.to_string()


def test_a_little_money_outside_a_budgets_scope_is_flagged(build):
    """0.5 万元 of 甲市's budget paid in 乙市's county C: above the 0.01 万元 tolerance."""
    findings = run_audit(build(D_BUDGET), (Y,), plan(row("C", "cs", "k", 0.5)))
    assert ("R-BUDGET", "cs|2018|outside its scopes") in breaches(findings), findings.to_string()


D_PREPAY_LATE_START = spec(
    years=Y2,
    projects=[project("L", "0;10", latest=Y, divisible=True)],
    rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}},
)


def test_a_project_paid_nothing_in_its_first_year_has_taken_no_advance(build):
    p = plan(pay("L", 0, 10), projects=[("L", Y, 1.0)])
    findings = run_audit(build(D_PREPAY_LATE_START), Y2, p)
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


def test_half_a_unit_where_there_is_no_need_is_flagged(build):
    findings = run_audit(build(D_NEED), Y2, plan(row("B", "c", "k", 0.5)))
    assert ("R-NEED", "B|k|no need") in breaches(findings), findings.to_string()


def test_a_year_with_nothing_started_counts_nothing_against_an_annual_need(build):
    p = plan(row("A", "c", "k", 45), pay("P", 5), projects=[("P", Y, 0.5)])
    findings = run_audit(build(D_NEED_ANNUAL_PROJECT), Y2, p)
    assert finding(findings, "R-NEED", "A|k|2019").value == 0


def test_an_indivisible_project_funded_one_and_a_half_times_is_not_whole(build):
    p = plan(pay("I", 15), projects=[("I", Y, 1.5)])
    found = breaches(run_audit(build(D_PROJECT), Y3, p))
    assert {("R-PAYMENT", "project I|whole"), ("R-PAYMENT", "project I|at most whole")} <= found


D_GROWTH_UNPAYABLE = spec(
    sources=[source("c"), F],
    categories=[category("k", sources="c"), category("j", sources="f")],
    needs=[need(c["code"], "k", BIG) for c in COUNTIES],  # nobody needs j
    budgets=[budget("c", BIG), budget("f", 500)],
    histories=[history("A", "f", 100), history("B", "f", 300)],
    rules={"R-GROWTH": {"status": "hard"}},
)


def test_a_block_source_that_can_pay_for_nothing_needed_has_no_growth_floor(build):
    """f may pay only for j, which no county needs: the model has no row for it, and the audit
    keeps no floor."""
    findings = run_audit(build(D_GROWTH_UNPAYABLE), (Y,), plan(row("A", "c", "k", 10)))
    assert not (findings["rule_id"] == "R-GROWTH").any(), findings.to_string()


def growth_planned(f_2018, f_2019):
    return spec(
        years=Y2,
        sources=[source("c"), F],
        budgets=[budget("c", BIG), budget("c", BIG, Y + 1), budget("f", f_2019, Y + 1)]
        + ([budget("f", f_2018)] if f_2018 else []),
        rules={"R-GROWTH": {"status": "hard"}},
    )


D_GROWTH_FROM_NOTHING = growth_planned(None, 600)
D_GROWTH_SMALL = growth_planned(0.5, 1.0)


def test_no_growth_is_asked_on_a_year_without_block_budget(build):
    """f has no budget in 2018: 2019 has no growth rate to beat."""
    findings = run_audit(build(D_GROWTH_FROM_NOTHING), Y2, plan(row("B", "f", "k", 600, Y + 1)))
    assert not (findings["rule_id"] == "R-GROWTH").any(), findings.to_string()


def test_growth_on_a_small_block_budget_is_still_asked(build):
    """0.5 then 1.0 万元 of f: deep county A's 0.5 must grow by 100% + 5 points, to 1.025."""
    p = plan(
        row("A", "f", "k", 0.5), row("A", "f", "k", 0.5, Y + 1), row("B", "f", "k", 0.5, Y + 1)
    )
    findings = run_audit(build(D_GROWTH_SMALL), Y2, p)
    row_ = finding(findings, "R-GROWTH", "f|2019|budget growth")
    assert row_.breach and row_.limit == pytest.approx(1.025)


D_GROWTH_SMALL_ACTUALS = spec(
    sources=[F],
    budgets=[budget("f", 0.8)],
    histories=[history("A", "f", 0.5), history("B", "f", 1.5)],
    rules={"R-GROWTH": {"status": "hard", "margin": 0.05}},
)


def test_growth_on_small_actuals_is_still_asked(build):
    """Deep A had 0.5 of 2.0 in 2017; 2018 has 0.8 (-60%): A keeps 0.5 x (0.4 + 0.05) = 0.225."""
    p = plan(row("A", "f", "k", 0.1), row("B", "f", "k", 0.7))
    row_ = finding(run_audit(build(D_GROWTH_SMALL_ACTUALS), (Y,), p), "R-GROWTH", "f|2018")
    assert row_.breach and row_.limit == pytest.approx(0.225)


D_REVOLVING_AGAIN = revolving(years=Y2, fund={Y: 100}, term_years_max=1, min_lent_share=0.5)


def test_the_revolving_fund_must_lend_its_repayments_again(build):
    """100 lent for a year in 2018 is back in 2019: at least half of it is lent again."""
    p = plan(lend("A", 20), lend("B", 80), lend("A", 10, Y + 1))
    findings = run_audit(build(D_REVOLVING_AGAIN), Y2, p)
    row_ = finding(findings, "R-REVOLVING", "use|2019")
    assert row_.breach and row_.limit == pytest.approx(50)


def test_a_small_loan_keeps_the_deep_share_too(build):
    """0.5 万元 lent, all of it to B: deep A's 20% (0.1) is missing."""
    findings = run_audit(build(D_REVOLVING), (Y,), plan(lend("B", 0.5)))
    assert ("R-REVOLVING", "deep share|2018") in breaches(findings), findings.to_string()


D_RELIEF_PROVINCIAL_SCOPED = dict(
    D_RELIEF, budgets=D_RELIEF["budgets"] + [budget("prov", 30, county_code="B")]
)


def test_provincial_money_scoped_to_a_county_owes_no_local_seed_money(build):
    """The province's money for county B is the province's: B|prov owes no local 50."""
    findings = run_audit(build(D_RELIEF_PROVINCIAL_SCOPED), (Y,), plan(relief()))
    assert not findings["instance"].str.startswith("B|prov").any(), findings.to_string()
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


D_RELIEF_LATE_COUNTY = dict(
    D_RELIEF,
    years=Y2,
    budgets=[b for b in D_RELIEF_2Y["budgets"] if b["source"] != "ls" or b["year"] == str(Y + 1)],
)


def test_set_up_once_a_county_budgeted_only_later_in_the_run_still_pays_its_share(build):
    """ls is budgeted for county A only in 2019; set up once over the run, A still owes 50."""
    p = plan(relief(county_=0))
    findings = run_audit(build(D_RELIEF_LATE_COUNTY), Y2, p)
    assert ("R-RELIEF-FUND", "A|ls|set up") in breaches(findings), findings.to_string()


D_RELIEF_EVERY_YEAR = dict(
    D_RELIEF_2Y,
    budgets=[b for b in D_RELIEF_2Y["budgets"] if b["source"] != "ls" or b["year"] == str(Y)],
    rules={"R-RELIEF-FUND": {**D_RELIEF["rules"]["R-RELIEF-FUND"], "once": False}},
)


def test_every_year_a_local_budget_owes_seed_money_only_in_its_own_years(build):
    """once: false; ls is budgeted for A in 2018 only: A|ls owes 50 in 2018, nothing in 2019."""
    second = [row("A", "prov", "relief_fund", 100, Y + 1), row("A", "cs", "relief_fund", 50, Y + 1)]
    findings = run_audit(build(D_RELIEF_EVERY_YEAR), Y2, plan(relief(), second))
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()
    assert finding(findings, "R-RELIEF-FUND", "A|ls|2018").value == 50
    assert not findings["instance"].str.startswith("A|ls|2019").any(), findings.to_string()


BOTH = {"province|set up", "A|ls|set up"}
# (relief paid before the run, what the plan still owes when it pays the province and A nothing)
RELIEF_BEFORE = {
    # paid before the run: set up once, nothing more is owed
    "province-paid": (history("A", "prov", 100, category_code="relief_fund"), {"A|ls|set up"}),
    "county-paid": (history("A", "ls", 50, category_code="relief_fund"), {"province|set up"}),
    # what does not count: another category, another source's money, another county's
    "other-category": (history("A", "prov", 100, category_code="relief2"), BOTH),
    "city-money": (history("A", "cs", 100, category_code="relief_fund"), BOTH),
    "other-county": (history("B", "ls", 50, category_code="relief_fund"), BOTH),
}
D_RELIEF_BEFORE = {k: dict(D_RELIEF, histories=[h]) for k, (h, _) in RELIEF_BEFORE.items()}


@pytest.mark.parametrize("case", RELIEF_BEFORE)
def test_set_up_once_counts_what_was_paid_before_the_run(build, case):
    """The plan pays the province and county A nothing now; history.csv decides what is owed."""
    findings = run_audit(
        build(D_RELIEF_BEFORE[case]), (Y,), plan(row("A", "cs", "relief_fund", 50))
    )
    owing = RELIEF_BEFORE[case][1]
    assert {i for r, i in breaches(findings) if r == "R-RELIEF-FUND"} == owing


D_DEADLINE_HALF_UNIT = spec(
    years=Y2, needs=[need("A", "k", 0.5, deadline=Y)], rules={"R-DEADLINE": {"status": "hard"}}
)


def test_half_a_unit_due_is_still_due(build):
    findings = run_audit(build(D_DEADLINE_HALF_UNIT), Y2, plan(row("A", "c", "k", 0.5, Y + 1)))
    assert ("R-DEADLINE", "A|k|2018") in breaches(findings), findings.to_string()


D_DEADLINE_PROJECT = spec(
    years=Y2,
    categories=[category("k", sources="c"), category("j", sources="c")],
    needs=[need("A", "k", 20, deadline=Y), need("A", "j", BIG), need("B", "k", BIG)],
    projects=[
        project("P", "10;10", units=20, latest=Y),
        project("Q", "5", units=5, latest=Y, county_code="B"),  # another county's
        project("R", "5", units=5, latest=Y, category_code="j"),  # another programme's
    ],
    rules={"R-DEADLINE": {"status": "hard"}},
)


def test_a_project_paid_over_two_years_is_completed_in_the_second(build):
    """P (20 units) starts in 2018 and pays its last instalment in 2019: done after a 2018
    deadline when the deadline reads completed, in time when it reads started. Q and R, done
    in 2018, are another county's and another programme's."""
    p = plan(
        pay("P", 10, 10),
        row("B", "c", "k", 5, Y, "Q"),
        row("A", "c", "j", 5, Y, "R"),
        projects=[("P", Y, 1.0), ("Q", Y, 1.0), ("R", Y, 1.0)],
    )
    data = build(D_DEADLINE_PROJECT)
    assert finding(run_audit(data, Y2, p), "R-DEADLINE", "A|k|2018").value == 0
    started = tune(data, "R-DEADLINE", reading="started")
    assert finding(run_audit(started, Y2, p), "R-DEADLINE", "A|k|2018").value == 20


def test_a_small_projects_advance_is_capped_too(build):
    """S (0.2 then 0.8) may take 0.5 at its start; 0.7 is 0.2 over the ceiling."""
    p = plan(pay("S", 0.7, 0.3), projects=[("S", Y, 1.0)])
    findings = run_audit(build(D_PREPAY_SMALL), Y2, p)
    assert ("R-PREPAY", "S|2018") in breaches(findings), findings.to_string()


D_PREPAY_NOTHING_FIRST = spec(
    years=Y2,
    projects=[project("N", "0;1", latest=Y, divisible=True)],
    rules={"R-PREPAY": {"status": "hard", "max_share": 0.5}},
)


def test_nothing_paid_at_the_start_is_within_any_ceiling(build):
    p = plan(pay("N", 0, 1), projects=[("N", Y, 1.0)])
    findings = run_audit(build(D_PREPAY_NOTHING_FIRST), Y2, p)
    assert finding(findings, "R-PREPAY", "N|2018").value == 0
    assert breaches(findings) == set(), findings[findings["breach"]].to_string()


def test_the_county_floor_reads_the_indicators_of_the_year_before_the_run(build):
    """Equal poor populations at the end of 2017 (floor 25 each); 2016's and 2018's, which
    favour A and C, do not count."""
    data = build(D_FLOOR)
    rows = list(data.indicators)
    other = [
        r.model_copy(update={"year": year, "poor_population": 9e6 if r.county_code == who else 1})
        for year, who in ((Y - 2, "A"), (Y, "C"))
        for r in rows
    ]
    data = dataclasses.replace(data, indicators=[*rows, *other])
    findings = run_audit(data, (Y,), BY_CASE["county-floor"].broken)
    assert finding(findings, "R-COUNTY-FLOOR", "C|2018").limit == pytest.approx(25)


D_FLOOR_SMALL = dict(D_FLOOR, budgets=[budget("c", 3)])  # floor 0.5 each


def test_a_county_floor_below_one_wan_is_kept(build):
    findings = run_audit(build(D_FLOOR_SMALL), (Y,), plan(row("A", "c", "k", 3)))
    assert ("R-COUNTY-FLOOR", "C|2018") in breaches(findings), findings.to_string()


D_NEED_MET_BEFORE = spec(years=Y2, needs=[need("A", "k", 50, deadline=Y - 1)])  # R-DEADLINE off


def test_a_need_due_before_the_run_is_met_so_nothing_of_it_is_started(build):
    """Due in 2017, before the 2018 run: taken as met (the model drops it), so units started
    for it are units without a need; R-DEADLINE with a year's delay brings it into the run."""
    data = build(D_NEED_MET_BEFORE)
    p = plan(row("A", "c", "k", 60))
    assert ("R-NEED", "A|k|no need") in breaches(run_audit(data, Y2, p))
    delayed = run_audit(tune(data, "R-DEADLINE", status="hard", delay_years=1), Y2, p)
    assert ("R-NEED", "A|k") in breaches(delayed), delayed.to_string()
    assert not delayed["instance"].str.contains("no need").any()


D_EARMARK_UNPAYABLE = spec(
    sources=[source("c", earmark=True), source("g")],
    categories=[category("k", sources="g"), category("j", sources="c")],
    needs=[need(c["code"], "k", BIG) for c in COUNTIES],  # nobody needs j
    budgets=[budget("c", 100), budget("g", BIG)],
    rules={"R-EARMARK": {"status": "hard", "share": 0.3}},
)


def test_the_earmark_of_the_budget_is_owed_even_where_nothing_can_pay_it(build):
    """The budget reading asks 30% of the 100 budgeted, payable or not (the model finds no plan);
    only the reading of what is allocated owes nothing where nothing can be allocated."""
    p = plan(row("A", "g", "k", 10))
    assert ("R-EARMARK", "2018") in breaches(run_audit(build(D_EARMARK_UNPAYABLE), (Y,), p))
    allocated = tune(build(D_EARMARK_UNPAYABLE), "R-EARMARK", base="allocated")
    assert not (run_audit(allocated, (Y,), p)["rule_id"] == "R-EARMARK").any()
