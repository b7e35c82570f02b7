"""R-RELIEF-FUND: the province puts at least `provincial_floor_wan` and each city and county at
least `local_floor_wan` into a social relief fund each year (003: 创新设立社会救助基金，省级投入
财政资金1000万元，市县按照不少于500万元的标准投入引导金).

    sum_{provincial s, c} x[s, c, relief, y] >= provincial_floor_wan
    sum_{city-level s of m, c in m} x[s, c, relief, y] >= local_floor_wan    for each city m
    sum_{county-level s} x[s, c, relief, y] >= local_floor_wan               for each county c

for every year of the run; a city or county appears when it has a budget row of its own.
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

    def define(self, b, params):
        inp = b.inputs
        relief = [params.category]
        level = {s.code: s.level for s in inp.data.sources}
        provincial = [s for s, lv in level.items() if lv == "provincial"]
        for y in inp.years:
            body = b.money(y, sources=provincial, categories=relief)
            b.add(
                self,
                params,
                f"province|{y}",
                body,
                ">=",
                params.provincial_floor_wan - inp.committed(y, None, provincial, relief),
            )
            for row in inp.budgets:
                if row.year != y or level[row.source] not in ("city", "county") or not row.scope:
                    continue
                body = b.money(y, sources=[row.source], counties=row.counties, categories=relief)
                committed = inp.committed(y, row.counties, [row.source], relief)
                b.add(
                    self,
                    params,
                    f"{row.scope}|{row.source}|{y}",
                    body,
                    ">=",
                    params.local_floor_wan - committed,
                )
