"""The explanation as text, in Chinese or English, from the explanation data alone (so a finished
run can be explained again from its folder): binding rules with what one more unit is worth and
over which interval, near-binding rules, the price of rules, the weights, unfunded projects, and
for a run with no plan, the conflicting rules and the relaxations that would allow one.

Every rule instance is said with names (optimiser.report.names), every citation as the clause ids
it rests on, or for a family no clause sets (budgets, projects), as a phrase in the language.
Rule instances at their limit that say nothing (a limit and a value both 0, or one more unit
worth nothing) are counted, not listed; rules.csv keeps every one."""

from __future__ import annotations

from optimiser.explain.values import objective_unit
from optimiser.report.binding_rules import BindingRules, RuleGroup
from optimiser.report.explained_sentences import (
    conflict_sentence,
    near_sentence,
    price_sentence,
    weight_sentence,
)
from optimiser.report.names import Names
from optimiser.report.numbers import figure, money, percent
from optimiser.report.rule_sentences import (
    cite,
    family_cite,
    rule_sentence,
    stage_sentence,
    title,
    with_count_and_cite,
)
from optimiser.report.unfunded_reasons import reason_text
from optimiser.report.words import Words

WORDS = Words(
    "explanation",
    {
        "binding": {
            "zh": "起约束作用的政策规则，及各限值放宽一个单位的价值（正值：方案改善）",
            "en": "Policy rules that bind, and what relaxing each limit by one unit is worth "
            "(positive: the plan improves)",
        },
        "given": {
            "zh": "（在已选定项目不变的前提下计算）",
            "en": "(values given the selected projects: the plan's projects held fixed)",
        },
        "top": {
            "zh": "最关键的政策规则（按限值每放宽一个单位的价值排序）",
            "en": "The policy rules that matter most (by what one more unit of the limit is worth)",
        },
        "structural": {
            "zh": "达到限值的预算和需求（按价值从大到小）",
            "en": "Budgets and needs at their limits (largest values first)",
        },
        "none": {"zh": "无", "en": "none"},
        "near": {
            "zh": "接近约束（距限值 {pct} 以内）",
            "en": "Near-binding (within {pct} of the limit)",
        },
        "prices": {
            "zh": "各规则的代价（取消该规则后重新求解比较）",
            "en": "Price of each rule (the plan with the rule switched off, compared)",
        },
        "unfunded": {"zh": "未获安排的候选项目", "en": "Candidate projects left unfunded"},
        "unfunded_line": {
            "zh": "{name}（费用 {cost} 万元，受益 {people} 人）：{reason}",
            "en": "{name} (cost {cost} 万元, {people} people benefit): {reason}",
        },
        "weights": {
            "zh": "方案对权重最敏感的县（该县每多覆盖一名贫困人口计入目标的权重；权重在区间内变动时方案不变）",
            "en": "Counties whose share hangs most on the weights (the weight of one more poor "
            "person reached there; the plan stays the same while it moves within the interval)",
        },
        "conflict": {
            "zh": "没有任何方案能同时满足全部硬性规则。以下规则相互冲突：",
            "en": "No plan satisfies every hard rule. These rule instances conflict:",
        },
        "payments": {
            "zh": "以及 {n} 条分年拨付关系（资金按补助标准和拨付比例支付已开工的单位）",
            "en": "and {n} payment links (money pays for the units started, at the unit "
            "standards and payment profiles)",
        },
        "relax_all": {
            "zh": "同时放宽全部限值时的最小放宽量：",
            "en": "The smallest relaxation of all limits together:",
        },
        "alternatives": {
            "zh": "或者，单独放宽以下任一项即可得到可行方案：",
            "en": "Or, any one of these alone would make a plan possible:",
        },
        "more": {"zh": "……另有 {n} 条，见 rules.csv", "en": "... {n} more in rules.csv"},
        "idle": {
            "zh": "……{title}另有 {n} 处恰在限值上，放宽一个单位不改变方案（见 rules.csv）",
            "en": "... {title}: {n} more at their limit where one more unit changes nothing "
            "(rules.csv)",
        },
        "more_unfunded": {
            "zh": "……另有 {n} 个未获安排的项目（--detail 列出全部）",
            "en": "... {n} more unfunded projects (--detail lists them all)",
        },
    },
)


def said(item: dict, names: Names, lang: str, objunit: str, ranged: bool = True, count: int = 1):
    """An instance's sentence as the terminal prints it: with how many of its rule's instances
    count and the clause ids it rests on."""
    sentence = rule_sentence(item, names, lang, objunit, ranged)
    return with_count_and_cite(sentence, cite(item["citation"], item["rule_id"], lang), lang, count)


def top_rules(
    rules: BindingRules,
    names: Names,
    lang: str,
    objunit: str,
    n: int = 5,
    new: set[tuple[str, str]] | None = None,
    new_mark: str = "",
) -> list[str]:
    """The `n` policy rules that matter most (optimiser.report.binding_rules): per rule, its most
    valuable instance said in the family's words with how many of its instances count. A rule
    whose instance shown is in `new` (rule id, instance) is marked `new_mark`."""
    lines = []
    for group in rules.matter[:n]:
        best = group.best
        mark = new_mark if new and (best["rule_id"], str(best["instance"])) in new else ""
        count = len(group.counted)
        lines.append(mark + said(best, names, lang, objunit, ranged=False, count=count))
    return lines


