"""A what-if straight after a cold solve. The cold solve solves each priority stage's LP
relaxation before HiGHS's search of it and keeps its basis (HighsModel._stage_relaxation), so
the what-if's stage starts from that basis instead of from nothing; a relaxation that takes
every project whole is the stage's optimum and HiGHS's search is not asked.

Checked here: the cold plan is the one HiGHS's search of each stage gave (the stages' optima
and the money), also where the relaxation takes a project in part and so settles nothing; and a
what-if after a cold solve reaches a cold solve's status, objective (within the MIP gap) and
stage optima, with an audit that passes, on variants that keep a stage's optimum and on ones
that change it, on Shanxi 2017-2020 and on tiny datasets with a stage (an LP, and a MIP whose
stage relaxation takes a project in part)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import tiny

from optimiser.api import load, solve, what_if
from optimiser.scenario.overrides import apply, parse_all
from optimiser.solve.highs import HighsModel

ROOT = Path(__file__).resolve().parents[1]
HORIZON = [2017, 2018, 2019, 2020]
PROJECTS = [  # forestry's own programme in the deep county: 400 and 150 万元 of the 500 it has
    {
        "id": "P1",
        "name": "示例：经济林一",
        "county_code": "deep1",
        "category": "grove",
        "cost_profile_wan": "400",
        "beneficiaries": "50",
        "earliest_start": "2018",
        "latest_start": "2018",
    },
    {
        "id": "P2",
        "name": "示例：经济林二",
        "county_code": "deep1",
        "category": "grove",
        "cost_profile_wan": "150",
        "beneficiaries": "30",
        "earliest_start": "2018",
        "latest_start": "2018",
    },
]


def staged(folder: Path, projects: bool):
    """tiny with the deep county first on the forestry block's money for forestry (a stage);
    with `projects`, two forestry projects only that block may pay: the stage's relaxation
    then takes P2 in part (400 + 30 of P2 + the 70 of farmland the block may pay there: 500),
    where whole projects reach 470 at best (P1 and the farmland)."""
    tables, policy = tiny.tables(), tiny.policy()
    categories = ["farmland"]
    if projects:
        tables["categories"].append(
            {
                "code": "grove",
                "name": "经济林",
                "unit": "mu",
                "unit_cost_wan": "0.3",
                "payment_profile": "1",
                "benefit_per_unit": "0.02",
                "sources": "forestry",
            }
        )
        tables["projects"] = [dict(p) for p in PROJECTS]
        categories.append("grove")
    policy["rules"]["R-FOREST-QUOTA"] = {
        "status": "hard",
        "method": "lexicographic",
        "categories": categories,
        "sources": ["forestry"],
    }
    return load(tiny.write(folder, tables, policy))


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    sys.path.insert(0, str(ROOT))
    from soak.instances import Spec, dataset

    folder = tmp_path_factory.mktemp("staged")
    shanxi = load(ROOT / "data" / "shanxi")
    return {
        "shanxi 2018": (shanxi, [2018]),
        "shanxi 2017-2020": (shanxi, HORIZON),
        "tiny LP": (staged(folder / "lp", projects=False), [2018]),
        "tiny MIP": (staged(folder / "mip", projects=True), [2018]),
        "synthetic": (dataset(Spec(8, 8, 2, 5), folder / "synthetic"), [2017, 2018]),
    }


def searched_by_highs(monkeypatch, data, years):
    """The run as it was solved before: each stage by HiGHS's search alone."""
    with monkeypatch.context() as patch:
        patch.setattr(HighsModel, "_stage_relaxation", lambda self, *args: (None, None))
        return solve(data, years)


@pytest.mark.parametrize("name", ["shanxi 2018", "tiny LP", "tiny MIP", "synthetic"])
def test_a_cold_solve_keeps_each_stage_basis_and_the_plan_it_had(datasets, monkeypatch, name):
    data, years = datasets[name]
    run = solve(data, years)
    before = searched_by_highs(monkeypatch, data, years)
    assert run.result.stages, "a dataset with a priority stage"
    kept = run.held.kept_bases()
    assert {f"stage {k}" for k in range(len(run.result.stages))} <= set(kept)
    assert run.solution.status == before.solution.status == "optimal"
    assert [s.best for s in run.result.stages] == pytest.approx(
        [s.best for s in before.result.stages], rel=1e-9, abs=1e-9
    )
    assert run.solution.objective == pytest.approx(before.solution.objective, rel=1e-9)
    assert np.allclose(run.result.values, before.result.values, rtol=1e-9, atol=1e-6)


def test_a_stage_whose_relaxation_takes_a_project_in_part_is_left_to_the_search(datasets):
    """The relaxation would give the stage 500 with P2 in part; the stage's optimum with whole
    projects is 470 (P1 and the farmland), which HiGHS's search finds: the floor the plan is then
    held to is 470's, not the relaxation's."""
    data, years = datasets["tiny MIP"]
    run = solve(data, years)
    assert run.solution.status == "optimal"
    assert run.result.stages[0].best == pytest.approx(470.0, abs=1e-6)
    taken = run.solution.projects
    assert set(taken.loc[taken["funded_fraction"] > 0, "project_id"]) == {"P1"}
    assert "stage 0" in run.held.kept_bases()  # kept all the same, for the next what-if


CASES = [
    # the deep counties' take is held by their needs: the stage's optimum stays
    ("shanxi 2017-2020", "budget.central_special.2018=-10%"),
    # the industry fund is among the priority sources: the stage's optimum falls
    ("shanxi 2017-2020", "budget.industry_fund.2018=-30%"),
    # the forestry block's cut leaves the stage's relaxation with projects in part
    ("shanxi 2017-2020", "budget.forestry_block.2018=-30%"),
    ("tiny LP", "budget.central.2018=-10%"),  # the stage's optimum rises (70 to 100)
    ("tiny LP", "budget.forestry.2018=-60%"),
    ("tiny MIP", "budget.forestry.2018=-20%"),  # 400: P1 alone, or P2 and the farmland
    ("tiny MIP", "budget.forestry.2018=+10%"),  # 550: both projects whole
    ("tiny MIP", "budget.central.2018=-10%"),
]


@pytest.mark.parametrize(("name", "change"), CASES)
def test_a_what_if_after_a_cold_solve_matches_a_cold_solve(datasets, monkeypatch, name, change):
    data, years = datasets[name]
    variant = apply(data, parse_all([change]))
    base = solve(data, years)
    started = []
    from_basis = HighsModel._from_basis

    def spy(self, key):
        found = from_basis(self, key)
        started.append((key, found))
        return found

    monkeypatch.setattr(HighsModel, "_from_basis", spy)
    run, how = what_if(base, variant, anchor=False)
    monkeypatch.undo()
    cold = solve(variant, years)
    assert how == "updated"
    assert ("stage 0", True) in started  # the stage started from the cold solve's basis
    assert run.solution.status == cold.solution.status == "optimal"
    assert not run.solution.audit["breach"].any()
    # a MIP's plans: each within the MIP gap (1e-4) of the optimum, so within 2e-4 of each other
    rel = 2e-4 if run.held.is_mip else 1e-9
    assert run.solution.objective == pytest.approx(cold.solution.objective, rel=rel)
    assert [s.best for s in run.result.stages] == pytest.approx(
        [s.best for s in cold.result.stages], rel=rel
    )
