"""A golden model per rule family: the model of one fixed small instance with only that family
switched on (besides the structural ones), as HiGHS holds it, kept as data (tests/golden/*.json:
sense, offset, every column's bounds, cost and integrality, every row's bounds and coefficients,
all by name) and compared as data, coefficients to 1e-12 relative: how a solver version prints
numbers never matters, a changed row always does. A change to a family's rows shows up as a list
of differences and as a diff of its file; regenerate with UPDATE_GOLDEN=1 after reading them.

Families whose "deep counties first" is solved as a stage (lexicographic) are written with
method share, so their rows appear in the file. R-ELIGIBILITY acts on the data (which arcs
exist) rather than adding rows; R-PREPAY's instance runs two years with a back-loaded project, so
that its advance, paid in the start year and recovered the year after, shows in the rows.

The families of 004's programme clauses (PROGRAMMES) need the programmes' categories: their
instance adds them, with needs of both counties and a projects of deep county A, and leaves the
other families' instance as it was. The targets run 2018 alone against a target year of 2020, so
the even pace's share (1/3 of the need) shows in the rows.
"""

from __future__ import annotations

import copy
import json
import math
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
RELATIVE = 1e-12
STRUCTURAL = {"R-BUDGET", "R-PAYMENT", "R-NEED", "R-ELIGIBILITY", "R-PROJECT"}
ACT_ON_DATA = {"R-ELIGIBILITY"}


PROGRAMMES = {
    "R-FOREST-QUOTA",
    "R-LABOUR-SUBSIDY",
    "R-EDUCATION-FIRST",
    "R-FARMLAND-TARGET",
    "R-PV-COVERAGE",
}


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
    if rule_id in PROGRAMMES:  # the programmes of 004 §2, §4 and §5, paid by c and blk
        categories += [
            category("farmland_return", cost=0.23, benefit=0.1, sources="blk;prov",
                     profile="0.4;0.6"),
            category("forest_ranger", cost=0.6, benefit=2.5, sources="blk;prov"),
            category("pv_village", cost=140, benefit=200, sources="c;prov"),
            category("training", cost=0.3, sources="c;prov"),
            category("transport_subsidy", cost=0.08, sources="c;prov"),
            category("education", cost=0.2, sources="c;prov"),
        ]  # fmt: skip
        needs += [
            need("A", "farmland_return", 3000),
            need("B", "forest_ranger", 50, basis="annual"),
            need("A", "forest_ranger", 40, basis="annual"),
            need("A", "pv_village", 6),
            need("B", "pv_village", 4),
            need("A", "training", 200),
            need("B", "training", 300),
            need("A", "transport_subsidy", 100, basis="annual"),
            need("A", "education", 150, basis="annual"),
            need("B", "education", 150, basis="annual"),
        ]
        projects.append(
            {
                "id": "P4",
                "name": "stations",
                "county_code": "A",
                "category": "pv_village",
                "cost_profile_wan": "280",
                "units": "2",
                "beneficiaries": "400",
                "earliest_start": "2018",
                "latest_start": "2018",
            }
        )
    if rule_id == "R-PREPAY":  # back-loaded: its advance has room under the 50% ceiling
        projects.append(
            {
                "id": "P3",
                "name": "bridge",
                "county_code": "B",
                "category": "high",
                "cost_profile_wan": "10;70",
                "beneficiaries": "60",
                "earliest_start": "2018",
                "latest_start": "2018",
            }
        )
    params = {"status": "hard"}
    if rule_id == "R-INCREASE":  # the optional 双增长 reading too, so its rows are pinned
        params["city_double_growth"] = True
    if rule_id in ("R-INDUSTRY-FUND", "R-LOTTERY", "R-FOREST-QUOTA", "R-EDUCATION-FIRST"):
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


def snapshot(folder: Path, years: tuple[int, ...]) -> dict:
    data = load(folder)
    return HighsModel(build(prepare(data, RunSpec(years)))).snapshot()


