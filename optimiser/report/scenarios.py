"""Comparison tables and charts for scenario sets and sweeps: text for the terminal, CSV for
analysts (codes, UTF-8 with a byte-order mark), and a self-contained HTML page (inline SVG and
CSS, no script, nothing fetched) for the projected screen.

A scenario comparison shows each scenario's difference from the base as diverging bars (a gain
to the right of the zero axis, a loss to the left): people reached, the deep counties' share of
the special funds in percentage points, and the money counties gain and lose. A scenario with no
plan is shown with the rules that conflict, never dropped. A sweep is drawn as people reached
against the swept value (in 万元 for a budget), with the points where a policy rule starts or
stops binding numbered and named, and the points without a plan marked on the axis."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import pandas as pd

from optimiser.report.names import Names
from optimiser.report.text import pad, table, width
from optimiser.report.words import Words, join, status_words
from optimiser.report.words import year as say_year

W = Words(
    "scenarios",
    {
        "title": {"zh": "情景比较", "en": "Scenario comparison"},
        "against_base": {
            "zh": "各情景与基准方案相比；资金单位：万元",
            "en": "Each scenario against the base plan; money in 万元 (10,000 yuan)",
        },
        "base": {"zh": "基准", "en": "base"},
        "col.scenario": {"zh": "情景", "en": "Scenario"},
        "col.status": {"zh": "状态", "en": "Status"},
        "col.people": {"zh": "覆盖人口（加权）", "en": "People reached (weighted)"},
        "col.people_change": {"zh": "人口变化", "en": "Change"},
        "col.deep": {"zh": "深度贫困县份额", "en": "Deep counties' share"},
        "col.deep_change": {"zh": "份额变化（百分点）", "en": "Change (points)"},
        "col.money": {"zh": "安排资金（万元）", "en": "Allocated (万元)"},
        "col.moved": {"zh": "县间调整（万元）", "en": "Moved between counties (万元)"},
        "col.broken": {"zh": "违反的规则", "en": "Rules broken"},
        "none_broken": {"zh": "无", "en": "none"},
        "chart.people": {
            "zh": "覆盖贫困人口的变化（加权人数）",
            "en": "Change in poor people reached (weighted people)",
        },
        "unit.people": {"zh": "人（加权）", "en": "people (weighted)"},
        "chart.deep": {
            "zh": "深度贫困县所得专项资金份额的变化（百分点）",
            "en": "Change in the deep counties' share of special funds (percentage points)",
        },
        "unit.points": {"zh": "百分点", "en": "percentage points"},
        "chart.money": {
            "zh": "各县资金的增减（万元）：右为增加合计，左为减少合计",
            "en": "Money counties gain and lose (万元): gains to the right, losses to the left",
        },
        "money_note": {
            "zh": "县间调整 = 增加合计与减少合计中较小者：从一些县调到另一些县的资金；"
            "两者之差为安排资金总额的变化。",
            "en": "Moved between counties = the smaller of the gains and the losses: money taken "
            "from some counties and given to others; their difference is the change in the total.",
        },
        "unit.wan": {"zh": "万元", "en": "万元"},
        "gain": {"zh": "增加", "en": "gain"},
        "loss": {"zh": "减少", "en": "loss"},
        "no_plan_bar": {"zh": "无可行方案（见下）", "en": "no plan (see below)"},
        "conflict": {"zh": "冲突：{items}", "en": "Conflict: {items}"},
        "more": {"zh": "等另{count}处", "en": "and {count} more"},
        "conflict_other": {"zh": "模型的其他约束", "en": "another row of the model"},
        "relax": {
            "zh": "最小放宽：{rule}【{instance}】放宽 {short} {unit}",
            "en": "Smallest relaxation: {rule} [{instance}] by {short} {unit}",
        },
        "no_conflict": {
            "zh": "（未找到冲突的规则）",
            "en": "(no conflicting rules were found)",
        },
        "table.title": {"zh": "各情景一览", "en": "Every scenario"},
        "conflicts.title": {
            "zh": "没有可行方案的情景及其冲突",
            "en": "Scenarios without a plan, and why",
        },
        "files": {
            "zh": "文件：{table}（同目录另有 {page}）；每个情景一个运行目录",
            "en": "Files: {table} (and {page} beside it); one run folder per scenario",
        },
        # sweeps
        "sweep.title": {"zh": "参数扫描：{param}", "en": "Sweep: {param}"},
        "sweep.meta": {
            "zh": "{points}个取值，其中{solved}个有可行方案；{years}",
            "en": "{points} values, {solved} with a plan; {years}",
        },
        "col.value": {"zh": "取值", "en": "Value"},
        "col.value_wan": {"zh": "金额（万元）", "en": "Amount (万元)"},
        "col.note": {"zh": "约束变化／冲突", "en": "Binding rules / conflict"},
        "started": {"zh": "开始起约束作用：{rules}", "en": "starts binding: {rules}"},
        "stopped": {"zh": "不再起约束作用：{rules}", "en": "stops binding: {rules}"},
        "changes.title": {
            "zh": "起约束作用的政策规则发生变化的取值",
            "en": "Where the binding policy rules change",
        },
        "changes.none": {
            "zh": "在各可行取值上，起约束作用的政策规则始终相同。",
            "en": "The same policy rules bind at every value with a plan.",
        },
        "movers.title": {
            "zh": "资金变动最大的县（各可行取值之间最高与最低之差）",
            "en": "Counties whose money moves most (highest less lowest over the values with a "
            "plan)",
        },
        "movers.none": {
            "zh": "各县资金在各可行取值上均不变。",
            "en": "No county's money changes between the values with a plan.",
        },
        "col.county": {"zh": "县", "en": "County"},
        "col.low": {"zh": "最低（万元）", "en": "Lowest (万元)"},
        "col.low_at": {"zh": "最低时取值", "en": "at"},
        "col.high": {"zh": "最高（万元）", "en": "Highest (万元)"},
        "col.high_at": {"zh": "最高时取值", "en": "at"},
        "col.spread": {"zh": "变动（万元）", "en": "Moves (万元)"},
        "axis.people": {
            "zh": "覆盖贫困人口（加权，人）",
            "en": "Poor people reached (weighted)",
        },
        "axis.percent": {"zh": "{param}（相对现值）", "en": "{param} (change)"},
        "axis.wan": {"zh": "{param}（万元）", "en": "{param} (万元)"},
        "legend.point": {"zh": "有可行方案的取值", "en": "value with a plan"},
        "legend.changed": {
            "zh": "起约束作用的政策规则在此变化（编号见下）",
            "en": "binding policy rules change here (numbered below)",
        },
        "legend.infeasible": {"zh": "无可行方案的取值", "en": "value without a plan"},
        "no_plan": {"zh": "无可行方案", "en": "no plan"},
        "interrupted": {
            "zh": "已中断：已完成的取值保存在 {csv}",
            "en": "interrupted: the finished points are kept in {csv}",
        },
        "sweep.files": {
            "zh": "文件：{csv}（每个县一列，同目录另有 sweep.html 图表）",
            "en": "Files: {csv} (every county in a column; the chart in sweep.html beside it)",
        },
        "param.budget": {"zh": "{source}{year}预算", "en": "{source} budget {year}"},
        "param.budget_scope": {
            "zh": "{source}{year}预算（{scope}）",
            "en": "{source} budget {year} ({scope})",
        },
        "param.need": {"zh": "{county}{category}需求", "en": "{county} need for {category}"},
        "param.unit_cost": {"zh": "{category}单位成本", "en": "unit cost of {category}"},
        "param.rule": {"zh": "{rule}的参数 {param}", "en": "{rule}: {param}"},
        "nothing": {"zh": "没有可画的数值。", "en": "Nothing to draw."},
        "sweep.table": {"zh": "各取值一览", "en": "Every value"},
        "see_below": {"zh": "见下", "en": "see below"},
        "noplan.title": {
            "zh": "没有可行方案的取值及其冲突",
            "en": "Values without a plan, and why",
        },
        "axis.both": {
            "zh": "{axis}：上行为相对现值的变化，下行为万元",
            "en": "{axis}: the change above, 万元 below",
        },
    },
)

COLUMNS = [
    "scenario",
    "status",
    "objective",
    "change",
    "people_reached",
    "people_change",
    "deep_share",
    "deep_share_change_pp",
    "money_wan",
    "money_change_wan",
    "gained_wan",
    "lost_wan",
    "moved_wan",
    "audit_broken",
    "broken_rules",
    "conflict",
    "relaxation",
    "folder",
]

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",Arial,sans-serif;
margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin-bottom:4px}
h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc;padding-bottom:2px}
.meta{color:#555;font-size:13px}
.warning{border:2px solid #c23b3b;background:#fdecea;color:#7a1f1f;padding:8px 12px;
font-weight:bold}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;
white-space:pre-line}
th{background:#f2f4f7}td.n,td.s{text-align:right;white-space:nowrap}td.s{text-align:left}
tr.noplan td{background:#fdf3f2}tr.changed td{background:#fff8e6}
.note{color:#555;font-size:12px;margin:2px 0 12px}
svg text{font-family:inherit}
.conflict{color:#7a1f1f}
ol.changes li{margin:4px 0}
"""

