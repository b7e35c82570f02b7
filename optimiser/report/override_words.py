"""Overrides said as a budget meeting says them (`budget.central_special.2018=-10%` ->
中央财政专项扶贫资金2018年预算 -10%), with the dataset's names: in the what-if report and wherever
a run's scenario is named (compare, history)."""

from __future__ import annotations

from optimiser.report.names import Names
from optimiser.report.numbers import wan
from optimiser.report.words import Words, join, year
from optimiser.rules import BY_ID

OVERRIDES = Words(
    "overrides",
    {
        "budget": {
            "zh": "{source}{scope}{year}预算{change}",
            "en": "budget of {source}{scope} {year}{change}",
        },  # fmt: skip
        "need": {
            "zh": "{county}{category}需求{change}",
            "en": "need of {county} for {category}{change}",
        },  # fmt: skip
        "unit_cost": {"zh": "{category}补助标准{change}", "en": "unit cost of {category}{change}"},
        "indicator": {
            "zh": "{county}{column}（各年）{change}",
            "en": "{column} of {county} (every year){change}",
        },
        "objective_field": {"zh": "目标设置：{field}{change}", "en": "objective {field}{change}"},
        "rule_status": {"zh": "{title}：{status}", "en": "{title}: {status}"},
        "rule_param": {"zh": "{title}：{param}{change}", "en": "{title}: {param}{change}"},
        "by": {"zh": " {value}", "en": " {value}"},
        "set_to": {"zh": "改为 {value}", "en": " set to {value}"},
        "set_wan": {"zh": "改为 {value} 万元", "en": " set to {value} 万元"},
        "status.off": {"zh": "关闭", "en": "switched off"},
        "status.soft": {"zh": "改为软约束", "en": "made soft"},
        "status.hard": {"zh": "改为硬约束", "en": "made hard"},
        "base_scenario": {"zh": "基准方案", "en": "base"},
        "baseline_scenario": {"zh": "因素法基准", "en": "factor-method baseline"},
        "whatif_scenario": {"zh": "假设：{changes}", "en": "what if: {changes}"},
    },
)

# the parameters of the rule families and the objective, as an override names them
PARAMS = Words(
    "override parameters",
    {
        "share": {"zh": "比例", "en": "share"},
        "base": {"zh": "计算基数", "en": "base"},
        "margin": {"zh": "增幅差", "en": "margin"},
        "per_source": {"zh": "按来源分别计算", "en": "per source"},
        "deep_share": {"zh": "深度贫困县份额", "en": "deep share"},
        "county_match_ratio": {"zh": "县级配套比例", "en": "county match ratio"},
        "bank_leverage": {"zh": "银行放大倍数", "en": "bank leverage"},
        "term_years_min": {"zh": "最短期限（年）", "en": "shortest term (years)"},
        "term_years_max": {"zh": "最长期限（年）", "en": "longest term (years)"},
        "poverty_counties_only": {"zh": "仅限贫困县", "en": "poverty counties only"},
        "min_lent_share": {"zh": "最低借出比例", "en": "smallest share lent"},
        "min_deep_wan": {"zh": "深度贫困县最低额度（万元）", "en": "deep counties' floor (万元)"},
        "max_rollovers": {"zh": "最多续贷次数", "en": "most rollovers"},
        "method": {"zh": "方法", "en": "method"},
        "min_deep_share": {"zh": "深度贫困县最低份额", "en": "deep counties' smallest share"},
        "weight": {"zh": "权重", "en": "weight"},
        "tolerance": {"zh": "容差", "en": "tolerance"},
        "include_city_level": {"zh": "含市本级资金", "en": "city-level money included"},
        "source": {"zh": "资金来源", "en": "source"},
        "sources": {"zh": "资金来源", "en": "sources"},
        "categories": {"zh": "类别", "en": "categories"},
        "category": {"zh": "类别", "en": "category"},
        "reading": {"zh": "解读方式", "en": "reading"},
        "min_growth": {"zh": "最低增幅", "en": "smallest growth"},
        "scope": {"zh": "范围", "en": "scope"},
        "min_increase_wan": {"zh": "最低增加额（万元）", "en": "smallest increase (万元)"},
        "city_double_growth": {"zh": "市级双增长", "en": "cities' double growth"},
        "max_share": {"zh": "最高比例", "en": "largest share"},
        "provincial_floor_wan": {"zh": "省级下限（万元）", "en": "provincial floor (万元)"},
        "local_floor_wan": {"zh": "市县下限（万元）", "en": "local floor (万元)"},
        "once": {"zh": "一次性", "en": "once"},
        "delay_years": {"zh": "推迟年数", "en": "years of delay"},
        "pace": {"zh": "进度", "en": "pace"},
        "year": {"zh": "完成年份", "en": "year"},
        "min_fraction_of_formula": {"zh": "不低于因素法份额的比例", "en": "share of the formula"},
        "min_wan": {"zh": "最低额（万元）", "en": "floor (万元)"},
        "beyond_horizon": {"zh": "规划期以后的支付", "en": "payments beyond the run"},
        "penalty": {"zh": "罚项", "en": "penalty"},
        "deep_weight": {"zh": "深度贫困县权重", "en": "deep counties' weight"},
        "stability_weight": {"zh": "稳定性权重", "en": "stability weight"},
        "mode": {"zh": "目标", "en": "mode"},
        "poor_population": {"zh": "贫困人口", "en": "poor population"},
        "poverty_incidence": {"zh": "贫困发生率", "en": "poverty incidence"},
        "rural_population": {"zh": "农村人口", "en": "rural population"},
        "rural_income_yuan": {"zh": "农村居民人均收入（元）", "en": "rural income (yuan)"},
        "fiscal_revenue_per_head_yuan": {
            "zh": "人均财政收入（元）",
            "en": "fiscal revenue per head (yuan)",
        },
        "performance_score": {"zh": "绩效评价得分", "en": "performance score"},
        "impact": {"zh": "覆盖人口最多", "en": "impact"},
        "formula": {"zh": "最接近因素法份额", "en": "formula"},
    },
)


