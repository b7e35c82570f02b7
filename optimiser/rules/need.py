"""R-NEED: no county receives more units of a category than it needs, at the unit standard.

    sum_y units[county, category, y] <= need[county, category]          (basis total)
    units[county, category, y]       <= need[county, category]  for y   (basis annual)

where units are money divided by the category's unit cost (004 §2-§7 set the standards).
"""

from optimiser.rules.base import RuleFamily


class Need(RuleFamily):
    id = "R-NEED"
    title_zh = "需求上限与补助标准"
    title_en = "Need caps at the unit standards"
    citations = ("004-2", "004-3", "004-4", "004-5", "004-7")
    dual_unit = "objective units per unit of need"