GAIN, LOSS, LINE, MARK, NOPLAN = "#2e7d4f", "#c23b3b", "#1f5f99", "#d9822b", "#c23b3b"
MAX_INSTANCES = 4  # of one rule in a conflict; the rest counted
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


# -- one scenario's row ---------------------------------------------------------------------------


def comparison_row(name: str, folder: Path, base_folder: Path) -> dict:
    """One scenario against the base, read from the two run folders (summary.json, the rounded
    allocation.csv, explanation.json): the figures printed are the ones the folders hold."""
    from optimiser.report.run_view import RunView

    view = RunView.load(folder)
    base = view if Path(folder) == Path(base_folder) else RunView.load(base_folder)
    s, b = view.summary, base.summary
    row = {column: None for column in COLUMNS}
    row.update(scenario=name, status=s["status"], objective=s.get("objective"), folder=str(folder))
    if view.has_plan:
        row["people_reached"] = s.get("people_reached")
        row["deep_share"] = s.get("deep_share")
        row["money_wan"] = _cents(view.allocation["amount_wan"].sum())
        audit = s.get("audit") or {}
        row["audit_broken"] = audit.get("broken")
        row["broken_rules"] = ";".join(audit.get("broken_rules") or [])
        if base.has_plan:
            row["change"] = _minus(s.get("objective"), b.get("objective"))
            row["people_change"] = _minus(s.get("people_reached"), b.get("people_reached"))
            if s.get("deep_share") is not None and b.get("deep_share") is not None:
                row["deep_share_change_pp"] = 100 * (s["deep_share"] - b["deep_share"])
            a = base.allocation.groupby("county_code")["amount_wan"].sum()
            c = view.allocation.groupby("county_code")["amount_wan"].sum()
            change = pd.concat([a, c], axis=1).fillna(0.0).diff(axis=1).iloc[:, 1]
            row["gained_wan"] = _cents(change[change > 0].sum())
            row["lost_wan"] = _cents(-change[change < 0].sum())
            row["moved_wan"] = min(row["gained_wan"], row["lost_wan"])
            row["money_change_wan"] = _cents(row["gained_wan"] - row["lost_wan"])
    diagnosis = view.explanation.get("diagnosis")
    if diagnosis:
        keep = ("rule_id", "instance", "sense", "rhs", "kind")
        row["conflict"] = json.dumps(
            [{k: e.get(k) for k in keep} for e in diagnosis.get("conflict", [])],
            ensure_ascii=False,
        )
        row["relaxation"] = json.dumps(
            [{k: e.get(k) for k in (*keep, "short")} for e in diagnosis.get("relaxation", [])[:3]],
            ensure_ascii=False,
        )
    return row


