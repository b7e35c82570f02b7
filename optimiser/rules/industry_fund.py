"""R-INDUSTRY-FUND: the agricultural (poverty) industry development fund goes to the 10 deep
counties first, and city-level budgets (市本级) put deep counties first too (004 §8: 设立农业
（扶贫）产业发展基金，优先向10个深度贫困县投放。市本级要集中财力优先支持深度贫困县).

"First" is made precise in optimiser.rules.priority: by default the deep counties take all of
the fund they can use before any other county gets any (lexicographic); with `method: share`, at
least `min_deep_share` goes to them. With `include_city_level`, each city's own budget is treated
the same way among that city's counties.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, missing
from optimiser.rules.priority import PriorityParams


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
