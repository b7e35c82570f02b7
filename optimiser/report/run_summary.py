"""What `allocate --year` (and `allocate explain`) prints: status, objective, money by source and
by county (deep counties first, with their share of central plus provincial special funds), the
explanation (rules that bind and what they are worth, prices, unfunded projects, conflicts),
notes, and where the files are. Rendered from the run folder alone."""

from __future__ import annotations

import pandas as pd

from optimiser.report.explanation import render_explanation
from optimiser.report.run_view import RunView
from optimiser.report.text import money, table

STATUS_WORDS = {
    "optimal": "optimal",
    "feasible": "feasible, within the limits but not proven optimal",
    "infeasible": "no plan satisfies every hard rule",
    "unbounded": "unbounded: a source or need has no limit",
    "no_solution": "no plan found within the time limit",
    "error": "the solver failed",
    "audit-failed": "audit-failed: the independent audit finds this plan breaks a rule; "
    "do not sign it",
}


def render_run(view: RunView, lang: str = "zh", detail: bool = False) -> str:
    s = view.summary
    years = s["years"]
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    warning = s.get("data_warning")
    head = [f"! {warning['zh']}\n! {warning['en']}"] if warning else []
    head += [
        f"{s.get('dataset_title', s['dataset'])} — plan {span} (objective: {s['objective_mode']})",
        f"  status: {STATUS_WORDS.get(s['status'], s['status'])} (HiGHS: {s['solver_status']})",
    ]
    if s.get("objective") is not None:
        unit = (
            "weighted poor people reached, less penalties"
            if s["objective_mode"] == "impact"
            else "万元 of deviation from the formula shares, plus penalties"
        )
        line = f"  objective: {s['objective']:,.2f} ({unit})"
        if s.get("mip") and s.get("gap") is not None:
            line += f"; bound {s['bound']:,.2f}, gap {s['gap']:.4%}"
        head.append(line)
    counts = s.get("counts", {})
    head.append(
        f"  model: {counts.get('variables', 0):,} variables "
        f"({counts.get('integer_variables', 0):,} integer), "
        f"{counts.get('constraints', 0):,} constraints"
    )
    notes = s.get("notes") or []
    audit_lines = [n for n in notes if n.startswith("audit:")]
    if audit_lines:  # what the audit found comes first, before any figure of the plan
        head.append("\n".join(f"  ! {n}" for n in audit_lines))
    parts = ["\n".join(head)]
    if view.has_plan:
        parts += [_by_source(view), _by_county(view)]
    explained = render_explanation(view.explanation, lang) if view.explanation else ""
    if explained:
        parts.append(explained)
    other_notes = [n for n in notes if not n.startswith("audit:")]
    if other_notes:
        parts.append("Notes\n" + "\n".join(f"  - {n}" for n in other_notes))
    files = ", ".join(sorted(p.name for p in view.folder.iterdir() if not p.name.startswith(".")))
    parts.append(f"Files: {view.folder} ({files})")
    return "\n\n".join(parts)


def _by_source(view: RunView) -> str:
    alloc = view.allocation
    sources = view.summary["sources"]
    years = view.summary["years"]
    spent = alloc.groupby("source")["amount_wan"].sum().to_dict()
    rows = []
    for code, source in sources.items():
        b, a = source["budget_wan"], spent.get(code, 0.0)
        if not b and not a:
            continue
        rows.append([code, source["name"], money(b), money(a), f"{a / b:.1%}" if b else "-"])
    total_b = sum(s["budget_wan"] for s in sources.values())
    total_a = sum(spent.values())
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


def county_table(view: RunView) -> tuple[pd.DataFrame, float, float]:
    """Per county: total, central+provincial special money and its share; deep counties first.
    Also the deep counties' and everyone's special money."""
    alloc = view.allocation
    counties = view.summary["counties"]
    earmark = {code for code, s in view.summary["sources"].items() if s["earmark"]}
    total = alloc.groupby("county_code")["amount_wan"].sum()
    special = alloc[alloc["source"].isin(earmark)].groupby("county_code")["amount_wan"].sum()
    all_special = float(special.sum())
    rows = []
    for code, c in counties.items():
        sp = float(special.get(code, 0.0))
        rows.append(
            {
                "code": code,
                "name": c["name"],
                "city": c["city"] or "?",
                "deep": c["deep"],
                "total": float(total.get(code, 0.0)),
                "special": sp,
                "share": sp / all_special if all_special else 0.0,
            }
        )
    frame = pd.DataFrame(rows).sort_values(["deep", "city", "code"], ascending=[False, True, True])
    deep_special = float(frame.loc[frame["deep"], "special"].sum())
    return frame, deep_special, all_special


def _by_county(view: RunView) -> str:
    frame, deep_special, all_special = county_table(view)
    rows = [
        [
            r.name + ("*" if r.deep else ""),
            r.city,
            money(r.total),
            money(r.special),
            f"{r.share:.2%}" if all_special else "-",
        ]
        for r in frame.itertuples()
    ]
    lines = [
        "Money by county (万元; * deep-poverty county; deep counties first)",
        table(
            ["county", "city", "all sources", "central+provincial special", "share of special"],
            rows,
            {2, 3, 4},
        ),
    ]
    if all_special and frame["deep"].any():
        lines.append(
            f"  deep counties' share of central and provincial special funds: "
            f"{deep_special / all_special:.2%} ({money(deep_special)} of "
            f"{money(all_special)} 万元)"
        )
    return "\n".join(lines)
