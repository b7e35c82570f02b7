"""The comparison of a scenario set (`allocate scenarios`): each scenario against the base as a
table and diverging bars (people reached, the deep counties' share of the special funds in
percentage points, the money counties gain and lose), in the terminal, in a CSV for analysts
(codes, UTF-8 with a byte-order mark) and on a self-contained page (inline SVG and CSS, no script,
nothing fetched). A scenario with no plan is shown with the rules that conflict, never dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from optimiser.report.chart_pieces import diverging, text_bars
from optimiser.report.html_parts import e, head, warning_block
from optimiser.report.html_style import PAGES_STYLE
from optimiser.report.names import Names
from optimiser.report.numbers import money_or_dash, people, share, signed_money, signed_points
from optimiser.report.scenario_parts import PARTS, colon, conflict_lines
from optimiser.report.text import table, warning_lines
from optimiser.report.words import Words, join, status_words

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
        "col.people_change": {"zh": "人口变化", "en": "Change"},
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
        "table.title": {"zh": "各情景一览", "en": "Every scenario"},
        "conflicts.title": {
            "zh": "没有可行方案的情景及其冲突",
            "en": "Scenarios without a plan, and why",
        },
        "files": {
            "zh": "文件：{table}（同目录另有 {page}）；每个情景一个运行目录",
            "en": "Files: {table} (and {page} beside it); one run folder per scenario",
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


def comparison_row(name: str, folder: Path, base_folder: Path) -> dict:
    """One scenario against the base, read from the two run folders (optimiser.report.
    plan_facts): the figures printed are the ones the folders hold, money to the fen."""
    from optimiser.report.plan_facts import PlanFacts
    from optimiser.report.run_view import RunView

    view = RunView.load(folder)
    base = view if Path(folder) == Path(base_folder) else RunView.load(base_folder)
    s, b = view.summary, base.summary
    row = {column: None for column in COLUMNS}
    row.update(scenario=name, status=s["status"], objective=s.get("objective"), folder=str(folder))
    if view.has_plan:
        facts = PlanFacts.of(view)
        row["people_reached"] = facts.people
        row["deep_share"] = s.get("deep_share")
        row["money_wan"] = facts.allocated / 100
        audit = s.get("audit") or {}
        row["audit_broken"] = audit.get("broken")
        row["broken_rules"] = ";".join(audit.get("broken_rules") or [])
        if base.has_plan:
            row["change"] = _minus(s.get("objective"), b.get("objective"))
            row["people_change"] = _minus(facts.people, b.get("people_reached"))
            if s.get("deep_share") is not None and b.get("deep_share") is not None:
                row["deep_share_change_pp"] = 100 * (s["deep_share"] - b["deep_share"])
            old = facts if base is view else PlanFacts.of(base)
            before = {c.code: c.total for c in old.counties}
            after = {c.code: c.total for c in facts.counties}
            change = [after.get(c, 0) - before.get(c, 0) for c in {*before, *after}]
            row["gained_wan"] = sum(v for v in change if v > 0) / 100
            row["lost_wan"] = -sum(v for v in change if v < 0) / 100
            row["moved_wan"] = min(row["gained_wan"], row["lost_wan"])
            row["money_change_wan"] = (facts.allocated - old.allocated) / 100
    diagnosis = view.explanation.get("diagnosis")
    if diagnosis:
        keep = ("rule_id", "instance", "sense", "rhs", "kind")
        row["conflict"] = json.dumps(
            [{k: c.get(k) for k in keep} for c in diagnosis.get("conflict", [])],
            ensure_ascii=False,
        )
        row["relaxation"] = json.dumps(
            [{k: r.get(k) for k in (*keep, "short")} for r in diagnosis.get("relaxation", [])[:3]],
            ensure_ascii=False,
        )
    return row


def _minus(a, b):
    return None if a is None or b is None else a - b


def _context(rows: list[dict]):
    """Names and the data warning of the base run (the first row's folder)."""
    from optimiser.report.run_view import RunView

    view = RunView.load(rows[0]["folder"])
    return view.names, view.summary


def render_comparison(rows: list[dict], lang: str = "zh") -> str:
    names, summary = _context(rows)
    lines = warning_lines(summary.get("data_warning"), lang)
    lines.append(f"{W('title', lang)} · {_dataset_line(summary, lang)}")
    lines.append(W("against_base", lang))
    body = [_cells(r, names, lang) for r in rows]
    lines.append(table(_headers(lang), body, set(range(2, 8))))
    noplan = [r for r in rows if r["conflict"] is not None or r["people_reached"] is None]
    if noplan:
        lines += ["", W("conflicts.title", lang)]
        for r in noplan:
            lines.append(f"  {_scenario(r, lang)}{colon(lang)}{status_words(r['status'], lang)}")
            lines += [f"    {t}" for t in conflict_lines(r, names, lang)]
    variants = rows[1:]
    for key, values in _charts(variants, lang):
        lines += ["", W(f"chart.{key}", lang), text_bars(values, lang, FORMATS[key])]
    lines += ["", W("money_note", lang)]
    return "\n".join(lines)


def _headers(lang: str) -> list[str]:
    said = {k: PARTS(f"col.{k}", lang) for k in ("status", "people", "deep")}
    keys = ["scenario", "status", "people", "people_change", "deep", "deep_change", "money"]
    keys += ["moved", "broken"]
    return [said.get(k) or W(f"col.{k}", lang) for k in keys]


def _cells(r: dict, names: Names, lang: str) -> list[str]:
    return [
        _scenario(r, lang),
        status_words(r["status"], lang, short=True),
        people(r["people_reached"]),
        people(r["people_change"], signed=True),
        share(r["deep_share"]),
        signed_points(r["deep_share_change_pp"]),
        money_or_dash(r["money_wan"]),
        money_or_dash(r["moved_wan"]),
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


def _charts(rows: list[dict], lang: str) -> list[tuple[str, list]]:
    """(chart key, [(label, values or None)]) for the three measures that differ from the base;
    values are (gain, loss) pairs for money, one signed number otherwise."""
    out = []
    reached = [(_scenario(r, lang), _signed(r["people_change"])) for r in rows]
    deep = [(_scenario(r, lang), _signed(r["deep_share_change_pp"])) for r in rows]
    money = [
        (
            _scenario(r, lang),
            None if r["gained_wan"] is None else (r["gained_wan"], -r["lost_wan"]),
        )
        for r in rows
    ]
    out.append(("people", reached))
    out.append(("deep", deep))
    out.append(("money", money))
    return out


FORMATS = {
    "people": lambda v: people(v, True),
    "deep": lambda v: signed_points(v),
    "money": signed_money,
}


def _signed(value):
    return None if value is None else (value,)


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
        head(title, lang, PAGES_STYLE),
        f"<h1>{e(title)}</h1>",
        warning_block(summary.get("data_warning"), lang),
        f'<p class="meta">{e(_dataset_line(summary, lang))}；{e(W("against_base", lang))}</p>'
        if lang == "zh"
        else f'<p class="meta">{e(_dataset_line(summary, lang))}. {e(W("against_base", lang))}</p>',
    ]
    units = {"people": W("unit.people", lang), "deep": W("unit.points", lang)}
    units["money"] = W("unit.wan", lang)
    for key, values in _charts(rows[1:], lang):
        parts.append(f"<h2>{e(W(f'chart.{key}', lang))}</h2>")
        parts.append(diverging(values, units[key], key, lang, FORMATS[key]))
        if key == "money":
            parts.append(f'<p class="note">{e(W("money_note", lang))}</p>')
    parts.append(f"<h2>{e(W('table.title', lang))}</h2>")
    parts.append(_comparison_table(rows, names, lang))
    parts.append("</body></html>")
    return "".join(parts)


def _comparison_table(rows: list[dict], names: Names, lang: str) -> str:
    header = "".join(f"<th>{e(h)}</th>" for h in _headers(lang))
    body = []
    for r in rows:
        cells = _cells(r, names, lang)
        noplan = r["people_reached"] is None
        tds = "".join(
            f'<td class="{"n" if 2 <= i <= 7 else "s" if i < 2 else ""}">{e(c)}</td>'
            for i, c in enumerate(cells)
        )
        body.append(f'<tr class="{"noplan" if noplan else ""}">{tds}</tr>')
        if noplan:
            lines = [status_words(r["status"], lang), *conflict_lines(r, names, lang)]
            text = "<br>".join(e(t) for t in lines)
            body.append(
                f'<tr class="noplan"><td></td><td colspan="{len(cells) - 1}" '
                f'class="conflict">{text}</td></tr>'
            )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _dataset_line(summary: dict, lang: str) -> str:
    from optimiser.report.words import span

    title = summary.get("dataset_title") or summary.get("dataset", "")
    years = summary.get("years") or []
    return f"{title} · {span(years, lang)}" if years else title
