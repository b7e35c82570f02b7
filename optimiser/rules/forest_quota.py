"""R-FOREST-QUOTA: the money of the five forestry programmes goes to the 10 deep counties first
(004 §2: 联动实施退耕还林、荒山绿化、森林管护、经济林提质增效和特色林产业五大项目，新增指标项目资金
优先安排、重点倾斜).

The five programmes are returning slope farmland (退耕还林), afforestation of barren hills (荒山
绿化), forest rangers (森林管护), economic-forest upgrades (经济林提质增效) and the characteristic
forest industry (特色林产业: in the datasets the sea-buckthorn renovation and the economic forest
on idle land that 004 §2 names); `categories` lists their category codes. The priority is on
the plan's money for those categories (new quotas, 新增指标: commitments carried in from projects
started before the run are not part of it), from `sources` (null: every source that pays them):

    T[y] = sum_{deep c, s in sources, k in categories} x[s, c, k, y]
    deep counties first on T[y], as defined in optimiser.rules.priority

By default (`method: lexicographic`) the deep counties' forestry money is the most they can use
under every other rule before the main objective is optimised; `share` asks at least
`min_deep_share` of the programmes' money of each year; `weighted` counts each 万元 to them
`weight` more. A category of `categories` that a dataset does not have is left out (the
datasets' category lists differ); the rule needs at least one of them.

With `sources: null`, sources that also pay other programmes (the special funds, a county's
integrated funds) are in the priority, and `lexicographic` then also puts forestry first among
the deep counties' uses of them (optimiser.rules.priority): the most the deep counties can take
of the programmes' money is the most those sources can put into their forestry. A dataset whose
programmes have money of their own names it in `sources` (data/shanxi: the forestry
department's block allocation), so that the rule orders counties, not programmes.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, missing, present
from optimiser.rules.priority import PriorityParams, deep_first

FORESTRY = [
    "farmland_return",
    "afforestation",
    "forest_ranger",
    "econ_forest",
    "seabuckthorn",
    "idle_econ_forest",
]


class ForestQuota(RuleFamily):
    id = "R-FOREST-QUOTA"
    title_zh = "林业五大项目新增指标资金优先深度贫困县"
    title_en = "Forestry programmes' money: deep counties first"
    citations = ("004-2",)
    quotes = {"004-2": "新增指标项目资金优先安排"}
    dual_unit = "objective units per 万元"

    class Params(PriorityParams):
        categories: list[str] = Field(
            FORESTRY,
            min_length=1,
            description="the categories of the five forestry programmes (004 §2); those a "
            "dataset lacks are left out, at least one must be present",
        )
        sources: list[str] | None = Field(
            None,
            description="the sources whose money for those categories puts deep counties "
            "first; null: every source that pays them",
        )

    def check(self, data, params):
        problems = []
        if not present(data, params.categories):
            problems.append(
                missing(
                    "categories.csv",
                    "a forestry category (one of " + ", ".join(params.categories) + ")",
                    self.id,
                )
            )
        known = {s.code for s in data.sources}
        for code in params.sources or []:
            if code not in known:
                problems.append(missing("sources.csv", f"the source {code!r}", self.id))
        return problems

    def define(self, b, params):
        inp = b.inputs
        categories = present(inp.data, params.categories)
        for y in inp.years:
            deep_first(
                self,
                b,
                params,
                f"forestry|{y}",
                y,
                params.sources,
                inp.deep,
                list(inp.counties),
                categories=categories,
            )
