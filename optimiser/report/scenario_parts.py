"""What the scenario comparison and the sweep share: the words of their common columns, and a run
without a plan said as the rules that conflict, with names, and the smallest relaxation."""

from __future__ import annotations

import json

from optimiser.report.names import Names
from optimiser.report.words import Words, join

PARTS = Words(
    "scenario parts",
    {
        "col.status": {"zh": "状态", "en": "Status"},
        "col.people": {"zh": "覆盖人口（加权）", "en": "People reached (weighted)"},
        "col.deep": {"zh": "深度贫困县份额", "en": "Deep counties' share"},
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
    },
)

MAX_INSTANCES = 4  # of one rule in a conflict; the rest counted


def conflict_lines(r: dict, names: Names, lang: str) -> list[str]:
    """What conflicts in a run with no plan, with names and rule titles; and the smallest
    relaxation that would make a plan possible."""
    conflict = json.loads(r["conflict"]) if r.get("conflict") else []
    relaxation = json.loads(r["relaxation"]) if r.get("relaxation") else []
    if not conflict:
        return [PARTS("no_conflict", lang)]
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
            shown.append(PARTS("more", lang, count=len(where) - MAX_INSTANCES))
        inner = join(shown, lang)
        rule = names.rule(rule_id, lang)
        items.append(f"{rule}【{inner}】" if lang == "zh" else f"{rule} [{inner}]")
    if other:
        items.append(PARTS("conflict_other", lang) + (f" ×{other}" if other > 1 else ""))
    lines = [PARTS("conflict", lang, items=("；" if lang == "zh" else "; ").join(items))]
    for e in relaxation[:1]:
        from optimiser.rules import BY_ID

        family = BY_ID.get(e.get("rule_id"))
        unit = (
            ""
            if family is None
            else (family.limit_unit_en if lang == "en" else family.limit_unit_zh)
        )
        lines.append(
            PARTS(
                "relax",
                lang,
                rule=names.rule(e["rule_id"], lang),
                instance=names.instance(e["instance"], lang),
                short=f"{e['short']:,.2f}",
                unit=unit,
            )
        )
    return lines


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "
