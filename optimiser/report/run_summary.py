"""What `allocate --year` (and `allocate explain`) prints, rendered from the run folder alone.

The summary fits one screen (about 40 lines of at most 100 columns): the data warning, the
dataset and years, the status in words (for a plan the audit fails, what it found, before any
figure), the objective, money allocated against the budget, people reached, the deep counties'
share of the special funds against the earmark, money by source, the policy rules that matter
most, the projects, the notes and where the files are. `--detail` adds money by county, every
binding rule, near-binding rules, prices, weights and every unfunded project.

Money is summed in fen from allocation.csv (rounded to the fen by largest remainder,
optimiser.report.rounding), so every printed total is the sum of the printed rows."""

from __future__ import annotations

import pandas as pd

from optimiser.explain.values import objective_unit
from optimiser.report.explanation import render_diagnosis, render_explanation, top_rules
from optimiser.report.numbers import fen, share, wan, wan_of
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.run_view import RunView
from optimiser.report.solver_words import solver_words
from optimiser.report.text import block, table, warning_lines, width
from optimiser.report.words import COMMON, Words, join, span, status_words

LIMIT = 100  # display columns of a line
SCREEN = 40  # lines of the summary

WORDS = Words(
    "run summary",
    {
        "title": {"zh": "{title} · {span}方案", "en": "{title}: plan for {span}"},
        "status": {"zh": "状态：{status}", "en": "Status: {status}"},
        "gap": {"zh": "；最优性差距 {gap}", "en": "; gap to the best bound {gap}"},
        "objective_impact": {
            "zh": "目标：{mode}；覆盖贫困人口（加权）{people}",
            "en": "Objective: {mode}; poor people reached (weighted) {people}",
        },
        "objective_penalty": {
            "zh": "；扣除罚项后目标值 {objective}",
            "en": "; less penalties, the objective is {objective}",
        },
        "objective_formula": {
            "zh": "目标：{mode}；与因素法份额的偏离 {objective} 万元（含罚项）",
            "en": "Objective: {mode}; {objective} 万元 of deviation from the formula shares "
            "(penalties included)",
        },
        "people": {
            "zh": "覆盖贫困人口（加权）：{people}",
            "en": "Poor people reached (weighted): {people}",
        },
        "deep": {
            "zh": "深度贫困县占中央和省级专项资金 {share}（{deep} 万元）",
            "en": "Deep-poverty counties: {share} of the central and provincial special funds "
            "({deep} 万元)",
        },
        "earmark": {
            "zh": "；规则要求至少 {rshare}（{required} 万元）",
            "en": "; the rule asks at least {rshare} ({required} 万元)",
        },
        "earmark_share": {
            "zh": "；规则要求至少 {rshare}",
            "en": "; the rule asks at least {rshare}",
        },
        "sources": {"zh": "资金来源（万元{span}）", "en": "By source (万元{span})"},
        "sources_span": {"zh": "，{span}合计", "en": ", {span}"},
        "committed": {"zh": "；已分配含以前年度结转的承诺", "en": "; commitments included"},
        "source": {"zh": "资金来源", "en": "Source"},
        "budget": {"zh": "预算", "en": "Budget"},
        "allocated": {"zh": "已分配", "en": "Allocated"},
        "used": {"zh": "使用率", "en": "Used"},
        "counties": {
            "zh": "各县资金（万元；＊为深度贫困县，排在前面；各市按数据集顺序）",
            "en": "Money by county (万元; * deep-poverty county, listed first; cities in the "
            "dataset's order)",
        },
        "county": {"zh": "县", "en": "County"},
        "city": {"zh": "所属市", "en": "City"},
        "all_sources": {"zh": "全部来源", "en": "All sources"},
        "special": {"zh": "中央和省级专项", "en": "Central+provincial special"},
        "special_share": {"zh": "占专项比例", "en": "Share of special"},
        "projects": {
            "zh": "项目：候选 {all} 个，安排 {funded} 个，未安排 {unfunded} 个",
            "en": "Projects: {all} candidates, {funded} funded, {unfunded} not funded",
        },
        "projects_why": {"zh": "（原因见 --detail）", "en": " (why: --detail)"},
        "note": {"zh": "注：{text}", "en": "Note: {text}"},
        "more_notes": {
            "zh": "……另有 {n} 条注记（--detail 列出全部）",
            "en": "... {n} more notes (--detail lists them all)",
        },
        "model": {
            "zh": "模型：{variables} 个变量（其中整数变量 {integers} 个），{constraints} 个约束；求解器 {solver}：{said}",
            "en": "Model: {variables} variables ({integers} integer), {constraints} "
            "constraints; solver {solver}: {said}",
        },
        "folder": {"zh": "文件：{folder}（{inside}）", "en": "Files: {folder} ({inside})"},
        "folder_only": {"zh": "文件：{folder}", "en": "Files: {folder}"},
        "report": {"zh": "report.html 完整报告", "en": "report.html, the full report"},
        "workbook": {"zh": "allocation.xlsx 分配表", "en": "allocation.xlsx for Excel"},
        "tables": {
            "zh": "allocation.csv 分配明细，rules.csv 全部规则",
            "en": "allocation.csv and rules.csv: the allocation and every rule",
        },
        "more": {
            "zh": "全部明细（不重新求解）：`allocate explain {folder} --detail`",
            "en": "All the detail, without solving: `allocate explain {folder} --detail`",
        },
        "more_rules": {
            "zh": "……另有 {n} 条规则（--detail 列出全部）",
            "en": "... {n} more rules (--detail lists them all)",
        },
        "no_plan": {"zh": "本次没有方案可以报告。", "en": "There is no plan to report."},
    },
)


