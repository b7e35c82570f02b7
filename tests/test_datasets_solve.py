"""The shipped datasets solve, every plan passes the independent audit, and the results match the
pinned regression values (tests/regression/values.yaml), each change of which is dated."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from optimiser.api import load, solve
from optimiser.audit import audit

ROOT = Path(__file__).resolve().parents[1]
PINNED = yaml.safe_load((Path(__file__).parent / "regression" / "values.yaml").read_text())["runs"]


@pytest.fixture(scope="module")
def datasets():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = load(ROOT / "data" / name)
        return cache[name]

    return get


@pytest.mark.parametrize(
    "pinned", PINNED, ids=lambda p: f"{p['dataset']}-{'-'.join(map(str, p['years']))}"
)
def test_run_matches_pinned_values_and_passes_audit(pinned, datasets):
    data = datasets(pinned["dataset"])
    run = solve(data, pinned["years"])
    solution = run.solution
    assert solution.status == "optimal", solution.solver_status
    assert solution.counts["variables"] == pinned["variables"]
    assert solution.counts["constraints"] == pinned["constraints"]
    assert solution.objective == pytest.approx(pinned["objective"], rel=1e-6)
    findings = solution.audit  # the run's own audit, which decided its status
    assert findings.equals(
        audit(
            data,
            pinned["years"],
            solution.allocation,
            solution.units,
            solution.projects,
            solution.rules,
        )
    )
    broken = findings[~findings["ok"]]
    assert broken.empty, broken.head(20).to_string()
    assert solution.recomputed_objective == pytest.approx(solution.objective, rel=1e-9)
    # the audit looked at the plan: budgets, payments and needs at least, and the earmark,
    # growth floor and year-on-year increase wherever the dataset switches them on
    audited = set(findings["rule_id"])
    assert {"R-BUDGET", "R-PAYMENT", "R-NEED"} <= audited
    for rule in ("R-EARMARK", "R-GROWTH", "R-INCREASE", "R-RELIEF-FUND", "R-REVOLVING"):
        if data.policy.rules[rule].on:
            assert rule in audited, rule
    assert pinned["changes"], "every pinned figure says when and why it was set"


def test_shanxi_2018_keeps_the_documented_earmark(datasets):
    """Recomputed from the allocation, not from the model's rows: the deep counties' share of
    central plus provincial special funds in 2018 is at least 30% (004-8)."""
    data = datasets("shanxi")
    allocation = solve(data, [2018]).solution.allocation
    earmark = {s.code for s in data.sources if s.earmark}
    special = allocation[allocation["source"].isin(earmark)]
    deep = special[special["county_code"].isin(data.deep_codes)]["amount_wan"].sum()
    share = deep / special["amount_wan"].sum()
    assert share >= 0.30 - 1e-9
    assert special["amount_wan"].sum() == pytest.approx(144_000 / 0.303, rel=1e-6)
