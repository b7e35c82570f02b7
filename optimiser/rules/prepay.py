"""R-PREPAY: a poverty project may be prepaid up to `max_share` of its funds before completion
(003: 将扶贫工程项目预付款比例调高至项目资金的50%).

    pay[p, start year] <= max_share * cost[p]     for each funded project p

A project whose cost profile front-loads more than that cannot start as drawn: the model pays
the excess the year after, or leaves the project out.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams


class Prepay(RuleFamily):
    id = "R-PREPAY"
    title_zh = "扶贫项目预付款比例"
    title_en = "Project prepayment limit"
    citations = ("003-p26",)
    dual_unit = "objective units per 万元"

    class Params(RuleParams):
        max_share: float = Field(
            0.5, ge=0, le=1, description="largest share of a project's cost paid in its start year"
        )
