"""A solved run as pandas tables: the allocation (who gets what from which source for what) and
every rule instance with its left- and right-hand side, slack, status and marginal value.

Reads the model only through the builder's rows and the HiGHS maps; knows nothing of files.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimiser.model.build import ModelBuilder
from optimiser.rules import FAMILIES
from optimiser.solve.highs import HighsModel, SolveResult

ALLOCATION_COLUMNS = [
    "year",
    "county_code",
    "county_name",
    "source",
    "category",
    "project_id",
    "amount_wan",
]
RULE_COLUMNS = [
    "rule_id",
    "instance",
    "status",
    "lhs",
    "rhs",
    "slack",
    "marginal_value",
    "range_low",
    "range_high",
    "citation",
]
TOLERANCE = 1e-6
# the statuses of a run that has a plan to show (an audit-failed one so its breach can be seen)
PLAN_STATUSES = ("optimal", "feasible", "audit-failed")


@dataclass
class Solution:
    status: str
    solver_status: str
    objective: float | None
    bound: float | None
    gap: float | None
    is_mip: bool
    allocation: pd.DataFrame
    rules: pd.DataFrame
    units: pd.DataFrame
    projects: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    audit: pd.DataFrame | None = None  # the independent audit's findings (optimiser.verdict)
    recomputed_objective: float | None = None  # the objective recomputed from the tables

    @property
    def has_plan(self) -> bool:
        """A plan exists to show: proved optimal, feasible within a limit, or one the audit
        found to break a rule (shown so the breach can be seen, never as optimal)."""
        return self.status in PLAN_STATUSES


def read_solution(builder: ModelBuilder, held: HighsModel, result: SolveResult) -> Solution:
    counts = {
        "variables": len(held.columns),
        "constraints": held.num_rows,
        "integer_variables": len(held.integer),
    }
    notes = list(builder.inputs.notes) + list(result.notes)
    if not result.has_plan:
        rules = _rule_table(builder, held, result) if builder.impossible else _empty(RULE_COLUMNS)
        return Solution(
            result.status,
            result.solver_status,
            None,
            result.bound,
            None,
            result.is_mip,
            _empty(ALLOCATION_COLUMNS),
            rules,
            pd.DataFrame(),
            pd.DataFrame(),
            notes,
            counts,
        )
    return Solution(
        result.status,
        result.solver_status,
        result.objective,
        result.bound,
        result.gap,
        result.is_mip,
        _allocation(builder, held, result),
        _rule_table(builder, held, result),
        _units(builder, held, result),
        _projects(builder, held, result),
        notes,
        counts,
    )


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


def _allocation(b: ModelBuilder, held: HighsModel, result: SolveResult) -> pd.DataFrame:
    """Money by source; a project's cash is attributed to the sources of its county and category
    in proportion to what each pays that year (the model pools them)."""
    m, inp = b.model, b.inputs
    names = inp.data.county_by_code
    pooled: dict[tuple[str, str, int], dict[str, float]] = defaultdict(dict)
    keys = list(m.X_INDEX)
    values = held.values_of(result, m.x)
    for i in np.flatnonzero(values > TOLERANCE):
        s, c, k, y = keys[i]
        pooled[(c, k, y)][s] = float(values[i])
    project_cash = _project_cash(b, held, result)
    rows = []
    for (c, k, y), by_source in pooled.items():
        pool = sum(by_source.values())
        cash = project_cash.get((c, k, y), {})
        project_total = min(sum(cash.values()), pool)
        for s, amount in by_source.items():
            share = amount / pool
            category_money = amount - share * project_total
            if category_money > TOLERANCE:
                rows.append((y, c, names[c].name, s, k, "", category_money))
            for p, paid in cash.items():
                if paid * share > TOLERANCE:
                    rows.append((y, c, names[c].name, s, k, p, paid * share))
    for (s, c, k, y), amount in inp.commitments.items():
        rows.append((y, c, names[c].name, s, k, "(committed)", amount))
    frame = pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
    order = {c: i for i, c in enumerate(inp.counties)}
    frame["_o"] = frame["county_code"].map(order)
    frame = frame.sort_values(["year", "_o", "source", "category", "project_id"]).drop(columns="_o")
    return frame.reset_index(drop=True)


def _project_cash(b: ModelBuilder, held: HighsModel, result: SolveResult) -> dict:
    """(county, category, year) -> {project: cash due that year} for started projects."""
    m, inp = b.model, b.inputs
    last = inp.years[-1]
    reserve = inp.data.policy.rules["R-PAYMENT"].beyond_horizon == "reserve"
    cash: dict[tuple[str, str, int], dict[str, float]] = defaultdict(dict)
    for (p, t), level in zip(m.Z_INDEX, held.values_of(result, m.z).tolist(), strict=True):
        if level <= TOLERANCE:
            continue
        project = b.project(p)
        profile = inp.project_cash[p]
        for y in inp.years:
            if y < t:
                continue
            due = (
                sum(profile[y - t :])
                if reserve and y == last
                else (profile[y - t] if y - t < len(profile) else 0.0)
            )
            if due:  # added, not set: two starts of one project are two payments
                key = (project.county_code, project.category, y)
                cash[key][p] = cash[key].get(p, 0.0) + due * level
    for (p, _t), (var, by_year) in b.advances.items():  # R-PREPAY: paid first, recovered later
        advance = held.value(result, var)
        if advance <= TOLERANCE:
            continue
        project = b.project(p)
        for y, coef in by_year.items():
            key = (project.county_code, project.category, y)
            cash[key][p] = cash[key].get(p, 0.0) + coef * advance
    return cash


def _units(b: ModelBuilder, held: HighsModel, result: SolveResult) -> pd.DataFrame:
    m = b.model
    levels = held.values_of(result, m.u).tolist()
    rows = [(y, c, k, v) for (c, k, y), v in zip(m.U_INDEX, levels, strict=True)]
    frame = pd.DataFrame(rows, columns=["year", "county_code", "category", "units"])
    return frame[frame["units"] > TOLERANCE].reset_index(drop=True)


def _projects(b: ModelBuilder, held: HighsModel, result: SolveResult) -> pd.DataFrame:
    m = b.model
    started = defaultdict(lambda: (None, 0.0))
    for (p, y), level in zip(m.Z_INDEX, held.values_of(result, m.z).tolist(), strict=True):
        if level > TOLERANCE:
            started[p] = (y, level)
    rows = []
    for project in b.inputs.data.projects:
        year, level = started[project.id]
        rows.append(
            (
                project.id,
                project.name,
                project.county_code,
                project.category,
                year,
                round(level, 9),
                project.total_cost_wan,
                project.beneficiaries,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "project_id",
            "name",
            "county_code",
            "category",
            "start_year",
            "funded_fraction",
            "cost_wan",
            "beneficiaries",
        ],
    )


def _citation(rule_id: str, policy=None) -> str:
    """The clause ids a row cites; a combined stage ('R-A+R-B') cites both families'. A rule the
    dataset borrows from another jurisdiction says so ('借用河北做法 003-p26')."""
    from optimiser.register import borrowed_words

    cited: list[str] = []
    for part in rule_id.split("+"):
        family = next((f for f in FAMILIES if f.id == part), None)
        if family is not None:
            cited += list(family.citations) or [family.basis or ""]
            params = policy.rules.get(part) if policy is not None else None
            if params is not None and params.borrowed:
                cited.append(borrowed_words(params.borrowed))
    return ";".join(dict.fromkeys(c for c in cited if c))


def _range(result: SolveResult, i: int, shown: float) -> tuple[float | None, float | None]:
    """The interval of the limit over which the marginal value holds, in the rule's own terms:
    HiGHS ranges the row's bound as it holds it (constants moved across, a rearranged rule's
    right-hand side), so the interval is moved by the shown limit less that bound. None where
    there is no ranging (no LP basis) or none for this basis (optimiser.solve.highs._row_ranges:
    a degenerate vertex where another basis gives a different range)."""
    if result.row_range_low is None or result.row_range_high is None or result.row_limit is None:
        return None, None
    low, high = float(result.row_range_low[i]), float(result.row_range_high[i])
    if math.isnan(low) or math.isnan(high):
        return None, None
    offset = shown - float(result.row_limit[i])
    return low + offset, high + offset


def relaxation_value(dual: float | None, sense: str, maximise: bool) -> float | None:
    """A row's marginal value as reported: what relaxing its limit by one unit (a `<=` limit
    raised, a `>=` limit lowered; an `==` row's right-hand side raised) is worth to the plan, in
    objective units, positive when the plan improves (more reached when maximising, less
    deviation when minimising): the same sense as a rule's price (optimiser.explain.price).
    HiGHS's row dual is d(objective)/d(right-hand side) in either sense."""
    if dual is None or math.isnan(dual):
        return None
    better = dual if maximise else -dual
    value = -better if sense == ">=" else better
    return value + 0.0  # no -0.0 in the tables


