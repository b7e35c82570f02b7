"""What `allocate whatif` prints: the change asked for, in words; people reached and the deep
counties' share before and after; who gains and who loses (counties by name, 万元, largest
first, the rest in one row so that the rows add up to the total); money by source; the policy
rules that pinch in the variant, in sentences; the projects that entered or left.

Money is summed in fen from the two run folders' allocation.csv (rounded to the fen), so every
printed total is the sum of its printed rows. Overrides are said with the dataset's names
(optimiser.report.override_words)."""

from __future__ import annotations

from optimiser.explain.values import objective_unit
from optimiser.report.change_tables import change_table, county_changes
from optimiser.report.explanation import top_rules
from optimiser.report.names import Names
from optimiser.report.numbers import share, wan, wan_of
from optimiser.report.override_words import OVERRIDES, override_words
from optimiser.report.plan_facts import PlanFacts
from optimiser.report.run_summary import LIMIT, whole_names
from optimiser.report.run_view import RunView
from optimiser.report.text import block, table, warning_lines
from optimiser.report.words import COMMON, Words, join, status_words
from optimiser.rules import BY_ID

WORDS = Words(
    "what if",
    {
        "what_if": {"zh": "假设：{changes}", "en": "What if: {changes}"},
        "statuses": {
            "zh": "基准方案：{base}；假设方案：{variant}",
            "en": "Base plan: {base}; variant: {variant}",
        },
        "no_plan": {
            "zh": "假设方案{status}，原因见下。",
            "en": "The variant: {status} (why: below).",
        },
        "audit": {
            "zh": "！{which}未通过独立审核，请勿签批：见其注记",
            "en": "! The {which} fails the independent audit; do not sign it: see its notes",
        },
        "base": {"zh": "基准方案", "en": "base plan"},
        "variant": {"zh": "假设方案", "en": "variant"},
        "people": {
            "zh": "覆盖贫困人口（加权）：{before} → {after}（{change}）",
            "en": "Poor people reached (weighted): {before} -> {after} ({change})",
        },
        "objective": {
            "zh": "目标值（{unit}）：{before} → {after}（{change}）",
            "en": "Objective ({unit}): {before} -> {after} ({change})",
        },
        "deep": {
            "zh": "深度贫困县占中央和省级专项资金：{before} → {after}{rule}",
            "en": "Deep counties' share of central and provincial special funds: {before} -> "
            "{after}{rule}",
        },
        "deep_rule": {"zh": "（规则要求至少 {share}）", "en": " (the rule asks at least {share})"},
        "money": {
            "zh": "分配资金：{before} → {after} 万元（{change}）",
            "en": "Money allocated: {before} -> {after} 万元 ({change})",
        },
        "counties": {
            "zh": "谁多得、谁少得（万元；＊深度贫困县；{gain} 个县增加，{lose} 个县减少）",
            "en": "Who gains and who loses (万元; * deep-poverty county; {gain} gain, {lose} lose)",
        },
        "no_move": {
            "zh": "各县资金没有变化。",
            "en": "No county's money changes.",
        },
        "county": {"zh": "县", "en": "County"},
        "source": {"zh": "资金来源", "en": "Source"},
        "before": {"zh": "基准", "en": "Base"},
        "after": {"zh": "假设", "en": "Variant"},
        "change": {"zh": "变化", "en": "Change"},
        "other_sources": {"zh": "其他 {n} 个来源", "en": "Others ({n} sources)"},
        "sources": {"zh": "按资金来源（万元）", "en": "By source (万元)"},
        "pinch": {
            "zh": "假设方案中最关键的政策规则（【新】：基准方案中未达到限值）",
            "en": "What pinches in the variant (policy rules at their limit; [new]: not at it "
            "in the base plan)",
        },
        "new": {"zh": "【新】", "en": "[new] "},
        "binding_change": {
            "zh": "开始达到限值：政策规则 {policy} 处、预算和需求 {structural} 处；不再达到限值："
            "政策规则 {policy_off} 处、预算和需求 {structural_off} 处（明细见 diff.csv）",
            "en": "Now at their limit: {policy} policy rule instances, {structural} budgets and "
            "needs; no longer: {policy_off} policy, {structural_off} budgets and needs "
            "(diff.csv)",
        },
        "projects_in": {"zh": "新安排的项目：{names}", "en": "Projects now funded: {names}"},
        "projects_out": {
            "zh": "不再安排的项目：{names}",
            "en": "Projects no longer funded: {names}",
        },
        "updated": {
            "zh": "假设方案在基准模型上直接更新求解（未重建模型）。",
            "en": "The variant was solved by updating the base model in place.",
        },
        "rebuilt": {
            "zh": "假设方案重新建模求解：{why}。",
            "en": "The variant was built afresh: {why}.",
        },
        "files": {
            "zh": "文件：基准方案 {base}\n      假设方案 {variant}（含 diff.csv）",
            "en": "Files: base {base}\n       variant {variant} (with diff.csv)",
        },
    },
)

