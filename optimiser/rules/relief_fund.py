"""R-RELIEF-FUND: the province puts at least `provincial_floor_wan` and each city and county at
least `local_floor_wan` into a social relief fund (003: 省级投入财政资金1000万元，市县按照不少于
500万元的标准投入引导金).

    sum_{provincial s} x[s, ., relief, y] >= provincial_floor_wan
    sum_{s of city m} x[s, ., relief, y] >= local_floor_wan     for each city m
    sum_{s of county c} x[s, c, relief, y] >= local_floor_wan   for each county c
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, missing


class ReliefFund(RuleFamily):
    id = "R-RELIEF-FUND"
    title_zh = "社会救助基金投入"
    title_en = "Social relief fund floors"
    citations = ("003-p23",)
    dual_unit = "objective units per 万元 of floor"

    class Params(RuleParams):
        category: str = Field("relief_fund", description="the relief-fund category code")
        provincial_floor_wan: float = Field(
            1000.0, ge=0, le=1e9, description="provincial contribution, 万元"
        )
        local_floor_wan: float = Field(
            500.0, ge=0, le=1e9, description="each city's and each county's contribution, 万元"
        )

    def check(self, data, params):
        if params.category not in {c.code for c in data.categories}:
            return [missing("categories.csv", f"the category {params.category!r}", self.id)]
        return []
