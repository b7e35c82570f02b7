"""What `allocate whatif` prints: the change in objective, money by county and source with the
largest movers first (deep counties marked), the rules that started or stopped binding and the
projects that entered or left."""

from __future__ import annotations

import pandas as pd

from optimiser.report.text import money, table
from optimiser.solution import PLAN_STATUSES


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + money(value)


def render_whatif(
    labels: list[str],
    diff: dict,
    counties: dict,
    sources: dict,
    statuses: tuple[str, str],
    limit: int = 15,
    pinches: list[dict] | None = None,
    lang: str = "zh",
) -> str:
    """`pinches`: the variant's binding policy rules (explanation items), most valuable first."""
    lines = ["What if: " + "; ".join(labels)]
    base, variant = diff["objective"]
    if statuses[1] not in PLAN_STATUSES:
        lines.append(f"  the variant has no plan: {statuses[1]} (see its explanation below)")
    elif base is not None and variant is not None:
        lines.append(f"  objective: {base:,.2f} -> {variant:,.2f} ({_signed(variant - base)})")
    for label, status in zip(("base", "variant"), statuses, strict=True):
        if status == "audit-failed":
            lines.append(f"  the {label} plan FAILS the independent audit: see its notes")
    parts = ["\n".join(lines)]
    if statuses[1] not in PLAN_STATUSES or statuses[0] not in PLAN_STATUSES:
        return parts[0]
    frame = diff["counties"]
    if not frame.empty:
        moved = frame[frame["change"].abs() > 0.005].head(limit)
        rows = [
            [
                counties.get(r.county_code, {}).get("name", r.county_code)
                + ("*" if counties.get(r.county_code, {}).get("deep") else ""),
                money(r.base),
                money(r.variant),
                _signed(r.change),
            ]
            for r in moved.itertuples()
        ]
        losers = int((frame["change"] < -0.005).sum())
        gainers = int((frame["change"] > 0.005).sum())
        parts.append(
            f"Money by county (万元; largest movers first; * deep; {losers} lose, "
            f"{gainers} gain)\n" + table(["county", "base", "variant", "change"], rows, {1, 2, 3})
        )
    frame = diff["sources"]
    if not frame.empty:
        moved = frame[frame["change"].abs() > 0.005]
        rows = [
            [
                r.source,
                sources.get(r.source, {}).get("name", ""),
                money(r.base),
                money(r.variant),
                _signed(r.change),
            ]
            for r in moved.itertuples()
        ]
        if rows:
            parts.append(
                "Money by source (万元)\n"
                + table(["source", "name", "base", "variant", "change"], rows, {2, 3, 4})
            )
    for key, title in (
        ("started_binding", "Rules that started binding"),
        ("stopped_binding", "Rules that stopped binding"),
    ):
        items = diff[key]
        policy = [r for r in items if r[0] not in ("R-NEED", "R-BUDGET", "R-PAYMENT")]
        if items:
            shown = [f"  {rule} [{instance}]" for rule, instance in policy[:limit]]
            rest = len(items) - len(shown)
            if rest:
                shown.append(f"  ... and {rest} budget, need and other instances (diff.csv)")
            parts.append(f"{title}: {len(items)}\n" + "\n".join(shown))
    if pinches:
        by_rule: dict[str, list[dict]] = {}
        for p in pinches:
            if not p["structural"] and p["gain"] is not None:
                by_rule.setdefault(p["rule_id"], []).append(p)
        ranked = sorted(by_rule.values(), key=lambda items: -max(abs(p["gain"]) for p in items))
        lines = [
            f"  {items[0]['rule_id']} {items[0]['title_en']}: {len(items)} instance(s) at "
            f"their limit; the dearest [{top['instance']}] worth {top['gain']:+,.4g} per unit"
            for items in ranked
            for top in [max(items, key=lambda p: abs(p["gain"]))]
        ]
        if lines:
            parts.append(
                "What pinches in the variant (policy rules at their limit, by what one "
                "more unit of the limit is worth)\n" + "\n".join(lines[:8])
            )
    if diff["projects_in"] or diff["projects_out"]:
        parts.append(
            "Projects entered: "
            + (", ".join(diff["projects_in"]) or "none")
            + "\nProjects left: "
            + (", ".join(diff["projects_out"]) or "none")
        )
    return "\n\n".join(parts)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=["base", "variant", "change"])
