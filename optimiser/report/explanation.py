"""The explanation as text, in Chinese or English, from the explanation data alone (so a finished
run can be explained again from its folder): binding rules with what one more unit is worth and
over which interval, near-binding rules, the price of rules, the weights, unfunded projects, and
for a run with no plan, the conflicting rules and the relaxations that would allow one.

Every rule instance is said with names (optimiser.report.names), every citation as the clause ids
it rests on, or for a family no clause sets (budgets, projects), as a phrase in the language.
Rule instances at their limit that say nothing (a limit and a value both 0, or one more unit
worth nothing) are counted, not listed; rules.csv keeps every one."""

from __future__ import annotations

import math
import re

from optimiser.explain.price import held_back
from optimiser.explain.values import objective_unit
from optimiser.report.names import Names
from optimiser.report.text import money
from optimiser.report.words import Words, join, span, status_words
from optimiser.rules import BY_ID

ZERO = 1e-9  # a value of one more unit, or a limit, this small says nothing

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
        "near_line": {
            "zh": "{title}【{instance}】：{lhs}，限值 {rhs} {unit}",
            "en": "{title} [{instance}]: {lhs} against a limit of {rhs} {unit}",
        },
        "prices": {
            "zh": "各规则的代价（取消该规则后重新求解比较）",
            "en": "Price of each rule (the plan with the rule switched off, compared)",
        },
        "price_line": {
            "zh": "{title}：取消该规则，方案可改善 {price} {unit}（即保留该规则的代价）",
            "en": "{title}: dropping it would improve the plan by {price} {unit} (what keeping "
            "it costs)",
        },
        "price_inf": {
            "zh": "{title}：取消后求解结果为：{status}",
            "en": "{title}: without it the run is: {status}",
        },
        "price_priority": {
            "zh": "{title}：取消该规则，方案反而减少 {loss} {unit}：取消后深度贫困县可优先多得 "
            "{more} 万元，方案须予保持",
            "en": "{title}: dropping it would lose {loss} {unit}: without it the deep counties "
            "are put first for {more} 万元 more, which the plan must then keep",
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
        "weight_line": {
            "zh": "{county}：权重 {weight}，在 {low} 至 {high} 之间方案不变",
            "en": "{county}: weight {weight}, plan unchanged from {low} to {high}",
        },
        "no_low": {"zh": "任意小", "en": "any lower value"},
        "no_high": {"zh": "任意大", "en": "any higher value"},
        "window": {
            "zh": "开工时间窗口 {detail} 不在规划年度内",
            "en": "its start window {detail} lies outside the planned years",
        },
        "prerequisite": {
            "zh": "需先实施{detail}，而该项目未获安排",
            "en": "it needs {detail}, which is not funded",
        },
        "threshold": {
            "zh": "未达效益成本门槛：安排该项目将减少 {miss} {unit}",
            "en": "below the benefit-cost threshold: funding it would lose {miss} {unit}",
        },
        "indivisible": {
            "zh": "边际上值得安排，但项目不可分割而未入选",
            "en": "worth funding at the margin but kept out by its size (whole projects only)",
        },
        "tie": {
            "zh": "与这笔资金现在的用途效果相同：同样好的方案也可以安排该项目",
            "en": "as good as what its money does now: an equally good plan could fund it instead",
        },
        "unknown": {"zh": "无法给出原因", "en": "no reason available"},
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
        "cites": {"zh": "依据 {cite}", "en": "cites {cite}"},
        "na": {"zh": "放宽该限值的价值不适用", "en": "no value for relaxing it"},
        "range": {
            "zh": "（限值在 {low} 至 {high} 之间时成立）",
            "en": "(holds while the limit stays between {low} and {high})",
        },
        "range_above": {
            "zh": "（限值不低于 {low} 时成立）",
            "en": "(holds while the limit stays at or above {low})",
        },
        "range_below": {
            "zh": "（限值不高于 {high} 时成立）",
            "en": "(holds while the limit stays at or below {high})",
        },
        "range_any": {"zh": "（无论限值多少都成立）", "en": "(holds whatever the limit)"},
        "range_na": {
            "zh": "（区间不适用（退化：另一个基给出不同的区间））",
            "en": "(range n/a (degenerate: another basis gives a different range))",
        },
        "instances": {"zh": "共 {n} 处", "en": "{n} instances"},
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
        "stage": {
            "zh": "深度贫困县优先（先满足深度贫困县，再分配其余资金）：{parts}",
            "en": "Deep counties first (the deep counties are served before the rest is "
            "allocated): {parts}",
        },
        "stage_title": {"zh": "深度贫困县优先", "en": "Deep counties first"},
    },
)

