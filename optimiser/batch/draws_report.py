"""The report of a Monte Carlo batch, for people: in the dataset's language (Chinese for the
shipped datasets, `--lang en`), names not codes, the data warning first where the dataset rests
on estimates.

    distribution.csv   per county (cities in the dataset's order): the base plan's allocation and
                       the mean, 5th, 50th and 95th percentiles, lowest and highest over the draws
                       with a plan, in 万元; the county's code last
    binding.csv        per policy rule instance that binds in some draw: how many draws, and the
                       share of the draws with a plan; the codes last
    distribution.txt   the summary the terminal prints
    distribution.html  the same with every county and rule, one file, nothing fetched

Both CSV files are UTF-8 with a byte-order mark (Excel reads them); where the dataset rests on
estimates, their first line is the data warning and the table starts on the second.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from optimiser.batch.draws import Distribution, Vary
from optimiser.report.html_parts import e, head, warning_block
from optimiser.report.html_style import PAGES_STYLE
from optimiser.report.names import Names
from optimiser.report.numbers import money_or_dash, people
from optimiser.report.text import table, warning_lines
from optimiser.report.words import Words, span

W = Words(
    "batch draws",
    {
        "title": {"zh": "稳健性分析：{dataset} · {years}", "en": "Robustness: {dataset} · {years}"},
        "drawn": {
            "zh": "抽样 {draws} 次（随机种子 {seed}），每次在下列范围内均匀抽取：",
            "en": "{draws} draws (seed {seed}), each value drawn uniformly within:",
        },
        "range.percent": {"zh": "  {param}：{low} 至 {high}", "en": "  {param}: {low} to {high}"},
        "range.value": {"zh": "  {param}：{low} 至 {high}", "en": "  {param}: {low} to {high}"},
        "param.budget_all": {"zh": "{source}各年预算", "en": "{source} budget, every year"},
        "counts": {
            "zh": "有可行方案 {planned} 次，无可行方案 {no_plan} 次，未能求解 {failed} 次",
            "en": "{planned} with a plan, {no_plan} without one, {failed} not solved",
        },
        "people": {
            "zh": "覆盖贫困人口（加权）：平均 {mean}，5%分位 {p5}，中位数 {p50}，95%分位 {p95}"
            "（基准方案 {base}）",
            "en": "Poor people reached (weighted): mean {mean}, 5th percentile {p5}, median {p50}, "
            "95th percentile {p95} (base plan {base})",
        },
        "counties.title": {
            "zh": "各县分配（万元）：波动最大的 {count} 个县（按95%分位与5%分位之差），全部见 {file}",
            "en": "Allocation by county (万元): the {count} that vary most (95th less 5th "
            "percentile); every county in {file}",
        },
        "counties.all": {
            "zh": "各县分配（万元，各资金来源合计）",
            "en": "Allocation by county (万元, all sources)",
        },
        "rules.title": {
            "zh": "起约束作用的政策规则（在有可行方案的抽样中所占比例）",
            "en": "Policy rules at their limit (share of the draws with a plan)",
        },
        "rules.none": {
            "zh": "在有可行方案的抽样中，没有政策规则起约束作用。",
            "en": "No policy rule is at its limit in any draw with a plan.",
        },
        "sometimes.title": {
            "zh": "只在部分抽样中起约束作用的规则实例（全部见 {file}）",
            "en": "Rule instances at their limit in some draws only (all in {file})",
        },
        "instances.title": {
            "zh": "起约束作用的规则实例（在有可行方案的抽样中所占比例）",
            "en": "Rule instances at their limit (share of the draws with a plan)",
        },
        "files": {
            "zh": "文件：{folder}（draws.csv 每次抽样一行；distribution.csv 各县分布；binding.csv "
            "规则约束频率；distribution.html 完整报告）",
            "en": "Files: {folder} (draws.csv one row per draw; distribution.csv by county; "
            "binding.csv how often each rule binds; distribution.html the whole report)",
        },
        "note": {
            "zh": "分位数按有可行方案的抽样计算（相邻抽样间线性插值）；基准方案为未作改动的方案。",
            "en": "Percentiles over the draws with a plan (linear between draws); the base plan "
            "is the plan with nothing changed.",
        },
        "col.city": {"zh": "市", "en": "City"},
        "col.county": {"zh": "县", "en": "County"},
        "col.deep": {"zh": "深度贫困县", "en": "Deep-poverty county"},
        "col.base": {"zh": "基准方案", "en": "Base plan"},
        "col.mean": {"zh": "平均", "en": "Mean"},
        "col.p5": {"zh": "5%分位", "en": "5th pct"},
        "col.p50": {"zh": "中位数", "en": "Median"},
        "col.p95": {"zh": "95%分位", "en": "95th pct"},
        "col.low": {"zh": "最低", "en": "Lowest"},
        "col.high": {"zh": "最高", "en": "Highest"},
        "col.range": {"zh": "5%至95%分位", "en": "5th to 95th pct"},
        "bar.legend": {
            "zh": "蓝条：5%至95%分位；红线：基准方案；按各县中的最高值等比例绘制。★ 为深度贫困县。",
            "en": "Blue bar: 5th to 95th percentile; red line: the base plan; drawn to the "
            "highest county's scale. ★ marks a deep-poverty county.",
        },
        "col.rule": {"zh": "规则", "en": "Rule"},
        "col.instance": {"zh": "约束实例", "en": "Instance"},
        "col.draws": {"zh": "起约束作用的抽样数", "en": "Draws binding"},
        "col.share": {"zh": "所占比例", "en": "Share"},
        "col.code": {"zh": "县代码", "en": "county_code"},
        "col.rule_id": {"zh": "规则编号", "en": "rule_id"},
        "col.instance_key": {"zh": "实例编号", "en": "instance"},
        "unit.wan": {"zh": "（万元）", "en": " (万元)"},
        "yes": {"zh": "是", "en": "yes"},
    },
)

SHOWN_COUNTIES = 10
SHOWN_RULES = 12


def parameter(vary: Vary, names: Names, lang: str) -> str:
    """A varied path as a reader says it."""
    from optimiser.report.sweep import parameter_label

    keys = vary.path.split(".")
    if keys[0] == "budget" and len(keys) == 2:
        return W("param.budget_all", lang, source=names.source(keys[1], lang))
    return parameter_label(vary.path, names, lang)


def _range(vary: Vary, names: Names, lang: str) -> str:
    def said(value: float) -> str:
        if vary.percent:
            return f"{value:+g}%".replace("-", "−")
        return f"{value:g}"

    key = "range.percent" if vary.percent else "range.value"
    return W(
        key, lang, param=parameter(vary, names, lang), low=said(vary.low), high=said(vary.high)
    )


def _counties(found: Distribution, names: Names) -> list[dict]:
    """The counties in the order reports list them: cities in the dataset's order, deep-poverty
    counties first within a city, then the dataset's order."""
    by_code = {c["code"]: c for c in found.counties}
    order = list(names.counties)
    cities = names.cities()

    def place(code: str) -> tuple:
        county = names.counties[code]
        return (cities.index(county.get("city") or ""), not county.get("deep"), order.index(code))

    return [by_code[code] for code in sorted(by_code, key=place)]


