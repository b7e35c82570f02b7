"""The shipped datasets load clean, and their documented totals hold."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimiser.cli import cli
from optimiser.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ["shanxi", "jincheng", "hebei"]


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_validates_clean(name):
    result = CliRunner().invoke(cli, ["validate", "--data", str(ROOT / "data" / name)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.output


@pytest.fixture(scope="module")
def shanxi():
    return load_dataset(ROOT / "data" / "shanxi")


def test_shanxi_counties(shanxi):
    assert len(shanxi.counties) == 58
    designations = defaultdict(int)
    for county in shanxi.counties:
        designations[county.designation] += 1
    assert designations == {"national": 36, "provincial": 22}
    deep = {c.name for c in shanxi.counties if c.deep}
    assert deep == {
        "偏关县",
        "宁武县",
        "静乐县",
        "兴县",
        "临县",
        "石楼县",
        "永和县",
        "大宁县",
        "天镇县",
        "广灵县",
    }  # 004-1
    unidentified = [c for c in shanxi.counties if not c.is_identified]
    assert len(unidentified) == 1 and unidentified[0].designation == "provincial"


def test_shanxi_calibration(shanxi):
    poor = defaultdict(float)
    for row in shanxi.indicators:
        poor[(row.year, row.county_code in shanxi.deep_codes)] += row.poor_population
    # 1,442,000 is the whole province's end-2016 poor (004-0): the 58 counties hold a part of it
    assert 0 < poor[(2016, True)] + poor[(2016, False)] < 1_442_000
    assert poor[(2017, True)] == pytest.approx(262_000, abs=0.5)
    rural = sum(
        r.rural_population
        for r in shanxi.indicators
        if r.year == 2017 and r.county_code in shanxi.deep_codes
    )
    assert poor[(2017, True)] / rural == pytest.approx(0.154, abs=0.0005)
    earmark = {s.code for s in shanxi.sources if s.earmark}
    special_2018 = sum(
        b.amount_wan for b in shanxi.budgets if b.year == 2018 and b.source in earmark
    )
    assert special_2018 == pytest.approx(144_000 / 0.303, abs=1.0)


def test_jincheng_documented_figures():
    data = load_dataset(ROOT / "data" / "jincheng")
    poor = {c.name: 0.0 for c in data.counties}
    names = {c.code: c.name for c in data.counties}
    for row in data.indicators:
        if row.year == 2017:
            poor[names[row.county_code]] += row.poor_population
    assert poor == {"陵川县": 1972, "沁水县": 1322, "泽州县": 2920, "阳城县": 2025, "高平市": 1760}
    assert sum(poor.values()) == 9999  # 001-2.0
    city = {h.year: 0.0 for h in data.history}
    for h in data.history:
        if h.source == "city_special":
            city[h.year] += h.amount_wan
    assert city[2017] == pytest.approx(3093) and city[2016] == pytest.approx(3093 - 615.8)
    total_2017 = sum(h.amount_wan for h in data.history if h.year == 2017)
    assert total_2017 == pytest.approx(24_429.87, abs=0.01)


def test_hebei_relief_fund_rule_is_on():
    data = load_dataset(ROOT / "data" / "hebei")
    rules = data.policy.rules
    assert rules["R-RELIEF-FUND"].status == "hard"
    assert rules["R-PREPAY"].status == "hard" and rules["R-PREPAY"].max_share == 0.5
    assert rules["R-INCREASE"].status == "hard"
    assert data.projects, "Hebei's prepayment rule needs candidate projects"
