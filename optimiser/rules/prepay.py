"""R-PREPAY: a poverty project may be prepaid up to `max_share` of its funds before completion
(003: 将扶贫工程项目预付款比例调高至项目资金的50%).

    cash[p][0] <= max_share * sum_j cash[p][j]     for each candidate project p

for each candidate project p that runs over more than one year (a project done within its start
year is paid on completion). The rule acts on the data: a project whose cost profile front-loads
more than that is paid the excess the year after it starts (the run reports each such project as
a binding instance, with no dual). Category spending is paid by unit-standard profiles, which the
rule does not touch.
"""

from pydantic import Field

from optimiser.rules.base import RuleFamily, RuleParams


class Prepay(RuleFamily):
    id = "R-PREPAY"
    title_zh = "扶贫项目预付款比例"
    title_en = "Project prepayment limit"
    citations = ("003-p26",)
    dual_unit = "n/a (applied to cost profiles)"
    sentences = {
        "binding": {
            "en": "Project {instance} would pay {lhs} 万元 in its first year; at most "
            "{rhs} 万元 may be prepaid, the rest falls in the year after.",
            "zh": "项目【{instance}】首年应付 {lhs} 万元；预付款最多 {rhs} 万元，其余顺延至次年。",
        },
    }

    class Params(RuleParams):
        max_share: float = Field(
            0.5, ge=0, le=1, description="largest share of a project's cost paid in its start year"
        )

    def adjust(self, b, params):
        cash = b.inputs.project_cash
        for project_id, profile in cash.items():
            if len(profile) < 2:
                continue
            total = sum(profile)
            cap = params.max_share * total
            if profile[0] > cap + 1e-9:
                excess = profile[0] - cap
                shifted = [cap, profile[1] + excess, *profile[2:]]
                cash[project_id] = shifted
                b.note(self, project_id, "binding", profile[0], cap)
            else:
                at_cap = profile[0] >= cap - 1e-9 * max(1.0, cap)
                b.note(self, project_id, "binding" if at_cap else "slack", profile[0], cap)
