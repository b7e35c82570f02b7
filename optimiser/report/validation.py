"""The summary `allocate validate` prints: the dataset as a reader of the policy sees it, how well
founded its figures are (the provenance profile, and the warning a plan on estimated data
carries), then every problem found."""

from __future__ import annotations

from collections import defaultdict

from optimiser.dataset import Dataset
from optimiser.problems import Problem
from optimiser.provenance import profile
from optimiser.register import Register
from optimiser.report.numbers import money
from optimiser.report.numbers import share as share_of
from optimiser.report.text import table
from optimiser.rules import FAMILIES

DESIGNATION = {"national": "国定", "provincial": "省定", "none": "-"}


def render_summary(data: Dataset, register: Register) -> str:
    parts = [
        _heading(data),
        _counties(data),
        _sources(data),
        _categories(data),
        _rules(data, register),
        _provenance(data),
    ]
    return "\n\n".join(parts)


def _heading(data: Dataset) -> str:
    meta = data.policy.dataset
    years = data.years
    origin = "CSV files" if data.origin == "csv" else f"workbook {data.origin}"
    actuals = ", ".join(map(str, years.actuals)) or "none"
    synthetic = "  (synthetic data)" if meta.synthetic else ""
    return (
        f"Dataset {meta.name}: {meta.title}{synthetic}\n"
        f"  from {data.folder} ({origin})\n"
        f"  actual years: {actuals}; plan years: {years.plan[0]}-{years.plan[-1]}\n"
        f"  objective: {data.policy.objective.mode}"
    )


def _counties(data: Dataset) -> str:
    counts = defaultdict(int)
    for county in data.counties:
        counts[county.designation] += 1
    deep = len(data.deep_codes)
    head = (
        f"Counties: {len(data.counties)} ({counts['national']} national 国定, "
        f"{counts['provincial']} provincial 省定, {counts['none']} other; "
        f"{deep} deep-poverty, marked *)"
    )
    by_city: dict[str, list[str]] = defaultdict(list)
    for county in data.counties:
        mark = "*" if county.deep else ""
        label = county.name + mark
        if not county.is_identified:
            label += " (unidentified)"
        by_city[county.city or "(city unknown)"].append(label)
    ordered = sorted(by_city.items(), key=lambda kv: (-sum(n.endswith("*") for n in kv[1]), kv[0]))
    lines = [f"  {city} ({len(names)}): {', '.join(names)}" for city, names in ordered]
    return head + "\n" + "\n".join(lines)


def _sources(data: Dataset) -> str:
    years = sorted({b.year for b in data.budgets})
    totals: dict[tuple[str, int], float] = defaultdict(float)
    scopes: dict[str, int] = defaultdict(int)
    for budget in data.budgets:
        totals[(budget.source, budget.year)] += budget.amount_wan
        if budget.city or budget.county_code:
            scopes[budget.source] += 1
    rows = []
    for source in data.sources:
        flags = ",".join(
            f for f, on in (("earmark", source.earmark), ("block", source.block)) if on
        )
        rows.append(
            [source.code, source.name, source.level, source.kind, flags or "-"]
            + [
                money(totals[(source.code, y)]) if (source.code, y) in totals else "-"
                for y in years
            ]
        )
    total_row = ["total", "", "", "", ""] + [
        money(sum(v for (s, y), v in totals.items() if y == year)) for year in years
    ]
    headers = ["code", "name", "level", "kind", "counts as"] + [str(y) for y in years]
    right = set(range(5, 5 + len(years)))
    return (
        "Sources and budgets (万元; city- and county-level sources summed over their rows)\n"
        + table(headers, rows + [total_row], right)
    )


def _categories(data: Dataset) -> str:
    rows = []
    needed: dict[str, float] = defaultdict(float)
    deadlines: dict[str, set[int]] = defaultdict(set)
    for need in data.needs:
        needed[need.category] += need.units
        if need.deadline is not None:
            deadlines[need.category].add(need.deadline)
    for category in data.categories:
        profile = "/".join(f"{s:.3g}" for s in category.payment_profile)
        due = ",".join(map(str, sorted(deadlines[category.code]))) or "-"
        rows.append(
            [
                category.code,
                category.name,
                category.unit,
                f"{category.unit_cost_wan:g}",
                profile,
                f"{category.benefit_per_unit:g}",
                money(needed[category.code]),
                due,
                ";".join(category.sources),
            ]
        )
    headers = [
        "code",
        "name",
        "unit",
        "unit cost 万元",
        "payment profile",
        "people/unit",
        "units needed",
        "deadline",
        "paid by",
    ]
    return "Categories (unit standards and payment profiles)\n" + table(headers, rows, {3, 5, 6})


def _rules(data: Dataset, register: Register) -> str:
    rows = []
    for family in FAMILIES:
        params = data.policy.rules[family.id]
        cited = []
        for clause_id in family.citations:
            clause = register.resolve(clause_id)
            cited.append(clause_id if clause else f"{clause_id} (unresolved)")
        basis = ", ".join(cited) or "(data: see allocate rules)"
        rows.append(
            [family.id, params.status, family.title_en, family.parameter_text(params) or "-", basis]
        )
    return "Rules (clause texts: allocate rules)\n" + table(
        ["rule", "status", "title", "parameters", "cites"], rows
    )


def _provenance(data: Dataset) -> str:
    """The provenance profile: numeric cells and money by level, then the warning if any."""
    found = profile(data)
    head = (
        f"Provenance of the figures ({found.cells:,} numeric cells; money: "
        f"{money(found.money_wan)} 万元 of budgets, history, commitments, loans and projects)"
    )
    if not found.levels:
        return head + "\n  no numeric cells"
    rows = [
        [
            share.level,
            f"{share.cells:,}",
            share_of(share.cell_share, 1),
            money(share.money_wan),
            share_of(share.money_share, 1),
        ]
        for share in found.levels
    ]
    text = (
        head + "\n" + table(["level", "cells", "share", "money 万元", "share"], rows, {1, 2, 3, 4})
    )
    warning = data.estimate_warning
    if warning is not None:
        text += f"\n  warning: {warning.zh}\n  warning: {warning.en}"
    return text


def render_problems(problems: list[Problem], per_kind: int = 5) -> str:
    """Every problem, but a fault repeated down a column is shown a few times and then counted,
    so a wrong column of 3,000 rows does not bury the other faults."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if not problems:
        return "Problems: none."
    lines = [f"Problems: {len(errors)} error(s), {len(warnings)} warning(s)"]
    for label, group in (("error", errors), ("warning", warnings)):
        kinds: dict[tuple, list[Problem]] = {}
        for problem in group:
            kinds.setdefault((problem.file, problem.column, problem.expected), []).append(problem)
        for same in kinds.values():
            lines += [f"  {label}: {p}" for p in same[:per_kind]]
            if len(same) > per_kind:
                rows = [p.row for p in same[per_kind:] if p.row is not None]
                where = f" (rows {min(rows)}-{max(rows)})" if rows else ""
                lines.append(
                    f"  {label}: ... and {len(same) - per_kind} more like this in "
                    f"{same[0].file}{where}"
                )
    return "\n".join(lines)
