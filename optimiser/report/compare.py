"""Reports on plans side by side: the factor-method baseline's rule breaches, and `allocate
compare RUN_A RUN_B` (people reached, deep-county share, rule compliance, money moved)."""

from __future__ import annotations

import pandas as pd

from optimiser.report.run_view import RunView
from optimiser.report.scenarios import moved_between
from optimiser.report.text import money, table
from optimiser.rules import BY_ID


def render_breaches(findings: pd.DataFrame, limit: int = 3, lang: str = "zh") -> str:
    """Per rule: how many instances the plan breaks, and the worst, by how much."""
    broken = findings[findings["breach"]] if len(findings) else findings
    if broken.empty:
        return "Rules it breaks: none (the independent audit finds every rule kept)"
    lines = [f"Rules it breaks: {broken['rule_id'].nunique()} ({len(broken)} instances)"]
    for rule_id, group in broken.groupby("rule_id", sort=False):
        family = BY_ID.get(rule_id)
        gap = (group["limit"] - group["value"]).abs()
        worst = group.loc[gap.sort_values(ascending=False).index[:limit]]
        lines.append(f"  {rule_id} {family.title_en if family else ''}: {len(group)} instance(s)")
        for row in worst.itertuples():
            lines.append(
                f"    [{row.instance}] reaches {_n(row.value)} where the rule needs "
                f"{row.sense} {_n(row.limit)}"
            )
    return "\n".join(lines)


def _n(value: float) -> str:
    return money(value) if abs(value) >= 100 else f"{value:,.4g}"


def render_compare(a: RunView, b: RunView, limit: int = 10, lang: str = "zh") -> str:
    rows = []
    for label, key in (
        ("scenario", "scenario"),
        ("status", "status"),
        ("people reached (weighted)", "people_reached"),
        ("deep counties' share of special funds", "deep_share"),
        ("money allocated (万元)", "money_wan"),
    ):
        rows.append([label, _value(a.summary.get(key), key), _value(b.summary.get(key), key)])
    audit_a, audit_b = a.summary.get("audit", {}), b.summary.get("audit", {})
    rows.append(
        [
            "rule instances broken (audit)",
            str(audit_a.get("broken", "-")),
            str(audit_b.get("broken", "-")),
        ]
    )
    rows.append(
        [
            "rules broken",
            ", ".join(audit_a.get("broken_rules", [])) or "none",
            ", ".join(audit_b.get("broken_rules", [])) or "none",
        ]
    )
    parts = [f"A: {a.folder}\nB: {b.folder}\n" + table(["", "A", "B"], rows)]
    by_a = a.allocation.groupby("county_code")["amount_wan"].sum()
    by_b = b.allocation.groupby("county_code")["amount_wan"].sum()
    frame = pd.DataFrame({"A": by_a, "B": by_b}).fillna(0.0)
    frame["change"] = frame["B"] - frame["A"]
    moved = moved_between(by_a, by_b)
    counties = a.summary.get("counties", {})
    top = frame.reindex(frame["change"].abs().sort_values(ascending=False).index).head(limit)
    lines = [
        f"Money moved between counties: {money(moved)} 万元; net change "
        f"{money(frame['change'].sum())} 万元",
        table(
            ["county", "A", "B", "B - A"],
            [
                [
                    counties.get(c, {}).get("name", c)
                    + ("*" if counties.get(c, {}).get("deep") else ""),
                    money(r.A),
                    money(r.B),
                    money(r.change),
                ]
                for c, r in top.iterrows()
            ],
            {1, 2, 3},
        ),
    ]
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _value(value, key: str) -> str:
    if value is None:
        return "-"
    if key == "deep_share":
        return f"{value:.2%}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
