"""The rest of what a run's explanation says, one sentence each, for the terminal and report.html
alike: what a rule costs (the plan solved again without it), a rule near its limit, a weight the
plan is sensitive to, and for a run without a plan, a rule instance that conflicts or a
relaxation that would allow a plan."""

from __future__ import annotations

from optimiser.explain.price import held_back
from optimiser.report.binding_rules import is_stage
from optimiser.report.names import Names
from optimiser.report.numbers import figure
from optimiser.report.rule_sentences import stage_sentence, tidy, title
from optimiser.report.words import Words, status_words
from optimiser.rules import BY_ID

SAID = Words(
    "explained sentences",
    {
        "price_line": {
            "zh": "{title}：取消该规则，方案可改善 {price} {unit}（即保留该规则的代价）。",
            "en": "{title}: dropping it would improve the plan by {price} {unit} (what keeping "
            "it costs).",
        },
        "price_inf": {
            "zh": "{title}：取消后求解结果为：{status}。",
            "en": "{title}: without it the run is: {status}.",
        },
        "price_priority": {
            "zh": "{title}：取消该规则，方案反而减少 {loss} {unit}：取消后深度贫困县可优先多得 "
            "{more} 万元，方案须予保持。",
            "en": "{title}: dropping it would lose {loss} {unit}: without it the deep counties "
            "are put first for {more} 万元 more, which the plan must then keep.",
        },
        "near_line": {
            "zh": "{title}【{instance}】：{lhs}，限值 {rhs} {unit}。",
            "en": "{title} [{instance}]: {lhs} against a limit of {rhs} {unit}.",
        },
        "weight_line": {
            "zh": "{county}（第 {segment} 段）：权重 {weight}，在 {low} 至 {high} 之间方案不变。",
            "en": "{county} (segment {segment}): weight {weight}, plan unchanged from {low} to "
            "{high}.",
        },
        "no_low": {"zh": "任意小", "en": "any lower value"},
        "no_high": {"zh": "任意大", "en": "any higher value"},
    },
)


def price_sentence(price: dict, names: Names, lang: str, objunit: str) -> str:
    """What keeping a rule costs (optimiser.explain.price), or what dropping it would lose where
    it held the deep counties' priority back, or the run without it when it has no plan."""
    rule = title(price["rule_id"], names, lang)
    if price["price"] is None:
        status = status_words(price.get("status_off", ""), lang)
        return SAID.say("price_inf", lang, title=rule, status=status)
    more = held_back(price)
    if price["price"] < 0 and more is not None:
        return SAID.say(
            "price_priority",
            lang,
            title=rule,
            loss=figure(-price["price"]),
            unit=objunit,
            more=figure(more),
        )
    return SAID.say("price_line", lang, title=rule, price=figure(price["price"]), unit=objunit)


def near_sentence(item: dict, names: Names, lang: str) -> str:
    """A rule instance within reach of its limit, with names."""
    instance = (
        stage_sentence(item, names, lang, amount=False)
        if is_stage(item)
        else names.instance(item["instance"], lang)
    )
    return tidy(
        SAID.say(
            "near_line",
            lang,
            title=title(item["rule_id"], names, lang),
            instance=instance,
            lhs=figure(item["lhs"]),
            rhs=figure(item["rhs"]),
            unit=item["unit_zh"] if lang == "zh" else item["unit_en"],
        )
    )


def weight_sentence(item: dict, names: Names, lang: str, mark: str) -> str:
    """A county's weight (one more poor person reached there) and the interval it can move in
    without changing the plan; a deep county marked `mark`."""
    county = names.county(item["county_code"], lang) if names.counties else item["county"]
    low, high = item.get("low"), item.get("high")
    return SAID.say(
        "weight_line",
        lang,
        county=county + (mark if item.get("deep") else ""),
        segment=int(item.get("segment", 0)) + 1,
        weight=figure(item["weight"]),
        low=SAID.say("no_low", lang) if low is None else figure(low),
        high=SAID.say("no_high", lang) if high is None else figure(high),
    )


def conflict_sentence(entry: dict, names: Names, lang: str, kind: str) -> str:
    """A rule instance in a run without a plan, in its family's words (`kind`: conflict, or relax
    for the relaxation that would allow a plan), named by its rule."""
    family = BY_ID.get(entry.get("rule_id", ""))
    if family is None:
        return stage_sentence(entry, names, lang, amount=False)
    text = family.sentence(
        kind,
        lang,
        instance=names.instance(entry.get("instance", ""), lang),
        rhs=figure(entry.get("rhs")),
        short=figure(entry.get("short")),
        unit=family.limit_unit_en if lang == "en" else family.limit_unit_zh,
    )
    rule = names.rule(family.id, lang)
    return tidy(text if rule in text else f"{rule}{'：' if lang == 'zh' else ': '}{text}")
