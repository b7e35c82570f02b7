"""R-BUDGET: no source pays out more than it has in a year.

    sum_{county, category} x[s, county, category, y] + commitments[s, y] <= budget[s, y]

for every source s and plan year y; a city-level or county-level budget row bounds only the
counties of its city or the county itself.
"""

from optimiser.rules.base import RuleFamily


class Budget(RuleFamily):
    id = "R-BUDGET"
    title_zh = "资金来源年度预算"
    title_en = "Budget of each source and year"
    basis = "accounting identity: a source cannot pay out more than its budget (budgets.csv)"
    dual_unit = "objective units per 万元"
