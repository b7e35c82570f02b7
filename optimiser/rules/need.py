"""R-NEED: no county receives more units of a category than it needs, at the unit standard.

    sum_{y in run} units[c, k, y] <= need[c, k]          (basis total: the need that remains)
    units[c, k, y]               <= need[c, k]   for y   (basis annual: the need recurs)

where units include the units delivered by the county's projects of the category, and money
buys units at the category's unit cost (004 §2-§7 set the standards; see R-PAYMENT).
"""

from optimiser.model.expr import linear
from optimiser.rules.base import RuleFamily


class Need(RuleFamily):
    id = "R-NEED"
    structural = True
    title_zh = "需求上限与补助标准"
    title_en = "Need caps at the unit standards"
    citations = ("004-2", "004-3", "004-4", "004-5", "004-7")
    dual_unit = "objective units per unit of need"
    sentences = {
        "binding": {
            "en": "The need {instance} is fully met ({rhs} units).",
            "zh": "需求【{instance}】已全部满足（{rhs} 个单位）。",
        },
        "value": {
            "en": "One more unit of this need would improve the plan by {gain} {objunit} {range}.",
            "zh": "需求每增加1个单位，方案可改善 {gain} {objunit}{range}。",
        },
    }
    limit_unit_en = "unit of need"
    limit_unit_zh = "个单位需求"

    reads = frozenset({"needs", "categories", "projects", "counties", "rule:R-DEADLINE"})

    def define(self, b, params):
        inp = b.inputs
        for (c, k), need in inp.needs.items():
            spans = [(str(y), [y]) for y in inp.years] if need.annual else [("all", inp.years)]
            for label, years in spans:
                terms = b.units(c, k, years)
                if not terms:
                    continue
                body = linear([v for v, _ in terms], [w for _, w in terms])
                b.add(self, params, f"{c}|{k}|{label}", body, "<=", need.units)
