"""R-COUNTY-FLOOR: no county is left out: each receives, each year, at least
`min_fraction_of_formula` of what the factor-method formula would give it out of the year's grant
budgets, and at least `min_wan` (001 §2: 全市脱贫攻坚必须整体发力，五个县都不能忽视).

    sum_{s, k} x[s, c, k, y] + committed[c, y]
        >= max(min_wan, min_fraction_of_formula * formula_share[c] * grant_budget[y])
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams, Status


class CountyFloor(RuleFamily):
    id = "R-COUNTY-FLOOR"
    title_zh = "各县最低分配"
    title_en = "Per-county floors"
    citations = ("001-2.0",)
    dual_unit = "objective units per 万元 of floor"

    class Params(RuleParams):
        status: Status = "off"
        min_fraction_of_formula: float = Field(
            0.5,
            ge=0,
            le=1,
            description="floor as a fraction "
            "of the county's factor-method allocation "
            "(an assumption, no clause sets it)",
        )
        min_wan: float = Field(
            0.0, ge=0, le=1e9, description="absolute floor per county and year, 万元"
        )

    def define(self, b, params):
        inp = b.inputs
        kinds = {s.code: s.kind for s in inp.data.sources}
        for y in inp.years:
            grants = sum(
                r.amount for r in inp.budgets if r.year == y and kinds[r.source] == "grant"
            )
            for c in inp.counties:
                floor = max(
                    params.min_wan, params.min_fraction_of_formula * inp.formula_share[c] * grants
                )
                if floor <= 0:
                    continue
                body = b.money(y, counties=[c])
                b.add(self, params, f"{c}|{y}", body, ">=", floor - inp.committed(y, [c]))