def _param(name: str, lang: str) -> str:
    if name in PARAMS.words:
        return PARAMS.say(name, lang)
    return name.replace("_", " ")


def _value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return {True: "是", False: "否"}[value] if lang == "zh" else str(value).lower()
    if isinstance(value, str) and value in PARAMS.words:
        return PARAMS.say(value, lang)
    if isinstance(value, list | tuple):
        return join([_value(v, lang) for v in value], lang)
    return str(value)


def _change(override, lang: str, money: bool = False) -> str:
    if override.relative:
        return OVERRIDES.say("by", lang, value=f"{override.value:+.0%}".replace("+-", "-"))
    if money and isinstance(override.value, int | float):
        return OVERRIDES.say("set_wan", lang, value=wan(float(override.value)))
    return OVERRIDES.say("set_to", lang, value=_value(override.value, lang))


def override_words(override, names: Names, lang: str) -> str:
    """One override (optimiser.scenario.overrides.Override) as a budget meeting says it."""
    keys = override.keys
    if override.target == "rule":
        rule_id, param = keys[0], keys[1]
        title = names.rule(rule_id, lang) if rule_id in BY_ID else rule_id
        if param == "status":
            status = OVERRIDES.say(f"status.{override.value}", lang)
            return OVERRIDES.say("rule_status", lang, title=title, status=status)
        return OVERRIDES.say(
            "rule_param",
            lang,
            title=title,
            param=_param(param, lang),
            change=_change(override, lang),
        )
    if override.target == "budget":
        scope = ""
        if len(keys) > 3:
            scope = names.county(keys[3], lang)
            scope = (" " if lang == "en" else "") + scope
        return OVERRIDES.say(
            "budget",
            lang,
            source=names.source(keys[1], lang),
            scope=scope,
            year=year(keys[2], lang),
            change=_change(override, lang, money=True),
        )
    if override.target == "need":
        return OVERRIDES.say(
            "need",
            lang,
            county=names.county(keys[1], lang),
            category=names.category(keys[2], lang),
            change=_change(override, lang),
        )
    if override.target == "unit_cost":
        return OVERRIDES.say(
            "unit_cost",
            lang,
            category=names.category(keys[1], lang),
            change=_change(override, lang, money=True),
        )
    if override.target == "indicator":
        return OVERRIDES.say(
            "indicator",
            lang,
            county=names.county(keys[1], lang),
            column=_param(keys[2], lang),
            change=_change(override, lang),
        )
    return OVERRIDES.say(
        "objective_field", lang, field=_param(keys[-1], lang), change=_change(override, lang)
    )


def scenario_words(scenario: str, names: Names, lang: str) -> str:
    """A run's scenario label (summary.json `scenario`, the ledger's) said for a reader."""
    from optimiser.problems import InputError
    from optimiser.scenario.overrides import parse

    if scenario == "base":
        return OVERRIDES.say("base_scenario", lang)
    if scenario.startswith("baseline:"):
        return OVERRIDES.say("baseline_scenario", lang)
    if scenario.startswith("whatif: "):
        said = []
        for text in scenario.removeprefix("whatif: ").split("; "):
            try:
                said.append(override_words(parse(text), names, lang))
            except InputError:
                said.append(text)
        return OVERRIDES.say(
            "whatif_scenario", lang, changes=("；" if lang == "zh" else "; ").join(said)
        )
    return scenario  # a scenario file's own name