def dump(model: dict) -> str:
    """One column or row a line, so a changed row is one changed line in a diff."""
    lines = ["{", f' "sense": {json.dumps(model["sense"])},', f' "offset": {model["offset"]!r},']
    for part in ("columns", "rows"):
        entries = [
            f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
            for name, value in model[part].items()
        ]
        end = "," if part == "columns" else ""
        lines += [f' "{part}": {{', ",\n".join(entries), f" }}{end}"]
    return "\n".join(lines + ["}", ""])


def close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=RELATIVE, abs_tol=0.0)


def differences(got: dict, want: dict) -> list[str]:
    """Every way two models differ, in words; empty when they are the same model."""
    found = []
    for key in ("sense", "offset"):
        if not (got[key] == want[key] or (key == "offset" and close(got[key], want[key]))):
            found.append(f"{key}: {got[key]!r}, golden {want[key]!r}")
    for part in ("columns", "rows"):
        have, expected = got[part], want[part]
        found += [f"{part[:-1]} {n} is new" for n in have.keys() - expected.keys()]
        found += [f"{part[:-1]} {n} is gone" for n in expected.keys() - have.keys()]
        for name in have.keys() & expected.keys():
            a, b = have[name], expected[name]
            for field in ("lower", "upper", "cost", "integer"):
                if field in b and not close(a[field], b[field]):
                    found.append(f"{part[:-1]} {name} {field}: {a[field]!r}, golden {b[field]!r}")
            if part == "rows":
                terms, golden_terms = a["terms"], b["terms"]
                for col in terms.keys() | golden_terms.keys():
                    x, y = terms.get(col), golden_terms.get(col)
                    if x is None or y is None or not close(x, y):
                        found.append(f"row {name}, column {col}: {x!r}, golden {y!r}")
    return sorted(found)


@pytest.mark.parametrize("rule_id", [f.id for f in FAMILIES])
def test_family_model_matches_golden(rule_id, tmp_path):
    model = snapshot(instance(tmp_path / "data", rule_id), years_of(rule_id))
    golden = GOLDEN / f"{rule_id}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(dump(model), encoding="utf-8")
    assert golden.exists(), f"no golden model for {rule_id}: run with UPDATE_GOLDEN=1"
    found = differences(model, json.loads(golden.read_text(encoding="utf-8")))
    assert not found, f"{len(found)} differences from {golden.name}:\n" + "\n".join(found[:30])
    if rule_id not in ACT_ON_DATA:
        component = rule_id.replace("-", "_")
        assert any(name.startswith(component + "[") for name in model["rows"]), (
            f"{rule_id} adds no row to its golden instance"
        )


def test_the_comparison_sees_a_changed_coefficient_bound_sense_and_row(tmp_path):
    model = snapshot(instance(tmp_path / "data", "R-EARMARK"), (2018,))
    golden = json.loads(dump(model))
    assert differences(model, golden) == []
    row = next(n for n in golden["rows"] if n.startswith("R_EARMARK["))
    col, coef = next(iter(golden["rows"][row]["terms"].items()))
    changed = copy.deepcopy(golden)
    changed["rows"][row]["terms"][col] = coef * (1 + 1e-9)
    assert differences(model, changed) == [
        f"row {row}, column {col}: {coef!r}, golden {coef * (1 + 1e-9)!r}"
    ]
    within = copy.deepcopy(golden)
    within["rows"][row]["terms"][col] = coef * (1 + 1e-14)
    assert differences(model, within) == []
    flipped = copy.deepcopy(golden)
    flipped["rows"][row]["lower"], flipped["rows"][row]["upper"] = (
        golden["rows"][row]["upper"],
        golden["rows"][row]["lower"],
    )
    flipped["sense"] = "min"
    found = differences(model, flipped)
    assert "sense: 'max', golden 'min'" in found and len(found) == 3
    dropped = copy.deepcopy(golden)
    del dropped["rows"][row]
    assert differences(model, dropped) == [f"row {row} is new"]


def test_every_family_has_a_golden_file():
    assert {f.id for f in FAMILIES} <= {p.stem for p in GOLDEN.glob("*.json")}
    assert not ALL_OFF.keys() - {f.id for f in FAMILIES}
