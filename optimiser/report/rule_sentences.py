"""A rule instance at its limit said as its family says it, with names, never codes: the one
sentence the terminal, report.html and allocation.xlsx print for it (optimiser.rules: each
family's sentences), what one more unit of the limit is worth and over which interval, and the
clauses it rests on as their ids (report.html names the documents: optimiser.report.html_clauses).
"""

from __future__ import annotations

import math
import re

from optimiser.report.binding_rules import ZERO
from optimiser.report.names import Names
from optimiser.report.numbers import figure
from optimiser.report.words import Words, join
from optimiser.rules import BY_ID

WORDS = Words(
    "rule sentences",
    {
        "na": {"zh": "放宽该限值的价值不适用。", "en": "No value for relaxing it."},
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
        "cites": {"zh": "依据 {cite}", "en": "cites {cite}"},
        "stage": {
            "zh": "深度贫困县优先（先满足深度贫困县，再分配其余资金）：{parts}",
            "en": "Deep counties first (the deep counties are served before the rest is "
            "allocated): {parts}",
        },
        "stage_amount": {
            "zh": "。深度贫困县从这些资金中共得 {lhs} 万元，已是其可用的最多。",
            "en": ". The deep counties take {lhs} 万元 of this money, all they can use.",
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
            "zh": "会计恒等：支出不超过预算（预算表）",
            "en": "accounting identity: a source pays out no more than its budget (budgets.csv)",
        },
        "R-PROJECT": {
            "zh": "项目表：开工时间窗口、前置项目、项目不可分割",
            "en": "projects.csv: start windows, prerequisites, whole projects",
        },
        "R-ELIGIBILITY": {
            "zh": "项目类别表：各资金来源允许的用途",
            "en": "categories.csv: each source's permitted uses",
        },
        "R-PAYMENT": {
            "zh": "项目类别表的分年拨付比例和已承诺支付表",
            "en": "categories.csv payment profiles and commitments.csv",
        },
        "R-NEED": {"zh": "需求表和补助标准", "en": "needs.csv and the unit standards"},
    },
)

BORROWED = re.compile(r"^借用.*做法 (\S+)$")


def title(rule_id: str, names: Names, lang: str) -> str:
    """A rule's title; the stage's (several rules at once) as the stage."""
    if rule_id in BY_ID:
        return names.rule(rule_id, lang)
    return WORDS.say("stage_title", lang)


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
    """What a family rests on when no instance says it: its clause ids, else its basis."""
    family = BY_ID.get(rule_id)
    if family is None:
        return ""
    if family.citations:
        return join(list(family.citations), lang)
    return BASIS.say(family.id, lang) if family.id in BASIS.words else (family.basis or "")


def rule_sentence(item: dict, names: Names, lang: str, objunit: str, ranged: bool = True) -> str:
    """One binding (or short) instance in its family's words, with names, and what one more unit
    of its limit is worth (over which interval of the limit, if `ranged`); the stage as the
    rules it puts first and what the deep counties take."""
    family = BY_ID.get(item["rule_id"])
    if family is None:
        return stage_sentence(item, names, lang)
    fields = dict(
        instance=names.instance(item["instance"], lang),
        lhs=figure(item["lhs"]),
        rhs=figure(item["rhs"]),
        unit=item["unit_zh"] if lang == "zh" else item["unit_en"],
        gain=figure(item["gain"]),
        objunit=objunit,
        low=figure(item["range_low"]),
        high=figure(item["range_high"]),
        range=range_text(item, lang) if ranged else "",
        short=figure(abs(item["slack"] or 0.0)),
    )
    text = family.sentence(
        "shortfall" if item["status"] == "violated" else "binding", lang, **fields
    )
    if item["gain"] is None:
        text += ("" if lang == "zh" else " ") + WORDS.say("na", lang)
    elif abs(item["gain"]) > ZERO:
        text += ("" if lang == "zh" else " ") + family.sentence("value", lang, **fields)
    return tidy(text)


def with_count_and_cite(sentence: str, cited: str, lang: str, count: int = 1) -> str:
    """A sentence followed by how many instances of its rule count (when more than one) and what
    it rests on (`cite`, `family_cite`): ...（共 10 处；依据 004-4）."""
    said = [WORDS.say("instances", lang, n=count)] if count > 1 else []
    if cited:
        said.append(WORDS.say("cites", lang, cite=cited))
    if not said:
        return sentence
    if lang == "zh":
        return sentence + "（" + "；".join(said) + "）"
    return sentence + " (" + "; ".join(said) + ")"


def range_text(item: dict, lang: str) -> str:
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
    return WORDS.say(key, lang, low=figure(low), high=figure(high))


def stage_parts(item: dict, names: Names, lang: str) -> str:
    """Which rules put the deep counties first on which money, each rule named once with its
    sources, cities and years."""
    groups: dict[str, list[str]] = {}
    for part in str(item["instance"]).split("; "):
        rule_id, _, rest = part.partition(" ")
        said = names.instance(rest, lang) if rule_id in BY_ID else names.instance(part, lang)
        groups.setdefault(rule_id, []).append(said)
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        (names.rule(r, lang) if r in BY_ID else r)
        + ("：" if lang == "zh" else ": ")
        + join(v, lang)
        for r, v in groups.items()
    )


def stage_sentence(item: dict, names: Names, lang: str, amount: bool = True) -> str:
    """The "deep counties first" stage: the rules and their money, and with `amount` what the
    deep counties take of it (all they can use, where the stage is held at its limit)."""
    text = WORDS.say("stage", lang, parts=stage_parts(item, names, lang))
    if amount and item.get("lhs") is not None:
        text += WORDS.say("stage_amount", lang, lhs=figure(item["lhs"]))
    return text


def tidy(text: str) -> str:
    """Sentences joined from templates: a year the instance already says (2018年) is not said
    twice (2018年年), no space before a full stop left by an empty field, no double spaces."""
    text = re.sub(r"(\d{4})年年", r"\1年", text)
    text = re.sub(r" +([.,;:])(?!\d)", r"\1", text)  # "(weighted) ." where a range was left out
    return re.sub(r" {2,}", " ", text).strip()
