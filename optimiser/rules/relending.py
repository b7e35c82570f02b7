"""R-RELENDING: the 10 deep counties get at least `min_deep_wan` of poverty relending
(扶贫再贷款) a year, used on a revolving basis within that quota (004 §8: 10个深度贫困县每年扶贫
再贷款不低于10亿元限额周转使用). A loan may be rolled over up to `max_rollovers` times.

    sum_{deep c} relend[c, y] >= min_deep_wan           for each plan year y
    outstanding[y] <= quota[y]
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Relending(RuleFamily):
    id = "R-RELENDING"
    title_zh = "深度贫困县扶贫再贷款额度"
    title_en = "Poverty relending quota for the deep counties"
    citations = ("004-8", "PUB-MICROCREDIT-1")
    dual_unit = "objective units per 万元 of quota"

    class Params(RuleParams):
        min_deep_wan: float = Field(
            100000.0,
            ge=0,
            le=1e9,
            description="minimum relending to "
            "deep counties each year, 万元 (10 亿元 = 100,000 万元)",
        )
        max_rollovers: int = Field(4, ge=0, le=20, description="times a loan may be rolled over")

    def check(self, data, params):
        if not any(s.kind == "relending" for s in data.sources):
            return [missing("sources.csv", "a source of kind relending", self.id)]
        return []
