"""A run's word: the solver's status and the independent audit's verdict, together.

HiGHS can prove a plan optimal for the model it was given; only the audit (optimiser.audit, which
shares no code with the model) can say the model said what the rules say. After every solve the
plan's tables are audited and its objective is recomputed from them. Any breach of a hard rule,
or an objective the tables do not reproduce (1e-9 relative), makes the run `audit-failed`: its
tables are still written, so the breach can be seen, but it is never called optimal, the
breached instances are the first notes, and the command exits with its own code.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from optimiser.audit import PRIORITY_FAMILIES, Audit, audit
from optimiser.dataset import Dataset
from optimiser.factor import factor_shares, latest_indicators
from optimiser.notes import Note
from optimiser.scenario.baseline import people_reached

AUDIT_FAILED = "audit-failed"
OBJECTIVE_RELATIVE = 1e-9
SHOWN = 10  # breached instances named in the notes; audit.csv lists them all


def objective_from_tables(
    data: Dataset,
    years: list[int],
    mode: str,
    allocation: pd.DataFrame,
    units: pd.DataFrame,
    projects: pd.DataFrame,
    rules: pd.DataFrame,
) -> float:
    """The objective as the policy defines it, from the plan's tables alone: people reached
    (impact) or the distance from the factor-method shares (formula), the soft rules' penalties
    on the shortfalls of rules.csv, and the stability term on the money of allocation.csv."""
    objective = data.policy.objective
    penalties = _penalties(data, rules) - _priority_bonus(data, years, allocation)
    stability = objective.stability_weight * _money_moved(data, years, allocation)
    if mode == "impact":
        return people_reached(data, units, years[0], projects) - penalties - stability
    new = allocation[allocation["project_id"].fillna("") != "(committed)"]
    counties = [c.code for c in data.counties]
    indicators = latest_indicators(data.indicators, years[0] - 1)
    shares = factor_shares(counties, indicators, data.policy.factor_method.weights)
    money = new.groupby(["county_code", "year"])["amount_wan"].sum().to_dict()
    distance = 0.0
    for y in years:
        total = sum(money.get((c, y), 0.0) for c in counties)
        distance += sum(abs(money.get((c, y), 0.0) - shares[c] * total) for c in counties)
    return distance + penalties + stability


def _penalties(data: Dataset, rules: pd.DataFrame) -> float:
    """Penalty x shortfall over the soft rules' instances that fall short, however little (a
    shortfall too small to call the instance 'violated' is still paid for)."""
    if rules is None or rules.empty:
        return 0.0
    total = 0.0
    for row in rules.itertuples():
        params = data.policy.rules.get(row.rule_id)
        if params is None or params.status != "soft" or row.status == "off":
            continue
        if str(row.instance).endswith("deep counties first"):
            continue  # a priority stage's floor is held, never penalised
        if row.slack is not None and row.slack == row.slack:  # not NaN
            total += params.penalty * max(0.0, -float(row.slack))
    return total


def _priority_bonus(data: Dataset, years: list[int], allocation: pd.DataFrame) -> float:
    """A weighted "deep counties first" (optimiser.rules.priority): weight x what the deep
    counties receive from the priority sources or programmes, by the audit's reading of their
    scopes (none for R-LABOUR-SUBSIDY's `guarantee` reading, which has no priority)."""
    rules = data.policy.rules
    weighted = [
        rule_id
        for rule_id in PRIORITY_FAMILIES
        if rules[rule_id].on and rules[rule_id].method == "weighted"
    ]
    if not weighted:
        return 0.0
    reader = Audit(data, years, allocation)
    return sum(rules[r].weight * reader.take(reader.priority_scopes(r)) for r in weighted)


def _money_moved(data: Dataset, years: list[int], allocation: pd.DataFrame) -> float:
    """Sum over counties and plan years of |money this year - money the year before|: actuals of
    history.csv before the first year (that year skipped when history has none), the plan
    after."""
    if data.policy.objective.stability_weight <= 0:
        return 0.0
    money = allocation.groupby(["county_code", "year"])["amount_wan"].sum().to_dict()
    actual: dict[tuple, float] = defaultdict(float)
    for h in data.history:
        actual[(h.county_code, h.year)] += h.amount_wan
    known = any(h.year == years[0] - 1 for h in data.history)
    moved = 0.0
    for y in years:
        if y == years[0] and not known:
            continue
        for c in data.counties:
            before = money.get((c.code, y - 1), 0.0) if y - 1 in years else actual[(c.code, y - 1)]
            moved += abs(money.get((c.code, y), 0.0) - before)
    return moved


def judge(run) -> None:
    """Audit a solved run's plan and set its status from the solver's and the audit's word."""
    solution = run.solution
    if not solution.has_plan:
        return
    years = list(run.spec.years)
    findings = audit(
        run.data, years, solution.allocation, solution.units, solution.projects, solution.rules
    )
    solution.audit = findings
    recomputed = objective_from_tables(
        run.data,
        years,
        run.objective_mode,
        solution.allocation,
        solution.units,
        solution.projects,
        solution.rules,
    )
    solution.recomputed_objective = recomputed
    problems = []
    breaches = findings[findings["breach"]] if len(findings) else findings
    for row in breaches.head(SHOWN).itertuples():
        problems.append(
            Note(
                "audit_broken",
                rule=row.rule_id,
                instance=row.instance,
                value=f"{row.value:,.4f}",
                sense=row.sense,
                limit=f"{row.limit:,.4f}",
            )
        )
    if len(breaches) > SHOWN:
        problems.append(Note("audit_more", count=len(breaches) - SHOWN))
    # relative to the objective, or to the money it is made of where that is larger: a formula
    # plan close to the shares has a distance near 0 computed from county money of 1e5 万元,
    # which HiGHS holds to its feasibility tolerance
    money = float(solution.allocation["amount_wan"].abs().sum())
    scale = max(1.0, abs(solution.objective or 0.0), money if run.objective_mode != "impact" else 0)
    if abs(recomputed - (solution.objective or 0.0)) > OBJECTIVE_RELATIVE * scale:
        problems.append(
            Note(
                "audit_objective",
                recomputed=f"{recomputed:,.6f}",
                solver=f"{solution.objective:,.6f}",
            )
        )
    if problems:
        solution.status = AUDIT_FAILED
        solution.notes[:0] = problems
