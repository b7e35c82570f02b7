"""The summary `allocate validate` prints: the dataset as a reader of the policy sees it, how well
founded its figures are (the provenance profile, and the warning a plan on estimated data
carries), then every problem found; in Chinese or English (`--lang`), the English as it always
was. Rule titles, objective modes and rule citations are the run reports' own words
(optimiser.report.names, words, rule_sentences); problems are said by
optimiser.report.problem_words."""

from __future__ import annotations

from collections import defaultdict

from optimiser.dataset import Dataset
from optimiser.problems import Problem
from optimiser.provenance import profile
from optimiser.register import Register
from optimiser.report.names import Names
from optimiser.report.numbers import money
from optimiser.report.numbers import share as share_of
from optimiser.report.problem_words import FRAME, problem_words
from optimiser.report.text import table
from optimiser.report.words import COMMON, DEFAULT_LANG, Words, join, span, year
from optimiser.rules import FAMILIES

DESIGNATION = {"national": "国定", "provincial": "省定", "none": "-"}

WORDS = Words(
    "validation summary",
    {
        "dataset": {
            "zh": "数据集 {name}：{title}{synthetic}",
            "en": "Dataset {name}: {title}{synthetic}",
        },
        "synthetic": {"zh": "（{said}）", "en": "  ({said})"},
        "from": {"zh": "  读自 {folder}（{origin}）", "en": "  from {folder} ({origin})"},
        "csv": {"zh": "CSV 文件", "en": "CSV files"},
        "workbook": {"zh": "工作簿 {book}", "en": "workbook {book}"},
        "years": {
            "zh": "  实际数年份：{actuals}；规划年份：{plan}",
            "en": "  actual years: {actuals}; plan years: {plan}",
        },
        "none": {"zh": "无", "en": "none"},
        "objective": {"zh": "  目标：{mode}", "en": "  objective: {mode}"},
        "counties": {
            "zh": "县：{all} 个（国定 {national} 个，省定 {provincial} 个，其他 {other} 个；深度贫困县 "
            "{deep} 个，标 *）",
            "en": "Counties: {all} ({national} national 国定, {provincial} provincial 省定, {other} "
            "other; {deep} deep-poverty, marked *)",
        },
        "city": {"zh": "  {city}（{count}）：{names}", "en": "  {city} ({count}): {names}"},
        "unidentified": {"zh": "（未识别）", "en": " (unidentified)"},
        "city_unknown": {"zh": "（未填所属市）", "en": "(city unknown)"},
        "sources": {
            "zh": "资金来源和预算（万元；市级、县级资金按各行合计）",
            "en": "Sources and budgets (万元; city- and county-level sources summed over their rows)",
        },
        "col.code": {"zh": "代码", "en": "code"},
        "col.name": {"zh": "名称", "en": "name"},
        "col.level": {"zh": "层级", "en": "level"},
        "col.kind": {"zh": "性质", "en": "kind"},
        "col.counts": {"zh": "计入", "en": "counts as"},
        "earmark": {"zh": "深度贫困县比例", "en": "earmark"},
        "block": {"zh": "切块资金", "en": "block"},
        "categories": {
            "zh": "项目类别（补助标准和分年支付比例）",
            "en": "Categories (unit standards and payment profiles)",
        },
        "col.unit": {"zh": "单位", "en": "unit"},
        "col.cost": {"zh": "单位成本（万元）", "en": "unit cost 万元"},
        "col.profile": {"zh": "分年支付比例", "en": "payment profile"},
        "col.people": {"zh": "每单位受益人口", "en": "people/unit"},
        "col.needed": {"zh": "需求数量", "en": "units needed"},
        "col.deadline": {"zh": "完成时限", "en": "deadline"},
        "col.paid": {"zh": "可用资金来源", "en": "paid by"},
        "rules": {
            "zh": "规则（条款原文：`allocate rules`）",
            "en": "Rules (clause texts: allocate rules)",
        },
        "col.rule": {"zh": "规则", "en": "rule"},
        "col.status": {"zh": "状态", "en": "status"},
        "col.title": {"zh": "名称", "en": "title"},
        "col.parameters": {"zh": "参数", "en": "parameters"},
        "col.cites": {"zh": "依据", "en": "cites"},
        "status.hard": {"zh": "必须满足", "en": "hard"},
        "status.soft": {"zh": "可突破（计罚）", "en": "soft"},
        "status.off": {"zh": "不适用", "en": "off"},
        "unresolved": {"zh": "{clause}（登记册中没有）", "en": "{clause} (unresolved)"},
        "no_clause": {
            "zh": "（由数据规定：见 `allocate rules`）",
            "en": "(data: see allocate rules)",
        },
        "provenance": {
            "zh": "数字的来源依据（数值单元格 {cells} 个；金额：预算、历史拨款、已承诺支付、在贷资金"
            "和项目共 {money} 万元）",
            "en": "Provenance of the figures ({cells} numeric cells; money: {money} 万元 of "
            "budgets, history, commitments, loans and projects)",
        },
        "no_cells": {"zh": "  没有数值单元格", "en": "  no numeric cells"},
        "col.basis": {"zh": "依据等级", "en": "level"},
        "col.cells": {"zh": "单元格", "en": "cells"},
        "col.share": {"zh": "占比", "en": "share"},
        "col.money": {"zh": "金额（万元）", "en": "money 万元"},
        "level.seed clause": {"zh": "文件条款原文", "en": "seed clause"},
        "level.derived": {"zh": "由条款推算", "en": "derived"},
        "level.public report": {"zh": "公开报告（未核实）", "en": "public report"},
        "level.estimate": {"zh": "估算", "en": "estimate"},
        "level.synthetic": {"zh": "虚构示例", "en": "synthetic"},
        "level.unknown": {"zh": "未注明来源", "en": "unknown"},
        "warning": {"zh": "  警告：{said}", "en": "  warning: {said}"},
    },
)