def moved_between(a: pd.Series, b: pd.Series) -> float:
    """Money that changed county: what some lose and others gain, the net change aside."""
    change = pd.concat([a, b], axis=1).fillna(0.0).diff(axis=1).iloc[:, 1]
    return float((change.abs().sum() - abs(change.sum())) / 2)


def _cents(value: float) -> float:
    return round(float(value) + 0.0, 2) + 0.0


def _minus(a, b):
    return None if a is None or b is None else a - b


# -- scenario comparison: terminal ----------------------------------------------------------------


def _context(rows: list[dict]):
    """Names and the data warning of the base run (the first row's folder)."""
    from optimiser.report.run_view import RunView

    view = RunView.load(rows[0]["folder"])
    return view.names, view.summary


def render_comparison(rows: list[dict], lang: str = "zh") -> str:
    names, summary = _context(rows)
    lines = _warning_lines(summary.get("data_warning"), lang)
    lines.append(f"{W('title', lang)} · {_dataset_line(summary, lang)}")
    lines.append(W("against_base", lang))
    body = [_cells(r, names, lang) for r in rows]
    lines.append(table(_headers(lang), body, set(range(2, 8))))
    noplan = [r for r in rows if r["conflict"] is not None or r["people_reached"] is None]
    if noplan:
        lines += ["", W("conflicts.title", lang)]
        for r in noplan:
            lines.append(f"  {_scenario(r, lang)}{_colon(lang)}{status_words(r['status'], lang)}")
            lines += [f"    {t}" for t in conflict_lines(r, names, lang)]
    variants = rows[1:]
    for key, values in _charts(variants, lang):
        lines += ["", W(f"chart.{key}", lang), _text_bars(values, lang, FORMATS[key])]
    lines += ["", W("money_note", lang)]
    return "\n".join(lines)


def _headers(lang: str) -> list[str]:
    keys = ["scenario", "status", "people", "people_change", "deep", "deep_change", "money"]
    return [W(f"col.{k}", lang) for k in keys] + [W("col.moved", lang), W("col.broken", lang)]


def _cells(r: dict, names: Names, lang: str) -> list[str]:
    return [
        _scenario(r, lang),
        status_words(r["status"], lang, short=True),
        _people(r["people_reached"]),
        _people(r["people_change"], signed=True),
        _share(r["deep_share"]),
        _points(r["deep_share_change_pp"]),
        _wan(r["money_wan"]),
        _wan(r["moved_wan"]),
        _broken(r, names, lang),
    ]


def _scenario(r: dict, lang: str) -> str:
    return W("base", lang) if r["scenario"] == "base" else r["scenario"]


def _broken(r: dict, names: Names, lang: str) -> str:
    if r["audit_broken"] is None:
        return "-"
    ids = [i for i in (r["broken_rules"] or "").split(";") if i]
    if not ids:
        return W("none_broken", lang)
    return join([names.rule(i, lang) for i in ids], lang)


def conflict_lines(r: dict, names: Names, lang: str) -> list[str]:
    """What conflicts in a run with no plan, with names and rule titles; and the smallest
    relaxation that would make a plan possible."""
    conflict = json.loads(r["conflict"]) if r.get("conflict") else []
    relaxation = json.loads(r["relaxation"]) if r.get("relaxation") else []
    if not conflict:
        return [W("no_conflict", lang)]
    by_rule: dict[str, list[str]] = {}  # each rule once, with its instances
    other = 0
    for e in conflict:
        if not e.get("rule_id"):
            other += 1
            continue
        by_rule.setdefault(e["rule_id"], []).append(names.instance(e["instance"], lang))
    items = []
    for rule_id, where in by_rule.items():
        shown = where[:MAX_INSTANCES]
        if len(where) > MAX_INSTANCES:
            shown.append(W("more", lang, count=len(where) - MAX_INSTANCES))
        inner = join(shown, lang)
        rule = names.rule(rule_id, lang)
        items.append(f"{rule}【{inner}】" if lang == "zh" else f"{rule} [{inner}]")
    if other:
        items.append(W("conflict_other", lang) + (f" ×{other}" if other > 1 else ""))
    lines = [W("conflict", lang, items=("；" if lang == "zh" else "; ").join(items))]
    for e in relaxation[:1]:
        from optimiser.rules import BY_ID

        family = BY_ID.get(e.get("rule_id"))
        unit = (
            ""
            if family is None
            else (family.limit_unit_en if lang == "en" else family.limit_unit_zh)
        )
        lines.append(
            W(
                "relax",
                lang,
                rule=names.rule(e["rule_id"], lang),
                instance=names.instance(e["instance"], lang),
                short=f"{e['short']:,.2f}",
                unit=unit,
            )
        )
    return lines


