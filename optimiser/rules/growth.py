"""R-GROWTH: provincial line departments' block allocations to the deep counties grow each year at
least `margin` (5 percentage points) faster than the province-wide growth of those allocations
(004 §8: 省级行业主管部门向10个深度贫困县切块下达的资金，年度增幅高于全省平均增幅5个百分点).

With D[y] the block money to deep counties and T[y] to all counties in year y, and y-1 taken from
history.csv for the first plan year:

    D[y] / D[y-1] - 1 >= T[y] / T[y-1] - 1 + margin
    <=>  D[y] >= D[y-1] * (T[y] / T[y-1] + margin)

which is linear in the year's decisions when y-1 is history. With `per_source` the rule holds for
each block source separately.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class Growth(RuleFamily):
    id = "R-GROWTH"
    title_zh = "深度贫困县切块资金增幅"
    title_en = "Deep counties' block allocations grow faster than the average"
    citations = ("004-8",)
    dual_unit = "objective units per 万元 of floor"

    class Params(RuleParams):
        margin: float = Field(
            0.05,
            ge=-1,
            le=10,
            description="growth margin over the "
            "province-wide average, as a fraction (0.05 = 5 points)",
        )
        per_source: bool = Field(True, description="apply to each block source separately")

    def check(self, data, params):
        problems = []
        block = {s.code for s in data.sources if s.block}
        if not block:
            problems.append(missing("sources.csv", "a source with block true", self.id))
        before = data.years.plan[0] - 1
        if block and not any(h.year == before and h.source in block for h in data.history):
            problems.append(
                missing(
                    "history.csv", f"actual block allocations of {before}, the base year", self.id
                )
            )
        return problems