def render_summary(data: Dataset, register: Register, lang: str = DEFAULT_LANG) -> str:
    parts = [
        _heading(data, lang),
        _counties(data, lang),
        _sources(data, lang),
        _categories(data, lang),
        _rules(data, register, lang),
        _provenance(data, lang),
    ]
    return "\n\n".join(parts)


def _heading(data: Dataset, lang: str) -> str:
    meta = data.policy.dataset
    years = data.years
    if data.origin == "csv":
        origin = WORDS.say("csv", lang)
    else:
        origin = WORDS.say("workbook", lang, book=data.origin)
    listed = [year(y, lang) for y in years.actuals]
    actuals = (join(listed, lang) if lang == "zh" else ", ".join(listed)) or WORDS.say("none", lang)
    plan = span(list(years.plan), lang) if lang == "zh" else f"{years.plan[0]}-{years.plan[-1]}"
    synthetic = WORDS.say("synthetic", lang, said=COMMON.say("synthetic", lang))
    mode = data.policy.objective.mode
    lines = [
        WORDS.say(
            "dataset",
            lang,
            name=meta.name,
            title=meta.title,
            synthetic=synthetic if meta.synthetic else "",
        ),
        WORDS.say("from", lang, folder=data.folder, origin=origin),
        WORDS.say("years", lang, actuals=actuals, plan=plan),
        WORDS.say(
            "objective", lang, mode=COMMON.say(f"mode.{mode}", lang) if lang == "zh" else mode
        ),
    ]
    return "\n".join(lines)