# why a family no clause sets holds, in the reader's language (rules.csv keeps the English
# `basis` of optimiser.rules for the record)
BASIS = Words(
    "rule basis",
    {
        "R-BUDGET": {
            "zh": "会计恒等：资金来源支出不超过其预算（budgets.csv）",
            "en": "accounting identity: a source pays out no more than its budget (budgets.csv)",
        },
        "R-PROJECT": {
            "zh": "项目表（projects.csv）：开工时间窗口、前置项目、项目不可分割",
            "en": "projects.csv: start windows, prerequisites, whole projects",
        },
        "R-ELIGIBILITY": {
            "zh": "类别表（categories.csv）：各资金来源允许的用途",
            "en": "categories.csv: each source's permitted uses",
        },
        "R-PAYMENT": {
            "zh": "类别表的分年拨付比例和已承诺支付（commitments.csv）",
            "en": "categories.csv payment profiles and commitments.csv",
        },
        "R-NEED": {
            "zh": "需求表（needs.csv）和补助标准",
            "en": "needs.csv and the unit standards",
        },
    },
)

BORROWED = re.compile(r"^借用.*做法 (\S+)$")


def _n(value, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and (math.isnan(value))):
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) >= 100:
        return money(value)
    return f"{value:,.{digits}g}"


def title(rule_id: str, lang: str) -> str:
    family = BY_ID.get(rule_id)
    if family is None:
        return WORDS.say("stage_title", lang)
    return family.title_zh if lang == "zh" else family.title_en


def cite(citation: str, rule_id: str, lang: str) -> str:
    """A rule's citation for a reader: clause ids as they are, a family's basis said in the
    language, a borrowed clause said as borrowed."""
    said = []
    for part in (p.strip() for p in str(citation or "").split(";")):
        if not part:
            continue
        families = [BY_ID[r] for r in str(rule_id).split("+") if r in BY_ID]
        basis = next((f.id for f in families if f.basis and part == f.basis), None)
        borrowed = BORROWED.match(part)
        if basis is not None and basis in BASIS.words:
            said.append(BASIS.say(basis, lang))
        elif borrowed and lang == "en":
            from optimiser.register import borrowed_words

            said.append(borrowed_words(borrowed.group(1), "en"))
        else:
            said.append(part)
    return join(said, lang)


def family_cite(rule_id: str, lang: str) -> str:
    family = BY_ID.get(rule_id)
    if family is None:
        return ""
    if family.citations:
        return join(list(family.citations), lang)
    return BASIS.say(family.id, lang) if family.id in BASIS.words else (family.basis or "")


def says_something(item: dict) -> bool:
    """A binding instance worth a reader's line: short of its limit, or one more unit of it
    changes the plan, and not a limit and value both 0."""
    if item["status"] == "violated":
        return True
    if item["gain"] is None or abs(item["gain"]) <= ZERO:
        return False
    return not (abs(item["lhs"] or 0.0) <= ZERO and abs(item["rhs"] or 0.0) <= ZERO)


def is_stage(item: dict) -> bool:
    return item["rule_id"] not in BY_ID


