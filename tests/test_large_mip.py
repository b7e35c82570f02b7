"""Project selection at scale (optimiser.solve.runs, optimiser.solve.bound), checked on a small
synthetic instance whose exact optimum HiGHS finds directly: the relax-then-fix plan is a plan
(the independent audit accepts it), it is no better than the optimum, its bound is no worse, and
the gap it states is the gap between the two. The bound priced county by county equals the LP
optimum when the counties are solved as LPs (the prices and signs are right) and lies between
the true optimum and the LP bound when they are solved as MIPs."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from optimiser.api import load
from optimiser.audit import audit
from optimiser.model.build import build
from optimiser.model.inputs import RunSpec, prepare
from optimiser.solution import read_solution
from optimiser.solve import runs
from optimiser.solve.bound import lagrangian_bound
from optimiser.solve.highs import HighsModel

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2017,)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """30 counties and 900 candidate projects: the LP relaxation leaves a few fractional."""
    from optimiser.synthetic import generate

    folder = tmp_path_factory.mktemp("large") / "syn"
    generate(load(ROOT / "data" / "shanxi"), 30, 900, 1, 2, folder)
    data = load(folder)
    builder = build(prepare(data, RunSpec(YEARS, None, None, 1e-9)))
    exact = HighsModel(builder).solve(mip_gap=1e-9, sensitivity=False, method="direct")
    assert exact.status == "optimal"
    return data, builder, exact


def test_relax_then_fix_gives_a_plan_within_the_gap_it_states(instance):
    data, builder, exact = instance
    held = HighsModel(builder)
    result = held.solve(mip_gap=0.05, sensitivity=False, method="relax")
    assert result.status == "optimal", result.solver_status
    assert "relax-then-fix" in result.solver_status
    tol = 1e-7 * abs(exact.objective)
    assert result.objective <= exact.objective + tol  # no better than the true optimum
    assert result.bound >= exact.objective - tol  # and its bound holds
    stated = (result.bound - result.objective) / abs(result.objective)
    assert result.gap == pytest.approx(stated, rel=1e-9)
    assert result.gap <= 0.05
    _audited(data, builder, held, result)
    assert (read_solution(builder, held, result).projects["funded_fraction"] == 1).sum() > 0


def test_county_bound_is_the_lp_bound_as_lps_and_tighter_as_mips(instance):
    _, builder, exact = instance
    held = HighsModel(builder)
    h, integer = held.highs, held.integer
    h.changeColsIntegrality(
        len(integer), integer, np.full(len(integer), highspy.HighsVarType.kContinuous)
    )
    h.run()
    lp_bound = h.getInfo().objective_function_value
    solution = h.getSolution()
    duals, values = np.asarray(solution.row_dual), np.asarray(solution.col_value)
    h.changeColsIntegrality(
        len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger)
    )
    groups = held.groups()
    assert len(set(groups.tolist()) - {-1}) == 30
    as_lps = lagrangian_bound(h.getLp(), integer, groups, duals, relax=True)
    assert as_lps.value == pytest.approx(lp_bound, rel=1e-9)
    as_mips = lagrangian_bound(h.getLp(), integer, groups, duals, values=values)
    tol = 1e-7 * abs(exact.objective)
    assert exact.objective - tol <= as_mips.value <= lp_bound + tol
    assert as_mips.value < lp_bound - tol  # integrality inside the counties is priced in
    assert 0 < as_mips.searched <= 30
    both = lagrangian_bound(h.getLp(), integer, groups, duals, values=values, workers=2)
    assert both.value == pytest.approx(as_mips.value, rel=1e-12)


def test_small_model_goes_on_to_branch_and_bound_for_a_tight_gap(instance):
    _, builder, exact = instance
    result = HighsModel(builder).solve(mip_gap=1e-9, sensitivity=False, method="relax")
    assert result.status == "optimal"
    assert result.objective == pytest.approx(exact.objective, rel=1e-7)


def test_no_plan_among_the_undecided_falls_back_to_solving_stage_by_stage(instance, monkeypatch):
    _, builder, exact = instance
    real = runs._relax_then_fix
    calls = []

    def first_fails(h, integer, deadline, gap, groups):
        calls.append(1)
        outcome = real(h, integer, deadline, gap, groups)
        if len(calls) == 1:
            outcome.values, outcome.fixed_failed = None, True
        return outcome

    monkeypatch.setattr(runs, "_relax_then_fix", first_fails)
    result = HighsModel(builder).solve(mip_gap=1e-9, sensitivity=False, method="relax")
    assert len(calls) > 1  # it tried again
    assert result.status == "optimal"
    assert result.objective == pytest.approx(exact.objective, rel=1e-7)


def test_large_model_short_of_the_gap_is_reported_feasible_with_its_gap(instance, monkeypatch):
    """A large model stops at the plan it has proved (HiGHS's own search can overrun its time
    limit at that size): asked for a gap it cannot prove, it says "feasible", never optimal."""
    _, builder, exact = instance
    monkeypatch.setattr(runs, "RELAX_FROM", 100)  # 900 projects count as large here
    monkeypatch.setattr(runs, "lagrangian_bound", lambda *a, **k: None)  # no county bound
    result = HighsModel(builder).solve(mip_gap=1e-9, sensitivity=False)
    assert result.status == "feasible", result.solver_status
    assert result.solver_status.startswith("Feasible")
    assert result.gap > 1e-9
    assert result.bound >= exact.objective - 1e-7 * abs(exact.objective)
    assert result.objective <= exact.objective + 1e-7 * abs(exact.objective)


def test_the_command_line_chooses_the_method(tmp_path):
    from click.testing import CliRunner

    from optimiser.cli import cli
    from optimiser.synthetic import generate

    folder = generate(load(ROOT / "data" / "shanxi"), 12, 200, 1, 5, tmp_path / "syn")
    said = {}
    for method in ("relax", "direct"):
        result = CliRunner().invoke(
            cli,
            [
                "--data",
                str(folder),
                "--year",
                "2017",
                "--mip-method",
                method,
                "--mip-gap",
                "0.05",
                "--out",
                str(tmp_path / method),
                "--detail",
                "--lang",
                "en",
            ],
        )
        assert result.exit_code == 0, result.output
        said[method] = " ".join(result.output.split())  # wrapped lines joined again
    assert "relax-then-fix" in said["relax"] and " from " in said["relax"]
    assert "projects in part" in said["relax"]
    assert "relax-then-fix" not in said["direct"]
    bad = CliRunner().invoke(cli, ["--data", str(folder), "--year", "2017", "--mip-method", "x"])
    assert bad.exit_code == 2


def _audited(data, builder, held, result):
    solution = read_solution(builder, held, result)
    findings = audit(data, list(YEARS), solution.allocation, solution.units, solution.projects)
    assert findings[~findings["ok"]].empty, findings[~findings["ok"]]
    fractions = solution.projects["funded_fraction"]
    assert ((fractions == 0) | (fractions == 1)).all()


def test_counties_own_choices_give_a_plan_proved_within_a_tight_gap(instance, monkeypatch):
    """At scale the plan made of each county's own best projects at the LP's prices, the rest
    solved again with them kept, closes the gap the decided-projects MIP leaves open."""
    data, builder, exact = instance
    monkeypatch.setattr(runs, "RELAX_FROM", 100)  # 900 projects count as large here
    held = HighsModel(builder)
    result = held.solve(mip_gap=1e-6, sensitivity=False)
    assert result.status == "optimal", result.solver_status
    assert runs.COUNTY_PLAN in result.solver_status
    tol = 1e-6 * abs(exact.objective)
    assert exact.objective - tol <= result.objective <= exact.objective + 1e-9 * tol
    assert result.bound >= exact.objective - 1e-7 * abs(exact.objective)
    _audited(data, builder, held, result)


def test_counties_choices_that_break_a_shared_budget_fall_back_to_the_fixed_mip(
    instance, monkeypatch
):
    """Every county taking every project cannot fit the province's budgets: that plan does not
    exist, and the plan comes from the projects the relaxation decided, with the county bound."""
    data, builder, exact = instance
    monkeypatch.setattr(runs, "RELAX_FROM", 100)
    real = runs.lagrangian_bound

    def greedy(lp, integer, *args, **kwargs):
        priced = real(lp, integer, *args, **kwargs)
        priced.choice[integer] = 1.0
        return priced

    monkeypatch.setattr(runs, "lagrangian_bound", greedy)
    held = HighsModel(builder)
    result = held.solve(mip_gap=1e-9, sensitivity=False)
    assert runs.FIXED_PLAN in result.solver_status, result.solver_status
    assert "priced county by county" in result.solver_status
    assert result.objective <= exact.objective + 1e-7 * abs(exact.objective)
    assert result.bound >= exact.objective - 1e-7 * abs(exact.objective)
    _audited(data, builder, held, result)


def test_the_duals_given_the_projects_start_from_the_counties_plan(instance, monkeypatch):
    """The counties' plan is an LP with every project held: its optimal basis is where the duals
    given the projects start, so that LP is not solved a second time (0 iterations); without the
    basis it takes some."""
    _, builder, _ = instance
    monkeypatch.setattr(runs, "RELAX_FROM", 100)
    iterations = {}
    real_sensitivity = HighsModel._sensitivity

    def counted(self, result):  # called right after the LP given the projects is solved
        iterations[kept] = self.highs.getInfo().simplex_iteration_count
        real_sensitivity(self, result)

    monkeypatch.setattr(HighsModel, "_sensitivity", counted)
    real_fixed = runs._fixed

    def without_basis(*args, **kwargs):
        outcome = real_fixed(*args, **kwargs)
        outcome.plan_basis = None
        return outcome

    for kept in (True, False):
        if not kept:
            monkeypatch.setattr(runs, "_fixed", without_basis)
        held = HighsModel(builder)
        result = held.solve(mip_gap=1e-6)
        assert runs.COUNTY_PLAN in result.solver_status
        assert result.given_projects and result.row_duals is not None
    assert iterations[True] == 0 < iterations[False]
