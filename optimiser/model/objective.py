"""The objective, in two modes.

impact (maximise): estimated poor people reached, with diminishing returns per county, deep
counties weighted by `deep_weight`, less the penalties of soft-rule shortfalls:

    reach[c] = sum_{k, y} benefit[k] * u[c, k, y] + sum_{p of c, y} beneficiaries[p] * z[p, y]
    reach[c] = sum_i r[c, i],   r[c, i] <= (up_to[i] - up_to[i-1]) * poor[c]
    max  sum_c w[c] * sum_i weight[i] * r[c, i]  -  sum penalty * shortfall

Because the segment weights fall, the solver fills each county's segments in order: the first
half of a county's poor reached counts fully, the next half less, beyond that little.

formula (minimise): as close as the rules allow to the factor-method shares of the money
allocated each year, after first allocating as much as the rules allow:

    money[c, y] - share[c] * money[., y] = over[c, y] - under[c, y]
    min  sum_{c, y} (over + under)  +  sum penalty * shortfall

(the "allocate as much as possible" stage is a priority the solver maximises first).
"""

from __future__ import annotations

import pyomo.environ as pyo

from optimiser.model.build import ModelBuilder, Priority
from optimiser.model.expr import linear


def add_objective(b: ModelBuilder) -> None:
    mode = b.inputs.spec.objective or b.inputs.data.policy.objective.mode
    if b.elastic:
        terms = [var for _, var in b.penalty_terms]
        b.model.objective = pyo.Objective(expr=linear(terms), sense=pyo.minimize)
    elif mode == "impact":
        _impact(b)
    else:
        _formula(b)


def _impact(b: ModelBuilder) -> None:
    m, inp = b.model, b.inputs
    objective = inp.data.policy.objective
    categories = inp.data.category_by_code
    reach_vars: dict[str, list] = {c: [] for c in inp.counties}
    reach_coefs: dict[str, list] = {c: [] for c in inp.counties}
    for c, k, y in m.U_INDEX:
        if categories[k].benefit_per_unit > 0:
            reach_vars[c].append(m.u[c, k, y])
            reach_coefs[c].append(categories[k].benefit_per_unit)
    for p, y in m.Z_INDEX:
        project = b.project(p)
        if project.beneficiaries > 0:
            reach_vars[project.county_code].append(m.z[p, y])
            reach_coefs[project.county_code].append(project.beneficiaries)
    counties = [c for c in inp.counties if reach_vars[c]]
    segments = objective.segments
    m.SEGMENTS = pyo.Set(initialize=range(len(segments)))
    m.reach = pyo.Var(counties, m.SEGMENTS, within=pyo.NonNegativeReals)
    b.counties_by("reach", lambda index: index[0])
    lower = [0.0] + [s.up_to for s in segments[:-1]]
    for c in counties:
        for i, segment in enumerate(segments):
            if segment.up_to is not None:
                m.reach[c, i].setub((segment.up_to - lower[i]) * inp.poor_base[c])
    m.reach_total = pyo.Constraint(
        counties,
        rule=lambda _m, c: (
            linear(
                reach_vars[c] + [m.reach[c, i] for i in m.SEGMENTS],
                reach_coefs[c] + [-1.0] * len(segments),
            )
            == 0
        ),
    )
    deep_weight = objective.deep_weight
    terms, coefs = [], []
    for c in counties:
        w = deep_weight if c in inp.deep else 1.0
        for i, segment in enumerate(segments):
            terms.append(m.reach[c, i])
            coefs.append(w * segment.weight)
    for penalty, var in b.penalty_terms:
        terms.append(var)
        coefs.append(-penalty)
    m.objective = pyo.Objective(expr=linear(terms, coefs), sense=pyo.maximize)


def _formula(b: ModelBuilder) -> None:
    m, inp = b.model, b.inputs
    index = [(c, y) for c in inp.counties for y in inp.years]
    m.over = pyo.Var(index, within=pyo.NonNegativeReals)
    m.under = pyo.Var(index, within=pyo.NonNegativeReals)
    totals = {y: b.money(y) for y in inp.years}

    def deviation(_m, c, y):
        return (
            b.money(y, counties=[c])
            - inp.formula_share[c] * totals[y]
            - m.over[c, y]
            + m.under[c, y]
        ) == 0

    m.formula_deviation = pyo.Constraint(index, rule=deviation)
    terms = [m.over[i] for i in index] + [m.under[i] for i in index]
    coefs = [1.0] * len(terms)
    for penalty, var in b.penalty_terms:
        terms.append(var)
        coefs.append(penalty)
    m.objective = pyo.Objective(expr=linear(terms, coefs), sense=pyo.minimize)
    spend = sum((totals[y] for y in inp.years if not isinstance(totals[y], float)), 0.0)
    if not isinstance(spend, float):
        b.priorities.append(Priority("objective", "money allocated", spend, 1e-9, rank=1))