def _charts(rows: list[dict], lang: str) -> list[tuple[str, list]]:
    """(chart key, [(label, values or None)]) for the three measures that differ from the base;
    values are (gain, loss) pairs for money, one signed number otherwise."""
    out = []
    people = [(_scenario(r, lang), _signed(r["people_change"])) for r in rows]
    deep = [(_scenario(r, lang), _signed(r["deep_share_change_pp"])) for r in rows]
    money = [
        (
            _scenario(r, lang),
            None if r["gained_wan"] is None else (r["gained_wan"], -r["lost_wan"]),
        )
        for r in rows
    ]
    out.append(("people", people))
    out.append(("deep", deep))
    out.append(("money", money))
    return out


def _signed_wan(value: float) -> str:
    text = f"{value:+,.2f}".replace("-", "−")
    return "0.00" if text in ("+0.00", "−0.00") else text


FORMATS = {
    "people": lambda v: _num(v, True),
    "deep": lambda v: _points(v),
    "money": _signed_wan,
}


def _signed(value):
    return None if value is None else (value,)


def _text_bars(values: list, lang: str, fmt, half: int = 24) -> str:
    """Diverging bars in the terminal: losses left of the axis │, gains right of it, each with
    its value at the bar's end; every line's axis in the same column."""
    numbers = [abs(v) for _, vs in values if vs for v in vs]
    top = max(numbers, default=0.0) or 1.0
    label = max((width(n) for n, _ in values), default=0)
    texts = [fmt(v) for _, vs in values if vs for v in vs if v < 0]
    room = max((width(t) for t in texts), default=0) + 1 + half  # left of the axis
    lines = []
    for name, vs in values:
        head = "  " + pad(name, label) + " "
        if vs is None:
            lines.append(head + " " * room + "│ " + W("no_plan", lang))
            continue
        gain = max([v for v in vs if v > 0], default=0.0)
        loss = min([v for v in vs if v < 0], default=0.0)
        left = "█" * round(half * -loss / top)
        right = "█" * round(half * gain / top)
        text_left = f"{fmt(loss)} {left}" if loss else ""
        text_right = fmt(gain) if gain or not loss else ""
        lines.append(
            (head + pad(text_left, room, right=True) + "│" + right + " " + text_right).rstrip()
        )
    return "\n".join(lines)


# -- scenario comparison: files -------------------------------------------------------------------


def write_comparison(rows: list[dict], base_folder: Path, lang: str = "zh") -> Path:
    """<base run>-scenarios.csv (codes, UTF-8 with a byte-order mark) and the page beside it."""
    target = base_folder.parent / f"{base_folder.name}-scenarios.csv"
    pd.DataFrame(rows, columns=COLUMNS).to_csv(target, index=False, encoding="utf-8-sig")
    target.with_suffix(".html").write_text(render_comparison_html(rows, lang), encoding="utf-8")
    return target


def render_comparison_html(rows: list[dict], lang: str = "zh") -> str:
    names, summary = _context(rows)
    title = W("title", lang)
    parts = [
        _head(title, lang),
        f"<h1>{_e(title)}</h1>",
        _warning_html(summary.get("data_warning"), lang),
        f'<p class="meta">{_e(_dataset_line(summary, lang))}；{_e(W("against_base", lang))}</p>'
        if lang == "zh"
        else f'<p class="meta">{_e(_dataset_line(summary, lang))}. {_e(W("against_base", lang))}</p>',
    ]
    units = {"people": W("unit.people", lang), "deep": W("unit.points", lang)}
    units["money"] = W("unit.wan", lang)
    for key, values in _charts(rows[1:], lang):
        parts.append(f"<h2>{_e(W(f'chart.{key}', lang))}</h2>")
        parts.append(_diverging(values, units[key], key, lang, FORMATS[key]))
        if key == "money":
            parts.append(f'<p class="note">{_e(W("money_note", lang))}</p>')
    parts.append(f"<h2>{_e(W('table.title', lang))}</h2>")
    parts.append(_comparison_table(rows, names, lang))
    parts.append("</body></html>")
    return "".join(parts)


