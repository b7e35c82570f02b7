"""R-INDUSTRY-FUND: the agricultural (poverty) industry development fund goes to the 10 deep
counties first, and city-level budgets (市本级) put deep counties first too (004 §8: 设立农业
（扶贫）产业发展基金，优先向10个深度贫困县投放。市本级要集中财力优先支持深度贫困县).

"First" is defined in optimiser.rules.priority: by default (lexicographic) the deep counties take
all of the fund they can use under every other rule before any other county gets any of it; with
`method: share`, at least `min_deep_share` of what it pays goes to them. With
`include_city_level`, each city's own budget is treated the same way among that city's counties
(cities without a deep county are unaffected).
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, missing
from optimiser.rules.priority import PriorityParams, deep_first


class IndustryFund(RuleFamily):
    id = "R-INDUSTRY-FUND"
    title_zh = "产业发展基金和市本级资金优先深度贫困县"
    title_en = "Industry fund and city-level budgets: deep counties first"
    citations = ("004-8",)
    dual_unit = "objective units per 万元"

    class Params(PriorityParams):
        include_city_level: bool = Field(
            True, description="also put deep counties first in city-level (市本级) budgets"
        )

    def check(self, data, params):
        if not any(s.kind == "fund" for s in data.sources):
            return [missing("sources.csv", "a source of kind fund (the industry fund)", self.id)]
        return []

    def define(self, b, params):
        inp = b.inputs
        funds = [s.code for s in inp.data.sources if s.kind == "fund"]
        for y in inp.years:
            deep_first(
                self, b, params, f"{'+'.join(funds)}|{y}", y, funds, inp.deep, list(inp.counties)
            )
        if not params.include_city_level:
            return
        city_sources = [s.code for s in inp.data.sources if s.level == "city"]
        cities = sorted(
            {
                r.scope.removeprefix("city=")
                for r in inp.budgets
                if r.source in city_sources and r.scope.startswith("city=")
            }
        )
        city_of = {c.code: c.city for c in inp.data.counties}
        for city in cities:
            members = [c for c in inp.counties if city_of[c] == city]
            deep = [c for c in members if c in inp.deep]
            if not deep:
                continue
            for y in inp.years:
                deep_first(self, b, params, f"city={city}|{y}", y, city_sources, deep, members)