def render_summary(
    found: Distribution,
    data,
    years: list[int],
    varies: list[Vary],
    seed: int,
    folder: Path,
    lang: str,
) -> str:
    """The summary the terminal prints and distribution.txt keeps."""
    from optimiser.report.run_files import data_warning

    names = Names.from_dataset(data)
    lines = warning_lines(data_warning(data), lang)
    lines.append(W("title", lang, dataset=data.policy.dataset.title, years=span(years, lang)))
    lines.append(W("drawn", lang, draws=f"{found.draws:,}", seed=seed))
    lines += [_range(v, names, lang) for v in varies]
    lines.append(
        W(
            "counts",
            lang,
            planned=f"{found.planned:,}",
            no_plan=f"{found.no_plan:,}",
            failed=f"{found.failed:,}",
        )
    )
    p = found.people
    lines.append(
        W(
            "people",
            lang,
            **{k: people(p.get(k)) for k in ("mean", "p5", "p50", "p95", "base")},
        )
    )
    lines += ["", W("counties.title", lang, count=SHOWN_COUNTIES, file="distribution.csv")]
    moving = sorted(
        (c for c in found.counties if c["p95"] is not None),
        key=lambda c: (-(c["p95"] - c["p5"]), c["code"]),
    )[:SHOWN_COUNTIES]
    keys = ("base", "mean", "p5", "p50", "p95")
    lines.append(
        table(
            [W("col.county", lang)] + [W(f"col.{k}", lang) for k in keys],
            [[names.county(c["code"], lang)] + [money_or_dash(c[k]) for k in keys] for c in moving],
            {1, 2, 3, 4, 5},
        )
    )
    lines += ["", W("rules.title", lang)]
    if found.families:
        lines.append(
            table(
                [W("col.rule", lang), W("col.draws", lang), W("col.share", lang)],
                [
                    [names.rule(f["rule_id"], lang), f"{f['draws']:,}", f"{f['share']:.1%}"]
                    for f in found.families[:SHOWN_RULES]
                ],
                {1, 2},
            )
        )
    else:
        lines.append("  " + W("rules.none", lang))
    sometimes = [i for i in found.instances if i["share"] < 1][:SHOWN_RULES]
    if sometimes:
        lines += ["", W("sometimes.title", lang, file="binding.csv")]
        lines.append(
            table(
                [W("col.rule", lang), W("col.instance", lang), W("col.share", lang)],
                [
                    [
                        names.rule(i["rule_id"], lang),
                        names.instance(i["instance"], lang),
                        f"{i['share']:.1%}",
                    ]
                    for i in sometimes
                ],
                {2},
            )
        )
    lines += ["", W("note", lang), W("files", lang, folder=folder)]
    return "\n".join(lines)


