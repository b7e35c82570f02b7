"""Random small instances (hypothesis): every plan the model returns keeps every rule, as the
independent audit recomputes them from the plan's tables."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hand import budget, category, county, dataset, history, need, source
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.audit import audit

RULE_CHOICES = [
    "R-EARMARK",
    "R-GROWTH",
    "R-INCREASE",
    "R-DEADLINE",
    "R-COUNTY-FLOOR",
    "R-RELENDING",
    "R-INDUSTRY-FUND",
    "R-REVOLVING",
]


@st.composite
def instances(draw):
    n_counties = draw(st.integers(2, 4))
    counties = [
        county(f"c{i}", deep=(i == 0) or draw(st.booleans()), designation="national")
        for i in range(n_counties)
    ]
    sources = [
        source("sp", earmark=True),
        source("blk", "provincial", block=True),
        source("rel", "bank", "relending"),
        source("fund", "provincial", "fund"),
        source("rev", "provincial", "revolving"),
        source("own", "county"),
        source("bank", "bank", "credit"),
    ]
    categories = []
    for j in range(draw(st.integers(1, 3))):
        profile = draw(st.sampled_from(["1", "0.5;0.5", "0.25;0.75"]))
        categories.append(
            category(
                f"k{j}",
                cost=draw(st.sampled_from([0.5, 1.0, 1.4, 3.0])),
                benefit=draw(st.sampled_from([0.0, 0.3, 1.0, 2.5])),
                sources="sp;blk",
                profile=profile,
            )
        )
    categories.append(
        category(
            "credit", benefit=draw(st.sampled_from([0.1, 0.5])), sources="rel;fund;rev;own;bank"
        )
    )
    needs, budgets, histories = [], [], []
    years = (2018, 2019) if draw(st.booleans()) else (2018,)
    for c in counties:
        for k in categories:
            if draw(st.booleans()) or k["code"] == "credit":
                deadline = draw(st.sampled_from([None, None, 2018]))
                needs.append(need(c["code"], k["code"], draw(st.integers(0, 400)), deadline))
        histories.append(history(c["code"], "blk", draw(st.integers(1, 50))))
        histories.append(history(c["code"], "sp", draw(st.integers(0, 50))))
        for y in years:
            budgets.append(budget("own", draw(st.integers(0, 300)), year=y, county_code=c["code"]))
    for y in years:
        for s in ("sp", "blk", "rel", "fund", "rev", "bank"):
            budgets.append(budget(s, draw(st.integers(0, 2000)), year=y))
    chosen = draw(st.sets(st.sampled_from(RULE_CHOICES), max_size=4))
    rules = {}
    for rule in chosen:
        params = {"status": "hard"}
        if rule == "R-RELENDING":
            params["min_deep_wan"] = draw(st.integers(0, 200))
        if rule == "R-EARMARK":
            params["share"] = draw(st.sampled_from([0.1, 0.3, 0.5]))
        rules[rule] = params
    return counties, sources, categories, needs, budgets, histories, rules, years


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_plan_keeps_every_rule(case):
    from hand import run

    counties, sources, categories, needs, budgets, histories, rules, years = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = dataset(
            Path(tmp),
            counties,
            sources,
            categories,
            needs,
            budgets,
            histories,
            rules=rules,
            years=years,
        )
        result = run(folder, years=years)
        solution = result.solution
        assert solution.status in ("optimal", "infeasible"), solution.solver_status
        if solution.status != "optimal":
            return
        findings = audit(
            result.data, list(years), solution.allocation, solution.units, solution.projects
        )
        broken = findings[~findings["ok"]]
        assert broken.empty, broken.to_string()
        assert (solution.allocation["amount_wan"] >= -1e-9).all()
