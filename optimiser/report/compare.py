"""Reports on plans side by side: the factor-method baseline's rule breaches, and `allocate
compare RUN_A RUN_B` (people reached, deep-county share, rule compliance, money moved between
counties by name, the rows adding up to the totals)."""

from __future__ import annotations

import pandas as pd

from optimiser.report.change_tables import change_table, county_changes
from optimiser.report.names import Names
from optimiser.report.numbers import figure, wan, wan_of
from optimiser.report.numbers import share as share_of
from optimiser.report.override_words import scenario_words
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.run_summary import LIMIT
from optimiser.report.run_view import RunView
from optimiser.report.text import block, table, warning_lines
from optimiser.report.words import Words, join, status_words
from optimiser.rules import BY_ID

WORDS = Words(
    "compare",
    {
        "none_broken": {
            "zh": "违反的规则：无（独立审核确认每条规则都得到遵守）",
            "en": "Rules it breaks: none (the independent audit finds every rule kept)",
        },
        "broken": {
            "zh": "违反的规则：{rules} 条（{instances} 处）",
            "en": "Rules it breaks: {rules} ({instances} instances)",
        },
        "rule": {"zh": "  {title}：{n} 处", "en": "  {title}: {n} instance(s)"},
        "breach": {
            "zh": "    {instance}：实际 {value}，规则要求{sense} {limit} {unit}",
            "en": "    {instance}: reaches {value} where the rule needs {sense} {limit} {unit}",
        },
        "more": {"zh": "    ……另有 {n} 处，见 audit.csv", "en": "    ... {n} more in audit.csv"},
        ">=": {"zh": "不低于", "en": "at least"},
        "<=": {"zh": "不超过", "en": "at most"},
        "==": {"zh": "等于", "en": "exactly"},
        "a": {"zh": "甲", "en": "A"},
        "county": {"zh": "县", "en": "County"},
        "b": {"zh": "乙", "en": "B"},
        "change": {"zh": "乙 - 甲", "en": "B - A"},
        "scenario": {"zh": "方案", "en": "Scenario"},
        "status": {"zh": "状态", "en": "Status"},
        "people": {"zh": "覆盖贫困人口（加权）", "en": "Poor people reached (weighted)"},
        "deep_share": {
            "zh": "深度贫困县占中央和省级专项资金",
            "en": "Deep counties' share of special funds",
        },
        "money": {"zh": "分配资金（万元）", "en": "Money allocated (万元)"},
        "broken_count": {"zh": "违反的规则实例（审核）", "en": "Rule instances broken (audit)"},
        "broken_of": {"zh": "{which}违反的规则：{rules}", "en": "Rules {which} breaks: {rules}"},
        "none": {"zh": "无", "en": "none"},
        "baseline": {"zh": "因素法基准（未经优化）", "en": "factor-method baseline (not solved)"},
        "moved": {
            "zh": "县间调整的资金 {moved} 万元；合计净变化 {net} 万元",
            "en": "Money moved between counties: {moved} 万元; net change {net} 万元",
        },
        "same": {"zh": "两个方案各县资金相同。", "en": "Both plans give every county the same."},
        "summary": {
            "zh": "因素法基准 · {year}（{title}）",
            "en": "Factor-method baseline for {year} ({title})",
        },
        "figures": {
            "zh": "分配资金 {money} 万元；覆盖贫困人口（加权）{people}；深度贫困县占中央和省级专项资金 {share}",
            "en": "Money allocated: {money} 万元; poor people reached (weighted): {people}; deep "
            "counties' share of central and provincial special funds: {share}",
        },
        "files": {"zh": "文件：{folder}", "en": "Files: {folder}"},
    },
)


def render_breaches(
    findings: pd.DataFrame, limit: int = 3, lang: str = "zh", names: Names | None = None
) -> str:
    """Per rule: how many instances the plan breaks, and the worst, by how much, with names."""
    names = names or Names()
    broken = findings[findings["breach"]] if len(findings) else findings
    if broken.empty:
        return WORDS.say("none_broken", lang)
    lines = [WORDS.say("broken", lang, rules=broken["rule_id"].nunique(), instances=len(broken))]
    for rule_id, group in broken.groupby("rule_id", sort=False):
        family = BY_ID.get(rule_id)
        title = names.rule(rule_id, lang) if family else rule_id
        unit = (family.limit_unit_zh if lang == "zh" else family.limit_unit_en) if family else ""
        gap = (group["limit"] - group["value"]).abs()
        worst = group.loc[gap.sort_values(ascending=False).index[:limit]]
        lines.append(WORDS.say("rule", lang, title=title, n=len(group)))
        for row in worst.itertuples():
            sense = WORDS.say(row.sense, lang) if row.sense in WORDS.words else row.sense
            lines.append(
                WORDS.say(
                    "breach",
                    lang,
                    instance=names.instance(row.instance, lang),
                    value=figure(row.value),
                    sense=sense,
                    limit=figure(row.limit),
                    unit=unit,
                ).rstrip()
            )
        if len(group) > limit:
            lines.append(WORDS.say("more", lang, n=len(group) - limit))
    return block(lines, LIMIT)


