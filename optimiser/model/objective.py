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

stability (both modes, only when `objective.stability_weight` > 0): a penalty of
`stability_weight` per 万元 by which a county's money changes from one year to the next,
subtracted from the impact objective and added to the formula objective. A county's money M[c, y]
is everything it gets in year y, over all sources and categories, commitments carried into the
year included (what allocation.csv lists for it); the year before the first planned year is the
actual money of history.csv (all its rows for the county, 0 when it has none), and a later
planned year is compared with the plan of the year before:

    M[c, y] - M[c, y-1] <= up[c, y]       (stability_rise[c, y])
    M[c, y-1] - M[c, y] <= down[c, y]     (stability_fall[c, y])
    max  impact - weight * sum_{c, y} (up + down)     min  formula + weight * sum (up + down)

up and down are non-negative (stability_up, stability_down) and belong to county c; at the
optimum up + down = |M[c, y] - M[c, y-1]|. When history.csv has no row for the year before the
first planned year, that year has no stability term (the run says so). With weight 0 none of these
columns or rows exists.
"""

from __future__ import annotations

import pyomo.core as pyo

from optimiser.model.build import ModelBuilder, Priority
from optimiser.model.expr import linear
from optimiser.notes import Note


def add_objective(b: ModelBuilder) -> None:
    mode = b.inputs.spec.objective or b.inputs.data.policy.objective.mode
    if b.elastic:
        terms = [var for _, var in b.penalty_terms]
        b.model.objective = pyo.Objective(expr=linear(terms), sense=pyo.minimize)
    elif mode == "impact":
        _impact(b)
    else:
        _formula(b)


def _stability(b: ModelBuilder) -> list[tuple[float, object]]:
    """The stability term's (penalty per unit, variable) pairs, after adding its variables and
    rows; none when the weight is 0 (the model is then exactly as without the term)."""
    m, inp = b.model, b.inputs
    weight = inp.data.policy.objective.stability_weight
    if weight <= 0:
        return []
    first, base = inp.years[0], inp.base_year
    known = base in inp.actuals  # history.csv has rows for the year before the run
    years = [y for y in inp.years if y != first or known]
    against = [Note("stability_against_actuals", year=base, first=first)] if known else []
    if len(inp.years) > 1:
        against.append(Note("stability_against_plan"))
    if not known:
        inp.notes.append(Note("stability_no_history", year=base, first=first))
    if not years:
        return []
    inp.notes.append(Note("stability_weight", weight=f"{weight:g}", against=against))
    index = [(c, y) for c in inp.counties for y in years]
    m.stability_up = pyo.Var(index, within=pyo.NonNegativeReals)
    m.stability_down = pyo.Var(index, within=pyo.NonNegativeReals)
    b.counties_by("stability_up", lambda i: i[0])
    b.counties_by("stability_down", lambda i: i[0])

    def change(c: str, y: int) -> tuple[object, float]:
        """M[c, y] - M[c, y-1] as (the money variables' part, the constant part)."""
        now, constant = b.money(y, counties=[c]), inp.committed(y, [c])
        if y - 1 in inp.years:
            return now - b.money(y - 1, counties=[c]), constant - inp.committed(y - 1, [c])
        return now, constant - (inp.actual(y - 1, counties=[c]) or 0.0)

    changes = {i: change(*i) for i in index}
    up, down = m.stability_up, m.stability_down
    m.stability_rise = pyo.Constraint(
        index, rule=lambda _m, c, y: changes[c, y][0] - up[c, y] <= -changes[c, y][1]
    )
    m.stability_fall = pyo.Constraint(
        index, rule=lambda _m, c, y: -changes[c, y][0] - down[c, y] <= changes[c, y][1]
    )
    return [(weight, var) for i in index for var in (up[i], down[i])]


def stability_penalty(b: ModelBuilder, value) -> float | None:
    """What the stability term costs the plan (weight x 万元 moved against the year before), with
    `value(var)` the plan's value of a variable; None when the model has no such term."""
    m = b.model
    if m.component("stability_up") is None:
        return None
    weight = b.inputs.data.policy.objective.stability_weight
    return weight * sum(
        value(m.stability_up[i]) + value(m.stability_down[i]) for i in m.stability_up
    )


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
    for penalty, var in [*b.penalty_terms, *_stability(b)]:
        terms.append(var)
        coefs.append(-penalty)
    for bonus, var in b.bonus_terms:
        terms.append(var)
        coefs.append(bonus)
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
    for penalty, var in [*b.penalty_terms, *_stability(b)]:
        terms.append(var)
        coefs.append(penalty)
    for bonus, var in b.bonus_terms:
        terms.append(var)
        coefs.append(-bonus)
    m.objective = pyo.Objective(expr=linear(terms, coefs), sense=pyo.minimize)
    spend = sum((totals[y] for y in inp.years if not isinstance(totals[y], float)), 0.0)
    if not isinstance(spend, float):
        b.priorities.append(Priority("objective", "money allocated", spend, 1e-9, rank=1))
