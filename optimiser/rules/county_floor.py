"""R-COUNTY-FLOOR: no county is left out: each receives at least `min_fraction_of_formula` of what
the factor-method formula would give it, and at least `min_wan` (001 §2: 全市脱贫攻坚必须整体发
力，五个县都不能忽视).

    sum_{s, k} x[s, c, k, y] >= max(min_wan, min_fraction_of_formula * formula[c, y])
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