def render_baseline(summary: dict, findings: pd.DataFrame, folder, names: Names, lang: str) -> str:
    """What `allocate baseline` prints: the warning, the formula plan's figures, its breaches."""
    lines = []
    lines += warning_lines(summary.get("data_warning"), lang)
    from optimiser.report.words import year

    lines.append(
        WORDS.say(
            "summary",
            lang,
            year=year(summary["years"][0], lang),
            title=summary.get("dataset_title") or summary["dataset"],
        )
    )
    share = summary.get("deep_share")
    lines.append(
        "  "
        + WORDS.say(
            "figures",
            lang,
            money=wan(summary["money_wan"]),
            people=wan(summary["people_reached"]),
            share=share_of(share),
        )
    )
    text = block(lines, LIMIT)
    return "\n".join(
        [
            text,
            render_breaches(findings, lang=lang, names=names),
            "",
            WORDS.say("files", lang, folder=folder),
        ]
    )


def render_compare(a: RunView, b: RunView, limit: int = 10, lang: str = "zh") -> str:
    """Two run folders side by side: what each is, its figures, the rules it breaks, and the
    money moved between counties."""
    sep = "：" if lang == "zh" else ": "
    head = []
    for key, view in (("a", a), ("b", b)):
        what = scenario_words(view.summary.get("scenario", ""), view.names, lang)
        head.append(f"{WORDS.say(key, lang)}{sep}{what}（{view.folder}）" if lang == "zh" else
                    f"{WORDS.say(key, lang)}{sep}{what} ({view.folder})")  # fmt: skip
    rows = [[WORDS.say("status", lang), _status(a, lang), _status(b, lang)]]
    for key, field in (
        ("people", "people_reached"),
        ("deep_share", "deep_share"),
        ("money", "money_wan"),
    ):
        rows.append(
            [
                WORDS.say(key, lang),
                _value(a.summary.get(field), field),
                _value(b.summary.get(field), field),
            ]
        )
    audits = (a.summary.get("audit", {}), b.summary.get("audit", {}))
    rows.append([WORDS.say("broken_count", lang), *(str(x.get("broken", "-")) for x in audits)])
    headers = ["", WORDS.say("a", lang), WORDS.say("b", lang)]
    lines = head + table(headers, rows, {1, 2}, rule=False).split("\n")
    for key, view, found in (("a", a, audits[0]), ("b", b, audits[1])):
        broken = [view.names.rule(r, lang) for r in found.get("broken_rules", [])]
        said = join(broken, lang) or WORDS.say("none", lang)
        lines.append(WORDS.say("broken_of", lang, which=WORDS.say(key, lang), rules=said))
    parts = [lines]
    changes = county_changes(PlanFacts.of(a).deep_first(), PlanFacts.of(b).deep_first(), lang)
    net = sum(c for *_, c in changes)
    moved = (sum(abs(c) for *_, c in changes) - abs(net)) // 2
    if not any(c for *_, c in changes):
        parts.append([WORDS.say("same", lang)])
    else:
        headers = [WORDS.say(k, lang) for k in ("county", "a", "b", "change")]
        parts.append(
            [WORDS.say("moved", lang, moved=wan_of(moved), net=wan_of(net, signed=True))]
            + change_table(changes, headers, lang, limit // 2)
        )
    return "\n\n".join(block(p, LIMIT) for p in parts)


def _status(view: RunView, lang: str) -> str:
    status = view.summary.get("status", "")
    if status == "baseline":
        return WORDS.say("baseline", lang)
    return status_words(status, lang, short=True)


def _value(value, key: str) -> str:
    if value is None:
        return "-"
    if key == "deep_share":
        return share_of(value)
    if isinstance(value, float | int):
        return wan(value)
    return str(value)
