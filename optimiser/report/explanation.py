"""The explanation as text, in English or Chinese, from the explanation data alone (so a finished
run can be explained again from its folder): binding rules with what one more unit is worth and
over which interval, near-binding rules, the price of rules, unfunded projects, and for a run
with no plan, the conflicting rules and the relaxations that would allow one."""

from __future__ import annotations

import math

from optimiser.explain.price import held_back
from optimiser.explain.values import objective_unit
from optimiser.report.text import money
from optimiser.rules import BY_ID

WORDS = {
    "en": {
        "binding": "Policy rules that bind, and what relaxing each limit by one unit is worth "
        "(positive: the plan improves)",
        "structural": "Budgets and needs at their limits (largest values first)",
        "given": "(values given the selected projects: the plan's projects held fixed)",
        "none": "none",
        "near": "Near-binding (within {pct} of the limit)",
        "prices": "Price of each rule (the plan with the rule switched off, compared)",
        "price_line": "{title} [{rule}]: dropping it would improve the plan by {price} {unit} "
        "(what keeping it costs)",
        "price_inf": "{title} [{rule}]: without it the run is {status}",
        "price_priority": "{title} [{rule}]: dropping it would lose {loss} {unit}: without it the "
        "deep counties are put first for {more} 万元 more, which the plan must then keep",
        "unfunded": "Candidate projects left unfunded",
        "weights": "Weights the plan is most sensitive to (value of one more person reached; "
        "objective ranging)",
        "window": "its start window {detail} lies outside the planned years",
        "prerequisite": "it needs {detail}, which is not funded",
        "threshold": "below the benefit-cost threshold: funding it would lose {miss} {unit}",
        "indivisible": "worth funding at the margin but kept out by its size (whole projects only)",
        "tie": "as good as what its money does now: an equally good plan could fund it instead",
        "unknown": "no reason available",
        "conflict": "No plan satisfies every hard rule. These rule instances conflict:",
        "relax_all": "The smallest relaxation of all limits together:",
        "alternatives": "Or, any one of these alone would make a plan possible:",
        "cites": "cites",
        "na": "n/a",
        "range": "(holds while the limit stays between {low} and {high})",
        "range_above": "(holds while the limit stays at or above {low})",
        "range_below": "(holds while the limit stays at or below {high})",
        "range_any": "(holds whatever the limit)",
        "range_na": "(range n/a (degenerate: another basis gives a different range))",
        "more": "... {n} more in rules.csv",
        "more_of": "... and {n} more instances of {rule} in rules.csv",
        "more_unfunded": "... {n} more in explanation.json (unfunded)",
    },
    "zh": {
        "binding": "起约束作用的政策规则，及各限值放宽一个单位的价值（正值：方案改善）",
        "structural": "达到限值的预算和需求（按价值从大到小）",
        "given": "（在已选定项目不变的前提下计算）",
        "none": "无",
        "near": "接近约束（距限值 {pct} 以内）",
        "prices": "各规则的代价（取消该规则后重新求解比较）",
        "price_line": "{title}【{rule}】：取消该规则，方案可改善 {price} {unit}（即保留该规则的代价）",
        "price_inf": "{title}【{rule}】：取消后求解结果为 {status}",
        "price_priority": "{title}【{rule}】：取消该规则，方案反而减少 {loss} {unit}：取消后深度贫困县"
        "可优先多得 {more} 万元，方案须予保持",
        "unfunded": "未获安排的候选项目",
        "weights": "方案对权重最敏感的县（每多覆盖一人的价值；目标系数区间）",
        "window": "开工时间窗口 {detail} 不在规划年度内",
        "prerequisite": "需先实施 {detail}，而该项目未获安排",
        "threshold": "未达效益成本门槛：安排该项目将减少 {miss} {unit}",
        "indivisible": "边际上值得安排，但项目不可分割而未入选",
        "tie": "与这笔资金现在的用途效果相同：同样好的方案也可以安排该项目",
        "unknown": "无法给出原因",
        "conflict": "没有任何方案能同时满足全部硬性规则。以下规则实例相互冲突：",
        "relax_all": "同时放宽全部限值时的最小放宽量：",
        "alternatives": "或者，单独放宽以下任一项即可得到可行方案：",
        "cites": "依据",
        "na": "不适用",
        "range": "（限值在 {low} 至 {high} 之间时成立）",
        "range_above": "（限值不低于 {low} 时成立）",
        "range_below": "（限值不高于 {high} 时成立）",
        "range_any": "（无论限值多少都成立）",
        "range_na": "（区间不适用（退化：另一个基给出不同的区间））",
        "more": "……其余 {n} 条见 rules.csv",
        "more_of": "……{rule} 另有 {n} 条，见 rules.csv",
        "more_unfunded": "……其余 {n} 个见 explanation.json（unfunded）",
    },
}


