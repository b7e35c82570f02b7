"""The behaviour of highspy that optimiser.solve.highs relies on, pinned on a model small enough
to solve by hand. Verified with the versions of requirements.lock (and with highspy 1.15.1 before
it); after an upgrade (`make test-latest`) these tests say whether the conventions still hold: a
row dual is d(objective)/d(right-hand side) whether the objective is maximised or minimised;
ranging gives the right-hand-side interval of a dual; the IIS from the elastic LP names the
conflicting rows; names reach LP files."""

from __future__ import annotations

import pytest
from hand import budget, category, county, dataset, need, run, source


@pytest.mark.parametrize("mode", ["impact", "formula"])
def test_dual_is_derivative_of_objective_in_both_senses(tmp_path, mode):
    folder = dataset(
        tmp_path,
        [county("A"), county("B")],
        [source("c")],
        [category("k", sources="c"), category("j", benefit=3, sources="c")],
        [need("A", "k", 1000), need("B", "j", 40)],
        [budget("c", 100)],
        objective={"mode": mode},
        factor_weights={"poor_population": 1.0},
    )
    base = run(folder)
    cap = base.solution.rules.query("instance == 'B|j|all'").iloc[0]
    bigger = dataset(
        tmp_path / "b",
        [county("A"), county("B")],
        [source("c")],
        [category("k", sources="c"), category("j", benefit=3, sources="c")],
        [need("A", "k", 1000), need("B", "j", 41)],
        [budget("c", 100)],
        objective={"mode": mode},
        factor_weights={"poor_population": 1.0},
    )
    moved = run(bigger).solution.objective - base.solution.objective
    i = base.held.row(next(r.constraint for r in base.builder.rows if r.instance == "B|j|all"))
    assert base.result.row_duals[i] == pytest.approx(moved)
    # rules.csv reports what relaxing the need is worth, positive when the plan improves
    assert cap["marginal_value"] == pytest.approx(moved if mode == "impact" else -moved)


def test_model_file_names_rows_by_rule(tmp_path):
    folder = dataset(
        tmp_path,
        [county("A")],
        [source("c")],
        [category("k", sources="c")],
        [need("A", "k", 10)],
        [budget("c", 100)],
    )
    r = run(folder)
    r.held.write(str(tmp_path / "m.lp"))
    text = (tmp_path / "m.lp").read_text()
    assert "R_BUDGET(c,2018)" in text and "R_NEED(A,k,all)" in text and "x(c,A,k,2018)" in text