def county_rows(found: Distribution, names: Names, lang: str) -> list[list[str]]:
    rows = []
    for c in _counties(found, names):
        county = names.counties.get(c["code"], {})
        rows.append(
            [
                county.get("city") or "",
                names.county(c["code"], lang),
                W("yes", lang) if county.get("deep") else "",
                *[_cell(c[k]) for k in ("base", "mean", "p5", "p50", "p95", "low", "high")],
                c["code"],
            ]
        )
    return rows


def county_headers(lang: str) -> list[str]:
    unit = W("unit.wan", lang)
    money = [
        W(f"col.{k}", lang) + unit for k in ("base", "mean", "p5", "p50", "p95", "low", "high")
    ]
    return [W("col.city", lang), W("col.county", lang), W("col.deep", lang), *money] + [
        W("col.code", lang)
    ]


def instance_rows(found: Distribution, names: Names, lang: str) -> list[list[str]]:
    return [
        [
            names.rule(i["rule_id"], lang),
            names.instance(i["instance"], lang),
            str(i["draws"]),
            f"{i['share']:.4f}",
            i["rule_id"],
            i["instance"],
        ]
        for i in found.instances
    ]


def instance_headers(lang: str) -> list[str]:
    keys = ("rule", "instance", "draws", "share", "rule_id", "instance_key")
    return [W(f"col.{k}", lang) for k in keys]


def _cell(value) -> str:
    return "" if value is None else f"{value:.2f}"


