"""A held model reads each rule row's coefficients off its expression (HighsModel.coefficients):
the quick reading of plain sums gives what Pyomo's general walk gives, on every row of Shanxi
2017-2020 and on the shapes the rule families write, and hands anything else (a fixed variable,
a product of variables) to Pyomo."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.repn import generate_standard_repn

from optimiser.api import load, solve

ROOT = Path(__file__).resolve().parents[1]


def pyomo_reading(model, expr) -> tuple[dict[int, float], float]:
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    found: dict[int, float] = {}
    for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        j = model.col(var)
        found[j] = found.get(j, 0.0) + float(coef)
    return found, float(repn.constant)


def as_dict(index, value) -> dict[int, float]:
    return {j: v for j, v in zip(index, value, strict=True) if v != 0}


@pytest.fixture(scope="module")
def shanxi():
    return solve(load(ROOT / "data" / "shanxi"), [2017, 2018, 2019, 2020]).held


def test_every_shanxi_row_reads_as_pyomo_reads_it_and_quickly(shanxi):
    quick = 0
    for row in shanxi.rows:
        index, value, constant = shanxi.coefficients(row.body)
        expected, expected_constant = pyomo_reading(shanxi, row.body)
        assert as_dict(index, value) == pytest.approx(
            {j: v for j, v in expected.items() if v != 0}, rel=1e-12, abs=1e-12
        )
        assert constant == pytest.approx(expected_constant, rel=1e-12, abs=1e-9)
        quick += shanxi._linear_terms(row.body) is not None
    assert quick == len(shanxi.rows)  # none left to the general walk


def test_other_shapes_fall_back_to_pyomo(shanxi):
    x = list(shanxi.columns[:3])
    nested = 2.0 * (LinearExpression([x[0], MonomialTermExpression((3.0, x[1])), 4.0]) - x[2])
    assert shanxi._linear_terms(nested) is not None
    index, value, constant = shanxi.coefficients(nested)
    expected, expected_constant = pyomo_reading(shanxi, nested)
    assert as_dict(index, value) == pytest.approx(expected)
    assert constant == expected_constant == 8.0
    assert shanxi._linear_terms(x[0] * x[1]) is None
    x[2].fix(5.0)
    try:
        with_fixed = LinearExpression([x[0], x[2]])
        assert shanxi._linear_terms(with_fixed) is None
        index, value, constant = shanxi.coefficients(with_fixed)
        assert as_dict(index, value) == {shanxi.col(x[0]): 1.0}
        assert constant == 5.0
    finally:
        x[2].unfix()
