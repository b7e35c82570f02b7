"""R-INCREASE: special-fund inputs do not fall year on year (003: 优先安排、足额保障、逐年增加
财政专项扶贫资金投入), and at city level both the amount and its growth rate rise (001 §1.4: 市本
级投入...实现"双增长").

    total[y] >= (1 + min_growth) * total[y-1]                        (scope total)
    total[s, y] >= (1 + min_growth) * total[s, y-1]  for each source  (scope per_source)
    city[y] >= city[y-1]  and  city[y]/city[y-1] >= city[y-1]/city[y-2]   (city_double_growth)

Totals are the money allocated from sources with earmark true (the special funds); y-1 comes from
history.csv for the first plan year. The city's rate condition is linear because y-1 and y-2 are
history, or the previous plan year's level is fixed by the first condition's base.
"""

from typing import Literal

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Increase(RuleFamily):
    id = "R-INCREASE"
    title_zh = "专项扶贫资金投入逐年增加"
    title_en = "Special-fund inputs do not fall year on year"
    citations = ("003-p4", "003-p21", "001-1.4")
    dual_unit = "objective units per 万元 of floor"

    class Params(RuleParams):
        min_growth: float = Field(
            0.0,
            ge=-1,
            le=10,
            description="minimum growth on last year, as a fraction (0 = no fall)",
        )
        scope: Literal["total", "per_source"] = Field(
            "total", description="total of the special funds, or each source separately"
        )
        city_double_growth: bool = Field(
            True, description="city-level budgets: amount and growth rate both rise (双增长)"
        )

    def check(self, data, params):
        before = data.years.plan[0] - 1
        if not any(h.year == before for h in data.history):
            return [
                missing("history.csv", f"actual allocations of {before}, the base year", self.id)
            ]
        return []