def render_explanation(
    expl: dict, lang: str = "en", limit: int | None = 20, names: Names | None = None
) -> str:
    """The whole explanation (for `--detail`): `limit` caps the budgets and needs listed, the
    near-binding and the unfunded projects (None: all); every policy rule instance that counts
    is listed, those worth nothing counted."""
    names = names or Names()
    unit = objective_unit(expl.get("objective_mode", "impact"), lang)
    if "diagnosis" in expl:
        return render_diagnosis(expl["diagnosis"], names, lang)
    if "binding" not in expl:  # no plan and nothing to diagnose (a time limit, a solver fault)
        return ""
    rules = BindingRules.of(expl["binding"])
    parts = [_policy(rules, bool(expl.get("given_projects")), names, lang, unit)]
    if any(g.counted for g in rules.structural):
        lines = [WORDS.say("structural", lang)]
        for group in rules.structural:
            lines += _group(group, names, lang, unit, 8 if limit is None else min(8, limit))
        parts.append("\n".join(lines))
    for section in (
        _near(expl, names, lang, limit),
        _prices(expl, names, lang, unit),
        _weights(expl, names, lang),
        _unfunded(expl, names, lang, unit, limit),
    ):
        if section:
            parts.append(section)
    return "\n\n".join(parts)


def _policy(rules: BindingRules, given: bool, names: Names, lang: str, unit: str) -> str:
    head = WORDS.say("binding", lang)
    if given:
        head += ("" if lang == "zh" else " ") + WORDS.say("given", lang)
    lines = [head]
    for group in rules.policy:
        lines += _group(group, names, lang, unit, None)
    for item in rules.stages:
        lines.append("  - " + stage_sentence(item, names, lang))
    if len(lines) == 1:
        lines.append("  " + WORDS.say("none", lang))
    return "\n".join(lines)


def _group(group: RuleGroup, names: Names, lang: str, unit: str, limit: int | None) -> list[str]:
    """A rule's instances that count (the `limit` most valuable), then those worth nothing,
    counted."""
    shown = group.counted[:limit]
    lines = ["  - " + said(item, names, lang, unit) for item in shown]
    if len(group.counted) > len(shown):
        lines.append("  " + WORDS.say("more", lang, n=len(group.counted) - len(shown)))
    if group.idle:
        rule = title(group.rule_id, names, lang)
        lines.append("  " + WORDS.say("idle", lang, title=rule, n=len(group.idle)))
    return lines


def _near(expl: dict, names: Names, lang: str, limit: int | None) -> str:
    near = expl.get("near", [])
    if not near:
        return ""
    lines = [WORDS.say("near", lang, pct=percent(expl.get("near_threshold", 0.01)))]
    lines += ["  - " + near_sentence(item, names, lang) for item in near[:limit]]
    if limit is not None and len(near) > limit:
        lines.append("  " + WORDS.say("more", lang, n=len(near) - limit))
    return "\n".join(lines)


def _prices(expl: dict, names: Names, lang: str, unit: str) -> str:
    if not expl.get("prices"):
        return ""
    lines = [WORDS.say("prices", lang)]
    lines += ["  - " + price_sentence(p, names, lang, unit) for p in expl["prices"]]
    return "\n".join(lines)


def _weights(expl: dict, names: Names, lang: str) -> str:
    if not expl.get("weights"):
        return ""
    mark = "＊" if lang == "zh" else "*"
    lines = [WORDS.say("weights", lang)]
    lines += ["  - " + weight_sentence(item, names, lang, mark) for item in expl["weights"][:8]]
    return "\n".join(lines)


def _unfunded(expl: dict, names: Names, lang: str, unit: str, limit: int | None) -> str:
    unfunded = expl.get("unfunded") or []
    if not unfunded:
        return ""
    lines = [WORDS.say("unfunded", lang)]
    for u in unfunded[:limit]:
        lines.append(
            "  - "
            + WORDS.say(
                "unfunded_line",
                lang,
                name=u["name"] or names.project(u["project_id"], lang),
                cost=money(u["cost_wan"]) if u["cost_wan"] is not None else "-",
                people=figure(u["beneficiaries"]),
                reason=reason_text(u, names, lang, unit),
            )
        )
    if limit is not None and len(unfunded) > limit:
        lines.append("  " + WORDS.say("more_unfunded", lang, n=len(unfunded) - limit))
    return "\n".join(lines)


def render_diagnosis(diag: dict, names: Names, lang: str, limit: int | None = None) -> str:
    """Why there is no plan: the rule instances that conflict, in the families' words with
    names and what they rest on, and the relaxations that would allow a plan."""
    lines = [WORDS.say("conflict", lang)]
    conflict = diag.get("conflict", [])
    shown = conflict[:limit] if limit is not None else conflict
    for c in shown:
        if c["rule_id"] != "R-PAYMENT":
            text = conflict_sentence(c, names, lang, "conflict")
            lines.append("  - " + with_count_and_cite(text, family_cite(c["rule_id"], lang), lang))
    payments = sum(1 for c in shown if c["rule_id"] == "R-PAYMENT")
    if payments:
        lines.append("  " + WORDS.say("payments", lang, n=payments))
    for key, field in (("relax_all", "relaxation"), ("alternatives", "alternatives")):
        if diag.get(field):
            lines.append(WORDS.say(key, lang))
            lines += ["  - " + conflict_sentence(r, names, lang, "relax") for r in diag[field]]
    return "\n".join(lines)