# why a variant could not update the base model in place (optimiser.model.update)
REBUILT = Words(
    "rebuilt reasons",
    {
        "the base run holds no model to update": {
            "zh": "基准方案没有可更新的模型",
            "en": "the base run holds no model to update",
        },
        "the data behind the objective changed": {
            "zh": "目标所依据的数据有变化",
            "en": "the data behind the objective changed",
        },
        "a diagnosis model is not updated": {
            "zh": "诊断模型不做更新",
            "en": "a diagnosis model is not updated",
        },
        "the sources that may pay for a county's categories changed": {
            "zh": "各县各类别可用的资金来源有变化",
            "en": "the sources that may pay for a county's categories changed",
        },
        "the needs or the projects' start years changed": {
            "zh": "需求或项目开工年份有变化",
            "en": "the needs or the projects' start years changed",
        },
        "a rule can no longer be met by any plan": {
            "zh": "某条规则已无法被任何方案满足",
            "en": "a rule can no longer be met by any plan",
        },
        "the rule instances changed": {
            "zh": "规则实例有变化",
            "en": "the rule instances changed",
        },
    },
)


def render_whatif(
    overrides: list,
    base: RunView,
    variant: RunView,
    diff: dict,
    how: str,
    lang: str = "zh",
    limit: int = 8,
) -> str:
    """`overrides`: the parsed overrides; `base`, `variant`: the two run folders; `diff`:
    optimiser.scenario.diff.compare of the two solutions; `how`: how the variant was solved
    (optimiser.api.what_if)."""
    names = variant.names
    sep = "；" if lang == "zh" else "; "
    head = []
    head += warning_lines(variant.summary.get("data_warning"), lang)
    changes = sep.join(override_words(o, names, lang) for o in overrides)
    head.append(WORDS.say("what_if", lang, changes=changes))
    statuses = (base.summary["status"], variant.summary["status"])
    head.append(
        WORDS.say(
            "statuses",
            lang,
            base=status_words(statuses[0], lang, short=True),
            variant=status_words(statuses[1], lang, short=True),
        )
    )
    for key, view in (("base", base), ("variant", variant)):
        if view.summary["status"] == "audit-failed":
            head.append(WORDS.say("audit", lang, which=WORDS.say(key, lang)))
            head += [
                f"! {said}" for record, said in view.notes(lang) if record.startswith("audit:")
            ]
    if not variant.has_plan:
        head.append(WORDS.say("no_plan", lang, status=status_words(statuses[1], lang)))
    parts = [head]
    if base.has_plan and variant.has_plan:
        before, after = PlanFacts.of(base), PlanFacts.of(variant)
        head += _measures(base, variant, before, after, lang)
        parts.append(_counties(before, after, lang, limit))
        moved = _sources(before, after, names, lang)
        if moved:
            parts.append(moved)
        pinch = _pinches(variant, after, diff, lang)
        if pinch:
            parts.append(pinch)
        events = _events(diff, names, lang)
        if events:
            parts.append(events)
    keep = whole_names(variant)
    return "\n\n".join(block(part, LIMIT, keep) for part in parts)


def how_words(how: str, lang: str) -> str:
    """How the variant was solved (optimiser.api.what_if: "updated" or "rebuilt: <why>")."""
    if how == "updated":
        return WORDS.say("updated", lang)
    why = how.removeprefix("rebuilt: ")
    if why in REBUILT.words:
        why = REBUILT.say(why, lang)
    elif why.split(" ")[0] in BY_ID:  # "<RULE-ID> is now <status>"
        rule_id, _, rest = why.partition(" is now ")
        status = (
            OVERRIDES.say(f"status.{rest}", lang) if f"status.{rest}" in OVERRIDES.words else rest
        )
        title = BY_ID[rule_id].title_zh if lang == "zh" else BY_ID[rule_id].title_en
        why = f"{title}{status}" if lang == "zh" else f"{title} {status}"
    return WORDS.say("rebuilt", lang, why=why)


def files_words(base_folder, variant_folder, lang: str) -> str:
    return WORDS.say("files", lang, base=base_folder, variant=variant_folder)


