"""A golden LP file per rule family: the model of one fixed small instance with only that family
switched on (besides the structural ones), as HiGHS holds it. A change to a family's rows shows
up as a diff of its file; regenerate with UPDATE_GOLDEN=1 after reading the diff.

Families whose "deep counties first" is solved as a stage (lexicographic) are written with
method share, so their rows appear in the file. R-ELIGIBILITY and R-PREPAY act on the data (which
arcs exist; projects' cash profiles) rather than adding rows; R-PREPAY's instance runs two years
so that the capped first-year payment shows in the coefficients.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hand import ALL_OFF, budget, category, county, dataset, history, need, source

from optimiser.api import load
from optimiser.model.build import build
from optimiser.model.inputs import RunSpec, prepare
from optimiser.rules import FAMILIES
from optimiser.solve.highs import HighsModel

GOLDEN = Path(__file__).parent / "golden"
STRUCTURAL = {"R-BUDGET", "R-PAYMENT", "R-NEED", "R-ELIGIBILITY", "R-PROJECT"}
ACT_ON_DATA = {"R-ELIGIBILITY", "R-PREPAY"}


def years_of(rule_id: str) -> tuple[int, ...]:
    return (2018, 2019) if rule_id == "R-PREPAY" else (2018,)


def instance(folder: Path, rule_id: str) -> Path:
    counties = [county("A", deep=True), county("B"), county("C", designation="none", city="乙市")]
    sources = [
        source("c", earmark=True),
        source("blk", "provincial", block=True),
        source("prov", "provincial"),
        source("cty", "city"),
        source("own", "county"),
        source("rev", "provincial", "revolving"),
        source("bank", "bank", "credit"),
        source("rel", "bank", "relending"),
        source("fund", "provincial", "fund"),
        source("lottery"),
    ]
    categories = [
        category("low", sources="c;blk;prov;cty", profile="0.6;0.4"),
        category("high", benefit=2, sources="c;blk;prov"),
        category("housing", cost=1.4, benefit=3, sources="c;blk"),
        category("village_upgrade", cost=20, benefit=30, sources="lottery;c"),
        category("relief_fund", benefit=0, sources="prov;cty;own"),
        category("credit", benefit=0.2, sources="rev;own;bank;rel;fund"),
    ]
    needs = [
        need("A", "low", 500),
        need("B", "high", 500),
        need("C", "high", 100),
        need("A", "housing", 30, deadline=2018),
        need("A", "village_upgrade", 3),
        need("B", "village_upgrade", 5),
        need("A", "relief_fund", 2000),
        need("B", "relief_fund", 2000),
        need("A", "credit", 5000),
        need("B", "credit", 5000),
    ]
    budgets = [
        budget("c", 600),
        budget("blk", 300),
        budget("prov", 1500),
        budget("cty", 800, city="甲市"),
        budget("own", 700, county_code="A"),
        budget("own", 700, county_code="B"),
        budget("rev", 100),
        budget("bank", 1000),
        budget("rel", 400),
        budget("fund", 200),
        budget("lottery", 100),
    ]
    years = years_of(rule_id)
    budgets = [dict(b, year=str(y)) for y in years for b in budgets]
    histories = [
        history("A", "blk", 30),
        history("B", "blk", 70),
        history("A", "c", 200),
        history("B", "c", 300),
        history("A", "cty", 300),
        history("B", "cty", 300),
        history("A", "cty", 250, year=2016),
        history("B", "cty", 250, year=2016),
    ]
    projects = [
        {
            "id": "P1",
            "name": "road",
            "county_code": "A",
            "category": "low",
            "cost_profile_wan": "40",
            "beneficiaries": "30",
            "earliest_start": "2018",
            "latest_start": "2018",
        },
        {
            "id": "P2",
            "name": "market",
            "county_code": "A",
            "category": "low",
            "cost_profile_wan": "70;10",
            "beneficiaries": "80",
            "earliest_start": "2018",
            "latest_start": "2018",
            "prerequisites": "P1",
        },
    ]
    params = {"status": "hard"}
    if rule_id in ("R-INDUSTRY-FUND", "R-LOTTERY"):
        params["method"] = "share"
    rules = {} if rule_id in STRUCTURAL else {rule_id: params}
    return dataset(
        folder,
        counties,
        sources,
        categories,
        needs,
        budgets,
        histories,
        rules=rules,
        years=years,
        actuals=(2016, 2017),
        projects=projects,
    )


def lp_text(folder: Path, tmp: Path, years: tuple[int, ...]) -> str:
    data = load(folder)
    held = HighsModel(build(prepare(data, RunSpec(years))))
    path = tmp / "model.lp"
    held.write(str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule_id", [f.id for f in FAMILIES])
def test_family_lp_matches_golden(rule_id, tmp_path):
    text = lp_text(instance(tmp_path / "data", rule_id), tmp_path, years_of(rule_id))
    golden = GOLDEN / f"{rule_id}.lp"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden LP for {rule_id}: run with UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")
    if rule_id not in ACT_ON_DATA:
        component = rule_id.replace("-", "_")
        assert f" {component}(" in text, f"{rule_id} adds no row to its golden instance"


def test_every_family_has_a_golden_file():
    assert {f.id for f in FAMILIES} <= {p.stem for p in GOLDEN.glob("*.lp")}
    assert not ALL_OFF.keys() - {f.id for f in FAMILIES}
