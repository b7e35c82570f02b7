"""R-LOTTERY: central lottery public-welfare funds (中央彩票公益金) go to the poverty-village
upgrade programme (贫困村提升工程), deep counties first (004 §7: 中央彩票公益金项目集中用于贫困村
提升工程，优先安排10个深度贫困县).

    x[lottery, c, k, y] = 0 for categories k not in `categories`   (no such arcs)
    deep counties first, as defined in optimiser.rules.priority
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, missing
from optimiser.rules.priority import PriorityParams, deep_first


class Lottery(RuleFamily):
    id = "R-LOTTERY"
    title_zh = "彩票公益金用于贫困村提升工程"
    title_en = "Lottery funds to the village upgrade programme, deep counties first"
    citations = ("004-7",)
    dual_unit = "objective units per 万元"

    class Params(PriorityParams):
        source: str = Field("lottery", description="the source code of the lottery funds")
        categories: list[str] = Field(
            ["village_upgrade"],
            min_length=1,
            description="categories the lottery funds may pay for",
        )

    def check(self, data, params):
        problems = []
        if params.source not in {s.code for s in data.sources}:
            problems.append(
                missing("sources.csv", f"the lottery source {params.source!r}", self.id)
            )
        known = {c.code for c in data.categories}
        for code in params.categories:
            if code not in known:
                problems.append(missing("categories.csv", f"the category {code!r}", self.id))
        return problems

    def adjust(self, b, params):
        allowed = set(params.categories)
        b.inputs.arcs = [a for a in b.inputs.arcs if a[0] != params.source or a[2] in allowed]

    def define(self, b, params):
        inp = b.inputs
        for y in inp.years:
            deep_first(
                self,
                b,
                params,
                f"{params.source}|{y}",
                y,
                [params.source],
                inp.deep,
                list(inp.counties),
            )
