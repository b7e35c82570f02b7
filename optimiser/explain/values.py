"""Binding and near-binding rule instances, with the value of relaxing each limit by one unit in
the user's terms (rules.csv's marginal_value, optimiser.solution.relaxation_value): a positive value
always means "the plan gets better if this limit gives one unit" (a budget or a need one unit
larger, a floor, a share or a deadline's requirement one unit smaller; more people reached when
maximising, less deviation when minimising), the same sense as a rule's price (optimiser.explain.
price: what dropping the rule is worth). At an optimum relaxing never hurts, so the values of
inequality rules are never negative."""

from __future__ import annotations

import math

import pandas as pd

from optimiser.report.words import Words
from optimiser.rules import BY_ID

NEAR = 0.01  # a slack rule within 1% of its limit is reported as near-binding


UNITS = Words(
    "objective units",
    {
        "impact": {"zh": "名贫困人口（加权）", "en": "people reached (weighted)"},
        "formula": {"zh": "万元（更接近因素法份额）", "en": "万元 closer to the formula shares"},
    },
)


def objective_unit(mode: str, lang: str = "en") -> str:
    """What one unit of the objective is, as the value sentences say it."""
    return UNITS.say("impact" if mode == "impact" else "formula", lang)


def gain(marginal_value: float | None) -> float | None:
    """The plan's improvement per unit of the limit relaxed: rules.csv's marginal_value, already
    in that sense whatever the objective's (None where there is none)."""
    if marginal_value is None or (isinstance(marginal_value, float) and math.isnan(marginal_value)):
        return None
    return float(marginal_value)


def explain_rules(rules: pd.DataFrame, near: float = NEAR) -> dict:
    """{'binding': [...], 'near': [...]} of dicts ready for reports (and JSON)."""
    binding, near_rows = [], []
    families: dict[str, object] = {}  # by rule id, looked up once
    for row in rules.itertuples(index=False):
        if row.status in ("binding", "violated"):
            binding.append(_item(row, families))
        elif row.status == "slack" and _near(row, near):
            near_rows.append(_item(row, families))
    binding.sort(key=lambda r: (r["structural"], r["status"] != "violated", -abs(r["gain"] or 0.0)))
    near_rows.sort(key=lambda r: r["slack_share"])
    return {"binding": binding, "near": near_rows, "near_threshold": near}


def _near(row, near: float) -> bool:
    """Slack within `near` of the limit, where something is at stake (not both sides 0)."""
    slack, rhs, lhs = _num(row.slack), _num(row.rhs), _num(row.lhs)
    if slack is None or rhs is None or lhs is None:
        return False
    size = max(abs(rhs), abs(lhs))
    return size > 1e-6 and abs(slack) <= near * max(1.0, size)


def _item(row, families: dict) -> dict:
    rule_id = row.rule_id
    if rule_id not in families:
        families[rule_id] = BY_ID.get(str(rule_id).split("+")[0])
    family = families[rule_id]
    rhs, slack = _num(row.rhs), _num(row.slack)
    scale = max(1.0, abs(rhs)) if rhs is not None else 1.0
    return {
        "rule_id": rule_id,
        "instance": row.instance,
        "status": row.status,
        "title_en": family.title_en if family else "deep counties first",
        "title_zh": family.title_zh if family else "深度贫困县优先",
        "structural": bool(family.structural) if family else False,
        "lhs": _num(row.lhs),
        "rhs": rhs,
        "slack": slack,
        "slack_share": abs(slack or 0.0) / scale,
        "gain": gain(_num(row.marginal_value)),
        "range_low": _num(row.range_low),
        "range_high": _num(row.range_high),
        "citation": row.citation if isinstance(row.citation, str) else "",
        "unit_en": family.limit_unit_en if family else "万元",
        "unit_zh": family.limit_unit_zh if family else "万元",
    }


def _num(value) -> float | None:
    """A table's number as a float, None for a missing one (None, NaN, pandas' NA)."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if number != number else number