def _measures(
    base: RunView, variant: RunView, before: PlanFacts, after: PlanFacts, lang: str
) -> list[str]:
    lines = []
    a, b = base.summary, variant.summary
    if before.people is not None and after.people is not None:
        lines.append(
            WORDS.say(
                "people",
                lang,
                before=wan(before.people),
                after=wan(after.people),
                change=wan(round(after.people, 2) - round(before.people, 2), signed=True),
            )
        )
    if a.get("objective_mode") == "formula" and a.get("objective") is not None:
        old, new = a["objective"], b.get("objective")
        if new is not None:
            lines.append(
                WORDS.say(
                    "objective",
                    lang,
                    unit=COMMON.say("objective.formula", lang),
                    before=wan(old),
                    after=wan(new),
                    change=wan(round(new, 2) - round(old, 2), signed=True),
                )
            )
    if before.special and after.deep_share is not None:
        required = after.earmark_share
        rule = WORDS.say("deep_rule", lang, share=share(required)) if required is not None else ""
        lines.append(
            WORDS.say(
                "deep",
                lang,
                before=share(before.deep_special / before.special),
                after=share(after.deep_share),
                rule=rule,
            )
        )
    lines.append(
        WORDS.say(
            "money",
            lang,
            before=wan_of(before.allocated),
            after=wan_of(after.allocated),
            change=wan_of(after.allocated - before.allocated, signed=True),
        )
    )
    return lines


def _counties(before: PlanFacts, after: PlanFacts, lang: str, limit: int) -> list[str]:
    rows = county_changes(before.deep_first(), after.deep_first(), lang)
    gains = sum(1 for r in rows if r[3] > 0)
    losses = sum(1 for r in rows if r[3] < 0)
    if not gains and not losses:
        return [WORDS.say("no_move", lang)]
    headers = [WORDS.say(k, lang) for k in ("county", "before", "after", "change")]
    title = WORDS.say("counties", lang, gain=gains, lose=losses)
    return [title, *change_table(rows, headers, lang, limit)]


def _sources(before: PlanFacts, after: PlanFacts, names: Names, lang: str) -> list[str]:
    old = {r.code: r.allocated for r in before.sources}
    new = {r.code: r.allocated for r in after.sources}
    codes = list(dict.fromkeys([*new, *old]))
    rows = [(c, old.get(c, 0), new.get(c, 0)) for c in codes]
    moved = [r for r in rows if r[1] != r[2]]
    if not moved:
        return []
    body = [
        [names.source(c, lang), wan_of(a), wan_of(b), wan_of(b - a, signed=True)]
        for c, a, b in moved
    ]
    rest = [r for r in rows if r[1] == r[2]]
    if rest:
        total = sum(r[1] for r in rest)
        body.append(
            [WORDS.say("other_sources", lang, n=len(rest)), wan_of(total), wan_of(total), wan_of(0)]
        )
    body.append(
        [
            COMMON.say("total", lang),
            wan_of(sum(r[1] for r in rows)),
            wan_of(sum(r[2] for r in rows)),
            wan_of(sum(r[2] - r[1] for r in rows), signed=True),
        ]
    )
    headers = [WORDS.say(k, lang) for k in ("source", "before", "after", "change")]
    return [WORDS.say("sources", lang), *table(headers, body, {1, 2, 3}, rule=False).split("\n")]


def _pinches(variant: RunView, facts: PlanFacts, diff: dict, lang: str) -> list[str]:
    new = {(r, str(i)) for r, i in diff.get("started_binding", [])}
    objunit = objective_unit(variant.summary.get("objective_mode", "impact"), lang)
    said = top_rules(
        facts.rules, variant.names, lang, objunit, new=new, new_mark=WORDS.say("new", lang)
    )
    if not said:
        return []
    return [WORDS.say("pinch", lang), *(f"  - {line}" for line in said)]


def _events(diff: dict, names: Names, lang: str) -> list[str]:
    lines = []

    def policy(items):
        return sum(1 for r, _ in items if not _structural(r))

    def structural(items):
        return sum(1 for r, _ in items if _structural(r))

    on, off = diff.get("started_binding", []), diff.get("stopped_binding", [])
    if on or off:
        lines.append(
            WORDS.say(
                "binding_change",
                lang,
                policy=policy(on),
                structural=structural(on),
                policy_off=policy(off),
                structural_off=structural(off),
            )
        )
    for key in ("projects_in", "projects_out"):
        if diff.get(key):
            said = join([names.project(p, lang) for p in diff[key]], lang)
            lines.append(WORDS.say(key, lang, names=said))
    return lines


def _structural(rule_id: str) -> bool:
    family = BY_ID.get(str(rule_id).split("+")[0])
    return bool(family and family.structural)