def _comparison_table(rows: list[dict], names: Names, lang: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in _headers(lang))
    body = []
    for r in rows:
        cells = _cells(r, names, lang)
        noplan = r["people_reached"] is None
        tds = "".join(
            f'<td class="{"n" if 2 <= i <= 7 else "s" if i < 2 else ""}">{_e(c)}</td>'
            for i, c in enumerate(cells)
        )
        body.append(f'<tr class="{"noplan" if noplan else ""}">{tds}</tr>')
        if noplan:
            lines = [status_words(r["status"], lang), *conflict_lines(r, names, lang)]
            text = "<br>".join(_e(t) for t in lines)
            body.append(
                f'<tr class="noplan"><td></td><td colspan="{len(cells) - 1}" '
                f'class="conflict">{text}</td></tr>'
            )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _diverging(values: list, unit: str, key: str, lang: str, fmt) -> str:
    """Horizontal bars from a zero axis: a gain to the right, a loss to the left, with ticks and
    the unit under the axis; a scenario without a plan says so where its bar would be."""
    numbers = [v for _, vs in values if vs for v in vs]
    if not values:
        return f"<p>{_e(W('nothing', lang))}</p>"
    low, high = min(numbers + [0.0]), max(numbers + [0.0])
    pad = 0.3 * ((high - low) or 1.0)  # room for the value labels beside the bars
    ticks = nice_ticks(low - (pad if low < 0 else 0), high + (pad if high > 0 else 0))
    if low == high == 0:
        ticks = [-1.0, 0.0, 1.0]
    lo, hi = ticks[0], ticks[-1]
    label_w, left, right = 190, 200, 860
    row_h, top = 30, 12
    height = top + row_h * len(values) + 56

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    zero = x(0.0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diverging" data-chart="{key}" '
        f'width="{right + 30}" height="{height}" role="img" aria-label="{_e(unit)}">'
    ]
    bottom = top + row_h * len(values)
    for t in ticks:
        out.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{bottom}" stroke="#e4e7eb"/>'
            f'<line class="tick" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{bottom}" y2="{bottom + 5}" '
            f'stroke="#333"/><text class="tick-label" x="{x(t):.1f}" y="{bottom + 18}" '
            f'font-size="11" text-anchor="middle">{_e(_tick(t, ticks))}</text>'
        )
    out.append(
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
        f'<text class="unit" x="{(left + right) / 2:.0f}" y="{bottom + 40}" font-size="12" '
        f'text-anchor="middle">{_e(unit)}</text>'
    )
    for i, (name, vs) in enumerate(values):
        y = top + i * row_h
        mid = y + row_h / 2 + 4
        out.append(
            f'<text x="{label_w}" y="{mid:.1f}" font-size="13" text-anchor="end">{_e(name)}</text>'
        )
        if vs is None:
            out.append(
                f'<text class="noplan" x="{zero + 6:.1f}" y="{mid:.1f}" font-size="12" '
                f'fill="{NOPLAN}">{_e(W("no_plan_bar", lang))}</text>'
            )
            continue
        if len(vs) > 1 and not any(vs):  # neither a gain nor a loss
            vs = (0.0,)
        for v in vs:
            if v == 0 and len(vs) > 1:
                continue
            kind = "gain" if v > 0 else "loss" if v < 0 else "zero"
            x0, x1 = sorted((zero, x(v)))
            out.append(
                f'<rect class="bar {kind}" data-value="{v:.4f}" x="{x0:.1f}" y="{y + 6}" '
                f'width="{x1 - x0:.1f}" height="{row_h - 12}" '
                f'fill="{GAIN if v > 0 else LOSS}"><title>{_e(name)}{_colon(lang)}{_e(fmt(v))} '
                f"{_e(unit)}</title></rect>"
            )
            anchor, at = ("start", x1 + 4) if v >= 0 else ("end", x0 - 4)
            out.append(
                f'<text class="value" x="{at:.1f}" y="{mid:.1f}" font-size="12" '
                f'text-anchor="{anchor}">{_e(fmt(v))}</text>'
            )
    out.append(
        f'<line class="zero-axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 4}" '
        f'y2="{bottom}" stroke="#111" stroke-width="2"/></svg>'
    )
    return "".join(out)


# -- sweeps ---------------------------------------------------------------------------------------


def parameter_label(param: str, names: Names, lang: str) -> str:
    """The swept path as a reader says it: budget.central_special.2018 -> 中央财政专项扶贫资金
    2018年预算."""
    from optimiser.rules import BY_ID

    keys = param.split(".")
    if keys[0] == "budget" and len(keys) in (3, 4):
        fields = {"source": names.source(keys[1], lang), "year": say_year(keys[2], lang)}
        if len(keys) == 4:
            return W("param.budget_scope", lang, scope=names.county(keys[3], lang), **fields)
        return W("param.budget", lang, **fields)
    if keys[0] == "need" and len(keys) == 3:
        return W(
            "param.need",
            lang,
            county=names.county(keys[1], lang),
            category=names.category(keys[2], lang),
        )
    if keys[0] == "unit_cost" and len(keys) == 2:
        return W("param.unit_cost", lang, category=names.category(keys[1], lang))
    if keys[0] in BY_ID and len(keys) == 2:
        return W("param.rule", lang, rule=names.rule(keys[0], lang), param=keys[1])
    return param


def render_sweep(
    rows: list[dict], param: str, data, lang: str = "zh", years: list[int] | None = None
) -> str:
    from optimiser.report.run_files import data_warning
    from optimiser.scenario.sets import sweep_movers

    names = Names.from_dataset(data)
    label = parameter_label(param, names, lang)
    solved = [r for r in rows if r.get("people_reached") is not None]
    lines = _warning_lines(data_warning(data), lang)
    lines.append(W("sweep.title", lang, param=label))
    lines.append(_sweep_meta(rows, solved, data, lang, years))
    numeric = {1, 3, 4} if _has_wan(rows) else {2, 3}
    cells = _sweep_cells(rows, names, lang, short=True)
    lines.append(table(_sweep_headers(rows, lang), cells, numeric))
    noplan = [r for r in rows if r.get("people_reached") is None]
    if noplan:
        lines += ["", W("noplan.title", lang)]
        for r in noplan:
            lines.append(
                f"  {_point_label(r, lang)}{_colon(lang)}{status_words(r['status'], lang)}"
            )
            if r.get("conflict"):
                lines += [f"    {t}" for t in conflict_lines(r, names, lang)]
    movers = sweep_movers(rows)
    lines += ["", W("movers.title", lang)]
    if movers:
        lines.append(table(_mover_headers(lang), _mover_cells(movers, names), {1, 2, 3, 4, 5}))
    else:
        lines.append("  " + W("movers.none", lang))
    return "\n".join(lines)


