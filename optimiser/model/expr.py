"""Building linear expressions at once (no repeated Python arithmetic), shared by the model and
the rule families. Pyomo is imported on first use so reading and validating data stays quick."""

from __future__ import annotations


def linear(terms: list, coefs: list[float] | None = None):
    """sum(coefs[i] * terms[i]) as one Pyomo LinearExpression; 0.0 when there are no terms."""
    if not terms:
        return 0.0
    from pyomo.core.expr.numeric_expr import LinearExpression

    if coefs is None:
        coefs = [1.0] * len(terms)
    return LinearExpression(constant=0.0, linear_coefs=list(coefs), linear_vars=list(terms))