def sentence(
    item: dict, names: Names, lang: str, objunit: str, ranged: bool = True, count: int = 1
) -> str:
    """One binding (or short) instance in the family's words, with names, what one more unit
    is worth, and what it cites."""
    family = BY_ID[item["rule_id"]]
    unit = item["unit_zh"] if lang == "zh" else item["unit_en"]
    fields = dict(
        instance=names.instance(item["instance"], lang),
        lhs=_n(item["lhs"]),
        rhs=_n(item["rhs"]),
        unit=unit,
        gain=_n(item["gain"]),
        objunit=objunit,
        low=_n(item["range_low"]),
        high=_n(item["range_high"]),
        range=_range_text(item, lang) if ranged else "",
        short=_n(abs(item["slack"] or 0.0)),
    )
    kind = "shortfall" if item["status"] == "violated" else "binding"
    text = family.sentence(kind, lang, **fields)
    if item["gain"] is None:
        value = WORDS.say("na", lang) + ("。" if lang == "zh" else ".")
    else:
        value = family.sentence("value", lang, **fields)
    if not ranged:  # the value sentence without the interval: no space before its full stop
        value = value.replace(" .", ".")
    said = []
    if count > 1:
        said.append(WORDS.say("instances", lang, n=count))
    cited = cite(item.get("citation", ""), item["rule_id"], lang)
    if cited:
        said.append(WORDS.say("cites", lang, cite=cited))
    if lang == "zh":
        return text + value + ("（" + "；".join(said) + "）" if said else "")
    return f"{text} {value}" + (" (" + "; ".join(said) + ")" if said else "")


def stage_text(item: dict, names: Names, lang: str) -> str:
    """The "deep counties first" stage: which rules put the deep counties first on which money,
    each rule named once with its sources, cities and years."""
    groups: dict[str, list[str]] = {}
    for part in str(item["instance"]).split("; "):
        rule_id, _, rest = part.partition(" ")
        said = names.instance(rest, lang) if rule_id in BY_ID else names.instance(part, lang)
        groups.setdefault(rule_id, []).append(said)
    sep = "；" if lang == "zh" else "; "
    parts = sep.join(
        (title(r, lang) if r in BY_ID else r) + ("：" if lang == "zh" else ": ") + join(v, lang)
        for r, v in groups.items()
    )
    return WORDS.say("stage", lang, parts=parts)


def top_rules(
    expl: dict,
    names: Names,
    lang: str,
    n: int = 5,
    new: set[tuple[str, str]] | None = None,
    new_mark: str = "",
) -> list[str]:
    """The `n` policy rules that matter most: per family, its most valuable instance said in
    the family's words (with how many of its instances are at their limit), families ranked by
    that value; shortfalls of soft rules first. Instances that say nothing are left out. A
    family whose instance shown is in `new` (rule id, instance) is marked `new_mark`."""
    unit = objective_unit(expl.get("objective_mode", "impact"), lang)
    families: dict[str, list[dict]] = {}
    for item in expl.get("binding", []):
        if item["structural"] or is_stage(item) or not says_something(item):
            continue
        families.setdefault(item["rule_id"], []).append(item)
    ranked = sorted(
        families.values(),
        key=lambda items: (
            not any(i["status"] == "violated" for i in items),
            -max(abs(i["gain"] or 0.0) for i in items),
        ),
    )
    lines = []
    for items in ranked[:n]:
        best = max(items, key=lambda i: (i["status"] == "violated", abs(i["gain"] or 0.0)))
        mark = new_mark if new and (best["rule_id"], str(best["instance"])) in new else ""
        lines.append(mark + sentence(best, names, lang, unit, ranged=False, count=len(items)))
    return lines


def render_explanation(
    expl: dict, lang: str = "en", limit: int | None = 20, names: Names | None = None
) -> str:
    """The whole explanation (for `--detail`): `limit` caps the budgets and needs listed, the
    near-binding and the unfunded projects (None: all); every policy rule instance that says
    something is listed."""
    names = names or Names()
    unit = objective_unit(expl.get("objective_mode", "impact"), lang)
    if "diagnosis" in expl:
        return render_diagnosis(expl["diagnosis"], names, lang)
    if "binding" not in expl:  # no plan and nothing to diagnose (a time limit, a solver fault)
        return ""
    parts = [_policy(expl, names, lang, unit)]
    structural = _structural(expl, names, lang, unit, 8 if limit is None else min(8, limit))
    if structural:
        parts.append(structural)
    for section in (
        _near(expl, names, lang, limit),
        _prices(expl, lang, unit),
        _weights(expl, names, lang),
        _unfunded(expl, names, lang, unit, limit),
    ):
        if section:
            parts.append(section)
    return "\n\n".join(parts)