def csv_text(headers: list[str], rows: list[list[str]], warning: str | None) -> str:
    """A table as CSV text, the data warning as its first line when there is one, with the
    byte-order mark Excel reads UTF-8 by."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if warning:
        writer.writerow([warning])
    writer.writerow(headers)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def render_html(
    found: Distribution,
    data,
    years: list[int],
    varies: list[Vary],
    seed: int,
    lang: str,
) -> str:
    from optimiser.report.run_files import data_warning

    names = Names.from_dataset(data)
    title = W("title", lang, dataset=data.policy.dataset.title, years=span(years, lang))
    p = found.people
    meta = [
        W("drawn", lang, draws=f"{found.draws:,}", seed=seed),
        *[_range(v, names, lang).strip() for v in varies],
        W(
            "counts",
            lang,
            planned=f"{found.planned:,}",
            no_plan=f"{found.no_plan:,}",
            failed=f"{found.failed:,}",
        ),
        W("people", lang, **{k: people(p.get(k)) for k in ("mean", "p5", "p50", "p95", "base")}),
    ]
    parts = [
        head(title, lang, PAGES_STYLE + STYLE),
        f"<h1>{e(title)}</h1>",
        warning_block(data_warning(data), lang),
        "".join(f'<p class="meta">{e(line)}</p>' for line in meta),
        f"<h2>{e(W('counties.all', lang))}</h2>",
        _county_table(found, names, lang),
        f'<p class="note">{e(W("bar.legend", lang))}</p>',
        f"<h2>{e(W('rules.title', lang))}</h2>",
    ]
    if found.families:
        rows = "".join(
            f"<tr><td>{e(names.rule(f['rule_id'], lang))}</td><td class='n'>{f['draws']:,}</td>"
            f"<td class='n'>{f['share']:.1%}</td></tr>"
            for f in found.families
        )
        heads = "".join(f"<th>{e(W(k, lang))}</th>" for k in ("col.rule", "col.draws", "col.share"))
        parts.append(f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
        parts.append(f"<h2>{e(W('instances.title', lang))}</h2>")
        rows = "".join(
            f"<tr><td>{e(names.rule(i['rule_id'], lang))}</td>"
            f"<td>{e(names.instance(i['instance'], lang))}</td><td class='n'>{i['draws']:,}</td>"
            f"<td class='n'>{i['share']:.1%}</td></tr>"
            for i in found.instances
        )
        heads = "".join(
            f"<th>{e(W(k, lang))}</th>"
            for k in ("col.rule", "col.instance", "col.draws", "col.share")
        )
        parts.append(f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    else:
        parts.append(f'<p class="note">{e(W("rules.none", lang))}</p>')
    parts.append(f'<p class="note">{e(W("note", lang))}</p></body></html>')
    return "".join(parts)


STYLE = """
.bar{position:relative;height:12px;width:220px;background:#f2f4f7}
.bar span{position:absolute;top:2px;height:8px;background:#1f5f99}
.bar i{position:absolute;top:0;width:2px;height:12px;background:#b3261e}
"""


def _county_table(found: Distribution, names: Names, lang: str) -> str:
    counties = _counties(found, names)
    top = max([c["high"] or 0.0 for c in counties] + [c["base"] or 0.0 for c in counties] + [1.0])
    keys = ("base", "mean", "p5", "p50", "p95")
    unit = W("unit.wan", lang)
    heads = [W("col.city", lang), W("col.county", lang)]
    heads += [W(f"col.{k}", lang) + unit for k in keys] + [W("col.range", lang)]
    body = []
    for c in counties:
        county = names.counties.get(c["code"], {})
        name = names.county(c["code"], lang) + (" ★" if county.get("deep") else "")
        cells = "".join(f'<td class="n">{e(money_or_dash(c[k]))}</td>' for k in keys)
        bar = ""
        if c["p5"] is not None:
            left = 100 * c["p5"] / top
            width = max(0.5, 100 * (c["p95"] - c["p5"]) / top)
            bar = f'<span style="left:{left:.2f}%;width:{width:.2f}%"></span>'
            if c["base"] is not None:
                bar += f'<i style="left:{100 * c["base"] / top:.2f}%"></i>'
        body.append(
            f"<tr><td>{e(county.get('city') or '')}</td><td>{e(name)}</td>{cells}"
            f'<td><div class="bar">{bar}</div></td></tr>'
        )
    head_row = "".join(f"<th>{e(h)}</th>" for h in heads)
    return f"<table><thead><tr>{head_row}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def write_report(
    found: Distribution,
    data,
    years: list[int],
    varies: list[Vary],
    seed: int,
    folder: Path,
    lang: str,
) -> str:
    """Write the four files into `folder` (each written aside and renamed); returns the
    summary text."""
    from optimiser.report.run_files import data_warning, replace_file

    names = Names.from_dataset(data)
    warning = data_warning(data)
    said = (warning.get(lang) or warning["zh"]) if warning else None
    summary = render_summary(found, data, years, varies, seed, folder, lang)
    replace_file(
        folder,
        "distribution.csv",
        csv_text(county_headers(lang), county_rows(found, names, lang), said),
    )
    replace_file(
        folder,
        "binding.csv",
        csv_text(instance_headers(lang), instance_rows(found, names, lang), said),
    )
    replace_file(folder, "distribution.txt", summary + "\n")
    replace_file(folder, "distribution.html", render_html(found, data, years, varies, seed, lang))
    return summary