def _counties(data: Dataset, lang: str) -> str:
    counts = defaultdict(int)
    for county in data.counties:
        counts[county.designation] += 1
    head = WORDS.say(
        "counties",
        lang,
        all=len(data.counties),
        national=counts["national"],
        provincial=counts["provincial"],
        other=counts["none"],
        deep=len(data.deep_codes),
    )
    by_city: dict[str, list[str]] = defaultdict(list)
    for county in data.counties:
        mark = "*" if county.deep else ""
        label = county.name + mark
        if not county.is_identified:
            label += WORDS.say("unidentified", lang)
        by_city[county.city or WORDS.say("city_unknown", lang)].append(label)
    ordered = sorted(by_city.items(), key=lambda kv: (-sum(n.endswith("*") for n in kv[1]), kv[0]))
    lines = [
        WORDS.say(
            "city",
            lang,
            city=city,
            count=len(names),
            names=join(names, lang) if lang == "zh" else ", ".join(names),
        )
        for city, names in ordered
    ]
    return head + "\n" + "\n".join(lines)


def _word(kind: str, value: str, lang: str) -> str:
    """A word of sources.csv (level, kind) as a Chinese finance office says it (the import
    dictionary's first word for it); English as written."""
    if lang != "zh":
        return value
    from optimiser.importing.headers import load_dictionary

    return load_dictionary().words_of(kind, value)


def _sources(data: Dataset, lang: str) -> str:
    years = sorted({b.year for b in data.budgets})
    totals: dict[tuple[str, int], float] = defaultdict(float)
    for budget in data.budgets:
        totals[(budget.source, budget.year)] += budget.amount_wan
    rows = []
    for source in data.sources:
        flags = [
            WORDS.say(f, lang)
            for f, on in (("earmark", source.earmark), ("block", source.block))
            if on
        ]
        rows.append(
            [
                source.code,
                source.name,
                _word("level", source.level, lang),
                _word("kind", source.kind, lang),
                (join(flags, lang) if lang == "zh" else ",".join(flags)) or "-",
            ]
            + [
                money(totals[(source.code, y)]) if (source.code, y) in totals else "-"
                for y in years
            ]
        )
    total = COMMON.say("total", lang) if lang == "zh" else "total"
    total_row = [total, "", "", "", ""] + [
        money(sum(v for (s, y), v in totals.items() if y == when)) for when in years
    ]
    keys = ("code", "name", "level", "kind", "counts")
    headers = [WORDS.say(f"col.{k}", lang) for k in keys] + [year(y, lang) for y in years]
    right = set(range(5, 5 + len(years)))
    return WORDS.say("sources", lang) + "\n" + table(headers, rows + [total_row], right)


def _categories(data: Dataset, lang: str) -> str:
    rows = []
    needed: dict[str, float] = defaultdict(float)
    deadlines: dict[str, set[int]] = defaultdict(set)
    for need in data.needs:
        needed[need.category] += need.units
        if need.deadline is not None:
            deadlines[need.category].add(need.deadline)
    names = Names.from_dataset(data)
    for category in data.categories:
        profile = "/".join(f"{s:.3g}" for s in category.payment_profile)
        due = sorted(deadlines[category.code])
        if lang == "zh":
            due_text = join([year(d, lang) for d in due], lang) or "-"
            paid = join([names.source(s, lang) for s in category.sources], lang)
        else:
            due_text = ",".join(map(str, due)) or "-"
            paid = ";".join(category.sources)
        rows.append(
            [
                category.code,
                category.name,
                _word("unit", category.unit, lang),
                f"{category.unit_cost_wan:g}",
                profile,
                f"{category.benefit_per_unit:g}",
                money(needed[category.code]),
                due_text,
                paid,
            ]
        )
    keys = ("code", "name", "unit", "cost", "profile", "people", "needed", "deadline", "paid")
    headers = [WORDS.say(f"col.{k}", lang) for k in keys]
    return WORDS.say("categories", lang) + "\n" + table(headers, rows, {3, 5, 6})