def _sweep_meta(rows, solved, data, lang, years) -> str:
    from optimiser.report.words import span

    years = sorted(years or [])
    return W(
        "sweep.meta",
        lang,
        points=len(rows),
        solved=len(solved),
        years=f"{data.policy.dataset.title}" + (f" · {span(years, lang)}" if years else ""),
    )


def _has_wan(rows: list[dict]) -> bool:
    return any(r.get("value_wan") not in (None, "") for r in rows)


def _sweep_headers(rows: list[dict], lang: str) -> list[str]:
    keys = ["value"] + (["value_wan"] if _has_wan(rows) else [])
    keys += ["status", "people", "deep", "note"]
    return [W(f"col.{k}", lang) for k in keys]


def _sweep_cells(rows: list[dict], names: Names, lang: str, short: bool = False) -> list[list[str]]:
    body = []
    for r in rows:
        cells = [_value(r["value"])]
        if _has_wan(rows):
            cells.append(_wan(_float(r.get("value_wan"))))
        cells += [
            status_words(r["status"], lang, short=True),
            _people(_float(r.get("people_reached"))),
            _share(_float(r.get("deep_share"))),
            _sweep_note(r, names, lang, short),
        ]
        body.append(cells)
    return body


def _sweep_note(r: dict, names: Names, lang: str, short: bool = False) -> str:
    if r.get("people_reached") is None:
        if short or not r.get("conflict"):
            return W("see_below", lang)
        return "\n".join(conflict_lines(r, names, lang))  # a line each on the page
    return _change_text(r, names, lang)


def _change_text(r: dict, names: Names, lang: str) -> str:
    parts = []
    if r.get("started"):
        parts.append(
            W("started", lang, rules=join([names.rule(i, lang) for i in r["started"]], lang))
        )
    if r.get("stopped"):
        parts.append(
            W("stopped", lang, rules=join([names.rule(i, lang) for i in r["stopped"]], lang))
        )
    return ("；" if lang == "zh" else "; ").join(parts)


def _mover_headers(lang: str) -> list[str]:
    keys = ["county", "low", "low_at", "high", "high_at", "spread"]
    return [W(f"col.{k}", lang) for k in keys]


def _mover_cells(movers: list[dict], names: Names) -> list[list[str]]:
    return [
        [
            names.county(m["county_code"]),
            _wan(m["low"]),
            _value(m["low_at"]),
            _wan(m["high"]),
            _value(m["high_at"]),
            _wan(m["spread"]),
        ]
        for m in movers
    ]


def write_sweep_chart(
    rows: list[dict],
    path: Path,
    param: str,
    data=None,
    lang: str = "zh",
    years: list[int] | None = None,
) -> None:
    """sweep.html beside sweep.csv: the chart, the changes of binding rules, every point (those
    without a plan with their conflict) and the counties whose money moves most."""
    from optimiser.report.run_files import data_warning
    from optimiser.scenario.sets import sweep_movers

    names = Names.from_dataset(data)
    label = parameter_label(param, names, lang)
    solved = [r for r in rows if r.get("people_reached") is not None]
    title = W("sweep.title", lang, param=label)
    parts = [
        _head(title, lang),
        f"<h1>{_e(title)}</h1>",
        _warning_html(data_warning(data), lang),
        f'<p class="meta">{_e(_sweep_meta(rows, solved, data, lang, years))}</p>',
        _sweep_svg(rows, label, lang),
        f"<h2>{_e(W('changes.title', lang))}</h2>",
    ]
    changed = [r for r in rows if r.get("binding_changed")]
    if changed:
        items = "".join(
            f"<li>{_e(_circled(i))} {_e(_point_label(r, lang))}{_colon(lang)}{_e(_change_text(r, names, lang))}</li>"
            for i, r in enumerate(changed)
        )
        parts.append(f'<ol class="changes" style="list-style:none;padding-left:8px">{items}</ol>')
    else:
        parts.append(f'<p class="note">{_e(W("changes.none", lang))}</p>')
    parts.append(f"<h2>{_e(W('sweep.table', lang))}</h2>")
    head = "".join(f"<th>{_e(h)}</th>" for h in _sweep_headers(rows, lang))
    body = []
    numeric = {1, 3, 4} if _has_wan(rows) else {2, 3}
    for r, cells in zip(rows, _sweep_cells(rows, names, lang), strict=True):
        kind = (
            "noplan"
            if r.get("people_reached") is None
            else "changed"
            if r.get("binding_changed")
            else ""
        )
        status = 2 if _has_wan(rows) else 1
        tds = "".join(
            f'<td class="{"n" if i in numeric else "s" if i in (0, status) else ""}">{_e(c)}</td>'
            for i, c in enumerate(cells)
        )
        body.append(f'<tr class="{kind}" data-value="{_e(r["value"])}">{tds}</tr>')
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    movers = sweep_movers(rows)
    parts.append(f"<h2>{_e(W('movers.title', lang))}</h2>")
    if movers:
        head = "".join(f"<th>{_e(h)}</th>" for h in _mover_headers(lang))
        trs = "".join(
            "<tr>"
            + "".join(
                f'<td class="n">{_e(c)}</td>' if i else f"<td>{_e(c)}</td>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
            for cells in _mover_cells(movers, names)
        )
        parts.append(
            f'<table class="movers"><thead><tr>{head}</tr></thead><tbody>{trs}</tbody></table>'
        )
    else:
        parts.append(f'<p class="note">{_e(W("movers.none", lang))}</p>')
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _point_label(r: dict, lang: str) -> str:
    wan = _float(r.get("value_wan"))
    if wan is None:
        return _value(r["value"])
    return _value(r["value"]) + (
        f"（{_wan(wan)} 万元）" if lang == "zh" else f" ({_wan(wan)} 万元)"
    )


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _circled(i: int) -> str:
    return CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})"