def _n(value, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and (math.isnan(value))):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) >= 100:
        return money(value)
    return f"{value:,.{digits}g}"


def render_explanation(expl: dict, lang: str = "en", limit: int = 20) -> str:
    w = WORDS[lang]
    unit = objective_unit(expl.get("objective_mode", "impact"), lang)
    parts = []
    if "diagnosis" in expl:
        parts.append(_diagnosis(expl["diagnosis"], w, lang))
        return "\n\n".join(parts)
    if "binding" not in expl:  # no plan and nothing to diagnose (a time limit, a solver fault)
        return ""
    binding = expl.get("binding", [])
    policy = [b for b in binding if not b["structural"]]
    structural = [b for b in binding if b["structural"] and b["rule_id"] != "R-PAYMENT"]
    head = w["binding"] + (" " + w["given"] if expl.get("given_projects") else "")
    lines = [head]
    lines += _grouped(policy, lang, unit, w, per_rule=4, limit=limit)
    if not policy:
        lines.append("  " + w["none"])
    parts.append("\n".join(lines))
    ranked = sorted(structural, key=lambda b: -(b["gain"] or 0.0))
    lines = [w["structural"]]
    lines += _grouped(ranked, lang, unit, w, per_rule=4, limit=12)
    parts.append("\n".join(lines))
    near = expl.get("near", [])
    if near:
        pct = f"{expl.get('near_threshold', 0.01):.0%}"
        lines = [w["near"].format(pct=pct)]
        for item in near[:limit]:
            family = BY_ID.get(item["rule_id"])
            title = (
                (family.title_en if lang == "en" else family.title_zh)
                if family
                else item["rule_id"]
            )
            lines.append(
                f"  {item['rule_id']} [{item['instance']}] {title}: {_n(item['lhs'])} / "
                f"{_n(item['rhs'])}"
            )
        parts.append("\n".join(lines))
    if expl.get("prices"):
        lines = [w["prices"]]
        for p in expl["prices"]:
            title = p["title_en"] if lang == "en" else p["title_zh"]
            if p["price"] is None:
                lines.append(
                    "  "
                    + w["price_inf"].format(title=title, rule=p["rule_id"], status=p["status_off"])
                )
            elif p["price"] < 0 and held_back(p) is not None:  # see optimiser.explain.price
                lines.append(
                    "  "
                    + w["price_priority"].format(
                        title=title,
                        rule=p["rule_id"],
                        loss=_n(-p["price"]),
                        unit=unit,
                        more=_n(held_back(p)),
                    )
                )
            else:
                lines.append(
                    "  "
                    + w["price_line"].format(
                        title=title, rule=p["rule_id"], price=_n(p["price"]), unit=unit
                    )
                )
        parts.append("\n".join(lines))
    if expl.get("weights"):
        lines = [w["weights"]]
        for item in expl["weights"][:8]:
            mark = "*" if item["deep"] else ""
            lines.append(
                f"  {item['county']}{mark} (segment {item['segment'] + 1}): weight "
                f"{_n(item['weight'])}, plan unchanged from {_n(item['low'])} to "
                f"{_n(item['high'])}"
            )
        parts.append("\n".join(lines))
    if expl.get("unfunded"):
        lines = [w["unfunded"]]
        for u in expl["unfunded"][:limit]:
            reason = w[u["reason"]].format(
                detail=u.get("detail", ""), miss=_n(u["misses_by"]), unit=unit
            )
            lines.append(
                f"  {u['project_id']} {u['name']} ({_n(u['cost_wan'])} 万元, "
                f"{_n(u['beneficiaries'])}): {reason}"
            )
        if len(expl["unfunded"]) > limit:
            lines.append("  " + w["more_unfunded"].format(n=len(expl["unfunded"]) - limit))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _grouped(
    items: list[dict], lang: str, unit: str, w: dict, per_rule: int, limit: int
) -> list[str]:
    """At most `per_rule` lines per rule (the rest counted), at most `limit` lines in all."""
    lines: list[str] = []
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for item in items:
        rule = item["rule_id"]
        if shown.get(rule, 0) < per_rule and sum(shown.values()) < limit:
            lines += _item_lines(item, lang, unit, w)
            shown[rule] = shown.get(rule, 0) + 1
        else:
            hidden[rule] = hidden.get(rule, 0) + 1
    for rule, n in hidden.items():
        lines.append("  " + w["more_of"].format(n=n, rule=rule))
    return lines


