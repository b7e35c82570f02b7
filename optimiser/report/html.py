"""report.html: one self-contained file a department can mail (no scripts, no external files):
summary, a bar chart of money by county stacked by source (deep counties marked), the allocation
by county and source, the rules table, and the explanation in Chinese and English."""

from __future__ import annotations

import html
import math

import pandas as pd

from optimiser.report.explanation import render_explanation
from optimiser.report.run_summary import STATUS_WORDS, county_table
from optimiser.report.run_view import RunView
from optimiser.report.text import money

PALETTE = [
    "#1f5f99",
    "#d9822b",
    "#3a9d5d",
    "#c23b3b",
    "#7b5ea7",
    "#8c6d31",
    "#d36fa9",
    "#5f6b73",
    "#b5a642",
    "#2aa1a8",
    "#9c4a2f",
    "#4b8f29",
]

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",Arial,sans-serif;
margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:12px;margin:8px 0}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left}td.n{text-align:right}
th{background:#f2f4f7}tr.deep td:first-child{font-weight:bold}
.meta{color:#555;font-size:13px}.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.warning{border:2px solid #c23b3b;background:#fdecea;color:#7a1f1f;padding:8px 12px;
font-weight:bold}
pre{white-space:pre-wrap;font-size:12px;background:#fafafa;border:1px solid #eee;padding:8px}
"""


def render_html(view: RunView, lang: str = "zh") -> str:
    s = view.summary
    years = s["years"]
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    title = f"{s.get('dataset_title', s['dataset'])} · {span}"
    parts = [
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        _warning(s.get("data_warning")),
        _summary(view),
    ]
    if view.has_plan:
        frame, deep_special, all_special = county_table(view)
        parts += [
            "<h2>按县分配 · Allocation by county</h2>",
            _chart(view, frame),
            _deep_line(deep_special, all_special),
            _county_source_table(view, frame),
        ]
    parts += ["<h2>规则 · Rules</h2>", _rules_table(view)]
    if view.explanation:
        parts += [
            "<h2>说明 · Explanation</h2>",
            f"<pre>{_e(render_explanation(view.explanation, 'zh'))}</pre>",
            f"<pre>{_e(render_explanation(view.explanation, 'en'))}</pre>",
        ]
    if s.get("notes"):
        parts.append(
            "<h2>注 · Notes</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in s["notes"]) + "</ul>"
        )
    parts.append(
        f'<p class="meta">{_e(s.get("solver", ""))} · input {s["input_hash"][:12]} · '
        f"{_e(s.get('started', ''))}</p></body></html>"
    )
    return "\n".join(parts)


def _warning(warning: dict | None) -> str:
    """The data warning, first under the title, where a reader looks first."""
    if not warning:
        return ""
    return f'<p class="warning" role="alert">{_e(warning["zh"])}<br>{_e(warning["en"])}</p>'


def _e(text: object) -> str:
    return html.escape(str(text))


def _summary(view: RunView) -> str:
    s = view.summary
    rows = [
        ("状态 Status", STATUS_WORDS.get(s["status"], s["status"])),
        ("目标 Objective", "-" if s.get("objective") is None else f"{s['objective']:,.2f}"),
        ("目标类型 Objective mode", s["objective_mode"]),
        (
            "规模 Model",
            f"{s['counts'].get('variables', 0):,} variables, "
            f"{s['counts'].get('constraints', 0):,} constraints",
        ),
    ]
    if s.get("mip") and s.get("gap") is not None:
        rows.append(("间隙 Gap", f"{s['gap']:.4%}"))
    return (
        "<table>"
        + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
        + "</table>"
    )


def _deep_line(deep: float, total: float) -> str:
    if not total:
        return ""
    return (
        f"<p>深度贫困县获得中央和省级专项资金 {money(deep)} 万元，占 {deep / total:.2%}。"
        f" Deep-poverty counties receive {money(deep)} of {money(total)} 万元 of central and "
        f"provincial special funds ({deep / total:.2%}).</p>"
    )


def _pivot(view: RunView) -> pd.DataFrame:
    return view.allocation.pivot_table(
        index="county_code", columns="source", values="amount_wan", aggfunc="sum", fill_value=0.0
    )


def _chart(view: RunView, frame: pd.DataFrame) -> str:
    """A horizontal bar per county, stacked by source; deep counties first and marked ★."""
    pivot = _pivot(view)
    sources = [c for c in view.summary["sources"] if c in pivot.columns]
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}
    top = max(float(frame["total"].max()), 1.0)
    bar, gap, label_w, width = 14, 4, 150, 900
    height = len(frame) * (bar + gap) + 30
    scale = (width - label_w - 80) / top
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="allocation by county">'
    ]
    for i, row in enumerate(frame.itertuples()):
        y = 10 + i * (bar + gap)
        name = ("★ " if row.deep else "") + row.name
        out.append(
            f'<text x="{label_w - 6}" y="{y + bar - 3}" font-size="11" '
            f'text-anchor="end">{_e(name)}</text>'
        )
        x = float(label_w)
        for source in sources:
            amount = float(pivot.at[row.code, source]) if row.code in pivot.index else 0.0
            if amount <= 0:
                continue
            w = amount * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar}"'
                f' fill="{colour[source]}"><title>{_e(row.name)} {_e(source)}: '
                f"{money(amount)} 万元</title></rect>"
            )
            x += w
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + bar - 3}" font-size="10" fill="#555">'
            f"{money(row.total)}</text>"
        )
    out.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{colour[s]}"></i>'
        f"{_e(view.summary['sources'][s]['name'])}</span>"
        for s in sources
    )
    return f'<div class="legend">{legend}</div>' + "".join(out)


def _county_source_table(view: RunView, frame: pd.DataFrame) -> str:
    pivot = _pivot(view)
    sources = [c for c in view.summary["sources"] if c in pivot.columns]
    head = (
        "<tr><th>县 County</th><th>市 City</th>"
        + "".join(f"<th>{_e(view.summary['sources'][s]['name'])}</th>" for s in sources)
        + "<th>合计 Total</th><th>专项占比 Share of special</th></tr>"
    )
    rows = []
    for row in frame.itertuples():
        cells = "".join(
            f'<td class="n">{money(float(pivot.at[row.code, s])) if row.code in pivot.index else "0"}'
            f"</td>"
            for s in sources
        )
        mark = "★ " if row.deep else ""
        rows.append(
            f'<tr class="{"deep" if row.deep else ""}"><td>{mark}{_e(row.name)}</td>'
            f'<td>{_e(row.city)}</td>{cells}<td class="n">{money(row.total)}</td>'
            f'<td class="n">{row.share:.2%}</td></tr>'
        )
    return "<table>" + head + "".join(rows) + "</table>"


def _rules_table(view: RunView) -> str:
    rules = view.rules
    if rules.empty:
        return "<p>-</p>"
    shown = rules[rules["rule_id"] != "R-PAYMENT"]
    shown = shown[shown["status"].isin(["binding", "violated", "off"])]
    head = (
        "<tr><th>规则 Rule</th><th>实例 Instance</th><th>状态 Status</th><th>左端 LHS</th>"
        "<th>限值 RHS</th><th>边际价值 Marginal value</th><th>区间 Range</th>"
        "<th>依据 Citation</th></tr>"
    )
    rows = []
    for r in shown.itertuples(index=False):
        value = "n/a" if pd.isna(r.marginal_value) else f"{r.marginal_value:,.4g}"
        rng = "" if pd.isna(r.range_low) else f"{_num(r.range_low)} – {_num(r.range_high)}"
        rows.append(
            f"<tr><td>{_e(r.rule_id)}</td><td>{_e(str(r.instance)[:80])}</td>"
            f'<td>{_e(r.status)}</td><td class="n">{_num(r.lhs)}</td>'
            f'<td class="n">{_num(r.rhs)}</td><td class="n">{value}</td>'
            f"<td>{rng}</td><td>{_e(r.citation if isinstance(r.citation, str) else '')}"
            f"</td></tr>"
        )
    note = (
        f'<p class="meta">{len(shown)} of {len(rules)} rule instances shown (binding, '
        "violated or off; the payment identities and slack rows are in rules.csv).</p>"
    )
    return note + "<table>" + head + "".join(rows) + "</table>"


def _num(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return money(float(value))
