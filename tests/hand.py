"""Hand-solvable instances for the model's effect tests: a few counties, sources and categories,
built as tables, written to a folder and solved, so every optimum can be worked out on paper.

Defaults: one plan year 2018 with actuals of 2017; poor populations large enough that every
person reached counts at weight 1 (the first segment of diminishing returns); every rule off
except the structural ones, so each test switches on exactly the rule it is about.
"""

from __future__ import annotations

import copy
from pathlib import Path

import tiny

from optimiser.api import load, solve

OFF = {"status": "off"}
ALL_OFF = {
    rule: dict(OFF)
    for rule in (
        "R-EARMARK",
        "R-GROWTH",
        "R-REVOLVING",
        "R-RELENDING",
        "R-INDUSTRY-FUND",
        "R-LOTTERY",
        "R-FOREST-QUOTA",
        "R-LABOUR-SUBSIDY",
        "R-EDUCATION-FIRST",
        "R-INCREASE",
        "R-PREPAY",
        "R-RELIEF-FUND",
        "R-DEADLINE",
        "R-FARMLAND-TARGET",
        "R-PV-COVERAGE",
        "R-COUNTY-FLOOR",
    )
}


def county(code, deep=False, designation="national", city="甲市"):
    return {
        "code": code,
        "name": code,
        "city": city,
        "designation": designation,
        "deep": "true" if deep else "false",
    }


def source(code, level="central", kind="grant", earmark=False, block=False):
    return {
        "code": code,
        "name": code,
        "level": level,
        "kind": kind,
        "earmark": str(earmark).lower(),
        "block": str(block).lower(),
    }


def category(code, cost=1.0, benefit=1.0, sources="central", profile="1", unit="wan"):
    return {
        "code": code,
        "name": code,
        "unit": unit,
        "unit_cost_wan": str(cost),
        "payment_profile": profile,
        "benefit_per_unit": str(benefit),
        "sources": sources,
    }


def need(county_code, category_code, units, deadline=None, basis="total"):
    row = {
        "county_code": county_code,
        "category": category_code,
        "units": str(units),
        "basis": basis,
    }
    if deadline is not None:
        row["deadline"] = str(deadline)
    return row


def budget(source_code, amount, year=2018, city=None, county_code=None):
    row = {"source": source_code, "year": str(year), "amount_wan": str(amount)}
    if city:
        row["city"] = city
    if county_code:
        row["county_code"] = county_code
    return row


def history(county_code, source_code, amount, year=2017, category_code=None):
    row = {
        "year": str(year),
        "county_code": county_code,
        "source": source_code,
        "amount_wan": str(amount),
    }
    if category_code:
        row["category"] = category_code
    return row


def dataset(
    folder: Path,
    counties,
    sources,
    categories,
    needs,
    budgets,
    histories=None,
    rules=None,
    years=(2018,),
    actuals=(2017,),
    projects=None,
    loans=None,
    objective=None,
    factor_weights=None,
):
    indicators = [
        {
            "county_code": c["code"],
            "year": str(actuals[-1] if actuals else years[0] - 1),
            "poor_population": "1000000",
        }
        for c in counties
    ]
    tables = {
        "counties": counties,
        "indicators": indicators,
        "sources": sources,
        "budgets": budgets,
        "categories": categories,
        "needs": needs,
        "history": histories or [history(counties[0]["code"], sources[0]["code"], 0.0)],
    }
    if projects:
        tables["projects"] = projects
    if loans:
        tables["loans"] = loans
    policy = {
        "dataset": {"name": "hand", "title": "hand"},
        "years": {"actuals": list(actuals), "plan": list(years)},
        "objective": objective or {"mode": "impact"},
        "rules": {**copy.deepcopy(ALL_OFF), **(rules or {})},
    }
    if factor_weights:
        policy["factor_method"] = {"weights": factor_weights}
    return tiny.write(folder, tables, policy)


def run(folder: Path, years=(2018,), **kwargs):
    return solve(load(folder), list(years), **kwargs)


def money(run_, **where) -> float:
    frame = run_.solution.allocation
    for column, value in where.items():
        frame = frame[
            frame[column].isin(value if isinstance(value, list | tuple | set) else [value])
        ]
    return float(frame["amount_wan"].sum())
