"""R-BUDGET: no source pays out more than it has in a year, after the commitments it already
carries.

    sum_{c in scope, k} x[s, c, k, y] <= budget[s, y, scope] - commitments[s, scope, y]

for every budget row (source, year, scope) of the run; a city-level or county-level row bounds
only the counties of its city or the county itself. A source with arcs but no budget row in a
year pays nothing that year. A revolving source is bounded by its fund's balance instead when
R-REVOLVING is on (the fund lends, is repaid, and lends again).
"""

from typing import Literal

from pydantic import Field

from optimiser.rules.base import RuleFamily, StructuralParams


class Budget(RuleFamily):
    id = "R-BUDGET"
    structural = True
    title_zh = "资金来源年度预算"
    title_en = "Budget of each source and year"
    basis = "accounting identity: a source cannot pay out more than its budget (budgets.csv)"
    dual_unit = "objective units per 万元"
    sentences = {
        "conflict": {
            "en": "The budget {instance} has {rhs} 万元.",
            "zh": "预算【{instance}】为 {rhs} 万元。",
        },
        "binding": {
            "en": "The budget {instance} is spent in full ({rhs} 万元).",
            "zh": "预算【{instance}】已全部安排（{rhs} 万元）。",
        },
        "value": {
            "en": "One more 万元 of it would improve the plan by {gain} {objunit} {range}.",
            "zh": "预算每增加1万元，方案可改善 {gain} {objunit}{range}。",
        },
        "relax": {
            "en": "{short} 万元 more in the budget {instance} would do it.",
            "zh": "预算【{instance}】增加 {short} 万元即可。",
        },
    }

    class Params(StructuralParams):
        status: Literal["hard"] = Field("hard", description="always applied")

    def define(self, b, params):
        inp = b.inputs
        revolving_on = inp.data.policy.rules["R-REVOLVING"].on
        kinds = {s.code: s.kind for s in inp.data.sources}
        covered: set[tuple[str, int]] = set()
        for row in inp.budgets:
            covered.add((row.source, row.year))
            if revolving_on and kinds[row.source] == "revolving":
                continue
            body = b.money(row.year, sources=[row.source], counties=row.counties)
            rhs = row.amount - inp.committed(row.year, counties=row.counties, sources=[row.source])
            if isinstance(body, float) and rhs >= 0:
                continue  # nothing can be paid from it in this scope
            b.add(self, params, row.label, body, "<=", rhs)
        arcs_by_year = {(s, y) for (s, _c, _k, y) in b.model.X_INDEX}
        for s, y in sorted(arcs_by_year - covered):
            if revolving_on and kinds[s] == "revolving":
                continue
            b.add(self, params, f"{s}|{y}|no budget", b.money(y, sources=[s]), "<=", 0.0)