def _rules(data: Dataset, register: Register, lang: str) -> str:
    from optimiser.report.override_words import PARAMS
    from optimiser.report.rule_sentences import family_cite

    names = Names.from_dataset(data)
    rows = []
    for family in FAMILIES:
        params = data.policy.rules[family.id]
        cited = []
        for clause_id in family.citations:
            clause = register.resolve(clause_id)
            cited.append(clause_id if clause else WORDS.say("unresolved", lang, clause=clause_id))
        if lang == "zh":
            basis = (
                join(cited, lang) or family_cite(family.id, lang) or WORDS.say("no_clause", lang)
            )
            said = [
                f"{PARAMS.say(k, lang) if k in PARAMS.words else k}={_shown(v)}"
                for k, v in _parameters(family, params).items()
            ]
            parameters = "，".join(said)
        else:
            basis = ", ".join(cited) or WORDS.say("no_clause", lang)
            parameters = family.parameter_text(params)
        rows.append(
            [
                family.id,
                WORDS.say(f"status.{params.status}", lang),
                names.rule(family.id, lang),
                parameters or "-",
                basis,
            ]
        )
    keys = ("rule", "status", "title", "parameters", "cites")
    return (
        WORDS.say("rules", lang) + "\n" + table([WORDS.say(f"col.{k}", lang) for k in keys], rows)
    )


def _shown(value: object) -> str:
    """A parameter's value in Chinese: 是/否 for a boolean, 无 for none, else as policy.yaml
    writes it."""
    from optimiser.rules.base import _fmt

    if isinstance(value, bool):
        return "是" if value else "否"
    return "无" if value is None else _fmt(value)


def _parameters(family, params) -> dict[str, object]:
    """A family's own parameters as parameter_text lists them (name -> value)."""
    from optimiser.rules.base import RuleParams

    own = {k: v for k, v in params.model_dump().items() if k not in RuleParams.model_fields}
    if params.status == "soft":
        own["penalty"] = params.penalty
    return own


def _provenance(data: Dataset, lang: str) -> str:
    """The provenance profile: numeric cells and money by level, then the warning if any, once,
    in the reader's language."""
    found = profile(data)
    head = WORDS.say("provenance", lang, cells=f"{found.cells:,}", money=money(found.money_wan))
    if not found.levels:
        return head + "\n" + WORDS.say("no_cells", lang)
    rows = [
        [
            WORDS.say(f"level.{share.level}", lang)
            if f"level.{share.level}" in WORDS.words
            else share.level,
            f"{share.cells:,}",
            share_of(share.cell_share, 1),
            money(share.money_wan),
            share_of(share.money_share, 1),
        ]
        for share in found.levels
    ]
    keys = ("basis", "cells", "share", "money", "share")
    text = head + "\n" + table([WORDS.say(f"col.{k}", lang) for k in keys], rows, {1, 2, 3, 4})
    warning = data.estimate_warning
    if warning is not None:
        text += "\n" + WORDS.say("warning", lang, said=warning.zh if lang == "zh" else warning.en)
    return text


def render_problems(problems: list[Problem], per_kind: int = 5, lang: str = DEFAULT_LANG) -> str:
    """Every problem, but a fault repeated down a column is shown a few times and then counted,
    so a wrong column of 3,000 rows does not bury the other faults; in `lang` (English as each
    problem was made)."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if not problems:
        return FRAME.say("none", lang)
    lines = [FRAME.say("head", lang, errors=len(errors), warnings=len(warnings))]
    for severity, group in (("error", errors), ("warning", warnings)):
        label = FRAME.say(severity, lang)
        kinds: dict[tuple, list[Problem]] = {}
        for problem in group:
            kinds.setdefault((problem.file, problem.column, problem.expected), []).append(problem)
        for same in kinds.values():
            lines += [
                "  " + FRAME.say("line", lang, label=label, problem=problem_words(p, lang))
                for p in same[:per_kind]
            ]
            if len(same) > per_kind:
                rows = [p.row for p in same[per_kind:] if p.row is not None]
                where = FRAME.say("rows", lang, first=min(rows), last=max(rows)) if rows else ""
                lines.append(
                    "  "
                    + FRAME.say(
                        "more",
                        lang,
                        label=label,
                        count=len(same) - per_kind,
                        file=same[0].file,
                        rows=where,
                    )
                )
    return "\n".join(lines)
