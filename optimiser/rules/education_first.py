"""R-EDUCATION-FIRST: the education accounts for poor students support the 10 deep counties first
(004 §5: 设立教育扶贫个人资金账户，优先支持10个深度贫困县，按每生每年1000-3000元的标准，定额资助
初中、高中和大专院校在读贫困生).

The accounts are the category `category` (student-years at the clause's standard); the priority
is on the plan's money for it, from every source that pays it:

    T[y] = sum_{deep c, s, k = category} x[s, c, k, y]
    deep counties first on T[y], as defined in optimiser.rules.priority

By default (`method: lexicographic`) the deep counties' education money is the most they can use
(their students' needs) under every other rule before the main objective is optimised; `share`
asks at least `min_deep_share` of each year's education money; `weighted` counts each 万元 to
them `weight` more.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, missing, present
from optimiser.rules.priority import PriorityParams, deep_first


class EducationFirst(RuleFamily):
    id = "R-EDUCATION-FIRST"
    title_zh = "教育扶贫资金账户优先支持深度贫困县"
    title_en = "Education accounts: deep counties first"
    citations = ("004-5",)
    quotes = {"004-5": "设立教育扶贫个人资金账户"}
    dual_unit = "objective units per 万元"

    class Params(PriorityParams):
        category: str = Field(
            "education", description="the category of the education accounts (004 §5)"
        )

    def check(self, data, params):
        if not present(data, [params.category]):
            return [missing("categories.csv", f"the category {params.category!r}", self.id)]
        return []

    def define(self, b, params):
        inp = b.inputs
        for y in inp.years:
            deep_first(
                self,
                b,
                params,
                f"{params.category}|{y}",
                y,
                None,
                inp.deep,
                list(inp.counties),
                categories=[params.category],
            )