def _item_lines(item: dict, lang: str, objunit: str, w: dict) -> list[str]:
    family = BY_ID.get(item["rule_id"])
    unit = item["unit_en"] if lang == "en" else item["unit_zh"]
    fields = dict(
        instance=item["instance"],
        lhs=_n(item["lhs"]),
        rhs=_n(item["rhs"]),
        unit=unit,
        gain=_n(item["gain"]),
        objunit=objunit,
        low=_n(item["range_low"]),
        high=_n(item["range_high"]),
        range=_range_text(item, w),
        short=_n(abs(item["slack"] or 0.0)),
    )
    if family is None:
        title = "deep counties first" if lang == "en" else "深度贫困县优先"
        return [f"  {title} [{item['instance'][:120]}]: {fields['lhs']} / {fields['rhs']}"]
    kind = "shortfall" if item["status"] == "violated" else "binding"
    text = family.sentence(kind, lang, **fields)
    value = f"{w['na']}" if item["gain"] is None else family.sentence("value", lang, **fields)
    cite = f" ({w['cites']} {item['citation']})" if item["citation"] else ""
    return [f"  - {text} {value}{cite}"]


def _range_text(item: dict, w: dict) -> str:
    """Over which interval of the limit the value holds: ranging that contains the limit, or n/a
    where the plan's vertex is degenerate (optimiser.solve.highs._row_ranges drops the range)."""
    low, high = item.get("range_low"), item.get("range_high")
    if low is None or high is None:
        return w["range_na"]
    if math.isinf(low) and math.isinf(high):
        key = "range_any"
    elif math.isinf(low):
        key = "range_below"
    elif math.isinf(high):
        key = "range_above"
    else:
        key = "range"
    return w[key].format(low=_n(low), high=_n(high))


def _diagnosis(diag: dict, w: dict, lang: str) -> str:
    lines = [w["conflict"]]
    for c in diag.get("conflict", []):
        family = BY_ID.get(c["rule_id"])
        if family is None:
            lines.append(f"  - {c['instance']}")
            continue
        unit = family.limit_unit_en if lang == "en" else family.limit_unit_zh
        cite = ";".join(family.citations) or (family.basis or "")
        lines.append(
            "  - "
            + family.sentence(
                "conflict",
                lang,
                instance=c["instance"],
                rhs=_n(c["rhs"]),
                unit=unit,
            )
            + f" ({w['cites']} {cite})"
        )
    for key in ("relax_all", "alternatives"):
        entries = diag.get("relaxation" if key == "relax_all" else "alternatives", [])
        if not entries:
            continue
        lines.append(w[key])
        for r in entries:
            family = BY_ID.get(r["rule_id"])
            unit = family.limit_unit_en if lang == "en" else family.limit_unit_zh
            lines.append(
                "  - "
                + family.sentence(
                    "relax",
                    lang,
                    instance=r["instance"],
                    short=_n(r["short"]),
                    unit=unit,
                    rhs=_n(r["rhs"]),
                )
            )
    return "\n".join(lines)