def _status(sense: str, lhs: float, rhs: float) -> tuple[str, float]:
    """(binding | slack | violated, slack) of `lhs sense rhs`, relative to the sides' size."""
    if sense == "<=":
        slack = rhs - lhs
    elif sense == ">=":
        slack = lhs - rhs
    else:
        slack = -abs(lhs - rhs)
    scale = max(1.0, abs(lhs), abs(rhs))
    if slack < -TOLERANCE * scale:
        return "violated", slack
    if sense == "==" or abs(slack) <= TOLERANCE * scale:
        return "binding", slack
    return "slack", slack


def _rule_table(b: ModelBuilder, held: HighsModel, result: SolveResult) -> pd.DataFrame:
    rows = []
    policy = b.inputs.data.policy
    cited = {r: _citation(r, policy) for r in dict.fromkeys(row.rule_id for row in b.rows)}
    values = result.values
    duals = result.row_duals
    # plain lists: read once per row, a numpy scalar each time costs more than the rest
    activities = result.row_activity.tolist() if result.row_activity is not None else None
    duals = duals.tolist() if duals is not None else None
    for row in b.rows:
        i = held.row(row.constraint)
        if i is None or values is None:
            continue
        activity = activities[i]
        shortfall = held.value(result, row.shortfall) if row.shortfall is not None else 0.0
        lhs = activity - shortfall if row.sense == ">=" else activity + shortfall
        rhs = row.rhs
        if row.show is not None:  # the two sides in the rule's own terms
            lhs, rhs = (held.evaluate(result, side) for side in row.show)
        status, slack = _status(row.sense, lhs, rhs)
        if row.show is not None and status == "binding" and max(abs(lhs), abs(rhs)) <= TOLERANCE:
            status = "slack"  # nothing on either side: the rule holds without acting
        dual = duals[i] if duals is not None else None
        value = relaxation_value(dual, row.sense, held.maximise)
        if status == "slack":  # its value (0) holds until the limit reaches what is used
            low, high = (lhs, math.inf) if row.sense == "<=" else (-math.inf, lhs)
        else:
            low, high = _range(result, i, rhs)
        rows.append(
            (
                row.rule_id,
                row.instance,
                status,
                lhs,
                rhs,
                slack,
                value,
                low,
                high,
                cited[row.rule_id],
            )
        )
    for row in b.impossible:
        rows.append(
            (
                row.rule_id,
                row.instance,
                "violated",
                float(row.body),
                row.rhs,
                float(row.body) - row.rhs if row.sense == ">=" else row.rhs - float(row.body),
                None,
                None,
                None,
                _citation(row.rule_id, b.inputs.data.policy),
            )
        )
    for stage in result.stages:
        lhs = float(result.row_activity[stage.row]) if result.row_activity is not None else None
        dual = float(duals[stage.row]) if duals is not None else None
        rows.append(
            (
                stage.rule_id,
                f"{stage.instance}|deep counties first",
                "binding",
                lhs,
                stage.best,
                0.0 if lhs is None else lhs - stage.best,
                relaxation_value(dual, ">=", held.maximise),  # the stage's floor, held
                None,
                None,
                _citation(stage.rule_id, b.inputs.data.policy),
            )
        )
    for info in b.info:
        rows.append(
            (
                info.rule_id,
                info.instance,
                info.status,
                info.lhs,
                info.rhs,
                info.rhs - info.lhs,
                None,
                None,
                None,
                _citation(info.rule_id, b.inputs.data.policy),
            )
        )
    rules = b.inputs.data.policy.rules
    for family in FAMILIES:
        if not rules[family.id].on:
            rows.append(
                (
                    family.id,
                    "",
                    "off",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    _citation(family.id, b.inputs.data.policy),
                )
            )
    return pd.DataFrame(rows, columns=RULE_COLUMNS)