def render_run(view: RunView, lang: str = "zh", detail: bool = False) -> str:
    """The run's report: one screen (at most SCREEN lines), or everything with `detail`."""
    s = view.summary
    notes = view.notes(lang)
    head = _banner(s, lang)
    head.append(
        WORDS.say(
            "title", lang, title=s.get("dataset_title") or s["dataset"], span=span(s["years"], lang)
        )
    )
    status = WORDS.say("status", lang, status=status_words(s["status"], lang))
    if s.get("mip") and s.get("gap") and (s["status"] == "feasible" or s["gap"] > 1e-9):
        status += WORDS.say("gap", lang, gap=share(s["gap"]))
    head.append(status)
    # what the audit found comes first, before any figure of the plan
    head += [f"! {said}" for record, said in notes if record.startswith("audit:")]
    if detail:
        head.append(_model(s, lang))
    facts = PlanFacts.of(view) if view.has_plan else None
    if facts is not None:
        head += _figures(view, facts, lang)
        projects = _projects(view, lang, detail)
        if projects:
            head.append(projects)
    parts = [_lines(head, whole_names(view))]
    if facts is not None:
        parts.append(_by_source(view, facts, lang))
        if detail:
            parts.append(_lines(_by_county(facts, lang).split("\n")))
            explained = render_explanation(view.explanation, lang, limit=None, names=view.names)
            if explained:
                parts.append(_lines(explained.split("\n"), whole_names(view)))
    elif view.explanation.get("diagnosis"):
        diagnosis = render_diagnosis(
            view.explanation["diagnosis"], view.names, lang, None if detail else 12
        )
        parts.append(_lines(diagnosis.split("\n"), whole_names(view)))
    else:
        parts.append([WORDS.say("no_plan", lang)])
    other = [said for record, said in notes if not record.startswith("audit:")]
    tail = []
    if other:
        shown = other if detail else other[:3]
        lines = [WORDS.say("note", lang, text=n) for n in shown]
        if len(other) > len(shown):
            lines.append(WORDS.say("more_notes", lang, n=len(other) - len(shown)))
        tail.append(_lines(lines))
    tail.append(_lines(_files(view, lang, detail).split("\n")))
    if facts is not None and not detail:  # the rules that matter most, as many as the screen holds
        used = sum(len(p) + 1 for p in parts + tail)
        parts.append(_top(view, facts, lang, SCREEN - used))
    return "\n\n".join("\n".join(part) for part in parts + tail)


def _lines(lines: list[str], keep: list[str] | None = None) -> list[str]:
    """Lines wrapped to the width of a screen, the names in `keep` whole."""
    return block(lines, LIMIT, keep or ()).split("\n")


def whole_names(view: RunView) -> list[str]:
    """The names a line must not break inside: the projects' and the dataset's."""
    names = list(view.names.projects.values())
    names.append(view.summary.get("dataset_title") or "")
    return sorted({n for n in names if isinstance(n, str) and n}, key=len, reverse=True)


def _banner(s: dict, lang: str) -> list[str]:
    return _lines(warning_lines(s.get("data_warning"), lang)) if s.get("data_warning") else []


def _model(s: dict, lang: str) -> str:
    counts = s.get("counts", {})
    return WORDS.say(
        "model",
        lang,
        variables=f"{counts.get('variables', 0):,}",
        integers=f"{counts.get('integer_variables', 0):,}",
        constraints=f"{counts.get('constraints', 0):,}",
        solver=s.get("solver", "HiGHS"),
        said=solver_words(s.get("solver_status") or "", lang),
    )


def _figures(view: RunView, facts: PlanFacts, lang: str) -> list[str]:
    s = view.summary
    lines = []
    people = facts.people
    objective = s.get("objective")
    mode = COMMON.say(f"mode.{s['objective_mode']}", lang)
    if s["objective_mode"] == "impact" and people is not None:
        line = WORDS.say("objective_impact", lang, mode=mode, people=wan(people))
        if objective is not None and fen(objective) != fen(people):
            line += WORDS.say("objective_penalty", lang, objective=wan(objective))
        lines.append(line)
    elif objective is not None:
        lines.append(WORDS.say("objective_formula", lang, mode=mode, objective=wan(objective)))
        if people is not None:
            lines.append(WORDS.say("people", lang, people=wan(people)))
    if facts.deep_share is not None:
        line = WORDS.say(
            "deep", lang, deep=wan_of(facts.deep_special), share=share(facts.deep_share)
        )
        asked, required = facts.earmark_share, facts.earmark_required
        if asked is not None and required is not None:
            line += WORDS.say("earmark", lang, required=wan_of(required), rshare=share(asked))
        elif asked is not None:
            line += WORDS.say("earmark_share", lang, rshare=share(asked))
        lines.append(line)
    return lines


