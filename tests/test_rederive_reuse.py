"""A what-if keeps the rows of a family whose inputs it does not change (RuleFamily.reads) instead
of deriving them again: every family that says what it reads is checked here by re-deriving
each variant both ways — keeping and deriving every family afresh — on the shipped datasets,
for every kind of change a what-if makes (each source's budget, needs, unit standards, each
numeric parameter of each rule). The rows must be the same in number, instance, sense, bound,
penalty and every coefficient; a family that reads something it does not declare fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.api import load, solve
from optimiser.model.update import changed_parts, keeps_rows, rederive
from optimiser.problems import InputError
from optimiser.rules import BY_ID, FAMILIES
from optimiser.scenario.overrides import apply, parse_all

ROOT = Path(__file__).resolve().parents[1]
DECLARED = [f.id for f in FAMILIES if f.reads is not None]


def variants(data) -> list[list[str]]:
    """Overrides of every kind a what-if makes on `data`."""
    plan = data.years.plan
    found = []
    for source in data.sources:  # each source's budget, in a plan year it has money
        years = sorted(
            {
                b.year
                for b in data.budgets
                if b.source == source.code and b.year in plan and b.amount_wan > 0
            }
        )
        if years:
            found.append([f"budget.{source.code}.{years[-1]}=-12%"])
            found.append([f"budget.{source.code}.{years[0]}=+9%"])
    need = data.needs[0]
    found.append([f"need.{need.county_code}.{need.category}=+20%"])
    found.append([f"need.{need.county_code}.{need.category}=-30%"])
    category = data.categories[0]
    found.append([f"unit_cost.{category.code}={category.unit_cost_wan * 1.1}"])
    for family in FAMILIES:
        params = data.policy.rules[family.id]
        if not params.on:
            continue
        for name, value in params.model_dump().items():
            if name in ("status", "penalty") or isinstance(value, bool):
                continue
            if isinstance(value, float):
                found.append([f"{family.id}.{name}={round(value * 0.9 + 0.01, 6)}"])
            elif isinstance(value, int):
                found.append([f"{family.id}.{name}={value + 1}"])
    return found


def reading(held, builder) -> dict:
    rows = {}
    for row in builder.rows:
        index, value, constant = held.coefficients(row.body)
        terms = {j: round(v, 12) for j, v in zip(index, value, strict=True) if v != 0}
        rows[(row.rule_id, row.instance)] = (
            row.sense,
            round(row.rhs - constant, 9),
            row.penalty,
            terms,
        )
    return rows


@pytest.mark.parametrize(
    "name, years",
    [("shanxi", [2017, 2018, 2019, 2020]), ("jincheng", [2018]), ("hebei", [2018, 2019, 2020])],
)
def test_kept_rows_are_the_rows_a_fresh_derivation_gives(name, years):
    data = load(ROOT / "data" / name)
    base = solve(data, years)
    held = base.held
    compared = kept = 0
    for sets in variants(data):
        try:
            variant = apply(data, parse_all(sets))
        except InputError:
            continue  # a value the rule refuses: nothing to derive
        fast = rederive(base.builder, variant)
        slow = rederive(base.builder, variant, reuse=False)
        assert (fast.builder is None) == (slow.builder is None), sets
        if fast.builder is None:
            continue
        assert reading(held, fast.builder) == reading(held, slow.builder), sets
        assert [(i.rule_id, i.instance, i.lhs, i.rhs) for i in fast.builder.info] == [
            (i.rule_id, i.instance, i.lhs, i.rhs) for i in slow.builder.info
        ], sets
        changed = changed_parts(data, variant)
        base_rows = {id(r) for r in base.builder.rows}
        has_rows = {r.rule_id for r in base.builder.rows}
        for family in DECLARED:
            if family not in has_rows:
                continue  # nothing to keep (the dataset gives the rule no row)
            if keeps_rows(BY_ID[family], changed):
                rows = [r for r in fast.builder.rows if r.rule_id == family]
                assert rows and all(id(r) in base_rows for r in rows), (sets, family)
                kept += 1
        compared += 1
    assert compared >= 10 and kept >= 5  # the comparison and the keeping both happened


def test_what_a_variant_changes_is_told_apart():
    data = load(ROOT / "data" / "shanxi")
    assert changed_parts(data, data) == set()
    budget = apply(data, parse_all(["budget.central_special.2018=-10%"]))
    assert changed_parts(data, budget) == {"budgets", "budgets:grant"}
    fund = apply(data, parse_all(["budget.revolving.2018=+10%"]))
    assert changed_parts(data, fund) == {"budgets", "budgets:revolving"}
    share = apply(data, parse_all(["R-EARMARK.share=0.35"]))
    assert changed_parts(data, share) == {"rule:R-EARMARK"}
    need = data.needs[0]
    both = apply(
        data,
        parse_all(
            [f"need.{need.county_code}.{need.category}=+10%", "objective.stability_weight=0.5"]
        ),
    )
    assert changed_parts(data, both) == {"needs", "policy"}
