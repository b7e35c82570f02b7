"""The factor-method baseline reproduces a formula allocation worked out by hand, the audit flags
exactly the rules it breaks, and `allocate compare` puts it beside an optimised plan."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hand import budget, category, county, dataset, need, source

from optimiser.api import load
from optimiser.audit import audit
from optimiser.cli import cli
from optimiser.scenario.baseline import factor_allocation


def make(folder, rules=None):
    """Poor populations 3:1 -> shares 0.75 / 0.25 of the 100; A (deep) needs two categories
    costing 30 and 90, B one costing 40."""
    counties = [county("A", deep=True), county("B")]
    data = dataset(
        folder,
        counties,
        [source("c", earmark=True)],
        [category("k1", cost=1.0, sources="c"), category("k2", cost=3.0, sources="c")],
        [need("A", "k1", 30), need("A", "k2", 30), need("B", "k1", 40)],
        [budget("c", 100)],
        rules=rules,
        factor_weights={"poor_population": 1.0},
    )
    (data / "indicators.csv").write_text(
        "county_code,year,poor_population\nA,2017,3000\nB,2017,1000\n", encoding="utf-8"
    )
    return data


def test_formula_allocation_by_hand(tmp_path):
    data = load(make(tmp_path))
    allocation, units = factor_allocation(data, 2018)
    got = {(r.county_code, r.category): r.amount_wan for r in allocation.itertuples()}
    # A: 75, split by need cost 30 : 90 -> 18.75 and 56.25; B: 25, all to k1
    assert got == {
        ("A", "k1"): pytest.approx(18.75),
        ("A", "k2"): pytest.approx(56.25),
        ("B", "k1"): pytest.approx(25),
    }
    assert units.set_index(["county_code", "category"])["units"].to_dict() == {
        ("A", "k1"): pytest.approx(18.75),
        ("A", "k2"): pytest.approx(18.75),
        ("B", "k1"): pytest.approx(25),
    }


def test_audit_flags_exactly_the_rules_the_formula_breaks(tmp_path):
    """A earmark of 80% for the deep county is broken (it gets 75%); a need cap is not."""
    data = load(make(tmp_path, rules={"R-EARMARK": {"status": "hard", "share": 0.8}}))
    allocation, units = factor_allocation(data, 2018)
    findings = audit(data, [2018], allocation, units, None)
    broken = findings[findings["breach"]]
    assert set(broken["rule_id"]) == {"R-EARMARK"}
    # in 万元: the deep county's 75 of the 100 allocated, against 80% of them
    assert (broken.iloc[0]["value"], broken.iloc[0]["limit"]) == pytest.approx((75, 80))


def test_baseline_and_compare_commands(tmp_path):
    folder = make(tmp_path / "data", rules={"R-EARMARK": {"status": "hard", "share": 0.8}})
    runner = CliRunner()
    result = runner.invoke(
        cli, ["baseline", "--year", "2018", "--data", str(folder), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "深度贫困县资金占比：1 处" in result.output  # the rule by its name, in Chinese
    assert "2018年：实际 75，规则要求不低于 80 万元" in result.output
    english = runner.invoke(
        cli,
        ["baseline", "--year", "2018", "--data", str(folder), "--out", str(tmp_path / "en")]
        + ["--lang", "en"],
    )
    assert "Deep-poverty earmark of central and provincial special funds: 1" in english.output
    assert "2018: reaches 75 where the rule needs at least 80 万元" in english.output
    result = runner.invoke(
        cli, ["--year", "2018", "--data", str(folder), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    runs = sorted(p for p in (tmp_path / "out").glob("*/*/*") if p.is_dir())
    baseline = next(p for p in runs if p.name.endswith("-baseline"))
    plan = next(p for p in runs if not p.name.endswith("-baseline"))
    result = runner.invoke(cli, ["compare", str(baseline), str(plan)])
    assert result.exit_code == 0, result.output
    assert "覆盖贫困人口（加权）" in result.output
    assert (
        "甲违反的规则：深度贫困县资金占比" in result.output and "乙违反的规则：无" in result.output
    )
    assert "县间调整的资金" in result.output