def _by_source(view: RunView, facts: PlanFacts, lang: str) -> list[str]:
    years = view.summary["years"]
    extra = "" if len(years) == 1 else WORDS.say("sources_span", lang, span=span(years, lang))
    alloc = view.allocation
    if not alloc.empty and (alloc.get("project_id", pd.Series(dtype=str)) == "(committed)").any():
        extra += WORDS.say("committed", lang)
    body = [
        [view.names.source(r.code, lang), wan_of(r.budget), wan_of(r.allocated), _used(r)]
        for r in facts.sources
    ]
    body.append(
        [
            COMMON.say("total", lang),
            wan_of(facts.budget),
            wan_of(facts.allocated),
            _used(facts),
        ]
    )
    title = WORDS.say("sources", lang, span=extra)
    numbers = [WORDS.say(k, lang) for k in ("budget", "allocated", "used")]
    rows = [["  " + row[0], *row[1:]] for row in body]
    text = table([title, *numbers], rows, {1, 2, 3}, indent="", rule=False)
    if all(width(line) <= LIMIT for line in text.split("\n")):  # the title heads the names
        return text.split("\n")
    headers = [WORDS.say("source", lang), *numbers]
    return _lines([title, *table(headers, body, {1, 2, 3}, rule=False).split("\n")])


def _used(money) -> str:
    """The share of a budget allocated (a source's or all of them)."""
    return share(money.allocated / money.budget, 1) if money.budget else "-"


def _by_county(facts: PlanFacts, lang: str) -> str:
    rows = facts.deep_first()
    mark = "＊" if lang == "zh" else "*"
    unknown = COMMON.say("unknown_city", lang)
    part = (lambda amount: share(amount / facts.special)) if facts.special else (lambda _: "-")
    body = [
        [
            r.name + (mark if r.deep else ""),
            r.city or unknown,
            wan_of(r.total),
            wan_of(r.special),
            part(r.special),
        ]
        for r in rows
    ]
    body.append(
        [
            COMMON.say("total", lang),
            "",
            wan_of(sum(r.total for r in rows)),
            wan_of(facts.special),
            part(facts.special),
        ]
    )
    headers = [
        WORDS.say(k, lang) for k in ("county", "city", "all_sources", "special", "special_share")
    ]
    return WORDS.say("counties", lang) + "\n" + table(headers, body, {2, 3, 4})


def _top(view: RunView, facts: PlanFacts, lang: str, room: int) -> list[str]:
    """The policy rules that matter most in at most `room` lines (their header included)."""
    from optimiser.report.explanation import WORDS as EXPLAINED

    objunit = objective_unit(view.summary.get("objective_mode", "impact"), lang)
    said = top_rules(facts.rules, view.names, lang, objunit)
    lines = [EXPLAINED.say("top", lang)]
    if not said:
        return lines + ["  " + EXPLAINED.say("none", lang)]
    for i, text in enumerate(said):
        wrapped = _lines([f"  - {text}"], whole_names(view))
        left = len(said) - i - 1
        if len(lines) + len(wrapped) + (1 if left else 0) > room:
            lines.append("  " + WORDS.say("more_rules", lang, n=len(said) - i))
            break
        lines += wrapped
    return lines


def _projects(view: RunView, lang: str, detail: bool) -> str:
    projects = view.projects
    if projects.empty or "start_year" not in projects:
        return ""
    funded = int(projects["start_year"].notna().sum())
    line = WORDS.say(
        "projects", lang, all=len(projects), funded=funded, unfunded=len(projects) - funded
    )
    if funded < len(projects) and not detail:
        line += WORDS.say("projects_why", lang)
    return line


def _files(view: RunView, lang: str, detail: bool) -> str:
    folder = view.folder
    inside = [
        WORDS.say(key, lang)
        for key, file in (
            ("report", "report.html"),
            ("workbook", "allocation.xlsx"),
            ("tables", "allocation.csv"),
        )
        if (folder / file).exists()
    ]
    if not detail and len(inside) > 1:  # the summary names what a reader opens first
        inside = inside[:-1]
    lines = [WORDS.say("folder", lang, folder=folder, inside=join(inside, lang))]
    if not inside:
        lines = [WORDS.say("folder_only", lang, folder=folder)]
    if not detail:
        lines.append(WORDS.say("more", lang, folder=folder))
    return "\n".join(lines)
