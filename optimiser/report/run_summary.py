"""What `allocate --year` prints: status, objective, money by source and by county (deep counties
first, with their share of central plus provincial special funds), the rules that bind, notes,
and where the files went."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimiser.api import Run
from optimiser.report.text import money, table
from optimiser.rules import BY_ID, FAMILIES

STATUS_WORDS = {
    "optimal": "optimal",
    "feasible": "feasible, within the time limit but not proven optimal",
    "infeasible": "no plan satisfies every hard rule",
    "unbounded": "unbounded: a source or need has no limit",
    "no_solution": "no plan found within the time limit",
    "error": "the solver failed",
}


def render_run(run: Run, folder: Path | None, max_binding: int = 25) -> str:
    s = run.solution
    years = run.spec.years
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    head = [
        f"{run.data.policy.dataset.title} — plan {span} (objective: {run.objective_mode})",
        f"  status: {STATUS_WORDS.get(s.status, s.status)} (HiGHS: {s.solver_status})",
    ]
    if s.objective is not None:
        unit = (
            "weighted poor people reached, less penalties"
            if run.objective_mode == "impact"
            else "万元 of deviation from the formula shares, plus penalties"
        )
        line = f"  objective: {s.objective:,.2f} ({unit})"
        if s.is_mip and s.gap is not None:
            line += f"; bound {s.bound:,.2f}, gap {s.gap:.4%}"
        head.append(line)
    head.append(
        f"  model: {s.counts.get('variables', 0):,} variables "
        f"({s.counts.get('integer_variables', 0):,} integer), "
        f"{s.counts.get('constraints', 0):,} constraints"
    )
    parts = ["\n".join(head)]
    if s.has_plan:
        parts += [_by_source(run), _by_county(run), _binding(run, max_binding)]
    elif s.status == "infeasible":
        parts.append(_impossible(run))
    if s.notes:
        parts.append("Notes\n" + "\n".join(f"  - {n}" for n in s.notes))
    if folder is not None:
        files = ", ".join(sorted(p.name for p in folder.iterdir()))
        parts.append(f"Files: {folder} ({files})")
    return "\n\n".join(parts)


def _by_source(run: Run) -> str:
    alloc = run.solution.allocation
    sources = run.data.sources
    years = run.spec.years
    budget = {}
    for row in run.inputs.budgets:
        budget[row.source] = budget.get(row.source, 0.0) + row.amount
    spent = alloc.groupby("source")["amount_wan"].sum().to_dict()
    rows = []
    for source in sources:
        b, a = budget.get(source.code, 0.0), spent.get(source.code, 0.0)
        if not b and not a:
            continue
        used = f"{a / b:.1%}" if b else "-"
        rows.append([source.code, source.name, money(b), money(a), used])
    total_b, total_a = sum(budget.values()), sum(spent.values())
    rows.append(
        [
            "total",
            "",
            money(total_b),
            money(total_a),
            f"{total_a / total_b:.1%}" if total_b else "-",
        ]
    )
    span = "" if len(years) == 1 else f", {years[0]}-{years[-1]} summed"
    return f"Money by source (万元{span}; allocated includes commitments carried in)\n" + table(
        ["source", "name", "budget", "allocated", "used"], rows, {2, 3, 4}
    )


def _by_county(run: Run) -> str:
    alloc = run.solution.allocation
    data = run.data
    earmark = {s.code for s in data.sources if s.earmark}
    total = alloc.groupby("county_code")["amount_wan"].sum()
    special = alloc[alloc["source"].isin(earmark)].groupby("county_code")["amount_wan"].sum()
    all_special = float(special.sum())
    rows = []
    counties = sorted(data.counties, key=lambda c: (not c.deep, c.city or "", c.code))
    for county in counties:
        t = float(total.get(county.code, 0.0))
        sp = float(special.get(county.code, 0.0))
        share = f"{sp / all_special:.2%}" if all_special else "-"
        rows.append(
            [
                county.name + ("*" if county.deep else ""),
                county.city or "?",
                money(t),
                money(sp),
                share,
            ]
        )
    deep_special = float(special[special.index.isin(data.deep_codes)].sum())
    head = "Money by county (万元; * deep-poverty county; deep counties first)"
    lines = [
        head,
        table(
            ["county", "city", "all sources", "central+provincial special", "share of special"],
            rows,
            {2, 3, 4},
        ),
    ]
    if all_special:
        lines.append(
            f"  deep counties' share of central and provincial special funds: "
            f"{deep_special / all_special:.2%} ({money(deep_special)} of "
            f"{money(all_special)} 万元)"
        )
    return "\n".join(lines)


def _binding(run: Run, limit: int) -> str:
    """Policy rules first, each binding or short instance on a line; the structural families
    (budgets, needs, payments) as one count each, their detail in rules.csv."""
    rules = run.solution.rules
    structural = {f.id for f in FAMILIES if f.structural}
    active = rules[rules["status"].isin(["binding", "violated"])]
    policy = active[~active["rule_id"].isin(structural)]
    policy = pd.concat(
        [policy[policy["status"] == "violated"], policy[policy["status"] == "binding"]]
    )
    short = int((policy["status"] == "violated").sum())
    lines = [
        f"Policy rules that bind: {len(policy) - short} instance(s)"
        + (f"; {short} soft-rule instance(s) fall short" if short else "")
    ]
    mip_note = run.solution.is_mip
    for _, row in policy.head(limit).iterrows():
        family = BY_ID.get(row["rule_id"])
        title = family.title_en if family else "deep counties first"
        value = row["marginal_value"]
        if pd.isna(value):
            worth = "; value of one more unit: n/a" + (" (plan with projects)" if mip_note else "")
        else:
            worth = f"; value of one more unit: {value:,.4g}"
        lines.append(
            f"  {row['status']:8} {row['rule_id']} [{row['instance']}] {title}: "
            f"{_num(row['lhs'])} vs {_num(row['rhs'])}{worth}"
        )
    if len(policy) > limit:
        lines.append(f"  ... {len(policy) - limit} more in rules.csv")
    for family in FAMILIES:
        if family.id not in structural or family.id == "R-PAYMENT":
            continue
        mine = rules[rules["rule_id"] == family.id]
        hit = int(mine["status"].isin(["binding", "violated"]).sum())
        if len(mine) and mine["status"].iloc[0] != "off":
            lines.append(f"  {family.id} ({family.title_en}): {hit} of {len(mine)} at their limit")
    off = rules[rules["status"] == "off"]["rule_id"].tolist()
    if off:
        lines.append("  switched off: " + ", ".join(off))
    return "\n".join(lines)


def _impossible(run: Run) -> str:
    rules = run.solution.rules
    violated = rules[rules["status"] == "violated"] if len(rules) else rules
    lines = [
        "No plan satisfies every hard rule. Switch a rule to soft or off in policy.yaml, or "
        "change the data, to find which rules conflict."
    ]
    for _, row in violated.iterrows():
        lines.append(
            f"  {row['rule_id']} [{row['instance']}]: needs {_num(row['rhs'])}, "
            "but nothing in the model can contribute to it"
        )
    return "\n".join(lines)


def _num(value) -> str:
    if value is None or pd.isna(value):
        return "-"
    return money(float(value))