def _policy(expl: dict, names: Names, lang: str, unit: str) -> str:
    head = WORDS.say("binding", lang)
    if expl.get("given_projects"):
        head += ("" if lang == "zh" else " ") + WORDS.say("given", lang)
    lines = [head]
    families: dict[str, list[dict]] = {}
    stages = []
    for item in expl.get("binding", []):
        if item["structural"]:
            continue
        if is_stage(item):
            stages.append(item)
        else:
            families.setdefault(item["rule_id"], []).append(item)
    order = sorted(
        families.items(),
        key=lambda kv: (
            not any(i["status"] == "violated" for i in kv[1]),
            -max((abs(i["gain"] or 0.0) for i in kv[1] if says_something(i)), default=0.0),
        ),
    )
    for rule_id, items in order:
        shown = [i for i in items if says_something(i)]
        for item in sorted(shown, key=lambda i: -abs(i["gain"] or 0.0)):
            lines.append("  - " + sentence(item, names, lang, unit))
        idle = len(items) - len(shown)
        if idle:
            lines.append("  " + WORDS.say("idle", lang, title=title(rule_id, lang), n=idle))
    for item in stages:
        lines.append("  - " + stage_text(item, names, lang))
    if len(lines) == 1:
        lines.append("  " + WORDS.say("none", lang))
    return "\n".join(lines)


def _structural(expl: dict, names: Names, lang: str, unit: str, limit: int) -> str:
    """Budgets first, then needs and the rest, the `limit` most valuable of each family."""
    families: dict[str, list[dict]] = {}
    for b in expl.get("binding", []):
        if b["structural"] and b["rule_id"] != "R-PAYMENT" and says_something(b):
            families.setdefault(b["rule_id"], []).append(b)
    if not families:
        return ""
    lines = [WORDS.say("structural", lang)]
    for rule_id in sorted(families, key=lambda r: (r != "R-BUDGET", r != "R-NEED", r)):
        ranked = sorted(families[rule_id], key=lambda b: -(b["gain"] or 0.0))
        lines += ["  - " + sentence(item, names, lang, unit) for item in ranked[:limit]]
        if len(ranked) > limit:
            lines.append("  " + WORDS.say("more", lang, n=len(ranked) - limit))
    return "\n".join(lines)


def _near(expl: dict, names: Names, lang: str, limit: int | None) -> str:
    near = expl.get("near", [])
    if not near:
        return ""
    pct = f"{expl.get('near_threshold', 0.01):.0%}"
    lines = [WORDS.say("near", lang, pct=pct)]
    for item in near[:limit]:
        unit = item["unit_zh"] if lang == "zh" else item["unit_en"]
        lines.append(
            "  - "
            + WORDS.say(
                "near_line",
                lang,
                title=title(item["rule_id"], lang),
                instance=stage_text(item, names, lang)
                if is_stage(item)
                else names.instance(item["instance"], lang),
                lhs=_n(item["lhs"]),
                rhs=_n(item["rhs"]),
                unit=unit,
            )
        )
    if limit is not None and len(near) > limit:
        lines.append("  " + WORDS.say("more", lang, n=len(near) - limit))
    return "\n".join(lines)


def _prices(expl: dict, lang: str, unit: str) -> str:
    if not expl.get("prices"):
        return ""
    lines = [WORDS.say("prices", lang)]
    for p in expl["prices"]:
        name = p["title_en"] if lang == "en" else p["title_zh"]
        if p["price"] is None:
            text = WORDS.say(
                "price_inf", lang, title=name, status=status_words(p["status_off"], lang)
            )
        elif p["price"] < 0 and held_back(p) is not None:  # see optimiser.explain.price
            text = WORDS.say(
                "price_priority",
                lang,
                title=name,
                loss=_n(-p["price"]),
                unit=unit,
                more=_n(held_back(p)),
            )
        else:
            text = WORDS.say("price_line", lang, title=name, price=_n(p["price"]), unit=unit)
        lines.append("  - " + text)
    return "\n".join(lines)