def _sweep_svg(rows: list[dict], label: str, lang: str) -> str:
    """People reached against the swept value: the line broken where there is no plan, those
    values marked on the axis, and the points where binding policy rules change numbered."""
    from optimiser.scenario.sets import value_number

    if not rows:
        return f"<p>{_e(W('nothing', lang))}</p>"
    wan = _has_wan(rows)
    percent = str(rows[0]["value"]).endswith("%")
    xs = [_float(r.get("value_wan")) if wan else value_number(r["value"]) for r in rows]
    people = [_float(r.get("people_reached")) for r in rows]
    known = [p for p in people if p is not None]
    width_px, height_px = 960, 470
    left, right, top, bottom = 100, 930, 30, 350
    xlo, xhi = min(xs), max(xs)
    if xlo == xhi:
        xlo, xhi = xlo - 1, xhi + 1
    if known:
        ylo, yhi = min(known), max(known)
        pad = 0.08 * ((yhi - ylo) or abs(yhi) or 1.0)
        yticks = nice_ticks(ylo - pad, yhi + pad)
    else:
        yticks = [0.0, 1.0]
    ylo, yhi = yticks[0], yticks[-1]

    def x(v: float) -> float:
        return left + (v - xlo) / (xhi - xlo) * (right - left)

    def y(v: float) -> float:
        return bottom - (v - ylo) / (yhi - ylo) * (bottom - top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sweep" width="{width_px}" '
        f'height="{height_px}" role="img" aria-label="{_e(label)}">'
    ]
    step = (right - left) / max(1, len(rows) - 1)
    # values without a plan: a shaded band from halfway to the neighbours, labelled once for
    # each run of such values (a cross on the axis at each value, drawn below)
    runs: list[list[float]] = []
    for i, (r, v) in enumerate(zip(rows, xs, strict=True)):
        if r.get("people_reached") is None:
            if i and rows[i - 1].get("people_reached") is None:
                runs[-1].append(v)
            else:
                runs.append([v])
    label_text = W("no_plan", lang)
    for run_values in runs:
        x0 = max(left, x(run_values[0]) - step / 2)
        x1 = min(right, x(run_values[-1]) + step / 2)
        centre = (x0 + x1) / 2
        out.append(
            f'<rect class="noplan-band" x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" '
            f'height="{bottom - top}" fill="#fdecea"/>'
        )
        if x1 - x0 >= 14 * width(label_text) / 2 + 8:  # room to write it across
            out.append(
                f'<text class="noplan-label" x="{centre:.1f}" y="{top + 20}" font-size="13" '
                f'fill="{NOPLAN}" text-anchor="middle">{_e(label_text)}</text>'
            )
        else:
            out.append(
                f'<text class="noplan-label" x="{centre:.1f}" y="{top + 10}" font-size="13" '
                f'fill="{NOPLAN}" style="writing-mode:vertical-rl">{_e(label_text)}</text>'
            )
    for t in yticks:
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e4e7eb"/>'
            f'<line class="tick" x1="{left - 5}" x2="{left}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            f'stroke="#333"/><text class="tick-label" x="{left - 8}" y="{y(t) + 4:.1f}" '
            f'font-size="11" text-anchor="end">{_e(_tick(t, yticks))}</text>'
        )
    out.append(
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#333"/>'
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#333"/>'
        f'<text class="unit" x="18" y="{(top + bottom) / 2:.0f}" font-size="12" '
        f'text-anchor="middle" transform="rotate(-90 18 {(top + bottom) / 2:.0f})">'
        f"{_e(W('axis.people', lang))}</text>"
    )
    every = max(1, math.ceil(len(rows) / 14))  # at most 14 labelled ticks
    for i, (r, v) in enumerate(zip(rows, xs, strict=True)):
        out.append(
            f'<line class="tick" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{bottom}" '
            f'y2="{bottom + 5}" stroke="#333"/>'
        )
        if i % every and i != len(rows) - 1:
            continue
        first = _value(r["value"]) if percent or not wan else _wan(v)
        out.append(
            f'<text class="tick-label" x="{x(v):.1f}" y="{bottom + 18}" font-size="11" '
            f'text-anchor="middle">{_e(first)}</text>'
        )
        if wan and percent:
            out.append(
                f'<text class="tick-label" x="{x(v):.1f}" y="{bottom + 32}" font-size="10" '
                f'fill="#555" text-anchor="middle">{_e(_wan0(v))}</text>'
            )
    axis = (
        W("axis.wan", lang, param=label)
        if wan
        else W("axis.percent", lang, param=label)
        if percent
        else label
    )
    if wan and percent:
        axis = W("axis.both", lang, axis=axis)
    out.append(
        f'<text class="unit" x="{(left + right) / 2:.0f}" y="{bottom + 54}" font-size="12" '
        f'text-anchor="middle">{_e(axis)}</text>'
    )
    # the line, broken at values without a plan
    run: list[tuple[float, float]] = []
    segments = []
    for v, p in zip(xs, people, strict=True):
        if p is None:
            if run:
                segments.append(run)
            run = []
        else:
            run.append((x(v), y(p)))
    if run:
        segments.append(run)
    for seg in segments:
        d = " ".join(f"{'M' if i == 0 else 'L'}{a:.1f},{b:.1f}" for i, (a, b) in enumerate(seg))
        out.append(f'<path class="line" d="{d}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    number = 0
    for r, v, p in zip(rows, xs, people, strict=True):
        if p is None:
            cx = x(v)
            out.append(
                f'<path class="noplan-mark" d="M{cx - 6:.1f},{bottom - 6} L{cx + 6:.1f},'
                f'{bottom + 6} M{cx - 6:.1f},{bottom + 6} L{cx + 6:.1f},{bottom - 6}" '
                f'stroke="{NOPLAN}" stroke-width="2.5"><title>{_e(_point_label(r, lang))}{_colon(lang)}'
                f"{_e(label_text)}</title></path>"
            )
            continue
        tip = f"{_point_label(r, lang)}{_colon(lang)}{_people(p)}"
        if r.get("binding_changed"):
            out.append(
                f'<circle class="point changed" cx="{x(v):.1f}" cy="{y(p):.1f}" r="7" '
                f'fill="{MARK}" stroke="#fff"><title>{_e(tip)}</title></circle>'
                f'<text class="change-label" x="{x(v):.1f}" y="{y(p) - 12:.1f}" font-size="14" '
                f'text-anchor="middle" fill="{MARK}">{_e(_circled(number))}</text>'
            )
            number += 1
        else:
            out.append(
                f'<circle class="point" cx="{x(v):.1f}" cy="{y(p):.1f}" r="4" fill="{LINE}">'
                f"<title>{_e(tip)}</title></circle>"
            )
    legend_y = height_px - 14
    out.append(
        f'<circle cx="{left}" cy="{legend_y - 4}" r="4" fill="{LINE}"/>'
        f'<text x="{left + 10}" y="{legend_y}" font-size="12">{_e(W("legend.point", lang))}</text>'
        f'<circle cx="{left + 190}" cy="{legend_y - 4}" r="6" fill="{MARK}"/>'
        f'<text x="{left + 202}" y="{legend_y}" font-size="12">{_e(W("legend.changed", lang))}</text>'
        f'<path d="M{left + 530},{legend_y - 9} L{left + 540},{legend_y + 1} M{left + 530},'
        f'{legend_y + 1} L{left + 540},{legend_y - 9}" stroke="{NOPLAN}" stroke-width="2.5"/>'
        f'<text x="{left + 548}" y="{legend_y}" font-size="12">{_e(W("legend.infeasible", lang))}'
        "</text></svg>"
    )
    return "".join(out)


# -- shared ---------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) covering low..high."""
    if high < low:
        low, high = high, low
    if high == low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    n = round((stop - start) / step)
    return [round(start + i * step, 10) + 0.0 for i in range(n + 1)]


def _tick(t: float, ticks: list[float]) -> str:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    digits = 0 if step >= 1 else min(4, math.ceil(-math.log10(step) - 1e-9))
    text = f"{t:,.{digits}f}".replace("-", "−")
    return ("+" + text) if t > 0 and ticks[0] < 0 else text


def _head(title: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{_e(title)}</title><style>{STYLE}</style></head><body>'
    )


def _warning_lines(warning: dict | None, lang: str) -> list[str]:
    return [f"! {warning[lang if lang in ('zh', 'en') else 'zh']}"] if warning else []


def _warning_html(warning: dict | None, lang: str) -> str:
    if not warning:
        return ""
    return f'<p class="warning">{_e(warning[lang if lang in ("zh", "en") else "zh"])}</p>'


def _dataset_line(summary: dict, lang: str) -> str:
    from optimiser.report.words import span

    title = summary.get("dataset_title") or summary.get("dataset", "")
    years = summary.get("years") or []
    return f"{title} · {span(years, lang)}" if years else title


def _e(text: object) -> str:
    return html.escape(str(text))


def _float(value) -> float | None:
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _value(value: object) -> str:
    text = str(value)
    return text.replace("-", "−") if text.startswith("-") else text


def _num(value: float, signed: bool = False) -> str:
    text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if abs(value - round(value)) < 0.005:
        text = f"{value:,.0f}"
    text = text.replace("-", "−")
    return ("+" + text) if signed and value > 0 else text


def _people(value, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return _num(float(value), signed)


def _wan(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value):,.2f}"


def _wan0(value) -> str:
    return f"{float(value):,.0f}"


def _share(value) -> str:
    return "-" if value is None else f"{value:.2%}"


def _points(value) -> str:
    if value is None:
        return "-"
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text.replace("-", "−")
