"""R-LABOUR-SUBSIDY: the training and transport subsidies meet the 10 deep counties' needs first
(004 §5: 精准培训人均补助3000元，跨省就业给予800元以内的一次性交通补贴，相关补助补贴优先保障10个
深度贫困县需求).

优先保障…需求 says what comes first and what for: the deep counties' needs. By default
(`reading: guarantee`) every deep county's need of each category of `categories` (needs.csv, at
the clause's standards) is met in the run: the units started, category units and the units of
the county's projects of the category (funded fractions counted), reach the need,

    sum_{y in run} units[c, k, y] >= need[c, k]            (basis total: over the run's years)
    units[c, k, y]               >= need[c, k]   for y     (basis annual: each year)

for each deep county c and category k with a need (R-NEED caps the same sums from above, so a
deep county's subsidy need is met exactly). A total need is what remains at the start of the
run, so a one-year run meets all of it that year. Soft, a shortfall is allowed at `penalty` per
person. `method` and its parameters apply to the `first` reading only.

`reading: first` reads 优先 as on the other priority clauses: deep counties first on the money of
those categories (every source that pays them), as defined in optimiser.rules.priority, by
`method` (lexicographic, share or weighted).

A category of `categories` that a dataset does not have is left out; the rule needs at least one.
"""

from typing import Literal

from pydantic import Field

from optimiser.model.expr import linear
from optimiser.rules.base import DEFAULT_SENTENCES, RuleFamily, _BlankMissing, missing, present
from optimiser.rules.priority import PriorityParams, deep_first

FIRST = "subsidies"  # the instance label of the `first` reading: subsidies|<year>


class LabourSubsidy(RuleFamily):
    id = "R-LABOUR-SUBSIDY"
    title_zh = "培训和交通补助优先保障深度贫困县需求"
    title_en = "Training and transport subsidies: deep counties' needs first"
    citations = ("004-5",)
    dual_unit = "objective units per unit of need"
    sentences = {
        "binding": {
            "en": "The deep county's subsidy need {instance} is met in full ({rhs}).",
            "zh": "深度贫困县补助需求【{instance}】已优先保障（{rhs} {unit}）。",
        },
        "value": {
            "en": "Guaranteeing one {unit} less would improve the plan by {gain} {objunit} "
            "{range}.",
            "zh": "每少保障1{unit}，方案可改善 {gain} {objunit}{range}。",
        },
        "conflict": {
            "en": "The deep county's subsidy need {instance} must be met ({rhs}).",
            "zh": "深度贫困县补助需求【{instance}】须保障 {rhs} {unit}。",
        },
        "shortfall": {
            "en": "The deep county's subsidy need {instance} falls short by {short} (met {lhs} "
            "of {rhs}).",
            "zh": "深度贫困县补助需求【{instance}】差 {short} {unit}（保障 {lhs}，需求 {rhs}）。",
        },
        "relax": {
            "en": "Guaranteeing {short} fewer of {instance} would do it.",
            "zh": "将【{instance}】少保障 {short} {unit}即可。",
        },
    }
    # the clause's subsidies are per person (training, transport); `categories` may name others
    limit_unit_en = "person"
    limit_unit_zh = "人"

    def sentence(self, kind: str, lang: str, **fields: object) -> str:
        """A row of the `first` reading (`subsidies|<year>`, the share method's) is money and
        says itself in the general words; the guarantee's rows in the family's own."""
        if str(fields.get("instance", "")).startswith(FIRST + "|"):
            title = self.title_en if lang == "en" else self.title_zh
            plain = {**fields, "unit": "万元"}
            return DEFAULT_SENTENCES[kind][lang].format_map(_BlankMissing(plain, title=title))
        return super().sentence(kind, lang, **fields)

    class Params(PriorityParams):
        reading: Literal["guarantee", "first"] = Field(
            "guarantee",
            description="guarantee: every deep county's need of the categories is met in the "
            "run (优先保障…需求); first: deep counties first on the money of the categories, "
            "by `method`",
        )
        categories: list[str] = Field(
            ["training", "transport_subsidy"],
            min_length=1,
            description="the categories of the training and transport subsidies (004 §5); "
            "those a dataset lacks are left out, at least one must be present",
        )

    def check(self, data, params):
        if not present(data, params.categories):
            return [
                missing(
                    "categories.csv",
                    "a subsidy category (one of " + ", ".join(params.categories) + ")",
                    self.id,
                )
            ]
        return []

    def define(self, b, params):
        inp = b.inputs
        categories = present(inp.data, params.categories)
        if params.reading == "first":
            for y in inp.years:
                deep_first(
                    self,
                    b,
                    params,
                    f"{FIRST}|{y}",
                    y,
                    None,
                    inp.deep,
                    list(inp.counties),
                    categories=categories,
                )
            return
        for c in inp.counties:
            if c not in inp.deep:
                continue
            for k in categories:
                need = inp.needs.get((c, k))
                if need is None or need.units <= 0:
                    continue
                spans = [(f"|{y}", [y]) for y in inp.years] if need.annual else [("", inp.years)]
                for suffix, years in spans:
                    terms = b.units(c, k, years)
                    body = linear([v for v, _ in terms], [w for _, w in terms])
                    b.add(self, params, f"{c}|{k}{suffix}", body, ">=", need.units)