def _weights(expl: dict, names: Names, lang: str) -> str:
    if not expl.get("weights"):
        return ""
    lines = [WORDS.say("weights", lang)]
    mark = "＊" if lang == "zh" else "*"
    for item in expl["weights"][:8]:
        county = names.county(item["county_code"], lang) if names.counties else item["county"]
        lines.append(
            "  - "
            + WORDS.say(
                "weight_line",
                lang,
                county=county + (mark if item["deep"] else ""),
                weight=_n(item["weight"]),
                low=WORDS.say("no_low", lang) if item["low"] is None else _n(item["low"]),
                high=WORDS.say("no_high", lang) if item["high"] is None else _n(item["high"]),
            )
        )
    return "\n".join(lines)


def reason_text(u: dict, names: Names, lang: str, unit: str) -> str:
    detail = u.get("detail", "")
    if u["reason"] == "window" and detail:
        first, _, last = str(detail).partition("-")
        years = sorted({int(first), int(last or first)})
        detail = span(list(range(years[0], years[-1] + 1)), lang)
    elif u["reason"] == "prerequisite" and detail:
        detail = join([names.project(p, lang) for p in str(detail).split(";")], lang)
    return WORDS.say(u["reason"], lang, detail=detail, miss=_n(u["misses_by"]), unit=unit)


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
                people=_n(u["beneficiaries"]),
                reason=reason_text(u, names, lang, unit),
            )
        )
    if limit is not None and len(unfunded) > limit:
        lines.append("  " + WORDS.say("more_unfunded", lang, n=len(unfunded) - limit))
    return "\n".join(lines)


def _range_text(item: dict, lang: str) -> str:
    """Over which interval of the limit the value holds: ranging that contains the limit, or n/a
    where the plan's vertex is degenerate (optimiser.solve.highs._row_ranges drops the range)."""
    low, high = item.get("range_low"), item.get("range_high")
    if low is None or high is None:
        return WORDS.say("range_na", lang)
    if math.isinf(low) and math.isinf(high):
        key = "range_any"
    elif math.isinf(low):
        key = "range_below"
    elif math.isinf(high):
        key = "range_above"
    else:
        key = "range"
    return WORDS.say(key, lang, low=_n(low), high=_n(high))


def render_diagnosis(diag: dict, names: Names, lang: str, limit: int | None = None) -> str:
    """Why there is no plan: the rule instances that conflict, in the families' words with
    names, and the relaxations that would allow a plan."""
    lines = [WORDS.say("conflict", lang)]
    payments = 0
    conflict = diag.get("conflict", [])
    for c in conflict[:limit] if limit is not None else conflict:
        family = BY_ID.get(c["rule_id"])
        if c["rule_id"] == "R-PAYMENT":
            payments += 1
            continue
        if family is None:
            lines.append("  - " + stage_text(c, names, lang))
            continue
        unit = family.limit_unit_en if lang == "en" else family.limit_unit_zh
        text = family.sentence(
            "conflict", lang, instance=names.instance(c["instance"], lang), rhs=_n(c["rhs"]),
            unit=unit,
        )  # fmt: skip
        cited = family_cite(c["rule_id"], lang)
        if cited:
            said = WORDS.say("cites", lang, cite=cited)
            text += f"（{said}）" if lang == "zh" else f" ({said})"
        lines.append("  - " + text)
    if payments:
        lines.append("  " + WORDS.say("payments", lang, n=payments))
    for key in ("relax_all", "alternatives"):
        entries = diag.get("relaxation" if key == "relax_all" else "alternatives", [])
        if not entries:
            continue
        lines.append(WORDS.say(key, lang))
        for r in entries:
            family = BY_ID.get(r["rule_id"])
            if family is None:
                lines.append("  - " + stage_text(r, names, lang))
                continue
            unit = family.limit_unit_en if lang == "en" else family.limit_unit_zh
            lines.append(
                "  - "
                + family.sentence(
                    "relax",
                    lang,
                    instance=names.instance(r["instance"], lang),
                    short=_n(r["short"]),
                    unit=unit,
                    rhs=_n(r["rhs"]),
                )
            )
    return "\n".join(lines)
