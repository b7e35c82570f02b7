"""A sweep (`allocate sweep`): people reached against the swept value (in 万元 for a budget) in
the terminal and on a self-contained page, the points where a policy rule starts or stops binding
numbered and named, the values without a plan marked on the axis with the rules that conflict,
and the counties whose money moves most."""

from __future__ import annotations

from pathlib import Path

from optimiser.report.html_parts import e, head, warning_block
from optimiser.report.html_style import PAGES_STYLE
from optimiser.report.names import Names
from optimiser.report.numbers import money_or_dash, number, people, share
from optimiser.report.scenario_parts import PARTS, colon, conflict_lines
from optimiser.report.sweep_chart import circled, has_wan, point_label, sweep_svg, swept_value
from optimiser.report.text import table, warning_lines
from optimiser.report.words import Words, join, status_words
from optimiser.report.words import year as say_year

W = Words(
    "sweep",
    {
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
        "sweep.table": {"zh": "各取值一览", "en": "Every value"},
        "see_below": {"zh": "见下", "en": "see below"},
        "noplan.title": {
            "zh": "没有可行方案的取值及其冲突",
            "en": "Values without a plan, and why",
        },
    },
)


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
    lines = warning_lines(data_warning(data), lang)
    lines.append(W("sweep.title", lang, param=label))
    lines.append(_sweep_meta(rows, solved, data, lang, years))
    numeric = {1, 3, 4} if has_wan(rows) else {2, 3}
    cells = _sweep_cells(rows, names, lang, short=True)
    lines.append(table(_sweep_headers(rows, lang), cells, numeric))
    noplan = [r for r in rows if r.get("people_reached") is None]
    if noplan:
        lines += ["", W("noplan.title", lang)]
        for r in noplan:
            lines.append(f"  {point_label(r, lang)}{colon(lang)}{status_words(r['status'], lang)}")
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


def _sweep_headers(rows: list[dict], lang: str) -> list[str]:
    keys = ["value"] + (["value_wan"] if has_wan(rows) else [])
    keys += ["status", "people", "deep", "note"]
    said = {k: PARTS(f"col.{k}", lang) for k in ("status", "people", "deep")}
    return [said.get(k) or W(f"col.{k}", lang) for k in keys]


def _sweep_cells(rows: list[dict], names: Names, lang: str, short: bool = False) -> list[list[str]]:
    body = []
    for r in rows:
        cells = [swept_value(r["value"])]
        if has_wan(rows):
            cells.append(money_or_dash(number(r.get("value_wan"))))
        cells += [
            status_words(r["status"], lang, short=True),
            people(number(r.get("people_reached"))),
            share(number(r.get("deep_share"))),
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
            money_or_dash(m["low"]),
            swept_value(m["low_at"]),
            money_or_dash(m["high"]),
            swept_value(m["high_at"]),
            money_or_dash(m["spread"]),
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
        head(title, lang, PAGES_STYLE),
        f"<h1>{e(title)}</h1>",
        warning_block(data_warning(data), lang),
        f'<p class="meta">{e(_sweep_meta(rows, solved, data, lang, years))}</p>',
        sweep_svg(rows, label, lang),
        f"<h2>{e(W('changes.title', lang))}</h2>",
    ]
    changed = [r for r in rows if r.get("binding_changed")]
    if changed:
        items = "".join(
            f"<li>{e(circled(i))} {e(point_label(r, lang))}{colon(lang)}{e(_change_text(r, names, lang))}</li>"
            for i, r in enumerate(changed)
        )
        parts.append(f'<ol class="changes" style="list-style:none;padding-left:8px">{items}</ol>')
    else:
        parts.append(f'<p class="note">{e(W("changes.none", lang))}</p>')
    parts.append(f"<h2>{e(W('sweep.table', lang))}</h2>")
    header = "".join(f"<th>{e(h)}</th>" for h in _sweep_headers(rows, lang))
    body = []
    numeric = {1, 3, 4} if has_wan(rows) else {2, 3}
    for r, cells in zip(rows, _sweep_cells(rows, names, lang), strict=True):
        kind = (
            "noplan"
            if r.get("people_reached") is None
            else "changed"
            if r.get("binding_changed")
            else ""
        )
        status = 2 if has_wan(rows) else 1
        tds = "".join(
            f'<td class="{"n" if i in numeric else "s" if i in (0, status) else ""}">{e(c)}</td>'
            for i, c in enumerate(cells)
        )
        body.append(f'<tr class="{kind}" data-value="{e(r["value"])}">{tds}</tr>')
    parts.append(f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    movers = sweep_movers(rows)
    parts.append(f"<h2>{e(W('movers.title', lang))}</h2>")
    if movers:
        header = "".join(f"<th>{e(h)}</th>" for h in _mover_headers(lang))
        trs = "".join(
            "<tr>"
            + "".join(
                f'<td class="n">{e(c)}</td>' if i else f"<td>{e(c)}</td>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
            for cells in _mover_cells(movers, names)
        )
        parts.append(
            f'<table class="movers"><thead><tr>{header}</tr></thead><tbody>{trs}</tbody></table>'
        )
    else:
        parts.append(f'<p class="note">{e(W("movers.none", lang))}</p>')
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")
