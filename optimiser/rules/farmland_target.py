"""R-FARMLAND-TARGET: all slope farmland steeper than 25 degrees in the 10 deep counties is
returned to forest (004 §2: 支持10个深度贫困县120万亩25度以上坡耕地全部退耕还林，退耕每亩补助1500元，
种苗每亩补助800元，允许先退后调，采取省级筹资的办法提前启动实施).

全部 makes it a target, not a cap: every deep county's need of `category` (needs.csv: the 亩 of
its slope farmland still to return) is started by the end of `year`. The sentence states no
year; 2020, the end of the document's four years (004 opening: 今后4年, 2017-2020), is an
assumption. 提前启动实施 (started early) is why work counts when it starts, not when its
five-year payments end. The target's arithmetic is optimiser.rules.target's:

    sum_{y in run, y <= year} units[c, farmland_return, y] >= need[c, farmland_return]
    (a run ending before `year`, pace even: >= need * n / (year - first + 1))

for each deep county c with a need; units include the county's projects of the category.
"""

from pydantic import Field

from optimiser.rules.target import TargetFamily, TargetParams, target_year


class FarmlandTarget(TargetFamily):
    id = "R-FARMLAND-TARGET"
    title_zh = "深度贫困县25度以上坡耕地全部退耕还林"
    title_en = "All steep slope farmland of the deep counties returned to forest"
    citations = ("004-2",)
    dual_unit = "objective units per 亩"
    sentences = {
        "binding": {
            "en": "The farmland target {instance} forces {rhs} 亩 to be returned by then.",
            "zh": "退耕还林目标【{instance}】要求届时启动退耕 {rhs} 亩。",
        },
        "value": {
            "en": "Each 亩 less to return by then would improve the plan by {gain} {objunit} "
            "{range}.",
            "zh": "每少要求退耕1亩，方案可改善 {gain} {objunit}{range}。",
        },
        "conflict": {
            "en": "The farmland target {instance} requires {rhs} 亩 returned by then.",
            "zh": "退耕还林目标【{instance}】要求届时启动退耕 {rhs} 亩。",
        },
        "shortfall": {
            "en": "The farmland target {instance} falls short by {short} 亩 (started {lhs} of "
            "{rhs}).",
            "zh": "退耕还林目标【{instance}】差 {short} 亩（启动 {lhs}，要求 {rhs}）。",
        },
        "relax": {
            "en": "Returning {short} 亩 fewer of {instance} by then would do it.",
            "zh": "将【{instance}】届时少退耕 {short} 亩即可。",
        },
    }
    limit_unit_en = "亩"
    limit_unit_zh = "亩"

    class Params(TargetParams):
        category: str = Field(
            "farmland_return", description="the category of returning slope farmland (亩)"
        )
        year: int = target_year(
            "the year by whose end the deep counties' farmland is returned (work "
            "started); the clause states none: 2020, the end of the document's period "
            "2017-2020, is an assumption"
        )
