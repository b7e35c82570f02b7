"""Building linear expressions at once (no repeated Python arithmetic), shared by the model and
the rule families. Pyomo is imported on first use so reading and validating data stays quick."""

from __future__ import annotations


def linear(terms: list, coefs: list[float] | None = None):
    """sum(coefs[i] * terms[i]) as one Pyomo LinearExpression; 0.0 when there are no terms.

    A term with coefficient 1 is passed as the variable itself, which LinearExpression accepts
    as an argument: no monomial object is made for it (most terms here are plain sums of money,
    and at national size this halves the time spent making expressions)."""
    if not terms:
        return 0.0
    from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

    if coefs is None:
        return LinearExpression(list(terms))
    return LinearExpression(
        [
            var if coef == 1 else MonomialTermExpression((coef, var))
            for coef, var in zip(coefs, terms, strict=True)
        ]
    )
